// OCR of images and scanned PDF pages with one warm tesseract worker whose English data comes from the
// installed package, never from the network. Few, small images: OCR is CPU-heavy.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrEngine, installedEnglishLanguagePath } from '../../../core/documents/ocr.ts';
import { encodePng } from '../../../core/documents/png.ts';
import { readDocument, type ReadProgress } from '../../../core/documents/read-document.ts';
import { DocumentRefusedError } from '../../../core/documents/refusal.ts';
import {
  blankPng,
  imagePdf,
  printedTextPng,
  scanAtDpi,
  scannedPdf,
} from '../../support/document-fixtures.ts';

// Letters the small bitmap font prints unambiguously (its N reads as M).
const CERTIFICATE = ['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS', 'YEAR 2021'];

const ocr = createOcrEngine({ pageTimeoutMs: 30_000 });

afterAll(async () => {
  await ocr.close();
});

describe('OCR', { timeout: 60_000 }, () => {
  it('reads a PNG of printed text', async () => {
    const read = await readDocument(printedTextPng(CERTIFICATE), { fileName: 'certificate.png' }, { ocr });
    expect(read.text).toContain('AWARD CERTIFICATE');
    expect(read.text).toContain('BEST PAPER AWARD FOR ROBOTICS');
    expect(read.text).toContain('2021');
    expect(read).toMatchObject({ pageCount: 1, ocrPageCount: 1, unreadablePages: [] });
  });

  it('reads the text layer of page 1 and OCRs page 2, a scanned image', async () => {
    const pdf = await scannedPdf(['Exhibit 7: certificate issued to Jane Doe'], CERTIFICATE);
    const progress: ReadProgress[] = [];
    const read = await readDocument(
      pdf,
      { fileName: 'exhibit-7.pdf', mimeType: 'application/pdf' },
      { ocr, onProgress: (step) => progress.push(step) },
    );
    expect(progress).toEqual([
      { step: 'parse' },
      { step: 'ocr', done: 0, total: 1 },
      { step: 'ocr', done: 1, total: 1 },
    ]);
    expect(read.text).toContain('Exhibit 7: certificate issued to Jane Doe');
    expect(read.text).toContain('BEST PAPER AWARD FOR ROBOTICS');
    expect(read).toMatchObject({ pageCount: 2, ocrPageCount: 1, unreadablePages: [] });
    expect(read.text.indexOf('Exhibit 7')).toBeLessThan(read.text.indexOf('AWARD CERTIFICATE'));
  });

  it('reads a page scanned at 600 dpi as well as the same page at 300 dpi', async () => {
    const at600 = await scanAtDpi(printedTextPng(CERTIFICATE, 8), 600);
    const at300 = await scanAtDpi(printedTextPng(CERTIFICATE, 4), 300);
    const read = await readDocument(at600, { fileName: 'scan-600dpi.pdf' }, { ocr });
    const reference = await readDocument(at300, { fileName: 'scan-300dpi.pdf' }, { ocr });
    expect(read.text).toBe(reference.text);
    expect(read.text).toContain('AWARD CERTIFICATE');
    expect(read.text).toContain('BEST PAPER AWARD FOR ROBOTICS');
    expect(read.text).toContain('2021');
    expect(read).toMatchObject({ pageCount: 1, ocrPageCount: 1, unreadablePages: [] });
  });

  it('refuses a scan in which nothing can be recognised', async () => {
    const error: unknown = await readDocument(blankPng(), { fileName: 'blank.png' }, { ocr }).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(DocumentRefusedError);
    expect((error as DocumentRefusedError).reason).toBe('unreadable_scan');
  });

  it('refuses a scanned PDF whose only page shows no text', async () => {
    const error: unknown = await readDocument(
      await imagePdf(blankPng()),
      { fileName: 'scan.pdf' },
      { ocr },
    ).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DocumentRefusedError);
    expect((error as DocumentRefusedError).reason).toBe('unreadable_scan');
  });

  it('kept one worker warm for every page so far', () => {
    expect(ocr.starts).toBe(1);
  });

  it('reads the English data from the installed package and never writes a cached copy', () => {
    const path = installedEnglishLanguagePath();
    expect(isAbsolute(path)).toBe(true);
    expect(existsSync(join(path, 'eng.traineddata.gz'))).toBe(true);
    expect(existsSync(join(process.cwd(), 'eng.traineddata'))).toBe(false);
  });

  it('fails rather than downloads when the language folder is empty', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ocr-no-language-'));
    const offline = createOcrEngine({ pageTimeoutMs: 30_000, languagePath: empty });
    try {
      await expect(offline.recognize(printedTextPng(['A']))).rejects.toThrow(/eng\.traineddata/);
    } finally {
      await offline.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('gives up on a page at its deadline and starts a fresh worker for the next one', async () => {
    const hurried = createOcrEngine({ pageTimeoutMs: 1 });
    const page = encodePng({
      width: 800,
      height: 800,
      channels: 1,
      data: new Uint8Array(800 * 800).fill(200),
    });
    try {
      await expect(hurried.recognize(page)).rejects.toMatchObject({ reason: 'timed_out' });
      await expect(hurried.recognize(page)).rejects.toMatchObject({ reason: 'timed_out' });
      expect(hurried.starts).toBe(2);
    } finally {
      await hurried.close();
    }
  });
});
