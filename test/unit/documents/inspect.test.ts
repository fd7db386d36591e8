// Headers are read before anything is decoded: an image's declared size and a Word document's zip
// directory decide whether the file is opened at all.
import { describe, expect, it } from 'vitest';
import { imageSize, inspectZip, requireImageWithinLimits } from '../../../core/documents/inspect.ts';
import { DEFAULT_DOCUMENT_LIMITS, documentLimits } from '../../../core/documents/limits.ts';
import { encodePng } from '../../../core/documents/png.ts';
import { DocumentRefusedError } from '../../../core/documents/refusal.ts';
import {
  jpegDeclaring,
  pngDeclaring,
  printedTextPng,
  repeatedParagraphsXml,
  wordDocument,
  wordDocumentWithBody,
} from '../../support/document-fixtures.ts';

function refusalOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DocumentRefusedError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('image headers', () => {
  it('read the dimensions a PNG and a JPEG declare without decoding them', () => {
    expect(imageSize(pngDeclaring(20_000, 20_000), 'image/png')).toEqual({ width: 20_000, height: 20_000 });
    expect(imageSize(jpegDeclaring(640, 480), 'image/jpeg')).toEqual({ width: 640, height: 480 });
    expect(
      imageSize(encodePng({ width: 3, height: 2, channels: 1, data: new Uint8Array(6) }), 'image/png'),
    ).toEqual({
      width: 3,
      height: 2,
    });
  });

  it('refuse an image over the side or pixel limit, and accept a page-sized scan', () => {
    expect(
      refusalOf(() => requireImageWithinLimits({ width: 20_000, height: 20_000 }, DEFAULT_DOCUMENT_LIMITS)),
    ).toBe('image_too_large');
    expect(
      refusalOf(() => requireImageWithinLimits({ width: 9_000, height: 9_000 }, DEFAULT_DOCUMENT_LIMITS)),
    ).toBe('image_too_large');
    expect(
      refusalOf(() => requireImageWithinLimits({ width: 5_100, height: 6_600 }, DEFAULT_DOCUMENT_LIMITS)),
    ).toBe(undefined);
  });

  it('refuse a JPEG that ends before its frame header as corrupt', () => {
    const truncated = jpegDeclaring(640, 480).subarray(0, 20);
    expect(refusalOf(() => imageSize(truncated, 'image/jpeg'))).toBe('corrupt');
  });
});

describe('Word document zip directory', () => {
  it('passes a real Word document and counts its entries', async () => {
    const summary = inspectZip(await wordDocument(['Award certificate']), DEFAULT_DOCUMENT_LIMITS);
    expect(summary.entries).toBeGreaterThan(3);
    expect(summary.uncompressedBytes).toBeGreaterThan(summary.compressedBytes);
  });

  it('refuses a body that declares more bytes than the limit, before inflating it', () => {
    const bomb = wordDocumentWithBody(Buffer.from('<w:document/>'), 3_000_000_000);
    expect(refusalOf(() => inspectZip(bomb, DEFAULT_DOCUMENT_LIMITS))).toBe('zip_bomb');
  });

  it('refuses an entry that expands far more steeply than a document does', () => {
    const steep = wordDocumentWithBody(repeatedParagraphsXml(200_000));
    expect(refusalOf(() => inspectZip(steep, documentLimits({ maxUncompressedBytes: 2 ** 31 })))).toBe(
      'zip_bomb',
    );
  });

  it('refuses a zip listing more entries than the limit', () => {
    const crowded = wordDocumentWithBody(repeatedParagraphsXml(1), undefined, 20);
    expect(refusalOf(() => inspectZip(crowded, documentLimits({ maxZipEntries: 10 })))).toBe('zip_bomb');
  });

  it('refuses bytes with no zip directory as corrupt', () => {
    expect(refusalOf(() => inspectZip(printedTextPng(['A']), DEFAULT_DOCUMENT_LIMITS))).toBe('corrupt');
  });
});
