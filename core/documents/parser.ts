// The document parser: one warm worker thread with a heap limit that reads PDF and Word documents in turn.
// A document that exhausts the heap, runs past its deadline or is abandoned by the caller costs that
// thread, which is terminated; the next document starts a fresh one. The process itself keeps running.
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

export interface ParseRequest extends ParseJob {
  id: number;
}

export type ParseOutcome =
  | { ok: true; kind: 'pdf'; content: PdfContent }
  | { ok: true; kind: 'docx'; text: string }
  | { ok: false; reason: DocumentRefusalReason; context: ErrorContext };

export type Parsed = Extract<ParseOutcome, { ok: true }>;

export interface DocumentParser {
  /**
   * Parses in the parser thread. Rejects with DocumentRefusedError (too_complex when the heap limit is hit,
   * timed_out at the deadline), or with the signal's reason when the caller aborts.
   */
  parse(job: ParseJob, options: { deadlineMs: number; signal?: AbortSignal }): Promise<Parsed>;
  close(): Promise<void>;
  /** How many parser threads were started (one, unless a document had to be stopped). */
  readonly starts: number;
  /** Parser threads alive now: 0 or 1. */
  readonly running: number;
}

export interface DocumentParserOptions {
  /** Heap of the parser thread; fixed when the thread starts. */
  memoryMb: number;
}

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url);

export function createDocumentParser(options: DocumentParserOptions): DocumentParser {
  let thread: Worker | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let starts = 0;
  let running = 0;
  let nextId = 1;

  function spawn(): Worker {
    starts += 1;
    running += 1;
    const worker = new Worker(WORKER_URL, {
      resourceLimits: {
        maxOldGenerationSizeMb: options.memoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(4, Math.floor(options.memoryMb / 8))),
      },
      // pdf.js prints warnings about odd files; they are not ours to show.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref(); // an idle parser does not keep the process alive
    worker.once('exit', () => {
      running -= 1;
    });
    return worker;
  }

  async function discard(worker: Worker): Promise<void> {
    if (thread === worker) thread = null;
    await worker.terminate();
  }

  function parseNow(job: ParseJob, deadlineMs: number, signal?: AbortSignal): Promise<Parsed> {
    signal?.throwIfAborted();
    const worker = (thread ??= spawn());
    const id = nextId++;
    return new Promise<Parsed>((resolve, reject) => {
      const stopListening = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      /**
       * The document cost its thread: the caller hears why once the thread is gone, so the stopped
       * document never runs beside the next one; a thread that would not stop is reported with it.
       */
      const stopThreadAndFail = (failure: Error): void => {
        stopListening();
        discard(worker).then(
          () => reject(failure),
          (stopFailure: unknown) =>
            reject(
              new AggregateError([failure, stopFailure], 'the document parser thread could not be stopped'),
            ),
        );
      };
      const timer = setTimeout(() => {
        stopThreadAndFail(new DocumentRefusedError('timed_out', { kind: job.kind, deadlineMs }));
      }, deadlineMs);
      const onAbort = (): void => stopThreadAndFail(signal?.reason as Error);
      const onMessage = (message: { id: number; outcome: ParseOutcome }): void => {
        if (message.id !== id) return;
        const { outcome } = message;
        stopListening();
        if (outcome.ok) resolve(outcome);
        else reject(new DocumentRefusedError(outcome.reason, outcome.context));
      };
      const onError = (error: Error & { code?: string }): void => {
        const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_complex' : 'corrupt';
        stopThreadAndFail(
          new DocumentRefusedError(reason, { kind: job.kind, failure: error.code }, { cause: error }),
        );
      };
      const onExit = (code: number): void => {
        stopThreadAndFail(new DocumentRefusedError('too_complex', { kind: job.kind, exitCode: code }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage({ ...job, id } satisfies ParseRequest);
    });
  }

  return {
    get starts() {
      return starts;
    },
    get running() {
      return running;
    },
    parse(job, { deadlineMs, signal }) {
      const result = queue.then(() => parseNow(job, deadlineMs, signal));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      if (thread) await discard(thread);
    },
  };
}
