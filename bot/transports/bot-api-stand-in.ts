// A local stand-in for Telegram's Bot API server, as far as a bot can tell: the limits and the wording of
// the real server's refusals, what it does with parse_mode (HTML, MarkdownV2, Markdown: the text and the
// entities a client shows, or the real error), how it reads a request (JSON, form fields, grammY's uploads)
// and reply markup, and the bot's own user as getMe returns it. The terminal chat's Telegram and the fake
// Telegram of the tests are both built on it, so the two answer a bot alike.
import type { IncomingMessage } from 'node:http';
import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  UserFromGetMe,
} from 'grammy/types';
import { TELEGRAM_DOWNLOAD_LIMIT_BYTES } from '../../core/files.ts';
import { TELEGRAM_MESSAGE_LIMIT } from '../telegram-text.ts';

// ── Limits and wording of the real API ───────────────────────────────────────────────────────

/** The longest message text, after parse_mode: the one limit the bot's own splitting also keeps to. */
export const TEXT_LIMIT = TELEGRAM_MESSAGE_LIMIT;
const CAPTION_LIMIT = 1024;
const CALLBACK_DATA_LIMIT_BYTES = 64;
/** The largest file a bot may upload. */
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
/** The largest file a bot may download (getFile refuses larger ones). */
export const DOWNLOAD_LIMIT_BYTES = TELEGRAM_DOWNLOAD_LIMIT_BYTES;
/** A request body past this is refused before it is read further: an upload at the limit plus its fields. */
const REQUEST_LIMIT_BYTES = UPLOAD_LIMIT_BYTES + 1024 * 1024;

export const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** An error the API answers with `{ ok: false, error_code, description, parameters? }`. */
export class BotApiError extends Error {
  readonly code: number;
  readonly retryAfter: number | undefined;
  constructor(code: number, description: string, retryAfter?: number) {
    super(description);
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export const badRequest = (what: string) => new BotApiError(400, `Bad Request: ${what}`);

// ── Text formatting: what Telegram does with parse_mode ──────────────────────────────────────

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const cantParse = (detail: string) => badRequest(`can't parse entities: ${detail}`);
const byteOffset = (s: string, i: number) => Buffer.byteLength(s.slice(0, i), 'utf8');
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

const HTML_SIMPLE_ENTITY: Record<string, MessageEntity.CommonMessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  code: 'code',
};
const HTML_TAGS = new Set([
  ...Object.keys(HTML_SIMPLE_ENTITY),
  'a',
  'pre',
  'blockquote',
  'tg-emoji',
  'tg-time',
]);

const HTML_ENTITY = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|lt|gt|amp|quot);/y;

/** Decodes the HTML entities Telegram supports; anything else after `&` stays literal, as on the real server. */
function decodeHtmlEntityAt(input: string, i: number): { text: string; end: number } | null {
  HTML_ENTITY.lastIndex = i;
  const m = HTML_ENTITY.exec(input);
  const name = m?.[1];
  if (!m || name === undefined) return null;
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
  const literal = named[name];
  if (literal !== undefined) return { text: literal, end: i + m[0].length };
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return { text: String.fromCodePoint(code), end: i + m[0].length };
}

function decodeHtmlEntities(s: string): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    const decoded = s[i] === '&' ? decodeHtmlEntityAt(s, i) : null;
    if (decoded) {
      out += decoded.text;
      i = decoded.end;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

interface OpenTag {
  tag: string;
  offset: number;
  attrs: Map<string, string>;
  language?: string;
}

/** Parses Telegram's HTML subset the way the Bot API does, with its error messages and byte offsets. */
function parseHtml(input: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  const len = input.length;
  let i = 0;
  while (i < len) {
    const c = input[i];
    if (c === '&') {
      const decoded = decodeHtmlEntityAt(input, i);
      out += decoded ? decoded.text : '&';
      i = decoded ? decoded.end : i + 1;
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const at = byteOffset(input, i);
    if (input[i + 1] === '/') {
      const top = open.pop();
      if (!top) throw cantParse(`Unexpected end tag at byte offset ${at}`);
      let j = i + 2;
      while (j < len && !isSpace(input[j]) && input[j] !== '>') j++;
      const name = input.slice(i + 2, j).toLowerCase();
      while (j < len && isSpace(input[j])) j++;
      if (input[j] !== '>') throw cantParse(`Unclosed end tag at byte offset ${at}`);
      if (name !== '' && name !== top.tag) {
        throw cantParse(
          `Unmatched end tag at byte offset ${at}, expected "</${top.tag}>", found "</${name}>"`,
        );
      }
      const entity = htmlEntity(top, out.length - top.offset, open.at(-1));
      if (entity) entities.push(entity);
      i = j + 1;
      continue;
    }
    let j = i + 1;
    while (j < len && !isSpace(input[j]) && input[j] !== '>') j++;
    if (j >= len) throw cantParse(`Unclosed start tag at byte offset ${at}`);
    const tag = input.slice(i + 1, j).toLowerCase();
    if (!HTML_TAGS.has(tag)) throw cantParse(`Unsupported start tag "${tag}" at byte offset ${at}`);
    const attrs = new Map<string, string>();
    for (;;) {
      while (j < len && isSpace(input[j])) j++;
      if (j >= len) throw cantParse(`Unclosed start tag at byte offset ${at}`);
      if (input[j] === '>') break;
      let k = j;
      while (k < len && !isSpace(input[k]) && input[k] !== '=' && input[k] !== '>') k++;
      const attrName = input.slice(j, k).toLowerCase();
      j = k;
      while (j < len && isSpace(input[j])) j++;
      if (input[j] !== '=') {
        attrs.set(attrName, ''); // e.g. <blockquote expandable>
        continue;
      }
      j++;
      while (j < len && isSpace(input[j])) j++;
      const quote = input[j];
      if (quote === '"' || quote === "'") {
        const end = input.indexOf(quote, j + 1);
        if (end < 0) throw cantParse(`Unclosed start tag at byte offset ${at}`);
        attrs.set(attrName, decodeHtmlEntities(input.slice(j + 1, end)));
        j = end + 1;
      } else {
        k = j;
        while (k < len && !isSpace(input[k]) && input[k] !== '>') k++;
        attrs.set(attrName, decodeHtmlEntities(input.slice(j, k)));
        j = k;
      }
    }
    if (tag === 'span' && attrs.get('class') !== 'tg-spoiler') {
      throw cantParse(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
    }
    open.push({ tag, offset: out.length, attrs });
    i = j + 1;
  }
  const unclosed = open.at(-1);
  if (unclosed) throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text: out, entities };
}

function htmlEntity(tag: OpenTag, length: number, parent: OpenTag | undefined): MessageEntity | null {
  const offset = tag.offset;
  if (tag.tag === 'code' && parent?.tag === 'pre') {
    // <pre><code class="language-x"> gives the pre block its language instead of a nested code entity.
    const language = /^language-(.+)$/.exec(tag.attrs.get('class') ?? '')?.[1];
    if (language !== undefined) parent.language = language;
    return null;
  }
  if (length === 0) return null;
  const simple = HTML_SIMPLE_ENTITY[tag.tag];
  if (simple) return { type: simple, offset, length };
  switch (tag.tag) {
    case 'pre':
      return tag.language === undefined
        ? { type: 'pre', offset, length }
        : { type: 'pre', offset, length, language: tag.language };
    case 'blockquote':
      return { type: tag.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', offset, length };
    case 'a': {
      const url = tag.attrs.get('href');
      return url ? { type: 'text_link', offset, length, url } : null;
    }
    case 'tg-emoji':
      return { type: 'custom_emoji', offset, length, custom_emoji_id: tag.attrs.get('emoji-id') ?? '' };
    case 'tg-time':
      return {
        type: 'date_time',
        offset,
        length,
        unix_time: Number(tag.attrs.get('unix') ?? 0),
        date_time_format: 'r',
      };
    default:
      return null;
  }
}

const MARKDOWN_V2_RESERVED = new Set('_*[]()~`>#+-=|{}.!');

type MarkdownKind = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'link';
const MARKDOWN_KIND_NAME: Record<MarkdownKind, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  link: 'TextUrl',
};

/**
 * Parses MarkdownV2 (or legacy Markdown when `v2` is false): the reserved-character rule and unclosed
 * entities are what break real bots, so both are enforced with the real error wording.
 */
function parseMarkdown(input: string, v2: boolean): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const open: { kind: MarkdownKind; offset: number; at: number }[] = [];
  const len = input.length;
  let i = 0;
  const unclosedLegacy = (at: number) =>
    cantParse(`Can't find end of the entity starting at byte offset ${at}`);
  while (i < len) {
    const c = input[i] ?? '';
    const next = input.charCodeAt(i + 1);
    if (c === '\\' && next >= 1 && next <= 126 && (v2 || '_*`['.includes(input[i + 1] ?? ''))) {
      out += input[i + 1];
      i += 2;
      continue;
    }
    const at = byteOffset(input, i);
    const markup = v2 ? MARKDOWN_V2_RESERVED.has(c) : '_*`['.includes(c);
    if (!markup) {
      out += c;
      i++;
      continue;
    }
    if (c === '`') {
      const fence = input.startsWith('```', i);
      const start = i + (fence ? 3 : 1);
      let j = start;
      let body = '';
      while (j < len && !(fence ? input.startsWith('```', j) : input[j] === '`')) {
        if (v2 && input[j] === '\\' && j + 1 < len) j++;
        body += input[j];
        j++;
      }
      if (j >= len)
        throw v2
          ? cantParse(`Can't find end of ${fence ? 'Pre' : 'Code'} entity at byte offset ${at}`)
          : unclosedLegacy(at);
      let language: string | undefined;
      if (fence) {
        const newline = body.indexOf('\n');
        if (newline >= 0 && /^[\w+-]+$/.test(body.slice(0, newline))) language = body.slice(0, newline);
        if (newline >= 0 && (language !== undefined || newline === 0)) body = body.slice(newline + 1);
      }
      const offset = out.length;
      out += body;
      if (body.length > 0) {
        entities.push(
          !fence
            ? { type: 'code', offset, length: body.length }
            : language === undefined
              ? { type: 'pre', offset, length: body.length }
              : { type: 'pre', offset, length: body.length, language },
        );
      }
      i = j + (fence ? 3 : 1);
      continue;
    }
    if (c === ']' && open.at(-1)?.kind === 'link') {
      const link = open.pop();
      if (!link || input[i + 1] !== '(') throw cantParse(`Can't find end of a URL at byte offset ${at}`);
      const close = input.indexOf(')', i + 2);
      if (close < 0) throw cantParse(`Can't find end of a URL at byte offset ${at}`);
      const url = input.slice(i + 2, close).replace(/\\(.)/g, '$1');
      if (out.length > link.offset)
        entities.push({ type: 'text_link', offset: link.offset, length: out.length - link.offset, url });
      i = close + 1;
      continue;
    }
    if (v2 && c === '>' && (i === 0 || input[i - 1] === '\n')) {
      i++; // block quotation marks carry no text of their own
      continue;
    }
    let kind: MarkdownKind | null = null;
    let width = 1;
    if (c === '*') kind = 'bold';
    else if (c === '_' && v2 && input[i + 1] === '_') [kind, width] = ['underline', 2];
    else if (c === '_') kind = 'italic';
    else if (c === '~' && v2) kind = 'strikethrough';
    else if (c === '|' && v2 && input[i + 1] === '|') [kind, width] = ['spoiler', 2];
    else if (c === '[') kind = 'link';
    if (kind === null)
      throw cantParse(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    const top = open.at(-1);
    if (top && top.kind === kind && kind !== 'link') {
      open.pop();
      if (out.length > top.offset)
        entities.push({ type: kind, offset: top.offset, length: out.length - top.offset });
    } else {
      if (!v2 && open.length > 0) throw unclosedLegacy(open[0]?.at ?? at);
      open.push({ kind, offset: out.length, at });
    }
    i += width;
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    throw v2
      ? cantParse(
          `Can't find end of ${MARKDOWN_KIND_NAME[unclosed.kind]} entity at byte offset ${unclosed.at}`,
        )
      : unclosedLegacy(unclosed.at);
  }
  return { text: out, entities };
}

/** Telegram strips leading and trailing whitespace from every message; entities move with the text. */
function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const moved = entities.flatMap((e) => {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(trimmed.length, e.offset - lead + e.length);
    return end > start ? [{ ...e, offset: start, length: end - start }] : [];
  });
  moved.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: trimmed, entities: moved };
}

export function formatText(
  raw: string,
  parseMode: string | undefined,
  givenEntities: MessageEntity[] | undefined,
): FormattedText {
  switch ((parseMode ?? '').toLowerCase()) {
    case '':
      return trimFormatted({ text: raw, entities: givenEntities ?? [] });
    case 'html':
      return trimFormatted(parseHtml(raw));
    case 'markdownv2':
      return trimFormatted(parseMarkdown(raw, true));
    case 'markdown':
      return trimFormatted(parseMarkdown(raw, false));
    default:
      throw badRequest('unsupported parse_mode');
  }
}

/** The text or caption of a call as Telegram shows it, refused as Telegram refuses it (empty, too long, bad markup). */
export function formattedParam(p: Record<string, unknown>, field: 'text' | 'caption'): FormattedText {
  const raw = textParam(p, field) ?? '';
  const given = jsonParam<MessageEntity[]>(p, field === 'text' ? 'entities' : 'caption_entities', 'entities');
  const result = formatText(raw, textParam(p, 'parse_mode'), given);
  if (field === 'text' && result.text.length === 0) throw badRequest('message text is empty');
  if (field === 'text' && result.text.length > TEXT_LIMIT) throw badRequest('message is too long');
  if (field === 'caption' && result.text.length > CAPTION_LIMIT)
    throw badRequest('message caption is too long');
  return result;
}

/** Bot commands anywhere in the text get bot_command entities, as the Telegram client marks them. */
export function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const m of text.matchAll(/(?<![\w/])\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?/g)) {
    entities.push({ type: 'bot_command', offset: m.index, length: m[0].length });
  }
  return entities;
}

// ── Request bodies ───────────────────────────────────────────────────────────────────────────

export interface BotApiRequest {
  params: Record<string, unknown>;
  files: Map<string, UploadedFile>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > REQUEST_LIMIT_BYTES) throw new BotApiError(413, 'Request Entity Too Large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function readBotApiRequest(req: IncomingMessage, url: URL): Promise<BotApiRequest> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (body.length === 0) return { params, files: new Map() };
  if (/^multipart\/form-data/i.test(contentType)) {
    const form = parseBotApiMultipart(body, contentType);
    return { params: { ...params, ...form.fields }, files: form.files };
  }
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    return {
      params: { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) },
      files: new Map(),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`can't parse JSON object: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('JSON object expected');
  }
  return { params: { ...params, ...(parsed as Record<string, unknown>) }, files: new Map() };
}

// Form fields arrive as strings, JSON fields as their own types: read both the way the real API does.
export function textParam(p: Record<string, unknown>, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);
}

export function intParam(p: Record<string, unknown>, name: string): number | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
  return n;
}

export function flagParam(p: Record<string, unknown>, name: string): boolean {
  const v = p[name];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function jsonParam<T>(p: Record<string, unknown>, name: string, what: string): T | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    // The real API answers a malformed JSON field with this exact description.
    throw badRequest(`can't parse ${what} JSON object`);
  }
}

// ── Reply markup ─────────────────────────────────────────────────────────────────────────────

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export function parseReplyMarkup(p: Record<string, unknown>): ReplyMarkup | undefined {
  const markup = jsonParam<ReplyMarkup>(p, 'reply_markup', 'reply keyboard markup');
  if (markup === undefined) return undefined;
  if (typeof markup !== 'object') throw badRequest('object expected as reply markup');
  if ('inline_keyboard' in markup) validateInlineKeyboard(markup);
  return markup;
}

function validateInlineKeyboard(markup: InlineKeyboardMarkup): void {
  if (!Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const button of markup.inline_keyboard.flat()) {
    const b: Record<string, unknown> = { ...button };
    if (typeof b.text !== 'string')
      throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
    if (typeof b.callback_data === 'string') {
      const size = Buffer.byteLength(b.callback_data, 'utf8');
      if (size < 1 || size > CALLBACK_DATA_LIMIT_BYTES) throw badRequest('BUTTON_DATA_INVALID');
    } else if (typeof b.url === 'string') {
      if (!URL.canParse(b.url))
        throw badRequest(`inline keyboard button URL '${b.url}' is invalid: Wrong HTTP URL`);
    } else if (Object.keys(b).length === 1) {
      throw badRequest(
        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
      );
    }
  }
}

export const inlineButtons = (markup: ReplyMarkup | undefined): InlineKeyboardButton[] =>
  markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : [];

export const inlineOnly = (markup: ReplyMarkup | undefined): InlineKeyboardMarkup | undefined =>
  markup && 'inline_keyboard' in markup ? markup : undefined;

// ── Uploads and the bot's user ──────────────────────────────────────────────────────────────

/** A file part of an upload: the name grammY gave it and its bytes. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

interface MultipartForm {
  /** Plain parts by name, as the text grammY wrote (JSON values stay JSON text). */
  fields: Record<string, string>;
  /** File parts by part name (a method's `attach://<name>` reference). */
  files: Map<string, UploadedFile>;
}

/**
 * Parses multipart/form-data. grammY writes its own parts (`content-disposition:form-data;name="x";filename=a b.pdf`,
 * unquoted filename, no spaces), so a strict parser (the standard FormData one) would reject what the real server
 * accepts. A malformed body is refused as a bad request.
 */
function parseBotApiMultipart(body: Buffer, contentType: string): MultipartForm {
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
