// The OCR engine: one tesseract.js worker, started on first use and kept warm, reading one image at a
// time with a deadline per page. English language data comes from the @tesseract.js-data/eng package on
// disk; nothing is fetched or cached at run time.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { AppError, ConfigurationError } from '../errors.ts';
import { DocumentRefusedError } from './refusal.ts';

export interface OcrResult {
  text: string;
  /** 0–100, tesseract's mean word confidence. */
  confidence: number;
}

export interface OcrEngine {
  /** Reads one PNG or JPEG; pages queue behind each other. Rejects timed_out at the page deadline. */
  recognize(image: Buffer, signal?: AbortSignal): Promise<OcrResult>;
  /** Stops the worker; a later recognize starts it again. */
  close(): Promise<void>;
  /** How many times a tesseract worker was started (once, unless closed or a page timed out). */
  readonly starts: number;
}

export interface OcrEngineOptions {
  pageTimeoutMs: number;
  /** Folder holding eng.traineddata.gz; defaults to the installed @tesseract.js-data/eng package. */
  languagePath?: string;
}

/** The LSTM-only (integer) English model shipped in @tesseract.js-data/eng. */
export function installedEnglishLanguagePath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export function createOcrEngine(options: OcrEngineOptions): OcrEngine {
  const languagePath = options.languagePath ?? installedEnglishLanguagePath();
  let worker: Promise<TesseractWorker> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let starts = 0;

  function start(): Promise<TesseractWorker> {
    if (worker) return worker;
    // tesseract.js never settles createWorker when the language data cannot be loaded, so missing data is
    // caught here, before a thread is spawned; there is no download to fall back on.
    const data = join(languagePath, 'eng.traineddata.gz');
    if (!existsSync(data)) {
      return Promise.reject(
        new ConfigurationError({ languagePath }, { message: `OCR language data missing: ${data}` }),
      );
    }
    starts += 1;
    // tesseract.js is loaded with the first scanned page, not at start: most processes never OCR a page.
    worker = import('tesseract.js')
      .then(({ createWorker, OEM }) =>
        createWorker('eng', OEM.LSTM_ONLY, {
          langPath: languagePath,
          gzip: true,
          // 'none': never read or write a cached copy in the working directory; the package is the only source.
          cacheMethod: 'none',
          // Without a handler tesseract.js rethrows a failed job as an uncaught exception, taking the process
          // down; every failure also rejects the job's own promise, which is where it is handled.
          errorHandler: () => undefined,
        }),
      )
      .catch((error: unknown) => {
        worker = null;
        throw new ConfigurationError(
          { languagePath },
          { message: `the OCR engine could not start: ${String(error)}`, cause: error },
        );
      });
    return worker;
  }

  async function stop(): Promise<void> {
    const current = worker;
    worker = null;
    if (current) await (await current.catch(() => null))?.terminate();
  }

  async function recognizeNow(image: Buffer, signal?: AbortSignal): Promise<OcrResult> {
    signal?.throwIfAborted();
    const tesseract = await start();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new DocumentRefusedError('timed_out', { step: 'ocr', deadlineMs: options.pageTimeoutMs }));
      }, options.pageTimeoutMs);
      onAbort = () => reject(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const { data } = await Promise.race([tesseract.recognize(image), interrupted]);
      return { text: data.text.trim(), confidence: data.confidence };
    } catch (error) {
      // A page still running cannot be cancelled inside tesseract: the worker goes, the next page starts a new one.
      await stop();
      if (error instanceof AppError || signal?.aborted === true) throw error;
      // tesseract.js rejects with a bare string when it cannot decode the image.
      throw new DocumentRefusedError('corrupt', { step: 'ocr', detail: String(error) }, { cause: error });
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    get starts() {
      return starts;
    },
    recognize(image, signal) {
      const result = queue.then(() => recognizeNow(image, signal));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      await stop();
    },
  };
}
