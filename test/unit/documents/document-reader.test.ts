// A worker keeps one document reader: one warm parser thread for every PDF and Word document, replaced
// only when a document had to be stopped, so a hostile file never costs the documents after it.
import { afterAll, describe, expect, it } from 'vitest';
import { documentLimits } from '../../../core/documents/limits.ts';
import { createDocumentReader } from '../../../core/documents/read-document.ts';
import { DocumentRefusedError } from '../../../core/documents/refusal.ts';
import {
  repeatedParagraphsXml,
  textPdf,
  wordDocument,
  wordDocumentWithBody,
} from '../../support/document-fixtures.ts';

const reader = createDocumentReader(
  documentLimits({ parserMemoryMb: 32, maxUncompressedBytes: 2 ** 31, maxCompressionRatio: 1e6 }),
);

afterAll(async () => {
  await reader.close();
});

describe('the document reader', { timeout: 30_000 }, () => {
  it('reads PDFs and Word documents one after another in one parser thread', async () => {
    const first = await reader.read(await textPdf([['First exhibit: award certificate']]), {
      fileName: 'one.pdf',
    });
    const second = await reader.read(await wordDocument(['Second exhibit: reference letter']), {
      fileName: 'two.docx',
    });
    const third = await reader.read(await textPdf([['Third exhibit: salary survey']]), {
      fileName: 'three.pdf',
    });
    expect([first.text, second.text, third.text]).toEqual([
      'First exhibit: award certificate',
      'Second exhibit: reference letter',
      'Third exhibit: salary survey',
    ]);
    expect(reader.parser.starts).toBe(1);
  });

  it('replaces the thread a document exhausted, and reads the next document', async () => {
    const heavy = wordDocumentWithBody(repeatedParagraphsXml(100_000));
    const error: unknown = await reader
      .read(heavy, { fileName: 'heavy.docx' })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DocumentRefusedError);
    expect((error as DocumentRefusedError).reason).toBe('too_complex');
    const next = await reader.read(await textPdf([['Fourth exhibit: press article']]), {
      fileName: 'four.pdf',
    });
    expect(next.text).toBe('Fourth exhibit: press article');
    expect(reader.parser.starts).toBe(2);
  });

  it('keeps a refusal inside the thread without replacing it', async () => {
    const error: unknown = await reader
      .read(Buffer.from('%PDF-1.7\n1 0 obj <<'), { fileName: 'broken.pdf' })
      .catch((failure: unknown) => failure);
    expect((error as DocumentRefusedError).reason).toBe('corrupt');
    await reader.read(await textPdf([['Fifth exhibit']]), { fileName: 'five.pdf' });
    expect(reader.parser.starts).toBe(2);
  });
});
