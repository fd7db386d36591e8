// Uploaded documents: only accepted types, only bytes that are what they claim, stored once per content.
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect } from 'vitest';
import { FileTooLargeError, InvalidFileTypeError } from '../../../core/errors.ts';
import {
  checkDeclaredUpload,
  checkUploadBytes,
  claimedMimeType,
  createFileStore,
  describeAcceptedFiles,
  sha256Hex,
  TELEGRAM_DOWNLOAD_LIMIT_BYTES,
  uploadLimitBytes,
  type FilePolicy,
} from '../../../core/files.ts';
import { integrationSuite } from '../../support/services.ts';
import { databases } from '../cases/support.ts';
import { it as plain } from '../../support/fixtures.ts';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const policy: FilePolicy = {
  maxUploadBytes: 1024 * 1024,
  allowedMimeTypes: ['application/pdf', 'image/jpeg', 'image/png', DOCX_MIME, 'text/plain'],
};

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78, 0x69, 0x66]);
const XLSX_LIKE = Buffer.concat([
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from('[Content_Types].xml xl/workbook.xml'),
]);

async function realDocx(): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: [new Paragraph('Letter of support for Jane Doe')] }],
  });
  return Packer.toBuffer(document);
}

function accepted(name: string, mimeType: string, bytes: Buffer): boolean {
  return checkUploadBytes(policy, { name, mimeType, bytes }).ok;
}

describe('what a lawyer may send', () => {
  plain('accepts each allowed type when its bytes match, including a real Word document', async () => {
    expect(accepted('award.pdf', 'application/pdf', PDF)).toBe(true);
    expect(accepted('scan.png', 'image/png', PNG)).toBe(true);
    expect(accepted('scan.jpg', 'image/jpeg', JPEG)).toBe(true);
    expect(accepted('letter.docx', DOCX_MIME, await realDocx())).toBe(true);
    expect(
      accepted(
        'notes.txt',
        'text/plain',
        Buffer.from('Reviewer for IEEE TMI, 2019–2023\r\n\tÜber 30 Gutachten\n'),
      ),
    ).toBe(true);
  });

  plain('refuses bytes that are not what the name and type claim', () => {
    expect(
      checkUploadBytes(policy, { name: 'award.pdf', mimeType: 'application/pdf', bytes: PNG }),
    ).toMatchObject({
      ok: false,
      reason: 'content_mismatch',
    });
    expect(accepted('scan.png', 'image/png', JPEG)).toBe(false);
    expect(accepted('scan.jpg', 'image/jpeg', PDF)).toBe(false);
    expect(accepted('letter.docx', DOCX_MIME, XLSX_LIKE)).toBe(false);
    expect(accepted('notes.txt', 'text/plain', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toBe(false);
    expect(accepted('notes.txt', 'text/plain', Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(
      checkUploadBytes(policy, { name: 'empty.pdf', mimeType: 'application/pdf', bytes: Buffer.alloc(0) }),
    ).toMatchObject({
      ok: false,
      reason: 'empty',
    });
  });

  plain(
    'reads the type from the extension when Telegram only says octet-stream, and refuses unknown types',
    () => {
      expect(claimedMimeType({ name: 'Award.PDF', mimeType: 'application/octet-stream' })).toBe(
        'application/pdf',
      );
      expect(claimedMimeType({ name: 'photo.jpg', mimeType: 'image/jpg' })).toBe('image/jpeg');
      expect(
        checkDeclaredUpload(policy, { name: 'setup.exe', mimeType: 'application/x-msdownload', size: 10 }),
      ).toMatchObject({
        ok: false,
        reason: 'wrong_type',
      });
      expect(checkDeclaredUpload(policy, { name: 'archive.zip' })).toMatchObject({
        ok: false,
        reason: 'wrong_type',
      });
      const gifOnly: FilePolicy = { ...policy, allowedMimeTypes: ['image/gif'] };
      expect(checkDeclaredUpload(gifOnly, { name: 'a.gif', mimeType: 'image/gif' })).toMatchObject({
        ok: false,
      });
    },
  );

  plain('never accepts more than Telegram lets a bot download, and says what is accepted', () => {
    expect(uploadLimitBytes({ ...policy, maxUploadBytes: 50 * 1024 * 1024 })).toBe(
      TELEGRAM_DOWNLOAD_LIMIT_BYTES,
    );
    expect(describeAcceptedFiles(policy)).toBe(
      'PDF, JPEG, PNG, Word (.docx) or plain text (.txt), up to 1 MB',
    );
    const check = checkDeclaredUpload(policy, {
      name: 'scan.pdf',
      mimeType: 'application/pdf',
      size: 1024 * 1024 + 1,
    });
    expect(check).toMatchObject({ ok: false, reason: 'too_large' });
    expect(check.ok ? '' : check.message).toBe(
      '“scan.pdf” is 1.0 MB, too large to keep. Please send PDF, JPEG, PNG, Word (.docx) or plain text (.txt), up to 1 MB (split or compress larger documents).',
    );
  });
});

for (const { name, needs, it } of databases) {
  integrationSuite(`file store on ${name}`, needs, () => {
    it('stores the same bytes once, keeps the first name, and returns them exactly', async ({ db }) => {
      const files = createFileStore(db, policy);
      const bytes = await realDocx();
      const first = await files.put({ bytes, mimeType: DOCX_MIME, originalName: 'letter.docx' });
      const second = await files.put({ bytes, mimeType: DOCX_MIME, originalName: 'copy.docx' });
      expect(second).toEqual(first);
      expect(first).toMatchObject({
        sha256: sha256Hex(bytes),
        size: bytes.length,
        originalName: 'letter.docx',
      });
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM files WHERE sha256 = $1', [
        first.sha256,
      ]);
      expect(Number(rows[0]?.n)).toBe(1);
      expect((await files.read(first.sha256)).bytes.equals(bytes)).toBe(true);
    });

    it('refuses what the policy refuses, with the error a lawyer can read, and stores nothing', async ({
      db,
    }) => {
      const files = createFileStore(db, { ...policy, maxUploadBytes: 8 });
      await expect(
        files.put({ bytes: PDF, mimeType: 'application/pdf', originalName: 'big.pdf' }),
      ).rejects.toBeInstanceOf(FileTooLargeError);
      const strict = createFileStore(db, policy);
      const refused = await strict
        .put({ bytes: PNG, mimeType: 'application/pdf', originalName: 'fake.pdf' })
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(InvalidFileTypeError);
      expect((refused as InvalidFileTypeError).userMessage).toMatch(/^“fake\.pdf” is not a real PDF file/);
      expect(await strict.find(sha256Hex(PNG))).toBeNull();
      expect(await strict.find(sha256Hex(PDF))).toBeNull();
    });
  });
}
