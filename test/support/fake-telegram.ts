// A fake Telegram Bot API server on loopback, so end-to-end tests can drive the real bot process over HTTP.
//
// It keeps the parts of the real API that bots get wrong: long polling with offsets, the 409 a second
// poller or an active webhook causes, HTML/Markdown parse errors, the 4096-character limit, "message is
// not modified", callback data over 64 bytes, and file upload/download. Error descriptions follow the
// real server's wording so code that matches on them behaves the same here.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  File as TelegramFile,
  InlineKeyboardButton,
  Message,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';
import {
  BotApiError,
  badRequest,
  botUserFromGetMe,
  commandEntities,
  DOWNLOAD_LIMIT_BYTES,
  flagParam,
  formattedParam,
  inlineButtons,
  inlineOnly,
  intParam,
  jsonParam,
  NOT_MODIFIED,
  parseReplyMarkup,
  readBotApiRequest,
  textParam,
  UPLOAD_LIMIT_BYTES,
  type BotApiRequest,
  type ReplyMarkup,
  type UploadedFile,
} from '../../bot/transports/bot-api-stand-in.ts';
import { watchForSecret } from './log-scan.ts';

// ── Public types ─────────────────────────────────────────────────────────────────────────────

/** A Telegram user as a test describes them; the fake fills in the rest of the User object. */
export interface FakeUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type { ReplyMarkup };

/** A document the bot sent, with the bytes exactly as uploaded. */
export interface SentDocument {
  file_id: string;
  file_unique_id: string;
  file_name: string;
  mime_type: string;
  bytes: Buffer;
}

/** One message the bot sent or edited, as the lawyer would see it. */
export interface SentMessage {
  method:
    'sendMessage' | 'editMessageText' | 'editMessageCaption' | 'editMessageReplyMarkup' | 'sendDocument';
  chat_id: number;
  message_id: number;
  /** What the lawyer sees: markup parsed away (`<b>Case</b>` becomes `Case`); the caption for documents. */
  text: string | undefined;
  /** Exactly what the bot sent, markup included. */
  sent_text: string | undefined;
  parse_mode: string | undefined;
  /** The markup the bot sent with this call (for edits without one: undefined, the keyboard is gone). */
  reply_markup: ReplyMarkup | undefined;
  /** Inline keyboard buttons flattened row by row, for easy matching. */
  buttons: InlineKeyboardButton[];
  document: SentDocument | undefined;
  /** The Message object the API returned to the bot. */
  message: Message;
  at: number;
}

/** One HTTP call the bot made to the API, recorded when it arrives. */
export interface ApiCall {
  method: string;
  /** Parameters as received: JSON as sent; form fields as strings; uploaded files as `{ filename, size }`. */
  body: Record<string, unknown>;
  at: number;
  /** HTTP status answered (0: the connection was cut with no answer); undefined while a long poll is open. */
  status?: number;
  /** The error description when the call failed. */
  error?: string;
  /** True when the call came back inside a webhook response rather than over its own request. */
  viaWebhookReply?: boolean;
}

/**
 * A refusal as the real API or its front proxy answers. `delivered`: the call was carried out first (the
 * message is in the chat) and the answer still failed, as happens behind Telegram's proxy; a client cannot
 * tell that from the undelivered kind. `reset` cuts the connection with no answer at all.
 */
export type InjectedFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502; delivered?: boolean }
  | { status: 401 }
  | { status: 409 }
  | { status: 'reset'; delivered: boolean };

export interface WebhookSettings {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  max_connections?: number;
}

export interface FakeTelegram {
  /** Pass as grammY's `client.apiRoot`: `http://127.0.0.1:<port>`. */
  apiRoot: string;
  token: string;
  /** What getMe returns. */
  botUser: UserFromGetMe;

  /** A user types `text` (commands get bot_command entities); returns the queued update. */
  sendText(from: FakeUser, text: string, chat?: Partial<Chat>): Update;
  /** A user presses an inline button of a bot message; throws if the message no longer shows that button. */
  clickButton(from: FakeUser, message: SentMessage, callbackData: string): Update;
  /**
   * A user sends a file; getFile and the download URL then serve its bytes. `mediaGroupId` sends it as
   * part of an album (Telegram delivers each file of an album as its own update with the same id).
   */
  sendDocument(
    from: FakeUser,
    file: { name: string; mime: string; bytes: Buffer },
    caption?: string,
    mediaGroupId?: string,
  ): Update;
  /** Queues a raw update (edge cases, or an explicit update_id for redelivery). */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update;

  /** Every message the bot sent or edited, in order. */
  sent: SentMessage[];
  /** Every API call, in order of arrival. */
  calls: ApiCall[];
  /** Updates below this id were confirmed by a getUpdates offset: Telegram never sends them again. */
  confirmedBelow(): number;
  /** Resolves with the first sent message (past or future) that matches. */
  waitFor(predicate: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  /** Resolves with the first call (past or future) of `method`. */
  waitForCall(method: string, timeoutMs?: number): Promise<ApiCall>;

  /** A user who wrote to the bot at some point (the bot may message them), without an update to handle. */
  knowUser(from: FakeUser): void;
  /** The user blocks the bot: messages to them get Telegram's 403. */
  blockBot(userId: number): void;
  /** sendMessage calls refused with 429 by the flood limit (see `floodLimit`). */
  floodRefusals(): number;

  /** The next `times` calls of `method` fail as the real API or its front proxy would. */
  /** Fails the next `times` calls of `method` (or file downloads, with method 'download'). */
  failNext(method: string, fault: InjectedFault, times?: number): void;

  /** Set by setWebhook, cleared by deleteWebhook. */
  webhook: WebhookSettings | null;
  /** Posts `update` to the webhook as Telegram does, and runs a method returned in the response body. */
  deliverToWebhook(update: Update): Promise<{ status: number; body: string }>;

  close(): Promise<void>;
}

// ── Limits and wording of the real API ───────────────────────────────────────────────────────

const DEFAULT_WAIT_MS = 5_000;
const WEBHOOK_TIMEOUT_MS = 60_000;

const CALLBACK_QUERY_INVALID = 'query is too old and response timeout expired or query ID is invalid';
const CONFLICT_OTHER_POLLER =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const CONFLICT_WEBHOOK_ACTIVE =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n';

// Without allowed_updates the real API sends everything except these three.
const OPT_IN_UPDATE_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

// ── The server ───────────────────────────────────────────────────────────────────────────────

interface StoredMessage {
  message: Message;
  fromBot: boolean;
}

interface ChatState {
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  file_name: string;
  mime_type: string;
  bytes: Buffer;
}

interface PendingPoll {
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (err: BotApiError) => void;
  timer: NodeJS.Timeout;
}

interface Waiter<T> {
  matches: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

type Handler = (req: BotApiRequest, signal: AbortSignal) => unknown;

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

const randomId = (prefix: string, bytes: number) => prefix + randomBytes(bytes).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const updateType = (u: Update) => Object.keys(u).find((k) => k !== 'update_id') ?? 'unknown';
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function describeSent(m: SentMessage, index: number): string {
  const text = (m.text ?? '').replace(/\s+/g, ' ');
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  const buttons = m.buttons.map((b) => ('callback_data' in b ? `${b.text} (${b.callback_data})` : b.text));
  const doc = m.document ? ` [document ${m.document.file_name}]` : '';
  return `  ${index + 1}. ${m.method} chat ${m.chat_id} #${m.message_id}: "${shown}"${doc}${buttons.length ? ` [buttons: ${buttons.join(', ')}]` : ''}`;
}

function describeFailedCalls(calls: ApiCall[]): string {
  const failed = calls.filter((c) => c.error !== undefined);
  if (failed.length === 0) return '';
  return `\nFailed API calls (${failed.length}):\n${failed
    .slice(-10)
    .map((c) => `  ${c.method} -> ${c.status} ${c.error}`)
    .join('\n')}`;
}

/**
 * Telegram's flood control, as far as bots can observe it: more than `messagesPerSecond` messages in any
 * one-second window (over every chat) and the next is refused with 429 and `retry_after`.
 */
export interface FloodLimit {
  messagesPerSecond: number;
  /** What the 429 asks for (default 1 s). */
  retryAfterSeconds?: number;
}

export async function startFakeTelegram(
  opts: { token?: string; botUser?: Partial<User>; floodLimit?: FloodLimit } = {},
): Promise<FakeTelegram> {
  const token = opts.token ?? '123456:TEST-TOKEN';
  watchForSecret(token);
  const botId = Number(token.split(':')[0]);
  const botUser = botUserFromGetMe({
    id: Number.isInteger(botId) && botId > 0 ? botId : 123456,
    first_name: 'MegaAgent Pro (test)',
    username: 'megaagent_test_bot',
    can_join_groups: true,
    ...(opts.botUser as Partial<UserFromGetMe>),
  });

  const sent: SentMessage[] = [];
  const calls: ApiCall[] = [];
  const chats = new Map<number, ChatState>();
  const files = new Map<string, StoredFile>();
  const filesByPath = new Map<string, StoredFile>();
  const callbackQueries = new Map<string, { answered: boolean }>();
  const commands = new Map<string, BotCommand[]>();
  const faults = new Map<string, InjectedFault[]>();
  const sentWaiters = new Set<Waiter<SentMessage>>();
  const blockedBy = new Set<number>();
  // When each message accepted within the last second arrived, oldest first (for the flood limit).
  const recentSends: number[] = [];
  let floodRefusals = 0;
  const callWaiters = new Set<Waiter<ApiCall>>();

  // Update ids start high, like real ones, so nothing can assume they start at 1.
  let queue: Update[] = [];
  let nextUpdateId = 700_000_001;
  let confirmedBelow = 0;
  let pollAllowed: Set<string> | null = null;
  let pendingPoll: PendingPoll | null = null;
  let lastWebhookError: { date: number; message: string } | null = null;
  let nextFileNumber = 1;
  let nextCallbackId = 4_200_000_000_000_000_001n;
  let closed = false;

  // ── state helpers ──

  function chatState(chat: Chat): ChatState {
    const existing = chats.get(chat.id);
    if (existing) {
      existing.chat = { ...existing.chat, ...chat } as Chat;
      return existing;
    }
    const state: ChatState = { chat, nextMessageId: 1, messages: new Map() };
    chats.set(chat.id, state);
    return state;
  }

  function resolveChat(p: Record<string, unknown>): ChatState {
    const raw = textParam(p, 'chat_id');
    if (raw === undefined || raw === '') throw badRequest('chat_id is empty');
    const byId = /^-?\d+$/.test(raw) ? chats.get(Number(raw)) : undefined;
    const byName = raw.startsWith('@')
      ? [...chats.values()].find((c) => 'username' in c.chat && `@${c.chat.username}` === raw)
      : undefined;
    const state = byId ?? byName;
    if (!state) throw badRequest('chat not found');
    return state;
  }

  function storedMessage(state: ChatState, p: Record<string, unknown>, missing: string): StoredMessage {
    const id = intParam(p, 'message_id');
    if (id === undefined) throw badRequest('message identifier is not specified');
    const stored = state.messages.get(id);
    if (!stored) throw badRequest(missing);
    return stored;
  }

  function userObject(from: FakeUser): User {
    return {
      id: from.id,
      is_bot: false,
      first_name: from.first_name ?? 'Test',
      ...(from.last_name !== undefined && { last_name: from.last_name }),
      ...(from.username !== undefined && { username: from.username }),
      language_code: from.language_code ?? 'en',
    };
  }

  function privateChat(from: FakeUser, chat?: Partial<Chat>): Chat {
    const base: Chat.PrivateChat = {
      id: from.id,
      type: 'private',
      first_name: from.first_name ?? 'Test',
      ...(from.last_name !== undefined && { last_name: from.last_name }),
      ...(from.username !== undefined && { username: from.username }),
    };
    return { ...base, ...chat } as Chat;
  }

  function allowedNow(): Set<string> | null {
    const list = api.webhook ? api.webhook.allowed_updates : undefined;
    if (api.webhook) return list && list.length > 0 ? new Set(list) : null;
    return pollAllowed;
  }

  function enqueue(update: Update): Update {
    const type = updateType(update);
    const allowed = allowedNow();
    // The real API never creates updates of types the bot did not subscribe to.
    const wanted = allowed ? allowed.has(type) : !OPT_IN_UPDATE_TYPES.has(type);
    if (!wanted) return update;
    queue.push(update);
    if (pendingPoll) {
      const poll = pendingPoll;
      pendingPoll = null;
      clearTimeout(poll.timer);
      poll.resolve(queue.slice(0, poll.limit));
    }
    return update;
  }

  function remember(message: Message, fromBot: boolean): void {
    const state = chatState(message.chat);
    state.messages.set(message.message_id, { message, fromBot });
    state.nextMessageId = Math.max(state.nextMessageId, message.message_id + 1);
  }

  function recordSent(entry: Omit<SentMessage, 'at' | 'buttons'>): void {
    const full: SentMessage = { ...entry, buttons: inlineButtons(entry.reply_markup), at: Date.now() };
    sent.push(full);
    for (const w of sentWaiters) {
      if (w.matches(full)) {
        sentWaiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(full);
      }
    }
  }

  function recordCall(call: ApiCall): void {
    calls.push(call);
    for (const w of callWaiters) {
      if (w.matches(call)) {
        callWaiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(call);
      }
    }
  }

  function storeFile(name: string, mime: string, bytes: Buffer): StoredFile {
    const n = nextFileNumber++;
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1] ?? 'dat';
    const file: StoredFile = {
      file_id: randomId('BQACAgIAAxkBAAI', 30),
      file_unique_id: randomId('AgAD', 9),
      file_path: `documents/file_${n}.${ext}`,
      file_name: name,
      mime_type: mime,
      bytes,
    };
    files.set(file.file_id, file);
    filesByPath.set(file.file_path, file);
    return file;
  }

  const documentOf = (f: StoredFile) => ({
    file_name: f.file_name,
    mime_type: f.mime_type,
    file_id: f.file_id,
    file_unique_id: f.file_unique_id,
    file_size: f.bytes.length,
  });

  function replyTarget(state: ChatState, p: Record<string, unknown>): Pick<Message, 'reply_to_message'> {
    const params = jsonParam<{ message_id?: number; allow_sending_without_reply?: boolean }>(
      p,
      'reply_parameters',
      'reply parameters',
    );
    const id = params?.message_id ?? intParam(p, 'reply_to_message_id');
    if (id === undefined) return {};
    const target = state.messages.get(id);
    // A replied-to message comes without its own reply_to_message, as in the real API.
    if (target) return { reply_to_message: { ...target.message, reply_to_message: undefined } };
    if (params?.allow_sending_without_reply || flagParam(p, 'allow_sending_without_reply')) return {};
    throw badRequest('message to be replied not found');
  }

  // ── methods ──

  const handlers: Record<string, Handler> = {
    getMe: () => botUser,

    getUpdates: ({ params: p }, signal) => {
      if (api.webhook) throw new BotApiError(409, CONFLICT_WEBHOOK_ACTIVE);
      const offset = intParam(p, 'offset');
      const limit = Math.min(100, Math.max(1, intParam(p, 'limit') ?? 100));
      const timeout = Math.max(0, intParam(p, 'timeout') ?? 0);
      const allowed = jsonParam<string[]>(p, 'allowed_updates', 'allowed updates');
      if (allowed !== undefined) pollAllowed = allowed.length > 0 ? new Set(allowed) : null;
      if (offset !== undefined && offset < 0) {
        // A negative offset keeps only the last -offset updates and forgets the rest.
        queue = queue.slice(offset);
      } else if (offset !== undefined && offset > 0) {
        queue = queue.filter((u) => u.update_id >= offset);
        confirmedBelow = Math.max(confirmedBelow, offset);
      }
      if (pendingPoll) {
        const previous = pendingPoll;
        pendingPoll = null;
        clearTimeout(previous.timer);
        previous.reject(new BotApiError(409, CONFLICT_OTHER_POLLER));
      }
      if (queue.length > 0 || timeout === 0) return queue.slice(0, limit);
      return new Promise<Update[]>((resolve, reject) => {
        const poll: PendingPoll = {
          limit,
          resolve,
          reject,
          timer: setTimeout(() => {
            if (pendingPoll === poll) pendingPoll = null;
            resolve([]);
          }, timeout * 1000),
        };
        pendingPoll = poll;
        signal.addEventListener('abort', () => {
          if (pendingPoll === poll) pendingPoll = null;
          clearTimeout(poll.timer);
          resolve([]);
        });
      });
    },

    sendMessage: ({ params: p }) => {
      const state = resolveChat(p);
      if (blockedBy.has(state.chat.id)) throw new BotApiError(403, 'Forbidden: bot was blocked by the user');
      if (opts.floodLimit) {
        const at = performance.now();
        while (recentSends.length > 0 && recentSends[0]! <= at - 1000) recentSends.shift();
        if (recentSends.length >= opts.floodLimit.messagesPerSecond) {
          floodRefusals++;
          const retryAfter = opts.floodLimit.retryAfterSeconds ?? 1;
          throw new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
        }
        recentSends.push(at);
      }
      const { text, entities } = formattedParam(p, 'text');
      const markup = parseReplyMarkup(p);
      const inline = inlineOnly(markup);
      const message: Message = {
        message_id: state.nextMessageId++,
        from: botUser,
        chat: state.chat,
        date: now(),
        ...replyTarget(state, p),
        text,
        ...(entities.length > 0 && { entities }),
        ...(inline && { reply_markup: inline }),
      };
      remember(message, true);
      recordSent({
        method: 'sendMessage',
        chat_id: state.chat.id,
        message_id: message.message_id,
        text,
        sent_text: textParam(p, 'text'),
        parse_mode: textParam(p, 'parse_mode'),
        reply_markup: markup,
        document: undefined,
        message,
      });
      return message;
    },

    editMessageText: ({ params: p }) => editMessage(p, 'editMessageText'),
    editMessageCaption: ({ params: p }) => editMessage(p, 'editMessageCaption'),

    editMessageReplyMarkup: ({ params: p }) => {
      if (textParam(p, 'inline_message_id') !== undefined) throw badRequest('MESSAGE_ID_INVALID');
      const state = resolveChat(p);
      const stored = storedMessage(state, p, 'message to edit not found');
      if (!stored.fromBot) throw badRequest("message can't be edited");
      const markup = parseReplyMarkup(p);
      if (markup !== undefined && !('inline_keyboard' in markup))
        throw badRequest('inline keyboard expected');
      const inline = inlineOnly(markup);
      if (sameJson(inline, stored.message.reply_markup)) throw badRequest(NOT_MODIFIED);
      const { reply_markup: _previous, ...rest } = stored.message;
      const message: Message = { ...rest, edit_date: now(), ...(inline && { reply_markup: inline }) };
      stored.message = message;
      const doc = message.document ? files.get(message.document.file_id) : undefined;
      recordSent({
        method: 'editMessageReplyMarkup',
        chat_id: state.chat.id,
        message_id: message.message_id,
        text: message.text ?? message.caption,
        sent_text: undefined,
        parse_mode: undefined,
        reply_markup: markup,
        document: doc && { ...documentOf(doc), bytes: doc.bytes },
        message,
      });
      return message;
    },

    deleteMessage: ({ params: p }) => {
      const state = resolveChat(p);
      const id = intParam(p, 'message_id');
      if (id === undefined) throw badRequest('message identifier is not specified');
      if (!state.messages.delete(id)) throw badRequest('message to delete not found');
      return true;
    },

    answerCallbackQuery: ({ params: p }) => {
      const query = callbackQueries.get(textParam(p, 'callback_query_id') ?? '');
      if (!query || query.answered) throw badRequest(CALLBACK_QUERY_INVALID);
      if ((textParam(p, 'text') ?? '').length > 200) throw badRequest('MESSAGE_TOO_LONG');
      query.answered = true;
      return true;
    },

    setMyCommands: ({ params: p }) => {
      const list = jsonParam<BotCommand[]>(p, 'commands', 'commands');
      if (!Array.isArray(list)) throw badRequest('parameter "commands" is required');
      if (list.length > 100) throw badRequest('too many commands');
      for (const c of list) {
        if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command))
          throw badRequest('BOT_COMMAND_INVALID');
        if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
          throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      commands.set(
        commandsKey(p),
        list.map((c) => ({ command: c.command, description: c.description })),
      );
      return true;
    },
    getMyCommands: ({ params: p }) => commands.get(commandsKey(p)) ?? [],
    deleteMyCommands: ({ params: p }) => {
      commands.delete(commandsKey(p));
      return true;
    },

    sendChatAction: ({ params: p }) => {
      resolveChat(p);
      if (!CHAT_ACTIONS.has(textParam(p, 'action') ?? ''))
        throw badRequest('wrong parameter action in request');
      return true;
    },

    sendDocument: ({ params: p, files: uploads }) => {
      const state = resolveChat(p);
      const file = documentToSend(p, uploads);
      const caption = textParam(p, 'caption') !== undefined ? formattedParam(p, 'caption') : undefined;
      const markup = parseReplyMarkup(p);
      const inline = inlineOnly(markup);
      const message: Message = {
        message_id: state.nextMessageId++,
        from: botUser,
        chat: state.chat,
        date: now(),
        ...replyTarget(state, p),
        document: documentOf(file),
        ...(caption && caption.text.length > 0 && { caption: caption.text }),
        ...(caption && caption.entities.length > 0 && { caption_entities: caption.entities }),
        ...(inline && { reply_markup: inline }),
      };
      remember(message, true);
      recordSent({
        method: 'sendDocument',
        chat_id: state.chat.id,
        message_id: message.message_id,
        text: caption?.text,
        sent_text: textParam(p, 'caption'),
        parse_mode: textParam(p, 'parse_mode'),
        reply_markup: markup,
        document: { ...documentOf(file), bytes: file.bytes },
        message,
      });
      return message;
    },

    getFile: ({ params: p }) => {
      const file = files.get(textParam(p, 'file_id') ?? '');
      if (!file) throw badRequest('invalid file_id');
      if (file.bytes.length > DOWNLOAD_LIMIT_BYTES) throw badRequest('file is too big');
      const result: TelegramFile = {
        file_id: file.file_id,
        file_unique_id: file.file_unique_id,
        file_size: file.bytes.length,
        file_path: file.file_path,
      };
      return result;
    },

    setWebhook: ({ params: p }) => {
      const url = textParam(p, 'url') ?? '';
      if (url === '') return deleteWebhook(p);
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      }
      const secret = textParam(p, 'secret_token');
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
        throw badRequest('secret token contains unallowed characters');
      }
      const allowed = jsonParam<string[]>(p, 'allowed_updates', 'allowed updates');
      const maxConnections = intParam(p, 'max_connections');
      const already = api.webhook?.url === url;
      api.webhook = {
        url,
        ...(secret !== undefined && { secret_token: secret }),
        ...(allowed !== undefined && { allowed_updates: allowed }),
        ...(maxConnections !== undefined && { max_connections: maxConnections }),
      };
      if (flagParam(p, 'drop_pending_updates')) dropPending();
      if (pendingPoll) {
        const poll = pendingPoll;
        pendingPoll = null;
        clearTimeout(poll.timer);
        poll.reject(new BotApiError(409, 'Conflict: terminated by setWebhook request'));
      }
      return { result: true, description: already ? 'Webhook is already set' : 'Webhook was set' };
    },
    deleteWebhook: ({ params: p }) => deleteWebhook(p),
    getWebhookInfo: () => ({
      url: api.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: queue.length,
      ...(api.webhook && { ip_address: '127.0.0.1', max_connections: api.webhook.max_connections ?? 40 }),
      ...(api.webhook?.allowed_updates && { allowed_updates: api.webhook.allowed_updates }),
      ...(lastWebhookError && {
        last_error_date: lastWebhookError.date,
        last_error_message: lastWebhookError.message,
      }),
    }),

    close: () => true,
    logOut: () => true,
  };
  const handlerByLowerName = new Map(
    Object.entries(handlers).map(([name, h]) => [name.toLowerCase(), { name, h }]),
  );

  function commandsKey(p: Record<string, unknown>): string {
    const scope = jsonParam<{ type: string }>(p, 'scope', 'bot command scope') ?? { type: 'default' };
    return `${JSON.stringify(scope)}|${textParam(p, 'language_code') ?? ''}`;
  }

  function dropPending(): void {
    const last = queue.at(-1);
    queue = [];
    if (last) confirmedBelow = Math.max(confirmedBelow, last.update_id + 1);
  }

  function deleteWebhook(p: Record<string, unknown>): { result: true; description: string } {
    const had = api.webhook !== null;
    api.webhook = null;
    lastWebhookError = null;
    if (flagParam(p, 'drop_pending_updates')) dropPending();
    return { result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
  }

  function documentToSend(p: Record<string, unknown>, uploads: Map<string, UploadedFile>): StoredFile {
    const ref = textParam(p, 'document');
    const attached = ref?.startsWith('attach://')
      ? uploads.get(ref.slice('attach://'.length))
      : uploads.get('document');
    if (attached) {
      if (attached.bytes.length === 0) throw badRequest('file must be non-empty');
      if (attached.bytes.length > UPLOAD_LIMIT_BYTES) throw new BotApiError(413, 'Request Entity Too Large');
      const ext = /\.([A-Za-z0-9]{1,8})$/.exec(attached.filename)?.[1]?.toLowerCase() ?? '';
      return storeFile(
        attached.filename,
        MIME_BY_EXTENSION[ext] ?? 'application/octet-stream',
        attached.bytes,
      );
    }
    if (ref === undefined || ref === '') throw badRequest('there is no document in the request');
    const known = files.get(ref);
    if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
    return known;
  }

  function editMessage(
    p: Record<string, unknown>,
    method: 'editMessageText' | 'editMessageCaption',
  ): Message {
    if (textParam(p, 'inline_message_id') !== undefined) throw badRequest('MESSAGE_ID_INVALID');
    const state = resolveChat(p);
    const stored = storedMessage(state, p, 'message to edit not found');
    if (!stored.fromBot) throw badRequest("message can't be edited");
    const current = stored.message;
    const field = method === 'editMessageText' ? 'text' : 'caption';
    if (field === 'text' && current.text === undefined)
      throw badRequest('there is no text in the message to edit');
    if (field === 'caption' && current.document === undefined)
      throw badRequest('there is no caption in the message to edit');
    const { text, entities } = formattedParam(p, field);
    const markup = parseReplyMarkup(p);
    if (markup !== undefined && !('inline_keyboard' in markup)) throw badRequest('inline keyboard expected');
    // Like the real API, an edit without reply_markup removes the inline keyboard.
    const inline = inlineOnly(markup);
    const entityField = field === 'text' ? 'entities' : 'caption_entities';
    const unchanged =
      current[field] === text &&
      sameJson(current[entityField] ?? [], entities) &&
      sameJson(current.reply_markup, inline);
    if (unchanged) throw badRequest(NOT_MODIFIED);
    const { reply_markup: _m, entities: _e, caption_entities: _c, ...rest } = current;
    const message: Message = {
      ...rest,
      ...(field === 'caption' && current.entities && { entities: current.entities }),
      ...(field === 'text' && current.caption_entities && { caption_entities: current.caption_entities }),
      ...(text.length > 0 && { [field]: text }),
      ...(entities.length > 0 && { [entityField]: entities }),
      edit_date: now(),
      ...(inline && { reply_markup: inline }),
    };
    stored.message = message;
    const doc = message.document ? files.get(message.document.file_id) : undefined;
    recordSent({
      method,
      chat_id: state.chat.id,
      message_id: message.message_id,
      text,
      sent_text: textParam(p, field),
      parse_mode: textParam(p, 'parse_mode'),
      reply_markup: markup,
      document: doc && { ...documentOf(doc), bytes: doc.bytes },
      message,
    });
    return message;
  }

  function takeFault(method: string): InjectedFault | undefined {
    const list = faults.get(method.toLowerCase());
    const fault = list?.shift();
    if (list && list.length === 0) faults.delete(method.toLowerCase());
    return fault;
  }

  /** Runs one API method; shared by HTTP requests and methods returned in webhook responses. */
  async function execute(
    methodName: string,
    req: BotApiRequest,
    signal: AbortSignal,
    viaWebhookReply: boolean,
  ): Promise<{ status: number; payload: unknown; html?: string; hangUp?: boolean }> {
    const found = handlerByLowerName.get(methodName.toLowerCase());
    const body: Record<string, unknown> = { ...req.params };
    for (const [name, f] of req.files) body[name] = { filename: f.filename, size: f.bytes.length };
    const call: ApiCall = {
      method: found?.name ?? methodName,
      body,
      at: Date.now(),
      ...(viaWebhookReply && { viaWebhookReply }),
    };
    recordCall(call);
    const finish = (status: number, payload: unknown, html?: string) => {
      call.status = status;
      if (typeof payload === 'object' && payload !== null && 'description' in payload && status !== 200) {
        call.error = String(payload.description);
      }
      if (html !== undefined) call.error = '502 Bad Gateway (HTML from the proxy)';
      return { status, payload, ...(html !== undefined && { html }) };
    };
    const answerFault = (fault: InjectedFault) => {
      switch (fault.status) {
        case 429:
          return finish(429, {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${fault.retryAfter}`,
            parameters: { retry_after: fault.retryAfter },
          });
        case 500:
          return finish(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
        case 502:
          // Telegram's front proxy answers 502 with an HTML page, not JSON: clients must survive that.
          return finish(502, null, NGINX_502);
        case 401:
          return finish(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        case 409:
          return finish(409, { ok: false, error_code: 409, description: CONFLICT_OTHER_POLLER });
        case 'reset':
          call.status = 0;
          call.error = 'connection cut with no answer';
          return { status: 0, payload: null, hangUp: true };
      }
    };
    const fault = takeFault(call.method);
    const deliveredFirst = fault !== undefined && 'delivered' in fault && fault.delivered === true;
    if (fault && !deliveredFirst) return answerFault(fault);
    if (!found) return finish(404, { ok: false, error_code: 404, description: 'Not Found' });
    let answered: ReturnType<typeof finish>;
    try {
      const outcome = await found.h(req, signal);
      const withDescription =
        typeof outcome === 'object' && outcome !== null && 'result' in outcome && 'description' in outcome;
      answered = finish(200, withDescription ? { ok: true, ...outcome } : { ok: true, result: outcome });
    } catch (err) {
      if (!(err instanceof BotApiError)) throw err;
      answered = finish(err.code, {
        ok: false,
        error_code: err.code,
        description: err.message,
        ...(err.retryAfter !== undefined && { parameters: { retry_after: err.retryAfter } }),
      });
    }
    // Carried out, and the answer lost on the way back.
    return fault ? answerFault(fault) : answered;
  }

  function send(res: ServerResponse, status: number, payload: unknown, html?: string): void {
    if (res.writableEnded || res.destroyed) return;
    const body = html ?? JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': html !== undefined ? 'text/html' : 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      if (download[1] !== token)
        return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      // failNext('download', …) injects a fault on the file server, as on an API method.
      const fault = takeFault('download');
      if (fault?.status === 'reset') {
        res.socket?.destroy();
        return;
      }
      if (fault)
        return send(res, fault.status, {
          ok: false,
          error_code: fault.status,
          description: 'Injected fault',
        });
      const file = filesByPath.get(decodeURIComponent(download[2] ?? ''));
      if (!file) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    const call = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!call) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (call[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let request: BotApiRequest;
    try {
      request = await readBotApiRequest(req, url);
    } catch (err) {
      if (!(err instanceof BotApiError)) throw err;
      return send(res, err.code, { ok: false, error_code: err.code, description: err.message });
    }
    // A long poll ends early when the bot hangs up (e.g. bot.stop() aborts its fetch).
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const { status, payload, html, hangUp } = await execute(call[2] ?? '', request, gone.signal, false);
    if (hangUp) res.socket?.destroy();
    else send(res, status, payload, html);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the fake itself: make it loud in the test output and visible to the bot as a 500.
      console.error('fake-telegram: internal error', err);
      send(res, 500, {
        ok: false,
        error_code: 500,
        description: `Internal Server Error: fake-telegram: ${String(err)}`,
      });
    });
  });
  // Telegram keeps idle connections open far longer than Node's 5 s default. With 5 s, a bot process busy
  // for a few seconds can send a call on a connection the server has just closed, and the call is lost:
  // a failure of this fake, not of the bot.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  function waitUntil<T>(
    waiters: Set<Waiter<T>>,
    existing: T[],
    matches: (item: T) => boolean,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const found = existing.find(matches);
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(describe()));
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  const api: FakeTelegram = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botUser,
    sent,
    calls,
    confirmedBelow: () => confirmedBelow,
    webhook: null,

    knowUser(from) {
      chatState(privateChat(from));
    },

    blockBot(userId) {
      blockedBy.add(userId);
    },

    floodRefusals: () => floodRefusals,

    sendText(from, text, chat) {
      const state = chatState(privateChat(from, chat));
      const entities = commandEntities(text);
      const message: Message = {
        message_id: state.nextMessageId++,
        from: userObject(from),
        chat: state.chat,
        date: now(),
        text,
        ...(entities.length > 0 && { entities }),
      };
      remember(message, false);
      return enqueue({ update_id: nextUpdateId++, message } as Update);
    },

    clickButton(from, shown, callbackData) {
      const stored = chats.get(shown.chat_id)?.messages.get(shown.message_id);
      if (!stored) {
        throw new Error(
          `fake-telegram: message #${shown.message_id} in chat ${shown.chat_id} no longer exists (deleted?)`,
        );
      }
      const buttons = inlineButtons(stored.message.reply_markup);
      if (!buttons.some((b) => 'callback_data' in b && b.callback_data === callbackData)) {
        const offered = buttons.map((b) =>
          'callback_data' in b ? `${b.text} (${b.callback_data})` : b.text,
        );
        throw new Error(
          `fake-telegram: message #${shown.message_id} in chat ${shown.chat_id} has no button with callback_data ` +
            `"${callbackData}"; it currently shows: ${offered.length ? offered.join(', ') : 'no inline keyboard'}`,
        );
      }
      const id = String(nextCallbackId++);
      callbackQueries.set(id, { answered: false });
      const query: CallbackQuery = {
        id,
        from: userObject(from),
        message: stored.message,
        chat_instance: String(-shown.chat_id * 7919),
        data: callbackData,
      };
      return enqueue({ update_id: nextUpdateId++, callback_query: query });
    },

    sendDocument(from, file, caption, mediaGroupId) {
      const state = chatState(privateChat(from));
      const stored = storeFile(file.name, file.mime, file.bytes);
      const message: Message = {
        message_id: state.nextMessageId++,
        from: userObject(from),
        chat: state.chat,
        date: now(),
        document: documentOf(stored),
        ...(caption !== undefined && { caption }),
        ...(mediaGroupId !== undefined && { media_group_id: mediaGroupId }),
      };
      remember(message, false);
      return enqueue({ update_id: nextUpdateId++, message } as Update);
    },

    pushUpdate(raw) {
      if (raw.update_id !== undefined && raw.update_id < confirmedBelow && !api.webhook) {
        throw new Error(
          `fake-telegram: update_id ${raw.update_id} was already confirmed (getUpdates offset ${confirmedBelow}); ` +
            'Telegram never resends a confirmed update. Restart the bot before confirming, or use deliverToWebhook.',
        );
      }
      const update = { ...raw, update_id: raw.update_id ?? nextUpdateId };
      nextUpdateId = Math.max(nextUpdateId, update.update_id + 1);
      for (const [key, value] of Object.entries(update)) {
        if (key === 'update_id' || typeof value !== 'object' || value === null) continue;
        const v = value as {
          chat?: Chat;
          message_id?: unknown;
          message?: { chat?: Chat };
          id?: unknown;
          chat_instance?: unknown;
        };
        if (v.chat && typeof v.message_id === 'number') {
          const message = value as Message;
          remember(message, message.from?.id === botUser.id);
        } else if (v.chat) {
          chatState(v.chat);
        }
        if (v.message?.chat) chatState(v.message.chat);
        // A query pushed again (a redelivery) keeps its state: Telegram accepts one answer per query.
        if (typeof v.id === 'string' && v.chat_instance !== undefined && !callbackQueries.has(v.id))
          callbackQueries.set(v.id, { answered: false });
      }
      return enqueue(update);
    },

    waitFor(predicate, timeoutMs = DEFAULT_WAIT_MS) {
      return waitUntil(sentWaiters, sent, predicate, timeoutMs, () => {
        const list = sent.length ? sent.map(describeSent).join('\n') : '  (nothing)';
        return `fake-telegram: no message from the bot matched within ${timeoutMs} ms. The bot sent ${sent.length}:\n${list}${describeFailedCalls(calls)}`;
      });
    },

    waitForCall(method, timeoutMs = DEFAULT_WAIT_MS) {
      const wanted = method.toLowerCase();
      return waitUntil(
        callWaiters,
        calls,
        (c) => c.method.toLowerCase() === wanted,
        timeoutMs,
        () => {
          const seen = [...new Set(calls.map((c) => c.method))];
          return `fake-telegram: the bot did not call ${method} within ${timeoutMs} ms. Methods called: ${seen.join(', ') || '(none)'}${describeFailedCalls(calls)}`;
        },
      );
    },

    failNext(method, fault, times = 1) {
      const key = method.toLowerCase();
      const list = faults.get(key) ?? [];
      for (let n = 0; n < times; n++) list.push(fault);
      faults.set(key, list);
    },

    async deliverToWebhook(update) {
      const hook = api.webhook;
      if (!hook) throw new Error('fake-telegram: no webhook is set; the bot must call setWebhook first');
      const type = updateType(update);
      if (hook.allowed_updates && hook.allowed_updates.length > 0 && !hook.allowed_updates.includes(type)) {
        throw new Error(
          `fake-telegram: Telegram would not deliver a ${type} update: the webhook's allowed_updates are ${hook.allowed_updates.join(', ')}`,
        );
      }
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(hook.secret_token !== undefined && { 'x-telegram-bot-api-secret-token': hook.secret_token }),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      const body = await response.text();
      if (!response.ok) {
        lastWebhookError = {
          date: now(),
          message: `Wrong response from the webhook: ${response.status} ${response.statusText}`,
        };
        return { status: response.status, body };
      }
      queue = queue.filter((u) => u.update_id !== update.update_id);
      lastWebhookError = null;
      // A webhook may answer with one method call in its body; Telegram runs it and never reports the result.
      if (/^application\/json/i.test(response.headers.get('content-type') ?? '') && body.trim() !== '') {
        const reply = JSON.parse(body) as Record<string, unknown>;
        if (typeof reply.method === 'string') {
          const { method, ...params } = reply;
          await execute(method, { params, files: new Map() }, new AbortController().signal, true);
        }
      }
      return { status: response.status, body };
    },

    async close() {
      if (closed) return;
      closed = true;
      if (pendingPoll) {
        const poll = pendingPoll;
        pendingPoll = null;
        clearTimeout(poll.timer);
        poll.resolve([]);
      }
      const stopped = new Error('fake-telegram: closed while a test was still waiting');
      for (const w of [...sentWaiters, ...callWaiters]) {
        clearTimeout(w.timer);
        w.reject(stopped);
      }
      sentWaiters.clear();
      callWaiters.clear();
      const done = new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      );
      await new Promise((resolve) => setImmediate(resolve)); // let the answered long poll flush
      server.closeAllConnections();
      await done;
    },
  };
  return api;
}
