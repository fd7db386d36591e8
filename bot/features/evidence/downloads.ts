// Documents from Telegram: what a message carries, the checks before and after downloading it (in the
// lawyer's language), and attaching the checked bytes to an exhibit.
import { GrammyError, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { App } from '../../../core/app.ts';
import { FileError, FileNotFoundError, TelegramError } from '../../../core/errors.ts';
import {
  checkDeclaredUpload,
  checkUploadBytes,
  uploadLimitBytes,
  type FilePolicy,
  type UploadCheck,
} from '../../../core/files.ts';
import type { BotContext } from '../../context.ts';
import type { Speaker } from './rendering.ts';

/** A file as Telegram announced it, before we download it. */
export interface IncomingDocument {
  fileId: string;
  name: string;
  mimeType?: string;
  size?: number;
}

/**
 * A document that passed the checks while the exhibit did not exist yet: downloaded and stored then, held
 * for the lawyer, and linked once the exhibit is saved (never downloaded a second time).
 */
export interface PendingDocument extends IncomingDocument {
  mimeType: string;
  sha256: string;
  /** The stored copy's hold; absent in questions begun before documents were held (downloaded again). */
  holdId?: string;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

export function incomingDocument(message: Message | undefined): IncomingDocument | undefined {
  if (!message) return undefined;
  if (message.document) {
    const { document } = message;
    return {
      fileId: document.file_id,
      name: document.file_name ?? 'document',
      ...(document.mime_type !== undefined && { mimeType: document.mime_type }),
      ...(document.file_size !== undefined && { size: document.file_size }),
    };
  }
  // Telegram sends a photo in several sizes, smallest first; the largest is the readable scan.
  const photo = message.photo?.at(-1);
  if (photo) {
    return {
      fileId: photo.file_id,
      name: `photo-${photo.file_unique_id}.jpg`,
      mimeType: 'image/jpeg',
      ...(photo.file_size !== undefined && { size: photo.file_size }),
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// What is accepted, and why a file is refused, in the lawyer's language
// ---------------------------------------------------------------------------------------------

const FILE_TYPE_KEYS: Readonly<Record<string, string>> = {
  'application/pdf': 'evidence-file-type-pdf',
  'image/jpeg': 'evidence-file-type-jpeg',
  'image/png': 'evidence-file-type-png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'evidence-file-type-docx',
  'text/plain': 'evidence-file-type-txt',
};

function fileTypeName(ctx: Speaker, mimeType: string): string {
  const key = FILE_TYPE_KEYS[mimeType];
  return key === undefined ? mimeType : ctx.t(key);
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

/** "PDF, JPEG, PNG, Word (.docx) or plain text (.txt), up to 20 MB". */
export function acceptedFilesText(ctx: Speaker, policy: FilePolicy): string {
  const names = policy.allowedMimeTypes
    .filter((mime) => FILE_TYPE_KEYS[mime])
    .map((mime) => fileTypeName(ctx, mime));
  const limit = megabytes(uploadLimitBytes(policy));
  const last = names.at(-1) ?? '';
  return names.length <= 1
    ? ctx.t('evidence-files-accepted-one', { type: last, limit })
    : ctx.t('evidence-files-accepted', { types: names.slice(0, -1).join(', '), last, limit });
}

function refusal(
  ctx: Speaker,
  policy: FilePolicy,
  check: Extract<UploadCheck, { ok: false }>,
  document: { name: string; mimeType?: string; size?: number },
): string {
  const accepted = acceptedFilesText(ctx, policy);
  switch (check.reason) {
    case 'wrong_type':
      return ctx.t('evidence-file-wrong-type', { name: document.name, accepted });
    case 'too_large':
      return ctx.t('evidence-file-too-large', {
        name: document.name,
        size: megabytes(document.size ?? 0),
        accepted,
      });
    case 'empty':
      return ctx.t('evidence-file-empty', { name: document.name });
    case 'content_mismatch':
      return ctx.t('evidence-file-not-real', {
        name: document.name,
        type: fileTypeName(ctx, document.mimeType ?? ''),
        accepted,
      });
  }
}

function tooLargeMessage(ctx: Speaker, policy: FilePolicy, name: string): string {
  return ctx.t('evidence-file-too-large-unknown', { name, accepted: acceptedFilesText(ctx, policy) });
}

// ---------------------------------------------------------------------------------------------
// Downloading from Telegram
// ---------------------------------------------------------------------------------------------

/** Reads the body, giving up as soon as it passes `limit` bytes. */
async function readAtMost(response: Response, limit: number): Promise<Buffer | null> {
  if (!response.body) return Buffer.alloc(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

/** What came of fetching a file a lawyer sent: its bytes, or why not (each caller words it its own way). */
export type TelegramDownload = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'failed' };

/**
 * The one way a file a lawyer sent is fetched: getFile, then the file URL of the configured Bot API
 * server, through the `telegram-files` policy (retries, breaker, timeout). Refuses a file over
 * `limitBytes` before fetching a byte where Telegram already told us enough, and stops reading as soon as
 * the body passes it. A download that still fails is logged and reported as `failed`.
 */
export async function downloadTelegramFile(
  app: App,
  api: Api,
  document: IncomingDocument,
  limitBytes: number,
): Promise<TelegramDownload> {
  if (document.size !== undefined && document.size > limitBytes) return { ok: false, reason: 'too_large' };
  let file;
  try {
    file = await api.getFile(document.fileId);
  } catch (err) {
    // Telegram refuses to hand bots anything over 20 MB; that is the lawyer's file, not our failure.
    if (err instanceof GrammyError && /file is too big/i.test(err.description)) {
      return { ok: false, reason: 'too_large' };
    }
    throw err;
  }
  if (file.file_size !== undefined && file.file_size > limitBytes) return { ok: false, reason: 'too_large' };
  if (file.file_path === undefined) {
    throw new TelegramError({ fileId: document.fileId }, { message: 'getFile returned no file_path' });
  }
  // The URL carries the bot token: it is never logged.
  const url = `${app.config.telegram.apiRoot}/file/bot${api.token}/${file.file_path}`;
  let bytes: Buffer | null;
  try {
    bytes = await app.span('telegram.download_document', () =>
      app.policies.get('telegram-files').execute(async (signal) => {
        const response = await fetch(url, { signal });
        if (!response.ok) {
          throw new TelegramError(
            { status: response.status },
            {
              message: `file download answered ${String(response.status)}`,
              userMessage: 'The document could not be downloaded from Telegram. Please send it again.',
            },
          );
        }
        return readAtMost(response, limitBytes);
      }),
    );
  } catch (err) {
    // Retried already; what is left is the lawyer's to retry, with the reason in the log.
    if (!(err instanceof TelegramError)) throw err;
    app.log.warn({ err, fileName: document.name }, 'document download failed');
    return { ok: false, reason: 'failed' };
  }
  return bytes === null ? { ok: false, reason: 'too_large' } : { ok: true, bytes };
}

/**
 * Refuses what the policy refuses before fetching a byte where Telegram already told us enough, downloads
 * it within the upload limit, and checks the bytes match the claimed type.
 */
async function downloadDocument(
  app: App,
  api: Api,
  ctx: Speaker,
  document: IncomingDocument,
): Promise<Outcome<{ bytes: Buffer; mimeType: string }>> {
  const policy = app.files.policy;
  const declared = checkDeclaredUpload(policy, document);
  if (!declared.ok) return { ok: false, message: refusal(ctx, policy, declared, document) };
  const downloaded = await downloadTelegramFile(app, api, document, uploadLimitBytes(policy));
  if (!downloaded.ok) {
    return {
      ok: false,
      message:
        downloaded.reason === 'too_large'
          ? tooLargeMessage(ctx, policy, document.name)
          : ctx.t('evidence-file-download-failed'),
    };
  }
  const { bytes } = downloaded;
  const checked = checkUploadBytes(policy, { name: document.name, mimeType: declared.mimeType, bytes });
  if (!checked.ok) {
    return {
      ok: false,
      message: refusal(ctx, policy, checked, {
        ...document,
        mimeType: declared.mimeType,
        size: bytes.length,
      }),
    };
  }
  return { ok: true, bytes, mimeType: checked.mimeType };
}

/** Downloads and checks a document: its bytes and real type, or the message saying why it was refused. */
export function downloadChecked(
  outer: BotContext,
  document: IncomingDocument,
): Promise<Outcome<{ bytes: Buffer; mimeType: string }>> {
  return downloadDocument(outer.app, outer.api, outer, document);
}

/**
 * Downloads and checks a document now and stores it, held until the exhibit is saved; what the questions
 * keep is only what names that stored copy.
 */
export async function checkDocument(
  outer: BotContext,
  document: IncomingDocument,
): Promise<Outcome<{ pending: PendingDocument }>> {
  const downloaded = await downloadDocument(outer.app, outer.api, outer, document);
  if (!downloaded.ok) return downloaded;
  let held;
  try {
    held = await outer.app.evidence.holdFile(outer.lawyer.id, {
      bytes: downloaded.bytes,
      mimeType: downloaded.mimeType,
      originalName: document.name,
    });
  } catch (err) {
    // The store checks the bytes again; its refusal is the lawyer's answer, not a failure.
    if (err instanceof FileError) return { ok: false, message: outer.t('evidence-file-refused') };
    throw err;
  }
  return {
    ok: true,
    pending: {
      ...document,
      mimeType: downloaded.mimeType,
      sha256: held.file.sha256,
      size: downloaded.bytes.length,
      holdId: held.holdId,
    },
  };
}

/** Links a document kept during the questions to the saved exhibit: its stored copy, not a new download. */
export async function attachPendingDocument(
  outer: BotContext,
  evidenceId: string,
  document: PendingDocument,
): Promise<Outcome<{ fileName: string; attached: boolean; exhibitNumber: number }>> {
  if (document.holdId === undefined) return attachDocument(outer, evidenceId, document);
  try {
    const { file, attached, evidence } = await outer.app.evidence.attachHeldFile(
      outer.lawyer.id,
      evidenceId,
      {
        holdId: document.holdId,
        fileName: document.name,
      },
    );
    return { ok: true, fileName: file.fileName, attached, exhibitNumber: evidence.exhibitNumber };
  } catch (err) {
    // The hold was let go (the questions took more than a day): the lawyer sends the document again.
    if (err instanceof FileNotFoundError) {
      outer.log.info({ err, fileName: document.name }, 'a document held for an exhibit was let go');
      return { ok: false, message: outer.t('evidence-held-document-gone', { name: document.name }) };
    }
    throw err;
  }
}

/** Downloads the document and attaches it to the exhibit (stored once by content). */
export async function attachDocument(
  outer: BotContext,
  evidenceId: string,
  document: IncomingDocument,
): Promise<Outcome<{ fileName: string; attached: boolean; exhibitNumber: number }>> {
  const downloaded = await downloadDocument(outer.app, outer.api, outer, document);
  if (!downloaded.ok) return downloaded;
  try {
    const { file, attached, evidence } = await outer.app.evidence.attachFile(outer.lawyer.id, evidenceId, {
      bytes: downloaded.bytes,
      mimeType: downloaded.mimeType,
      originalName: document.name,
    });
    return { ok: true, fileName: file.fileName, attached, exhibitNumber: evidence.exhibitNumber };
  } catch (err) {
    // The store checks the bytes again; its refusal is the lawyer's answer, not a failure.
    if (err instanceof FileError) return { ok: false, message: outer.t('evidence-file-refused') };
    throw err;
  }
}
