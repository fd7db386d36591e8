// What a local stand-in for Telegram's Bot API server needs to answer grammY as Telegram does: its uploads
// (multipart/form-data in grammY's own dialect) read into fields and files, and the bot's own user as getMe
// returns it. Used by the terminal chat's Telegram and by the fake Telegram of the tests.
import type { UserFromGetMe } from 'grammy/types';

/** A file part of an upload: the name grammY gave it and its bytes. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

export interface MultipartForm {
  /** Plain parts by name, as the text grammY wrote (JSON values stay JSON text). */
  fields: Record<string, string>;
  /** File parts by part name (a method's `attach://<name>` reference). */
  files: Map<string, UploadedFile>;
}

/**
 * Parses multipart/form-data. grammY writes its own parts (`content-disposition:form-data;name="x";filename=a b.pdf`,
 * unquoted filename, no spaces), so a strict parser (the standard FormData one) would reject what the real server
 * accepts. A malformed body throws what `badRequest` makes of the problem, so each server refuses it in its own way.
 */
export function parseBotApiMultipart(
  body: Buffer,
  contentType: string,
  badRequest: (problem: string) => Error,
): MultipartForm {
  const malformed = (what: string) => badRequest(`invalid multipart/form-data: ${what}`);
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw malformed('no boundary');
  const delimiter = Buffer.from(`--${marker}`);
  const nextDelimiter = Buffer.from(`\r\n--${marker}`);
  const fields: Record<string, string> = {};
  const files = new Map<string, UploadedFile>();
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed('boundary not found');
  pos += delimiter.length;
  while (body.subarray(pos, pos + 2).toString('latin1') !== '--') {
    pos += 2; // CRLF after the delimiter
    const end = body.indexOf(nextDelimiter, pos);
    if (end < 0) throw malformed('unterminated part');
    const part = body.subarray(pos, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw malformed('part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const content = part.subarray(headerEnd + 4);
    const disposition =
      headers.find((h) => /^content-disposition\s*:/i.test(h))?.replace(/^[^:]*:/, '') ?? '';
    const name =
      /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? /(?:^|;)\s*name=([^;]*)/i.exec(disposition)?.[1];
    const filename =
      /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ??
      /;\s*filename=(.*)$/i.exec(disposition)?.[1]?.trim();
    if (name === undefined) throw malformed('part without name');
    if (filename !== undefined) files.set(name, { filename, bytes: Buffer.from(content) });
    else fields[name] = content.toString('utf8');
    pos = end + nextDelimiter.length;
  }
  return { fields, files };
}

/** The bot's user as getMe answers it: who it is, with every optional capability off unless given. */
export function botUserFromGetMe(
  who: Pick<UserFromGetMe, 'id' | 'first_name' | 'username'> & Partial<UserFromGetMe>,
): UserFromGetMe {
  return {
    is_bot: true,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...who,
  };
}
