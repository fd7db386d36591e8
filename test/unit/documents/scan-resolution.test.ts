// Scanned PDF pages above about 300 dpi are averaged down to 300 dpi before OCR; pages at 300 dpi or a
// little above are handed over as they are.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_LIMITS } from '../../../core/documents/limits.ts';
import { readPdf } from '../../../core/documents/pdf.ts';
import { coveringDpi, downscale } from '../../../core/documents/scan-resolution.ts';
import { printedTextPng, scanAtDpi } from '../../support/document-fixtures.ts';

const LINES = ['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS'];

/** Width and height from a PNG's header. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function scansOf(pdf: Buffer): Promise<Buffer[]> {
  const content = await readPdf(pdf, DEFAULT_DOCUMENT_LIMITS);
  return content.pages.flatMap((page) => page.scans);
}

describe('the resolution OCR is given', () => {
  it('reads a letter page scanned at 300 dpi as 300 dpi, whichever way the page is turned', () => {
    expect(coveringDpi({ width: 2550, height: 3300 }, { width: 612, height: 792 })).toBe(300);
    expect(coveringDpi({ width: 2550, height: 3300 }, { width: 792, height: 612 })).toBe(300);
    // An image smaller than the page: at least this many dots per inch, never more.
    expect(coveringDpi({ width: 1275, height: 1650 }, { width: 612, height: 792 })).toBe(150);
  });

  it('averages every block of pixels into one, in each channel', () => {
    const checker = new Uint8Array([0, 255, 0, 255, 255, 0, 255, 0, 0, 0, 255, 255, 0, 0, 255, 255]);
    const half = downscale({ width: 4, height: 4, channels: 1, data: checker }, 0.5);
    expect(half).toMatchObject({ width: 2, height: 2, channels: 1 });
    expect([...half.data]).toEqual([128, 128, 0, 255]);

    const rgb = new Uint8Array([10, 20, 30, 50, 60, 70, 10, 20, 30, 50, 60, 70]);
    const one = downscale({ width: 2, height: 2, channels: 3, data: rgb }, 0.5);
    expect([...one.data]).toEqual([30, 40, 50]);

    // A fraction of a pixel counts for its share: an even grey stays the same grey at any reduction.
    const grey = downscale({ width: 7, height: 5, channels: 1, data: new Uint8Array(35).fill(100) }, 0.4);
    expect(grey).toMatchObject({ width: 3, height: 2 });
    expect([...grey.data]).toEqual([100, 100, 100, 100, 100, 100]);
  });

  it('brings a page scanned at 600 dpi down to 300 dpi before OCR', async () => {
    const at600 = printedTextPng(LINES, 8);
    const [scan, ...others] = await scansOf(await scanAtDpi(at600, 600));
    expect(others).toHaveLength(0);
    const original = pngSize(at600);
    expect(pngSize(scan ?? Buffer.alloc(24))).toEqual({
      width: original.width / 2,
      height: original.height / 2,
    });
  });

  it('hands over a page scanned at 300 or 350 dpi unchanged', async () => {
    const page = printedTextPng(LINES, 4);
    for (const dpi of [300, 350]) {
      const [scan] = await scansOf(await scanAtDpi(page, dpi));
      expect(pngSize(scan ?? Buffer.alloc(24)), `${String(dpi)} dpi`).toEqual(pngSize(page));
    }
  });
});
