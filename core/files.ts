// Uploaded documents: which files a lawyer may send, checking the bytes really are what they claim to be,
// and keeping them in Postgres once per content (SHA-256).
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Database, Queryable } from './db/database.ts';
import { FileNotFoundError, FileTooLargeError, InvalidFileTypeError } from './errors.ts';

/** Telegram bots can download at most 20 MB per file (getFile), whatever our own limit says. */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export interface FilePolicy {
  maxUploadBytes: number;
  allowedMimeTypes: readonly string[];
}

interface FileType {
  /** What a lawyer calls it. */
  label: string;
  extensions: readonly string[];
  /** True when the bytes have this type's signature. */
  matches(bytes: Buffer): boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Readers accept the PDF header anywhere in the first kilobyte (some scanners prepend junk).
const PDF_HEADER_WINDOW = 1024;

/** A Word document is a zip whose entry names (stored uncompressed) include the word/ part and the content types. */
function isDocx(bytes: Buffer): boolean {
  return (
    bytes.subarray(0, 4).equals(ZIP_SIGNATURE) &&
    bytes.includes('[Content_Types].xml', 0, 'latin1') &&
    bytes.includes('word/', 0, 'latin1')
  );
}

// Tab, line feed, form feed and carriage return are the only control bytes a text document needs.
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/** Plain text: valid UTF-8 with no control characters other than tabs, line and page breaks. */
function isPlainText(bytes: Buffer): boolean {
  if (!isUtf8(bytes)) return false;
  return !bytes.some((byte) => (byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f);
}

export const FILE_TYPES: Readonly<Record<string, FileType>> = {
  'application/pdf': {
    label: 'PDF',
    extensions: ['pdf'],
    matches: (bytes) => bytes.subarray(0, PDF_HEADER_WINDOW).includes('%PDF-', 0, 'latin1'),
  },
  'image/jpeg': {
    label: 'JPEG',
    extensions: ['jpg', 'jpeg'],
    matches: (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  },
  'image/png': {
    label: 'PNG',
    extensions: ['png'],
    matches: (bytes) => bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE),
  },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word (.docx)',
    extensions: ['docx'],
    matches: isDocx,
  },
  'text/plain': { label: 'plain text (.txt)', extensions: ['txt'], matches: isPlainText },
};

const MIME_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
};

/** The largest upload accepted: our own limit, and never more than Telegram lets a bot download. */
export function uploadLimitBytes(policy: FilePolicy): number {
  return Math.min(policy.maxUploadBytes, TELEGRAM_DOWNLOAD_LIMIT_BYTES);
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? String(mb) : mb.toFixed(1)} MB`;
}

/** "PDF, JPEG, PNG, Word (.docx) or plain text (.txt), up to 20 MB": what to tell a lawyer is accepted. */
export function describeAcceptedFiles(policy: FilePolicy): string {
  const labels = policy.allowedMimeTypes.flatMap((mime) => {
    const type = FILE_TYPES[mime];
    return type ? [type.label] : [];
  });
  const list =
    labels.length <= 1
      ? labels.join('')
      : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1] ?? ''}`;
  return `${list}, up to ${megabytes(uploadLimitBytes(policy))}`;
}

function extensionOf(name: string | undefined): string | undefined {
  const match = /\.([a-z0-9]{1,8})$/i.exec(name ?? '');
  return match?.[1]?.toLowerCase();
}

/** What the sender says the file is: its MIME type when known to us, else what its extension says. */
export function claimedMimeType(file: { name?: string; mimeType?: string }): string | undefined {
  const declared = file.mimeType?.trim().toLowerCase();
  const normalized = declared === undefined ? undefined : (MIME_ALIASES[declared] ?? declared);
  if (normalized !== undefined && normalized !== 'application/octet-stream') return normalized;
  const extension = extensionOf(file.name);
  if (extension === undefined) return normalized;
  return (
    Object.entries(FILE_TYPES).find(([, type]) => type.extensions.includes(extension))?.[0] ?? normalized
  );
}

export type UploadCheck =
  | { ok: true; mimeType: string }
  | { ok: false; reason: 'too_large' | 'wrong_type' | 'content_mismatch' | 'empty'; message: string };

/** What Telegram tells us before downloading: refuse too-large and unaccepted files without fetching them. */
export function checkDeclaredUpload(
  policy: FilePolicy,
  file: { name?: string; mimeType?: string; size?: number },
): UploadCheck {
  const accepted = describeAcceptedFiles(policy);
  const mimeType = claimedMimeType(file);
  if (mimeType === undefined || !policy.allowedMimeTypes.includes(mimeType) || !FILE_TYPES[mimeType]) {
    return {
      ok: false,
      reason: 'wrong_type',
      message: `I can't keep ${file.name === undefined ? 'this file' : `“${file.name}”`}: that type of file is not accepted. Please send ${accepted}.`,
    };
  }
  if (file.size !== undefined && file.size > uploadLimitBytes(policy)) {
    return {
      ok: false,
      reason: 'too_large',
      message: `${file.name === undefined ? 'The file' : `“${file.name}”`} is ${megabytes(file.size)}, too large to keep. Please send ${accepted} (split or compress larger documents).`,
    };
  }
  return { ok: true, mimeType };
}

/** The downloaded bytes: within the limit, not empty, and really of the type claimed (a .pdf must be a PDF). */
export function checkUploadBytes(
  policy: FilePolicy,
  file: { name?: string; mimeType: string; bytes: Buffer },
): UploadCheck {
  const declared = checkDeclaredUpload(policy, { ...file, size: file.bytes.length });
  if (!declared.ok) return declared;
  const name = file.name === undefined ? 'The file' : `“${file.name}”`;
  if (file.bytes.length === 0)
    return { ok: false, reason: 'empty', message: `${name} is empty. Please send it again.` };
  const type = FILE_TYPES[declared.mimeType];
  if (!type?.matches(file.bytes)) {
    return {
      ok: false,
      reason: 'content_mismatch',
      message: `${name} is not a real ${type?.label ?? declared.mimeType} file (its contents do not match its type), so I did not keep it. Please send ${describeAcceptedFiles(policy)}.`,
    };
  }
  return declared;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface FileUpload {
  bytes: Buffer;
  mimeType: string;
  originalName: string;
}

export interface StoredFile {
  sha256: string;
  size: number;
  mimeType: string;
  originalName: string;
  createdAt: Date;
}

export interface FileContent extends StoredFile {
  bytes: Buffer;
}

export interface FileStore {
  readonly policy: FilePolicy;
  /**
   * Checks and stores the bytes once per content; a second upload of the same bytes returns the first
   * row. Pass a transaction to store them together with the row that links them. Throws
   * FileTooLargeError or InvalidFileTypeError (with a message naming what is accepted).
   */
  put(upload: FileUpload, q?: Queryable): Promise<StoredFile>;
  /** Metadata only, or null. */
  find(sha256: string): Promise<StoredFile | null>;
  /** The bytes; FileNotFoundError when no such file is stored. Callers check the reader may see it. */
  read(sha256: string): Promise<FileContent>;
}

interface FileRow {
  sha256: string;
  size: number;
  mime_type: string;
  original_name: string;
  created_at: Date;
  bytes?: Buffer;
}

function toStoredFile(row: FileRow): StoredFile {
  return {
    sha256: row.sha256,
    size: row.size,
    mimeType: row.mime_type,
    originalName: row.original_name,
    createdAt: row.created_at,
  };
}

const META_COLUMNS = 'sha256, size, mime_type, original_name, created_at';

/** Refuses what `checkUploadBytes` refuses, as the matching error. */
function requireAcceptableUpload(policy: FilePolicy, upload: FileUpload): string {
  const check = checkUploadBytes(policy, {
    name: upload.originalName,
    mimeType: upload.mimeType,
    bytes: upload.bytes,
  });
  if (check.ok) return check.mimeType;
  const context = { name: upload.originalName, mimeType: upload.mimeType, size: upload.bytes.length };
  if (check.reason === 'too_large') throw new FileTooLargeError(context, { userMessage: check.message });
  throw new InvalidFileTypeError({ ...context, reason: check.reason }, { userMessage: check.message });
}

export function createFileStore(db: Database, policy: FilePolicy): FileStore {
  async function find(sha256: string, q: Queryable = db): Promise<StoredFile | null> {
    const { rows } = await q.query<FileRow>(`SELECT ${META_COLUMNS} FROM files WHERE sha256 = $1`, [sha256]);
    return rows[0] ? toStoredFile(rows[0]) : null;
  }

  return {
    policy,

    async put(upload, q = db) {
      const mimeType = requireAcceptableUpload(policy, upload);
      const sha256 = sha256Hex(upload.bytes);
      const name = upload.originalName.trim() || 'document';
      const { rows } = await q.query<FileRow>(
        `INSERT INTO files (sha256, bytes, size, mime_type, original_name) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256) DO NOTHING RETURNING ${META_COLUMNS}`,
        [sha256, upload.bytes, upload.bytes.length, mimeType, name],
      );
      if (rows[0]) return toStoredFile(rows[0]);
      const existing = await find(sha256, q);
      if (!existing)
        throw new FileNotFoundError(
          { sha256 },
          { message: 'a stored file vanished between insert and read' },
        );
      return existing;
    },

    find: (sha256) => find(sha256),

    async read(sha256) {
      const { rows } = await db.query<FileRow & { bytes: Buffer }>(
        `SELECT ${META_COLUMNS}, bytes FROM files WHERE sha256 = $1`,
        [sha256],
      );
      const row = rows[0];
      if (!row) throw new FileNotFoundError({ sha256 });
      return { ...toStoredFile(row), bytes: row.bytes };
    },
  };
}
