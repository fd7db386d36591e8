// Runs the PDF and Word parsers in a worker thread with a heap limit and a deadline: a file that would
// exhaust memory or loop forever costs one thread, which is terminated, and the document is refused.
import { Worker } from 'node:worker_threads';
import type { ErrorContext } from '../errors.ts';
import type { DocumentLimits } from './limits.ts';
import type { PdfContent } from './pdf.ts';
import { DocumentRefusedError, type DocumentRefusalReason } from './refusal.ts';

export interface ParseJob {
  kind: 'pdf' | 'docx';
  bytes: Uint8Array;
  limits: DocumentLimits;
}

export type ParseOutcome =
  | { ok: true; kind: 'pdf'; content: PdfContent }
  | { ok: true; kind: 'docx'; text: string }
  | { ok: false; reason: DocumentRefusalReason; context: ErrorContext };

export type Parsed = Extract<ParseOutcome, { ok: true }>;

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url);

/**
 * Parses in a fresh thread. Rejects with DocumentRefusedError (too_complex when the heap limit is hit,
 * timed_out at the deadline), or with the signal's reason when the caller aborts.
 */
export function parseIsolated(
  job: ParseJob,
  options: { deadlineMs: number; signal?: AbortSignal },
): Promise<Parsed> {
  return new Promise<Parsed>((resolve, reject) => {
    options.signal?.throwIfAborted();
    const worker = new Worker(WORKER_URL, {
      workerData: job,
      resourceLimits: {
        maxOldGenerationSizeMb: job.limits.parserMemoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(4, Math.floor(job.limits.parserMemoryMb / 8))),
      },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      settle();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(new DocumentRefusedError('timed_out', { kind: job.kind, deadlineMs: options.deadlineMs })),
      );
    }, options.deadlineMs);
    const onAbort = (): void => {
      finish(() => reject(options.signal?.reason as Error));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (outcome: ParseOutcome) => {
      finish(() => {
        if (outcome.ok) resolve(outcome);
        else reject(new DocumentRefusedError(outcome.reason, outcome.context));
      });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_complex' : 'corrupt';
      finish(() =>
        reject(new DocumentRefusedError(reason, { kind: job.kind, failure: error.code }, { cause: error })),
      );
    });
    worker.on('exit', (code) => {
      finish(() => reject(new DocumentRefusedError('too_complex', { kind: job.kind, exitCode: code })));
    });
  });
}
