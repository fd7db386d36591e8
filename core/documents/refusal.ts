// Why a document could not be read, as one error a lawyer can act on: a reason code for the caller, a
// message key for each language, and a plain English message for logs and the API.
import { FileError, type AppErrorOptions, type ErrorContext } from '../errors.ts';

export type DocumentRefusalReason =
  | 'corrupt'
  | 'encrypted'
  | 'empty'
  | 'unreadable_scan'
  | 'zip_bomb'
  | 'too_many_pages'
  | 'too_many_scanned_pages'
  | 'image_too_large'
  | 'content_mismatch'
  | 'unsupported_type'
  | 'too_complex'
  | 'timed_out'
  /** Reading failed on every attempt for a reason of ours (not the file's): the lawyer resends it. */
  | 'read_failed';

/** The Fluent key of the message a lawyer sees for each reason. */
export const DOCUMENT_REFUSAL_KEYS: Readonly<Record<DocumentRefusalReason, string>> = {
  corrupt: 'documents-refused-corrupt',
  encrypted: 'documents-refused-encrypted',
  empty: 'documents-refused-empty',
  unreadable_scan: 'documents-refused-unreadable-scan',
  zip_bomb: 'documents-refused-zip-bomb',
  too_many_pages: 'documents-refused-too-many-pages',
  too_many_scanned_pages: 'documents-refused-too-many-scanned-pages',
  image_too_large: 'documents-refused-image-too-large',
  content_mismatch: 'documents-refused-content-mismatch',
  unsupported_type: 'documents-refused-unsupported-type',
  too_complex: 'documents-refused-too-complex',
  timed_out: 'documents-refused-timed-out',
  read_failed: 'documents-refused-read-failed',
};

const ENGLISH_MESSAGES: Readonly<Record<DocumentRefusalReason, string>> = {
  corrupt: 'The file is damaged and could not be opened. Please export or scan it again and resend it.',
  encrypted:
    'The PDF is protected by a password. Please remove the password (or print it to a new PDF) and resend it.',
  empty: 'The file holds no text to read. Please check it is the right document and resend it.',
  unreadable_scan:
    'The scan could not be read: no text was recognised. Please rescan it more sharply (300 dpi, upright) and resend it.',
  zip_bomb:
    'The Word document is built in a way that is unsafe to open. Please save it again as .docx or as PDF.',
  too_many_pages: 'The PDF has too many pages to read. Please send the relevant pages as a smaller PDF.',
  too_many_scanned_pages:
    'The PDF has too many scanned pages to read. Please send the relevant pages as a smaller PDF.',
  image_too_large: 'The image is too large to read. Please send a smaller image or a PDF of the page.',
  content_mismatch:
    'The file is not what its name says (its contents do not match its type). Please send the original file.',
  unsupported_type:
    'This type of file cannot be read. Please send a PDF, a Word document, a text file or an image.',
  too_complex: 'The document is too complex to read safely. Please send it as a simpler PDF or split it.',
  timed_out: 'Reading the document took too long. Please send it split into smaller files.',
  read_failed: 'The document could not be read after several tries. Please resend it, or send it as a PDF.',
};

export class DocumentRefusedError extends FileError {
  readonly reason: DocumentRefusalReason;
  readonly messageKey: string;

  constructor(reason: DocumentRefusalReason, context: ErrorContext = {}, options: AppErrorOptions = {}) {
    super(
      { ...context, reason },
      {
        ...options,
        message: options.message ?? `document refused: ${reason}`,
        userMessage: ENGLISH_MESSAGES[reason],
      },
    );
    this.reason = reason;
    this.messageKey = DOCUMENT_REFUSAL_KEYS[reason];
  }
}

export function isDocumentRefusal(error: unknown): error is DocumentRefusedError {
  return error instanceof DocumentRefusedError;
}
