// The terminal as Telegram (`megaagent chat`): what the person at the keyboard sees and types, and the
// Telegram the bot talks to meanwhile. bin/chat.ts composes it with the real bot and the real core.
//
// Telegram's side is a small Bot API server on loopback (127.0.0.1, a free port), given to the bot as its
// API root. An API transformer on `bot.api` would not be enough: conversations call Telegram through Api
// objects of their own, built from the bot's client options without its transformers, and the evidence
// feature downloads documents with fetch from `${apiRoot}/file/bot<token>/<file_path>`. The server draws
// every call on the screen and answers as Telegram would (Message objects, `true`, getFile results), with
// Telegram's refusals where a real bot would meet them (message not modified, text too long, ...).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Bot } from 'grammy';
import type {
  Chat,
  InlineKeyboardButton,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';
import { claimedMimeType } from '../../core/files.ts';
import type { BotContext } from '../context.ts';
import {
  BotApiError,
  badRequest,
  botUserFromGetMe,
  commandEntities,
  DOWNLOAD_LIMIT_BYTES,
  formatText,
  formattedParam,
  inlineOnly,
  intParam,
  NOT_MODIFIED,
  parseReplyMarkup,
  readBotApiRequest,
  textParam,
  type FormattedText,
  type ReplyMarkup,
  type UploadedFile,
} from './bot-api-stand-in.ts';

/** The person at the keyboard: always the same Telegram user, so their cases are there next time. */
export const TERMINAL_LAWYER: User = {
  id: 1,
  is_bot: false,
  first_name: 'Terminal lawyer',
  language_code: 'en',
};
const TERMINAL_CHAT: Chat.PrivateChat = {
  id: TERMINAL_LAWYER.id,
  type: 'private',
  first_name: TERMINAL_LAWYER.first_name,
};

/** The bot's own user, so no getMe call is needed. */
export const TERMINAL_BOT: UserFromGetMe = botUserFromGetMe({
  id: 1_000_000,
  first_name: 'MegaAgent Pro',
  username: 'megaagent_terminal_bot',
});

// ---------------------------------------------------------------------------------------------
// Drawing on the terminal
// ---------------------------------------------------------------------------------------------

const INDENT = '      ';
const ANSI = {
  bold: ['\x1b[1m', '\x1b[22m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  underline: ['\x1b[4m', '\x1b[24m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
} as const;
export type Style = keyof typeof ANSI;

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe to print: no control characters but line breaks and tabs. */
function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

export function paint(text: string, style: Style, color: boolean): string {
  return color ? `${ANSI[style][0]}${text}${ANSI[style][1]}` : text;
}

const STYLE_OF_ENTITY: Partial<Record<MessageEntity['type'], Style>> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
};

/**
 * A message as Telegram shows it (its text and entities) as terminal text: bold, italic and underline as
 * ANSI styles when `color` is on, a link as "text (url)". Control characters are dropped from the text
 * piece by piece, so what a user typed (say, `&#27;[2J` as a client name) can never become an escape
 * sequence: only the styles add any.
 */
export function renderFormatted({ text, entities }: FormattedText, color: boolean): string {
  const opens = new Map<number, string>();
  const closes = new Map<number, string>();
  const links = new Map<number, string>();
  for (const entity of entities) {
    const end = entity.offset + entity.length;
    const style = STYLE_OF_ENTITY[entity.type];
    if (style && color) {
      opens.set(entity.offset, (opens.get(entity.offset) ?? '') + ANSI[style][0]);
      // Entities come outer first, so an inner one closes before the one around it.
      closes.set(end, ANSI[style][1] + (closes.get(end) ?? ''));
    }
    if (entity.type === 'text_link' && text.slice(entity.offset, end) !== entity.url)
      links.set(end, `${links.get(end) ?? ''} (${printable(entity.url)})`);
  }
  const cuts = [...new Set([0, text.length, ...opens.keys(), ...closes.keys(), ...links.keys()])].sort(
    (x, y) => x - y,
  );
  let out = '';
  cuts.forEach((at, i) => {
    out += (closes.get(at) ?? '') + (links.get(at) ?? '') + (opens.get(at) ?? '');
    const next = cuts[i + 1];
    if (next !== undefined) out += printable(text.slice(at, next));
  });
  return out;
}

export interface Screen {
  color: boolean;
  write(text: string): void;
  /** A message in the chat: "you ›" or "bot ›" before its first line, later lines indented under it. */
  said(who: 'you' | 'bot', body: string): void;
  /** What the terminal itself says (not the bot): dimmed and indented. */
  note(text: string): void;
}

/** The chat drawn on `output`, with ANSI styles when `color` is on. */
export function createScreen(output: { write(text: string): unknown }, color: boolean): Screen {
  const write = (text: string) => {
    output.write(text);
  };
  return {
    color,
    write,
    said(who, body) {
      const label =
        who === 'bot' ? paint(paint('bot ›', 'bold', color), 'cyan', color) : paint('you ›', 'bold', color);
      write(`${label} ${body.split('\n').join(`\n${INDENT}`)}\n`);
    },
    note(text) {
      write(`${INDENT}${paint(printable(text), 'dim', color)}\n`);
    },
  };
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${String(bytes)} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

// ---------------------------------------------------------------------------------------------
// The terminal's Telegram: a Bot API server on loopback and the chat's state
// ---------------------------------------------------------------------------------------------

type Params = Record<string, unknown>;
/** A message in a private chat, as updates carry it. */
type PrivateMessage = NonNullable<Update['message']>;

interface ShownMessage {
  message: Message;
  /** The inline keyboard as it is shown now (empty when none). */
  buttons: InlineKeyboardButton[][];
  /** Text or caption as the bot last sent it, markup included: redrawn after a keyboard-only edit. */
  source: string | undefined;
  parseMode: string | undefined;
}

interface KnownFile {
  fileId: string;
  uniqueId: string;
  name: string;
  mimeType: string;
  size: number;
  /** Where getFile says it is and the download URL serves it. */
  path: string;
  /** Null for a file over Telegram's 20 MB download limit: getFile refuses it, as Telegram does. */
  bytes: Buffer | null;
}

export type PressedButton = { update: Update; label: string } | { problem: string };

export interface TerminalTelegram {
  /** The bot's API root and token: `${apiRoot}/bot${token}/<method>`. */
  apiRoot: string;
  token: string;
  /** The update for a message the lawyer typed (commands get their bot_command entity). */
  typed(text: string): Update;
  /** The callback query for button `number` of the latest message showing buttons; null when there is no such button. */
  press(number: number): PressedButton | null;
  /** The update for a document sent from `path`; rejects with a message a person can act on. */
  attach(path: string): Promise<{ update: Update; file: KnownFile }>;
  close(): Promise<void>;
}

/** Texts of a reply keyboard (the buttons under the message field), or [] for any other markup. */
function replyKeyboardOf(markup: ReplyMarkup | undefined): string[] {
  if (markup === undefined || !('keyboard' in markup)) return [];
  return markup.keyboard.flat().map((button) => (typeof button === 'string' ? button : button.text));
}

/** The inline keyboard of a call, rows as sent; refused as Telegram refuses a malformed one. */
function inlineRowsOf(markup: ReplyMarkup | undefined): InlineKeyboardButton[][] {
  return inlineOnly(markup)?.inline_keyboard ?? [];
}

function buttonLabel(button: InlineKeyboardButton): string {
  return 'url' in button ? `${button.text} (${button.url})` : button.text;
}

/** Rows of numbered buttons: `[1] New case  [2] My cases`. */
function keyboardLines(rows: InlineKeyboardButton[][], color: boolean): string {
  let number = 0;
  return rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row
        .map((button) => `${paint(`[${String(++number)}]`, 'bold', color)} ${printable(buttonLabel(button))}`)
        .join('  '),
    )
    .join('\n');
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** Starts the terminal's Telegram on a free loopback port; documents the bot sends are saved in `outboxDir`. */
export async function startTerminalTelegram(screen: Screen, outboxDir: string): Promise<TerminalTelegram> {
  // A fresh token each run: other processes on this machine cannot fetch the documents from the port.
  const token = `${String(TERMINAL_BOT.id)}:${randomBytes(24).toString('base64url')}`;
  const messages = new Map<number, ShownMessage>();
  const filesById = new Map<string, KnownFile>();
  const filesByPath = new Map<string, KnownFile>();
  // One sequence per chat, shared by both sides, as in Telegram.
  let lastMessageId = 0;
  let lastUpdateId = 0;
  let lastFile = 0;
  const now = () => Math.floor(Date.now() / 1000);

  function remember(file: Omit<KnownFile, 'fileId' | 'uniqueId' | 'path'>): KnownFile {
    lastFile += 1;
    const extension = /\.([a-z0-9]{1,8})$/i.exec(file.name)?.[1] ?? 'bin';
    const known: KnownFile = {
      ...file,
      fileId: `terminal-file-${String(lastFile)}-${randomBytes(6).toString('hex')}`,
      uniqueId: `terminal-${String(lastFile)}`,
      path: `documents/file_${String(lastFile)}.${extension.toLowerCase()}`,
    };
    filesById.set(known.fileId, known);
    filesByPath.set(known.path, known);
    return known;
  }

  function shown(params: Params): ShownMessage {
    const id = intParam(params, 'message_id');
    const found = id === undefined ? undefined : messages.get(id);
    if (!found) throw badRequest('message to edit not found');
    return found;
  }

  function draw(entry: ShownMessage, body: string, replyMarkup: ReplyMarkup | undefined): void {
    screen.said('bot', body);
    if (entry.buttons.length > 0)
      screen.write(
        `${INDENT}${keyboardLines(entry.buttons, screen.color).split('\n').join(`\n${INDENT}`)}\n`,
      );
    const suggested = replyKeyboardOf(replyMarkup);
    if (suggested.length > 0) screen.note(`(suggested replies: ${suggested.join(' | ')})`);
  }

  function post(params: Params, content: Partial<Message>, body: string): Message {
    const markup = parseReplyMarkup(params);
    const buttons = inlineRowsOf(markup);
    lastMessageId += 1;
    const message = {
      message_id: lastMessageId,
      date: now(),
      chat: TERMINAL_CHAT,
      from: TERMINAL_BOT,
      ...content,
      ...(buttons.length > 0 && { reply_markup: { inline_keyboard: buttons } }),
    } as Message;
    const entry: ShownMessage = {
      message,
      buttons,
      source: textParam(params, 'text') ?? textParam(params, 'caption'),
      parseMode: textParam(params, 'parse_mode'),
    };
    messages.set(message.message_id, entry);
    draw(entry, body, markup);
    return message;
  }

  function sendMessage(params: Params): Message {
    const shown = formattedParam(params, 'text');
    return post(
      params,
      { text: shown.text, ...(shown.entities.length > 0 && { entities: shown.entities }) },
      renderFormatted(shown, screen.color),
    );
  }

  async function sendFile(
    method: string,
    params: Params,
    uploads: Map<string, UploadedFile>,
  ): Promise<Message> {
    const caption =
      textParam(params, 'caption') === undefined ? undefined : formattedParam(params, 'caption');
    const field = method.slice('send'.length).toLowerCase();
    const reference = textParam(params, field);
    const upload = reference?.startsWith('attach://')
      ? uploads.get(reference.slice('attach://'.length))
      : undefined;
    const existing = reference === undefined ? undefined : filesById.get(reference);
    if (!upload && !existing) throw badRequest(`there is no ${field} in the request`);
    const bytes = upload?.bytes ?? existing?.bytes ?? null;
    const name = basename(upload?.filename ?? existing?.name ?? `${field}.bin`);
    const file =
      existing ??
      remember({
        name,
        mimeType: claimedMimeType({ name }) ?? 'application/octet-stream',
        size: bytes?.length ?? 0,
        bytes,
      });
    let where = 'too large for the terminal to keep';
    if (bytes !== null) {
      await mkdir(outboxDir, { recursive: true });
      where = join(outboxDir, `${String(lastMessageId + 1)}-${name.replace(/[^\w.\- ]+/g, '_')}`);
      await writeFile(where, bytes);
      where = `saved to ${where}`;
    }
    const body = [
      `[${field}] ${printable(name)}, ${kilobytes(file.size)}, ${where}`,
      ...(caption === undefined ? [] : [renderFormatted(caption, screen.color)]),
    ].join('\n');
    const attachment = { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size };
    return post(
      params,
      {
        ...(field === 'document'
          ? { document: { ...attachment, file_name: file.name, mime_type: file.mimeType } }
          : { caption: `(${field})` }),
        ...(caption !== undefined && { caption: caption.text }),
      },
      body,
    );
  }

  /** editMessageText, editMessageCaption (a new `source`) and editMessageReplyMarkup (none). */
  function edit(params: Params, field: 'text' | 'caption' | null): Message {
    const entry = shown(params);
    const markup = parseReplyMarkup(params);
    const buttons = inlineRowsOf(markup);
    const source = field === null ? entry.source : (textParam(params, field) ?? '');
    const parseMode = field === null ? entry.parseMode : textParam(params, 'parse_mode');
    if (
      source === entry.source &&
      parseMode === entry.parseMode &&
      JSON.stringify(buttons) === JSON.stringify(entry.buttons)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    // A keyboard-only edit redraws the text as it was accepted before.
    const current =
      field !== null
        ? formattedParam(params, field)
        : source === undefined
          ? undefined
          : formatText(source, parseMode, undefined);
    const { reply_markup: _previous, ...unchanged } = entry.message;
    entry.message = {
      ...unchanged,
      ...(field === 'text' && current && { text: current.text, entities: current.entities }),
      ...(field === 'caption' && current && { caption: current.text, caption_entities: current.entities }),
      edit_date: now(),
      ...(buttons.length > 0 && { reply_markup: { inline_keyboard: buttons } }),
    };
    Object.assign(entry, { buttons, source, parseMode });
    const body = current === undefined ? '' : renderFormatted(current, screen.color);
    draw(entry, `${paint('(edited)', 'dim', screen.color)} ${body}`, markup);
    return entry.message;
  }

  function getFile(params: Params): unknown {
    const file = filesById.get(textParam(params, 'file_id') ?? '');
    if (!file) throw badRequest('invalid file_id');
    if (file.bytes === null) throw badRequest('file is too big');
    return {
      file_id: file.fileId,
      file_unique_id: file.uniqueId,
      file_size: file.size,
      file_path: file.path,
    };
  }

  async function call(method: string, params: Params, uploads: Map<string, UploadedFile>): Promise<unknown> {
    const chatId = textParam(params, 'chat_id');
    if (chatId !== undefined && chatId !== String(TERMINAL_CHAT.id)) {
      // Another user of this database (a broadcast's recipient, a colleague's job) has no chat here: refused
      // as Telegram refuses a chat the bot never had, never drawn as if it were the person's at the keyboard.
      screen.note(`(the bot wrote to Telegram user ${printable(chatId)}, who is not in this terminal)`);
      throw badRequest('chat not found');
    }
    switch (method) {
      case 'getMe':
        return TERMINAL_BOT;
      case 'sendMessage':
        return sendMessage(params);
      case 'editMessageText':
        return edit(params, 'text');
      case 'editMessageCaption':
        return edit(params, 'caption');
      case 'editMessageReplyMarkup':
        return edit(params, null);
      case 'deleteMessage': {
        const id = intParam(params, 'message_id');
        if (id === undefined || !messages.delete(id)) throw badRequest('message to delete not found');
        screen.note('(the bot deleted one of its messages)');
        return true;
      }
      case 'answerCallbackQuery': {
        const text = textParam(params, 'text');
        if (text)
          screen.said(
            'bot',
            `${paint(params.show_alert === true ? '(alert)' : '(notice)', 'dim', screen.color)} ${printable(text)}`,
          );
        return true;
      }
      case 'getFile':
        return getFile(params);
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: 0 };
      case 'sendChatAction':
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'setChatMenuButton':
      case 'deleteWebhook':
      case 'answerInlineQuery':
        return true;
      default:
        if (/^send(Document|Photo|Audio|Video|Voice|Animation)$/.test(method))
          return sendFile(method, params, uploads);
        screen.note(`(the bot called ${method}, which the terminal does not show)`);
        if (method.startsWith('send')) return post(params, { text: `(${method})` }, `(${method})`);
        return true;
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (download) {
      const file = download[1] === token ? filesByPath.get(decodeURIComponent(download[2] ?? '')) : undefined;
      if (!file?.bytes) {
        respond(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (!api || api[1] !== token) {
      respond(res, api ? 401 : 404, {
        ok: false,
        error_code: api ? 401 : 404,
        description: api ? 'Unauthorized' : 'Not Found',
      });
      return;
    }
    try {
      const { params, files } = await readBotApiRequest(req, url);
      respond(res, 200, { ok: true, result: await call(api[2] ?? '', params, files) });
    } catch (err) {
      if (err instanceof BotApiError) {
        respond(res, err.code, { ok: false, error_code: err.code, description: err.message });
        return;
      }
      // The bot sees a failed call (its error boundary answers); the person at the terminal sees why.
      screen.note(`(the terminal could not handle ${api[2] ?? 'a call'}: ${String((err as Error).message)})`);
      respond(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    }
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      screen.note(`(the terminal's Telegram failed: ${String(err)})`);
      res.destroy();
    });
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => listening());
  });
  const { port } = server.address() as AddressInfo;

  function nextUpdate(content: Omit<Update, 'update_id'>): Update {
    lastUpdateId += 1;
    return { update_id: lastUpdateId, ...content };
  }

  function lawyerMessage(content: Partial<Message>): PrivateMessage {
    lastMessageId += 1;
    return {
      message_id: lastMessageId,
      date: now(),
      chat: TERMINAL_CHAT,
      from: TERMINAL_LAWYER,
      ...content,
    } as PrivateMessage;
  }

  return {
    apiRoot: `http://127.0.0.1:${String(port)}`,
    token,

    typed(text) {
      const entities = commandEntities(text);
      return nextUpdate({ message: lawyerMessage({ text, ...(entities.length > 0 && { entities }) }) });
    },

    press(number) {
      const latest = [...messages.values()].filter((entry) => entry.buttons.length > 0).at(-1);
      const button = latest?.buttons.flat()[number - 1];
      if (!latest || !button) return null;
      if ('callback_data' in button) {
        const update = nextUpdate({
          callback_query: {
            id: `terminal-${randomBytes(6).toString('hex')}`,
            from: TERMINAL_LAWYER,
            chat_instance: 'terminal',
            message: latest.message,
            data: button.callback_data,
          },
        });
        return { update, label: button.text };
      }
      if ('url' in button) return { problem: `“${button.text}” opens ${button.url} in a browser.` };
      return { problem: `“${button.text}” is a kind of button the terminal cannot press.` };
    },

    async attach(path) {
      const full = resolve(path.replace(/^~(?=\/|$)/, homedir()));
      const info = await stat(full);
      if (!info.isFile()) throw new Error(`${full} is not a file`);
      const name = basename(full);
      const file = remember({
        name,
        mimeType: claimedMimeType({ name }) ?? 'application/octet-stream',
        size: info.size,
        // Telegram delivers larger documents but never lets a bot download them: no point reading them.
        bytes: info.size > DOWNLOAD_LIMIT_BYTES ? null : await readFile(full),
      });
      const document = {
        file_id: file.fileId,
        file_unique_id: file.uniqueId,
        file_name: name,
        mime_type: file.mimeType,
        file_size: file.size,
      };
      return { update: nextUpdate({ message: lawyerMessage({ document }) }), file };
    },

    async close() {
      server.closeAllConnections();
      await new Promise<void>((closed, failed) => server.close((err) => (err ? failed(err) : closed())));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The conversation: one line at a time, each update handled before the next line is read
// ---------------------------------------------------------------------------------------------

type Line =
  | { kind: 'nothing' }
  | { kind: 'quit' }
  | { kind: 'file'; path: string | undefined }
  | { kind: 'press'; number: number; text: string }
  | { kind: 'text'; text: string };

/** What a typed line means: a terminal command, a button number, or a message to the bot. */
export function parseLine(line: string): Line {
  const text = line.trim();
  if (text === '') return { kind: 'nothing' };
  if (/^\/(quit|exit)$/i.test(text)) return { kind: 'quit' };
  const file = /^\/file(?:\s+(.*))?$/i.exec(text);
  if (file) {
    const path = file[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
    return { kind: 'file', path: path === '' ? undefined : path };
  }
  if (/^\d{1,3}$/.test(text)) return { kind: 'press', number: Number(text), text };
  // A backslash sends the rest as it is: `\2` is the text "2", not button 2.
  if (text.startsWith('\\')) {
    const literal = text.slice(1).trim();
    return literal === '' ? { kind: 'nothing' } : { kind: 'text', text: literal };
  }
  return { kind: 'text', text };
}

/**
 * Reads the person's lines until /quit, end of input (Ctrl-D) or SIGINT/SIGTERM, and hands each to the bot
 * as Telegram would deliver it, one update handled before the next line is read.
 */
export async function converse(
  bot: Bot<BotContext>,
  telegram: TerminalTelegram,
  screen: Screen,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  interactive: boolean,
  logFailure: (err: unknown, update: Update) => void,
): Promise<void> {
  const lines = createInterface({
    input,
    ...(interactive ? { output, terminal: true } : { terminal: false }),
  });
  lines.setPrompt(`${paint('you ›', 'bold', screen.color)} `);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130); // a second interrupt: the person wants out now
    stopping = true;
    lines.close();
  };
  lines.on('SIGINT', stop);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let hintShown = false;

  async function deliver(update: Update): Promise<void> {
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      logFailure(err, update);
      screen.note(`(the bot failed on that and did not answer: ${String((err as Error).message)})`);
    }
  }

  try {
    if (interactive) lines.prompt();
    for await (const raw of lines) {
      if (stopping) break;
      if (!interactive) screen.said('you', printable(raw));
      const line = parseLine(raw);
      if (line.kind === 'quit') break;
      if (line.kind === 'file') {
        if (line.path === undefined)
          screen.note('Which file? For example: /file ~/Documents/award-certificate.pdf');
        else {
          try {
            const { update, file } = await telegram.attach(line.path);
            screen.note(`(sent ${file.name}, ${file.mimeType}, ${kilobytes(file.size)})`);
            await deliver(update);
          } catch (err) {
            screen.note(`Could not send ${line.path}: ${String((err as Error).message)}`);
          }
        }
      } else if (line.kind === 'press') {
        const pressed = telegram.press(line.number);
        if (pressed === null) await deliver(telegram.typed(line.text));
        else if ('problem' in pressed) screen.note(pressed.problem);
        else {
          screen.note(
            hintShown
              ? `(pressed “${pressed.label}”)`
              : `(pressed “${pressed.label}”; to send the number as text, type \\${line.text})`,
          );
          hintShown = true;
          await deliver(pressed.update);
        }
      } else if (line.kind === 'text') {
        await deliver(telegram.typed(line.text));
      }
      if (interactive && !stopping) {
        screen.write('\n');
        lines.prompt();
      }
    }
  } finally {
    lines.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
