// Reading an uploaded document into text: PDF (text layer, OCR for scanned pages), Word, plain text and
// images (OCR). Every read is bounded in time, parses in a memory-limited thread, and either returns the
// text with its page counts and language, or refuses with a DocumentRefusedError saying what was wrong.
import { claimedMimeType, FILE_TYPES } from '../files.ts';
import { imageSize, requireImageWithinLimits } from './inspect.ts';
import type { TranslationNote } from './language.ts';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './limits.ts';
import { createOcrEngine, type OcrEngine } from './ocr.ts';
import { createDocumentParser, type DocumentParser } from './parser.ts';
import { DocumentRefusedError } from './refusal.ts';

export interface DocumentText {
  text: string;
  pageCount: number;
  /** Pages (or images) whose text came from OCR. */
  ocrPageCount: number;
  /** Scanned pages on which OCR recognised nothing (1-based); the rest of the document was read. */
  unreadablePages: number[];
  /** ISO 639-3, or 'und' when the text is too short to tell. */
  language: string;
  needsTranslation: boolean;
  translation: TranslationNote | null;
}

export interface DocumentDescription {
  mimeType?: string;
  fileName?: string;
}

export interface ReadOptions {
  limits?: DocumentLimits;
  ocr: OcrEngine;
  /** A warm parser thread to reuse; without one, a thread is started for this read and stopped after it. */
  parser?: DocumentParser;
  /** Aborts the read (the job was cancelled or the worker is stopping). */
  signal?: AbortSignal;
  /** Told when parsing starts and as each scanned page is OCR'd, for a progress message. */
  onProgress?: (progress: ReadProgress) => void;
}

export type ReadProgress = { step: 'parse' } | { step: 'ocr'; done: number; total: number };

/** The options of one read once defaults are applied and the deadline set. */
interface Bounded {
  limits: DocumentLimits;
  ocr: OcrEngine;
  parser: DocumentParser;
  signal: AbortSignal;
  progress: (progress: ReadProgress) => void;
}

// OCR output below this confidence, or with fewer letters than this, is noise rather than text.
const MIN_OCR_CONFIDENCE = 40;
const MIN_OCR_LETTERS = 3;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

function hasText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** The bytes really are the type the name or MIME type claims (the same signatures uploads are checked with). */
function requireDeclaredType(bytes: Buffer, described: DocumentDescription): string {
  const mimeType = claimedMimeType({
    ...(described.fileName === undefined ? {} : { name: described.fileName }),
    ...(described.mimeType === undefined ? {} : { mimeType: described.mimeType }),
  });
  const type = mimeType === undefined ? undefined : FILE_TYPES[mimeType];
  if (mimeType === undefined || !type) throw new DocumentRefusedError('unsupported_type', { mimeType });
  if (!type.matches(bytes)) throw new DocumentRefusedError('content_mismatch', { mimeType });
  return mimeType;
}

interface Deadline {
  signal: AbortSignal;
  remainingMs(): number;
  dispose(): void;
}

/** One clock for the whole read: the parser and every OCR page share it, and the caller may abort it. */
function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const endsAt = Date.now() + timeoutMs;
  const timer = setTimeout(() => {
    controller.abort(new DocumentRefusedError('timed_out', { deadlineMs: timeoutMs }));
  }, timeoutMs);
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(1, endsAt - Date.now()),
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

interface Read {
  text: string;
  pageCount: number;
  ocrPageCount: number;
  unreadablePages: number[];
}

async function ocrText(ocr: OcrEngine, image: Buffer, signal: AbortSignal): Promise<string> {
  const result = await ocr.recognize(image, signal);
  return result.confidence >= MIN_OCR_CONFIDENCE && letterCount(result.text) >= MIN_OCR_LETTERS
    ? result.text
    : '';
}

async function readImage(
  bytes: Buffer,
  mimeType: 'image/png' | 'image/jpeg',
  options: Bounded,
): Promise<Read> {
  requireImageWithinLimits(imageSize(bytes, mimeType), options.limits);
  options.progress({ step: 'ocr', done: 0, total: 1 });
  const text = await ocrText(options.ocr, bytes, options.signal);
  options.progress({ step: 'ocr', done: 1, total: 1 });
  if (!hasText(text)) throw new DocumentRefusedError('unreadable_scan', { mimeType });
  return { text, pageCount: 1, ocrPageCount: 1, unreadablePages: [] };
}

async function readPdf(bytes: Buffer, options: Bounded, deadline: Deadline): Promise<Read> {
  options.progress({ step: 'parse' });
  const parsed = await options.parser.parse(
    { kind: 'pdf', bytes, limits: options.limits },
    { deadlineMs: deadline.remainingMs(), signal: options.signal },
  );
  if (parsed.kind !== 'pdf') throw new DocumentRefusedError('corrupt', { parser: 'pdf' });
  const texts: string[] = [];
  const unreadablePages: number[] = [];
  let ocrPageCount = 0;
  const total = parsed.content.pages.filter((page) => page.scans.length > 0).length;
  for (const page of parsed.content.pages) {
    if (page.scans.length === 0) {
      texts.push(page.text);
      continue;
    }
    options.progress({ step: 'ocr', done: ocrPageCount, total });
    ocrPageCount += 1;
    const scanned: string[] = [];
    for (const scan of page.scans) scanned.push(await ocrText(options.ocr, scan, options.signal));
    options.progress({ step: 'ocr', done: ocrPageCount, total });
    const text = scanned.filter(hasText).join('\n');
    if (!hasText(text)) unreadablePages.push(page.number);
    texts.push(text);
  }
  const text = texts.filter(hasText).join('\n\n');
  if (!hasText(text)) {
    throw new DocumentRefusedError(ocrPageCount > 0 ? 'unreadable_scan' : 'empty', {
      pages: parsed.content.pageCount,
    });
  }
  return { text, pageCount: parsed.content.pageCount, ocrPageCount, unreadablePages };
}

async function readDocx(bytes: Buffer, options: Bounded, deadline: Deadline): Promise<Read> {
  options.progress({ step: 'parse' });
  const parsed = await options.parser.parse(
    { kind: 'docx', bytes, limits: options.limits },
    { deadlineMs: deadline.remainingMs(), signal: options.signal },
  );
  if (parsed.kind !== 'docx') throw new DocumentRefusedError('corrupt', { parser: 'docx' });
  if (!hasText(parsed.text)) throw new DocumentRefusedError('empty', { mimeType: DOCX });
  // Word documents have no fixed pages; the count is the caller's unit of progress, so one.
  return { text: parsed.text, pageCount: 1, ocrPageCount: 0, unreadablePages: [] };
}

function readPlainText(bytes: Buffer): Read {
  const text = bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();
  if (!hasText(text)) throw new DocumentRefusedError('empty', { mimeType: 'text/plain' });
  return { text, pageCount: 1, ocrPageCount: 0, unreadablePages: [] };
}

export async function readDocument(
  bytes: Buffer,
  described: DocumentDescription,
  options: ReadOptions,
): Promise<DocumentText> {
  if (bytes.length === 0) throw new DocumentRefusedError('empty', { mimeType: described.mimeType });
  const mimeType = requireDeclaredType(bytes, described);
  const limits = options.limits ?? DEFAULT_DOCUMENT_LIMITS;
  const deadline = startDeadline(limits.timeoutMs, options.signal);
  const parser = options.parser ?? createDocumentParser({ memoryMb: limits.parserMemoryMb });
  const bounded: Bounded = {
    limits,
    ocr: options.ocr,
    parser,
    signal: deadline.signal,
    progress: options.onProgress ?? (() => undefined),
  };
  try {
    let read: Read;
    if (mimeType === 'application/pdf') read = await readPdf(bytes, bounded, deadline);
    else if (mimeType === DOCX) read = await readDocx(bytes, bounded, deadline);
    else if (mimeType === 'image/png' || mimeType === 'image/jpeg')
      read = await readImage(bytes, mimeType, bounded);
    else read = readPlainText(bytes);
    // The language model (franc) loads with the first document read, not at start.
    const { detectLanguage } = await import('./language.ts');
    return { ...read, ...detectLanguage(read.text) };
  } finally {
    deadline.dispose();
    if (!options.parser) await parser.close();
  }
}

export interface DocumentReader {
  read(
    bytes: Buffer,
    described: DocumentDescription,
    options?: Pick<ReadOptions, 'signal' | 'onProgress'>,
  ): Promise<DocumentText>;
  /** Stops the parser thread and the OCR engine; a later read starts them again. */
  close(): Promise<void>;
  readonly ocr: OcrEngine;
  readonly parser: DocumentParser;
}

/**
 * What a worker process keeps: one warm parser thread and one warm OCR engine, both started on first use,
 * reading documents within the given limits.
 */
export function createDocumentReader(limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS): DocumentReader {
  const ocr = createOcrEngine({ pageTimeoutMs: limits.ocrPageTimeoutMs });
  const parser = createDocumentParser({ memoryMb: limits.parserMemoryMb });
  return {
    ocr,
    parser,
    read: (bytes, described, options = {}) =>
      readDocument(bytes, described, { ...options, limits, ocr, parser }),
    async close() {
      await Promise.all([parser.close(), ocr.close()]);
    },
  };
}
