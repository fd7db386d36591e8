// How much a single document may ask of the reader: pages, pixels, zip contents, time and memory. The
// defaults suit a lawyer's evidence (a 20 MB upload at most); configuration may tighten or loosen them.

export interface DocumentLimits {
  /** A PDF with more pages is refused before any page is read. */
  maxPages: number;
  /** Pages without a text layer that are OCR'd in one document; more scanned pages than this are refused. */
  maxOcrPages: number;
  /** An image (or an image inside a PDF) wider or taller than this is refused before it is decoded. */
  maxImageSide: number;
  /** An image with more pixels than this is refused before it is decoded. */
  maxImagePixels: number;
  /** A Word document whose zip lists more entries than this is refused before anything is inflated. */
  maxZipEntries: number;
  /** A Word document whose entries declare more uncompressed bytes in total than this is refused. */
  maxUncompressedBytes: number;
  /** An entry larger than 1 MB that claims to expand more than this many times is refused (a zip bomb). */
  maxCompressionRatio: number;
  /** The whole read of one document, OCR included. */
  timeoutMs: number;
  /** OCR of one page or image. */
  ocrPageTimeoutMs: number;
  /** Heap of the isolated thread that parses a PDF or Word document. */
  parserMemoryMb: number;
}

export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = {
  maxPages: 2_000,
  maxOcrPages: 50,
  maxImageSide: 12_000,
  maxImagePixels: 50_000_000,
  maxZipEntries: 1_000,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 100,
  timeoutMs: 120_000,
  ocrPageTimeoutMs: 30_000,
  parserMemoryMb: 512,
};

/** The defaults with whatever the configuration sets. */
export function documentLimits(overrides: Partial<DocumentLimits> = {}): DocumentLimits {
  return { ...DEFAULT_DOCUMENT_LIMITS, ...overrides };
}
