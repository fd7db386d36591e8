// Reading a PDF with unpdf (pdf.js): the text layer of every page, and for pages that have none (scans),
// the images painted on them as PNGs for the OCR engine, at no more than about 300 dpi. Runs inside the parser
// thread (parse-worker.ts).
import { extractImages, getDocumentProxy } from 'unpdf';
import type { DocumentLimits } from './limits.ts';
import { encodePng } from './png.ts';
import { DocumentRefusedError } from './refusal.ts';
import { atOcrResolution } from './scan-resolution.ts';

export interface PdfPage {
  /** 1-based. */
  number: number;
  text: string;
  /** PNGs of the images on a page without a text layer; empty for pages that have text. */
  scans: Buffer[];
}

export interface PdfContent {
  pageCount: number;
  pages: PdfPage[];
}

// Fewer visible characters than this and the page is treated as a scan (a page number alone is not text).
const MIN_PAGE_TEXT = 3;
// Smaller images are logos, stamps or rules, not a scanned page.
const MIN_SCAN_SIDE = 64;

/** pdf.js names its failures; a password it was not given is the one we report differently. */
function refusalFor(error: unknown): DocumentRefusedError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return new DocumentRefusedError('encrypted', {}, { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new DocumentRefusedError('corrupt', { parser: 'pdf', failure: name, detail }, { cause: error });
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

function pageText(items: readonly TextItemLike[]): string {
  return items
    .map((item) => (item.str ?? '') + (item.hasEOL === true ? '\n' : ''))
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

function visibleLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}

export async function readPdf(bytes: Uint8Array, limits: DocumentLimits): Promise<PdfContent> {
  // pdf.js wants a plain Uint8Array (it refuses a Buffer) and may take ownership of it.
  const pdf = await getDocumentProxy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    // pdf.js skips decoding an image above this many pixels, so a huge embedded image costs no memory.
    maxImageSize: limits.maxImagePixels,
    verbosity: 0,
  }).catch((error: unknown) => {
    throw refusalFor(error);
  });
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new DocumentRefusedError('too_many_pages', { pages: pdf.numPages, limit: limits.maxPages });
    }
    const pages: PdfPage[] = [];
    let scanned = 0;
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number).catch((error: unknown) => {
        throw refusalFor(error);
      });
      const content = await page.getTextContent().catch((error: unknown) => {
        throw refusalFor(error);
      });
      const text = pageText(content.items as TextItemLike[]);
      if (visibleLength(text) >= MIN_PAGE_TEXT) {
        pages.push({ number, text, scans: [] });
        continue;
      }
      scanned += 1;
      if (scanned > limits.maxOcrPages) {
        throw new DocumentRefusedError('too_many_scanned_pages', { limit: limits.maxOcrPages });
      }
      const images = await extractImages(pdf, number);
      const { width, height } = page.getViewport({ scale: 1 });
      const scans = images
        .filter((image) => image.width >= MIN_SCAN_SIDE && image.height >= MIN_SCAN_SIDE)
        .map((image) => encodePng(atOcrResolution(image, { width, height })));
      pages.push({ number, text: '', scans });
      page.cleanup();
    }
    return { pageCount: pdf.numPages, pages };
  } finally {
    await pdf.loadingTask.destroy();
  }
}
