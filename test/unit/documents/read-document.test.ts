// Reading documents that need no OCR: PDF text, Word, plain text, and every kind of file that must be
// refused with a reason a lawyer can act on, within bounded time and memory.
import { afterAll, describe, expect, it } from 'vitest';
import { documentLimits } from '../../../core/documents/limits.ts';
import { createOcrEngine } from '../../../core/documents/ocr.ts';
import { readDocument, type DocumentDescription } from '../../../core/documents/read-document.ts';
import { DocumentRefusedError, type DocumentRefusalReason } from '../../../core/documents/refusal.ts';
import {
  blankPagesPdf,
  encryptedPdf,
  jpegDeclaring,
  pngDeclaring,
  printedTextPng,
  repeatedParagraphsXml,
  textPdf,
  wordDocument,
  wordDocumentWithBody,
} from '../../support/document-fixtures.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
// Started only if a test needs OCR; none here does (checked at the end).
const ocr = createOcrEngine({ pageTimeoutMs: 30_000 });

afterAll(async () => {
  await ocr.close();
});

async function refusal(
  bytes: Buffer,
  described: DocumentDescription,
  limits = documentLimits(),
): Promise<DocumentRefusedError> {
  const error: unknown = await readDocument(bytes, described, { ocr, limits }).then(
    () => new Error('the document was read'),
    (failure: unknown) => failure,
  );
  if (!(error instanceof DocumentRefusedError)) throw error;
  return error;
}

const RUSSIAN = [
  'Настоящим удостоверяется, что доктор Анна Иванова награждена премией за выдающийся вклад в развитие информатики.',
  'Премия присуждается ежегодно одному учёному по решению международного жюри, которое состоит из ведущих специалистов.',
];

describe('reading a document', { timeout: 30_000 }, () => {
  it('reads the text layer of a PDF, page by page, with no OCR', async () => {
    const pdf = await textPdf([
      ['Association for Computing Machinery', 'Doctoral Dissertation Award presented to Jane Doe'],
      ['The award recognises the best doctoral thesis in computer science worldwide.'],
      ['Selected by an international committee of senior researchers.'],
    ]);
    const read = await readDocument(pdf, { fileName: 'award.pdf', mimeType: 'application/pdf' }, { ocr });
    expect(read.text).toContain('Doctoral Dissertation Award presented to Jane Doe');
    expect(read.text).toContain('international committee');
    expect(read).toMatchObject({ pageCount: 3, ocrPageCount: 0, unreadablePages: [], language: 'eng' });
    expect(read.needsTranslation).toBe(false);
  });

  it('reads a Word document as raw text', async () => {
    const docx = await wordDocument([
      'Reference letter for Dr. Jane Doe',
      'Her work on distributed consensus is used by every major cloud provider and cited by thousands of papers.',
    ]);
    const read = await readDocument(docx, { fileName: 'letter.docx', mimeType: DOCX }, { ocr });
    expect(read.text).toContain('Reference letter for Dr. Jane Doe');
    expect(read.text).toContain('distributed consensus');
    expect(read).toMatchObject({ pageCount: 1, ocrPageCount: 0, language: 'eng', needsTranslation: false });
  });

  it('flags a Russian document as needing a certified English translation', async () => {
    const read = await readDocument(await wordDocument(RUSSIAN), { fileName: 'diploma.docx' }, { ocr });
    expect(read.text).toContain('доктор Анна Иванова');
    expect(read.language).toBe('rus');
    expect(read.needsTranslation).toBe(true);
    expect(read.translation).toEqual({
      code: 'documents.certified-translation-required',
      regulation: '8 CFR 103.2(b)(3)',
      messageKey: 'documents-translation-required',
    });
  });

  it('reads plain text as UTF-8, dropping a byte-order mark', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RUSSIAN.join('\n'), 'utf8')]);
    const read = await readDocument(bytes, { fileName: 'notes.txt', mimeType: 'text/plain' }, { ocr });
    expect(read.text.startsWith('Настоящим')).toBe(true);
    expect(read).toMatchObject({ pageCount: 1, language: 'rus', needsTranslation: true });
  });
});

describe('refusing a document', { timeout: 30_000 }, () => {
  const cases: ReadonlyArray<
    [string, () => Promise<Buffer> | Buffer, DocumentDescription, DocumentRefusalReason]
  > = [
    ['an empty file', () => Buffer.alloc(0), { fileName: 'empty.pdf' }, 'empty'],
    ['a PDF with no text and no images', () => blankPagesPdf(2), { fileName: 'blank.pdf' }, 'empty'],
    ['a Word document with no text', () => wordDocument(['', ' ']), { fileName: 'blank.docx' }, 'empty'],
    ['a text file of whitespace', () => Buffer.from(' \n\t\n'), { fileName: 'blank.txt' }, 'empty'],
    ['a damaged PDF', () => Buffer.from('%PDF-1.7\n1 0 obj <<'), { fileName: 'broken.pdf' }, 'corrupt'],
    [
      'a Word document cut short',
      async () => {
        const whole = await wordDocument(['Award certificate']);
        return whole.subarray(0, whole.length - 30);
      },
      { fileName: 'cut.docx' },
      'corrupt',
    ],
    ['a password-protected PDF', encryptedPdf, { fileName: 'locked.pdf' }, 'encrypted'],
    ['a PDF of 2,001 pages', () => blankPagesPdf(2_001), { fileName: 'long.pdf' }, 'too_many_pages'],
    [
      'a Word document declaring gigabytes of text',
      () => wordDocumentWithBody(Buffer.from('<w:document/>'), 3_000_000_000),
      { fileName: 'bomb.docx' },
      'zip_bomb',
    ],
    [
      'a Word document of thousands of tiny parts',
      () => wordDocumentWithBody(repeatedParagraphsXml(1), undefined, 1_200),
      { fileName: 'parts.docx' },
      'zip_bomb',
    ],
    [
      'a Word document whose directory understates its size',
      () => wordDocumentWithBody(repeatedParagraphsXml(100_000), 1_000),
      { fileName: 'lying.docx' },
      'corrupt',
    ],
    [
      'a PNG of 20,000 × 20,000 pixels',
      () => pngDeclaring(20_000, 20_000),
      { fileName: 'huge.png' },
      'image_too_large',
    ],
    [
      'a JPEG of 20,000 × 20,000 pixels',
      () => jpegDeclaring(20_000, 20_000),
      { fileName: 'huge.jpg' },
      'image_too_large',
    ],
    ['a PNG named .pdf', () => printedTextPng(['A']), { fileName: 'scan.pdf' }, 'content_mismatch'],
    [
      'a PDF sent as a Word document',
      () => textPdf([['Award']]),
      { fileName: 'award.docx', mimeType: DOCX },
      'content_mismatch',
    ],
    [
      'binary bytes named .txt',
      () => Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]),
      { fileName: 'a.txt' },
      'content_mismatch',
    ],
    ['an executable', () => Buffer.from([0x4d, 0x5a, 0x90]), { fileName: 'setup.exe' }, 'unsupported_type'],
  ];

  it.each(cases)('refuses %s', async (_name, bytes, described, reason) => {
    const error = await refusal(await bytes(), described);
    expect(error.reason).toBe(reason);
    expect(error.code).toBe(6000);
    expect(error.messageKey).toBe(`documents-refused-${reason.replaceAll('_', '-')}`);
    expect(error.userMessage.length).toBeGreaterThan(20);
  });

  it('stops a read at the deadline', async () => {
    const pdf = await textPdf([['Award certificate']]);
    const error = await refusal(pdf, { fileName: 'award.pdf' }, documentLimits({ timeoutMs: 1 }));
    expect(error.reason).toBe('timed_out');
  });

  it('stops a parser at its heap limit, and the next document is read normally', async () => {
    const heavy = wordDocumentWithBody(repeatedParagraphsXml(100_000));
    const limits = documentLimits({
      maxUncompressedBytes: 2 ** 31,
      maxCompressionRatio: 1e6,
      parserMemoryMb: 32,
    });
    expect((await refusal(heavy, { fileName: 'heavy.docx' }, limits)).reason).toBe('too_complex');
    const next = await readDocument(
      await wordDocument(['Still reading']),
      { fileName: 'next.docx' },
      { ocr },
    );
    expect(next.text).toBe('Still reading');
  });

  it('gives up when the caller aborts, with the caller’s reason', async () => {
    const controller = new AbortController();
    const reading = readDocument(
      await textPdf([['Award certificate']]),
      { fileName: 'a.pdf' },
      {
        ocr,
        signal: controller.signal,
      },
    );
    controller.abort(new Error('the worker is stopping'));
    await expect(reading).rejects.toThrow('the worker is stopping');
  });

  it('never started the OCR engine for documents with a text layer', () => {
    expect(ocr.starts).toBe(0);
  });
});
