// The product's job worker in this process: every job kind with the services it needs (a warm document
// reader built from the configured limits, the stores, Telegram for progress and results). Run by
// `megaagent worker`, in process by `megaagent start`, and by `megaagent chat` on its embedded database.
import type { App } from '../app.ts';
import { createLlmFieldProposer } from '../documents/llm-fields.ts';
import { createDocumentReader } from '../documents/read-document.ts';
import { broadcastFailed } from './broadcast-job.ts';
import { productFailedJobHandlers, productJobHandlers } from './handlers.ts';
import { createProgressBoard, type TelegramMessenger } from './progress.ts';
import { readDocumentFailed, readDocumentJob, type ReadDocumentServices } from './read-document.ts';
import type { ProductJobKinds } from './kinds.ts';
import { startJobWorker, type JobHandlers, type JobWorker } from './worker.ts';

/**
 * Starts the worker; `telegram` sends lawyers their progress and results (null when no bot token is set:
 * jobs then run without telling anyone). Stopped, and its reader closed, when the App shuts down.
 */
export async function runProductWorker(
  app: App,
  telegram: TelegramMessenger | null,
  /** Handlers the entry point builds itself (e.g. those that need the bot's own Telegram client). */
  extra: JobHandlers<ProductJobKinds> = {},
): Promise<JobWorker | null> {
  const reader = createDocumentReader(app.config.documents);
  // After the queue has drained (its handlers may still be reading), the parser thread and OCR engine go.
  app.lifecycle.onShutdown('document reader', 'close-pools', () => reader.close());
  const documents: ReadDocumentServices = {
    db: app.db,
    reader,
    files: app.files,
    texts: app.documentTexts,
    proposals: app.documentProposals,
    telegram,
    translate: (locale, key, params) => app.translator.t(locale, key, params),
    log: app.log.child({ component: 'documents' }),
    fieldProposer: createLlmFieldProposer({ llm: app.llm, flags: app.flags, log: app.log }),
  };
  let worker: JobWorker;
  try {
    worker = await startJobWorker({
      queue: app.jobs,
      results: app.jobResults,
      progress: telegram ? createProgressBoard({ telegram, translator: app.translator, log: app.log }) : null,
      log: app.log.child({ component: 'worker' }),
      handlers: {
        ...productJobHandlers(app),
        ...extra,
        'read-document': readDocumentJob(documents),
      },
      // Each tells whoever asked, once, when a job failed for good (a broadcast's only where one is sent).
      whenFailed: {
        ...productFailedJobHandlers(app),
        'read-document': readDocumentFailed(documents),
        broadcast: broadcastFailed({ store: app.broadcasts, log: app.log.child({ component: 'broadcast' }) }),
      },
    });
  } catch (err) {
    // Stopped (SIGTERM) while the worker was still subscribing: the queue refuses, and that is the stop
    // the operator asked for, not a failure to start.
    if (app.lifecycle.shuttingDown) {
      app.log.info({ err }, 'the job worker did not start: the process is stopping');
      return null;
    }
    throw err;
  }
  app.lifecycle.onShutdown('job worker', 'stop-intake', () => {
    worker.stop();
    return Promise.resolve();
  });
  return worker;
}
