// /evidence: adding exhibits to the active case one question at a time, listing, editing and removing
// them, and documents a lawyer sends (checked, stored once, attached to an exhibit).
//
// Conversations replay from the start on every update, so everything that reads the database, the
// clock, a flag or Telegram's file server runs inside `conversation.external` and returns plain JSON.
// Buttons of a conversation carry its nonce and the question's step, so a button under an old
// question can never answer the current one.
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer, GrammyError, InlineKeyboard, InputFile, type Api } from 'grammy';
import { answerCallbackOnce } from '../callback-answers.ts';
import type { Message } from 'grammy/types';
import type { App } from '../../core/app.ts';
import { classifyEvidenceText } from '../../core/eb1a/classify.ts';
import {
  CRITERIA,
  CRITERION_IDS,
  criterionLabel,
  isCriterionId,
  type CriterionId,
} from '../../core/eb1a/criteria.ts';
import type { EvidenceChange, StoredEvidence } from '../../core/eb1a/evidence-store.ts';
import {
  EVIDENCE_FIELDS,
  LETTER_FIELDS,
  exhibitRef,
  parseFieldAnswer,
  type FieldSpec,
  type FieldValue,
  type SupportLetter,
} from '../../core/eb1a/evidence.ts';
import { FileError, TelegramError, ValidationError, isAppError } from '../../core/errors.ts';
import {
  checkDeclaredUpload,
  checkUploadBytes,
  describeAcceptedFiles,
  sha256Hex,
  uploadLimitBytes,
  type FilePolicy,
} from '../../core/files.ts';
import { answerProblemText } from '../answer-problem.ts';
import type { BotContext, ConversationContext } from '../context.ts';
import { html, raw, replyLong } from '../telegram-text.ts';
import { activeCaseOrExplain, NO_ACTIVE_CASE_TEXT, noActiveCaseKeyboard } from './cases.ts';
import { MENU } from './start.ts';

type EvidenceConversation = Conversation<BotContext, ConversationContext>;

export const EVIDENCE_CONVERSATIONS = {
  add: 'evidence-add',
  edit: 'evidence-edit',
  attach: 'evidence-attach',
  document: 'evidence-document',
} as const;

/** Callback data of the buttons outside conversations (each under Telegram's 64-byte limit). */
export const EVIDENCE_BUTTONS = {
  list: 'ev:list',
  add: 'ev:add',
  candidate: (id: string) => `ev:cand:${id}`,
  show: (id: string) => `ev:show:${id}`,
  edit: (id: string) => `ev:edit:${id}`,
  editField: (id: string, field: string) => `ev:ef:${id}:${field}`,
  attach: (id: string) => `ev:att:${id}`,
  remove: (id: string) => `ev:rm:${id}`,
  confirmRemove: (id: string) => `ev:rmy:${id}`,
  file: (id: string, sha256: string) => `ev:file:${id}:${sha256.slice(0, FILE_REF_LENGTH)}`,
} as const;

const FILE_REF_LENGTH = 16;
const CONVERSATION_BUTTON = 'evq:';
/** Buttons per list message: Telegram allows 100; a long list is better read than scrolled. */
const MAX_LIST_BUTTONS = 40;
const MAX_CANDIDATE_BUTTONS = 8;
const BUTTON_LABEL_LENGTH = 48;

export const CANCELLED_TEXT = 'Cancelled. Nothing was saved.';
const NOTHING_CHANGED_TEXT = 'Nothing changed.';

// ---------------------------------------------------------------------------------------------
// Plain values that cross `conversation.external` (JSON only: no Dates, Buffers or class instances)
// ---------------------------------------------------------------------------------------------

interface CaseRef {
  caseId: string;
  clientName: string;
}

interface ExhibitSnapshot {
  id: string;
  caseId: string;
  exhibitNumber: number;
  criterion: CriterionId;
  title: string;
  fields: Record<string, FieldValue>;
  letter?: SupportLetter;
  language?: string;
  certifiedTranslation?: boolean;
  files: Array<{ sha256: string; fileName: string; size: number }>;
}

function snapshot(evidence: StoredEvidence): ExhibitSnapshot {
  return {
    id: evidence.id,
    caseId: evidence.caseId,
    exhibitNumber: evidence.exhibitNumber,
    criterion: evidence.criterion,
    title: evidence.title,
    fields: { ...evidence.fields },
    ...(evidence.letter && { letter: evidence.letter }),
    ...(evidence.language !== undefined && { language: evidence.language }),
    ...(evidence.certifiedTranslation !== undefined && {
      certifiedTranslation: evidence.certifiedTranslation,
    }),
    files: evidence.files.map((file) => ({ sha256: file.sha256, fileName: file.fileName, size: file.size })),
  };
}

/** A file as Telegram announced it, before we download it. */
interface IncomingDocument {
  fileId: string;
  name: string;
  mimeType?: string;
  size?: number;
}

/** A document that passed the checks while the exhibit did not exist yet; attached once it is saved. */
interface PendingDocument extends IncomingDocument {
  mimeType: string;
  sha256: string;
}

type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

function incomingDocument(message: Message | undefined): IncomingDocument | undefined {
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
// Downloading from Telegram
// ---------------------------------------------------------------------------------------------

function tooLargeMessage(policy: FilePolicy, name: string): string {
  return `“${name}” is too large to keep. Please send ${describeAcceptedFiles(policy)} (split or compress larger documents).`;
}

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

/**
 * getFile, then the file URL of the configured Bot API server. Refuses what the policy refuses before
 * fetching a byte where Telegram already told us enough, and checks the bytes match the claimed type.
 */
async function downloadDocument(
  app: App,
  api: Api,
  document: IncomingDocument,
): Promise<Outcome<{ bytes: Buffer; mimeType: string }>> {
  const policy = app.files.policy;
  const declared = checkDeclaredUpload(policy, document);
  if (!declared.ok) return { ok: false, message: declared.message };
  let file;
  try {
    file = await api.getFile(document.fileId);
  } catch (err) {
    // Telegram refuses to hand bots anything over 20 MB; that is the lawyer's file, not our failure.
    if (err instanceof GrammyError && /file is too big/i.test(err.description)) {
      return { ok: false, message: tooLargeMessage(policy, document.name) };
    }
    throw err;
  }
  if (file.file_size !== undefined && file.file_size > uploadLimitBytes(policy)) {
    return { ok: false, message: tooLargeMessage(policy, document.name) };
  }
  if (file.file_path === undefined) {
    throw new TelegramError({ fileId: document.fileId }, { message: 'getFile returned no file_path' });
  }
  // The URL carries the bot token: it is never logged.
  const filePath = file.file_path;
  let bytes: Buffer | null;
  try {
    bytes = await app.span('telegram.download_document', () => downloadFrom(filePath));
  } catch (err) {
    // Retried already; what is left is the lawyer's to retry, with the reason in the log.
    if (!(err instanceof TelegramError)) throw err;
    app.log.warn({ err, fileName: document.name }, 'document download failed');
    return { ok: false, message: err.userMessage };
  }
  if (bytes === null) return { ok: false, message: tooLargeMessage(policy, document.name) };
  const checked = checkUploadBytes(policy, { name: document.name, mimeType: declared.mimeType, bytes });
  if (!checked.ok) return { ok: false, message: checked.message };
  return { ok: true, bytes, mimeType: checked.mimeType };

  function downloadFrom(filePath: string): Promise<Buffer | null> {
    return app.policies.get('telegram-files').execute(async (signal) => {
      const response = await fetch(`${app.config.telegram.apiRoot}/file/bot${api.token}/${filePath}`, {
        signal,
      });
      if (!response.ok) {
        throw new TelegramError(
          { status: response.status },
          {
            message: `file download answered ${String(response.status)}`,
            userMessage: 'The document could not be downloaded from Telegram. Please send it again.',
          },
        );
      }
      return readAtMost(response, uploadLimitBytes(policy));
    });
  }
}

/** Downloads and checks a document now, keeping only what is needed to attach it later. */
async function checkDocument(
  outer: BotContext,
  document: IncomingDocument,
): Promise<Outcome<{ pending: PendingDocument }>> {
  const downloaded = await downloadDocument(outer.app, outer.api, document);
  if (!downloaded.ok) return downloaded;
  return {
    ok: true,
    pending: {
      ...document,
      mimeType: downloaded.mimeType,
      sha256: sha256Hex(downloaded.bytes),
      size: downloaded.bytes.length,
    },
  };
}

/** Downloads the document and attaches it to the exhibit (stored once by content). */
async function attachDocument(
  outer: BotContext,
  evidenceId: string,
  document: IncomingDocument,
): Promise<Outcome<{ fileName: string; attached: boolean; exhibitNumber: number }>> {
  const downloaded = await downloadDocument(outer.app, outer.api, document);
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
    if (err instanceof FileError) return { ok: false, message: err.userMessage };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Texts and keyboards
// ---------------------------------------------------------------------------------------------

function clipLabel(text: string, max = BUTTON_LABEL_LENGTH): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** "awardeeCount" → "Awardee count": short names for a fact in lists and the edit menu. */
function factName(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function answerText(spec: Pick<FieldSpec, 'kind' | 'options'>, value: FieldValue | undefined): string {
  if (value === undefined) return 'not given';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (spec.kind === 'choice')
    return spec.options?.find((option) => option.value === value)?.label ?? String(value);
  return String(value);
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${String(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

function fieldSpecs(criterion: CriterionId): readonly FieldSpec[] {
  return EVIDENCE_FIELDS[criterion];
}

/** The exhibit as a lawyer reads it: number, criterion, title, facts, documents. */
export function exhibitCard(exhibit: ExhibitSnapshot): string {
  const facts = fieldSpecs(exhibit.criterion).flatMap((spec) => {
    const value = exhibit.fields[spec.key];
    return value === undefined ? [] : [html`• ${factName(spec.key)}: ${answerText(spec, value)}`];
  });
  const extras: string[] = [];
  if (exhibit.language !== undefined) {
    extras.push(
      html`• Language: ${exhibit.language}${exhibit.certifiedTranslation ? ' (certified translation)' : ' (no certified translation yet)'}`,
    );
  }
  if (exhibit.letter) {
    extras.push(
      html`• Letter: ${answerText(LETTER_FIELDS[0], exhibit.letter.letterKind)}${exhibit.letter.writerName ? `, ${exhibit.letter.writerName}` : ''}`,
    );
  }
  const documents =
    exhibit.files.length === 0
      ? html`<i>No document attached yet.</i>`
      : html`Documents: ${exhibit.files.map((file) => `${file.fileName} (${sizeText(file.size)})`).join(', ')}`;
  return [
    html`<b>${exhibitRef([exhibit.exhibitNumber])}</b> — ${criterionLabel(exhibit.criterion)}`,
    html`${exhibit.title}`,
    '',
    ...facts,
    ...extras,
    '',
    documents,
  ].join('\n');
}

function exhibitKeyboard(exhibit: ExhibitSnapshot): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text('Edit a fact', EVIDENCE_BUTTONS.edit(exhibit.id))
    .text('Attach a document', EVIDENCE_BUTTONS.attach(exhibit.id))
    .row();
  for (const file of exhibit.files) {
    keyboard.text(clipLabel(`Get ${file.fileName}`), EVIDENCE_BUTTONS.file(exhibit.id, file.sha256)).row();
  }
  return keyboard
    .text('Remove', EVIDENCE_BUTTONS.remove(exhibit.id))
    .text('All exhibits', EVIDENCE_BUTTONS.list);
}

/** One line per exhibit of the list: number, criterion, title, documents. */
export function exhibitListLine(
  exhibit: Pick<StoredEvidence, 'exhibitNumber' | 'criterion' | 'title' | 'files'>,
): string {
  const documents =
    exhibit.files.length === 0
      ? ''
      : ` · ${String(exhibit.files.length)} doc${exhibit.files.length === 1 ? '' : 's'}`;
  return html`<b>${exhibitRef([exhibit.exhibitNumber])}</b> — ${criterionLabel(exhibit.criterion)} — ${exhibit.title}${documents}`;
}

function afterSaveKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('Add another exhibit', EVIDENCE_BUTTONS.add)
    .text('All exhibits', EVIDENCE_BUTTONS.list)
    .row()
    .text('Analyze the case', MENU.analyze);
}

// ---------------------------------------------------------------------------------------------
// Asking inside a conversation
// ---------------------------------------------------------------------------------------------

type Reply =
  | { kind: 'button'; action: string; arg: string; ctx: ConversationContext }
  | { kind: 'text'; text: string; ctx: ConversationContext }
  | { kind: 'document'; document: IncomingDocument; ctx: ConversationContext };

/** One run of a conversation: its nonce, the current step, and where it adds. */
class Asking {
  readonly conversation: EvidenceConversation;
  readonly nonce: string;
  step = 0;
  token = '';

  constructor(conversation: EvidenceConversation, nonce: string) {
    this.conversation = conversation;
    this.nonce = nonce;
  }

  static async start(conversation: EvidenceConversation): Promise<Asking> {
    const nonce = Math.floor((await conversation.random()) * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
    return new Asking(conversation, nonce);
  }

  /** A fresh prefix for the buttons of the next message: buttons of earlier messages stop answering. */
  nextToken(): string {
    this.step += 1;
    this.token = `${CONVERSATION_BUTTON}${this.nonce}.${String(this.step)}:`;
    return this.token;
  }

  button(action: string, arg = ''): string {
    return `${this.token}${action}${arg === '' ? '' : `:${arg}`}`;
  }

  /**
   * The lawyer's next reply to the current message. Commands and buttons of other features end the
   * conversation and go on to the rest of the bot, so /cases or the menu work from anywhere.
   */
  async reply(): Promise<Reply> {
    for (;;) {
      const ctx = await this.conversation.wait();
      const data = ctx.callbackQuery?.data;
      if (data !== undefined) {
        if (!data.startsWith(CONVERSATION_BUTTON)) return this.conversation.halt({ next: true });
        if (!data.startsWith(this.token)) {
          await answerStaleButton(ctx);
          continue;
        }
        await ctx.answerCallbackQuery();
        const [action = '', ...rest] = data.slice(this.token.length).split(':');
        return { kind: 'button', action, arg: rest.join(':'), ctx };
      }
      const message = ctx.message;
      if (!message) continue;
      if (message.text !== undefined) {
        const command = message.entities?.[0];
        if (command?.type === 'bot_command' && command.offset === 0)
          return this.conversation.halt({ next: true });
        return { kind: 'text', text: message.text, ctx };
      }
      const document = incomingDocument(message);
      if (document) return { kind: 'document', document, ctx };
      await ctx.reply('Please answer with text, a button, or send a document.');
    }
  }
}

/**
 * Tells the lawyer an old button has nothing left to answer. A redelivered update's query was already
 * answered the first time and Telegram refuses a second answer: the lawyer saw the first, so that is fine.
 * (Inside a conversation the API response is recorded, so a replay rebuilds the same GrammyError.)
 */
async function answerStaleButton(ctx: ConversationContext): Promise<void> {
  await answerCallbackOnce(ctx, { text: 'That question was already answered.' });
}

type Answer =
  { kind: 'answered'; value: FieldValue | undefined; ctx: ConversationContext } | { kind: 'cancelled' };

function questionKeyboard(asking: Asking, spec: FieldSpec): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (spec.kind === 'choice') {
    (spec.options ?? []).forEach((option, index) =>
      keyboard.text(option.label, asking.button('o', String(index))).row(),
    );
  }
  if (spec.kind === 'yesno') keyboard.text('Yes', asking.button('yes')).text('No', asking.button('no')).row();
  if (!spec.required) keyboard.text('Skip', asking.button('skip'));
  return keyboard.text('Cancel', asking.button('cancel'));
}

function questionText(spec: FieldSpec, heading: string, current: string | undefined): string {
  const lines = [html`${raw(heading)}${spec.prompt}`];
  if (spec.help) lines.push(html`<i>${spec.help}</i>`);
  if (current !== undefined) lines.push(html`Now: ${current}`);
  if (spec.kind === 'choice') lines.push('Tap an answer below.');
  if (!spec.required) lines.push('Optional: press Skip if you do not know.');
  return lines.join('\n');
}

/**
 * Asks one question until the answer is valid: buttons for choices and yes/no, Skip for optional
 * facts, a clear message and the question again for an answer that does not fit. Documents sent
 * meanwhile go to `onDocument`.
 */
async function askField(
  asking: Asking,
  ctx: ConversationContext,
  spec: FieldSpec,
  options: {
    heading?: string;
    current?: string;
    onDocument?: (reply: Extract<Reply, { kind: 'document' }>) => Promise<void>;
  },
): Promise<Answer> {
  let problem: string | undefined;
  for (;;) {
    asking.nextToken();
    const text = questionText(spec, options.heading ?? '', options.current);
    await ctx.reply(problem === undefined ? text : html`${problem}\n\n${raw(text)}`, {
      parse_mode: 'HTML',
      reply_markup: questionKeyboard(asking, spec),
    });
    problem = undefined;
    const reply = await asking.reply();
    if (reply.kind === 'button') {
      if (reply.action === 'cancel') return { kind: 'cancelled' };
      if (reply.action === 'skip' && !spec.required)
        return { kind: 'answered', value: undefined, ctx: reply.ctx };
      if (reply.action === 'yes' && spec.kind === 'yesno')
        return { kind: 'answered', value: true, ctx: reply.ctx };
      if (reply.action === 'no' && spec.kind === 'yesno')
        return { kind: 'answered', value: false, ctx: reply.ctx };
      const option = reply.action === 'o' ? spec.options?.[Number(reply.arg)] : undefined;
      if (option) return { kind: 'answered', value: option.value, ctx: reply.ctx };
      continue;
    }
    if (reply.kind === 'document') {
      if (options.onDocument) await options.onDocument(reply);
      else await reply.ctx.reply('Please answer the question first; you can attach documents afterwards.');
      continue;
    }
    if (!spec.required && /^skip$/i.test(reply.text.trim()))
      return { kind: 'answered', value: undefined, ctx: reply.ctx };
    const parsed = parseFieldAnswer(spec, reply.text);
    if (parsed.ok) return { kind: 'answered', value: parsed.value, ctx: reply.ctx };
    problem = answerProblemText(
      ctx.t,
      parsed.problem,
      (spec.options ?? []).map((option) => option.label),
    );
  }
}

const ENGLISH_QUESTION: FieldSpec = {
  key: 'english',
  prompt: 'Is the original document in English?',
  kind: 'yesno',
  required: false,
  help: 'A document in another language needs a full English translation certified as complete and accurate (8 CFR 103.2(b)(3)).',
};
const LANGUAGE_QUESTION: FieldSpec = {
  key: 'language',
  prompt: 'What language is it in?',
  kind: 'text',
  required: true,
};
const TRANSLATION_QUESTION: FieldSpec = {
  key: 'certifiedTranslation',
  prompt: 'Is there a full English translation, certified by the translator as complete and accurate?',
  kind: 'yesno',
  required: true,
};
const LETTER_QUESTION: FieldSpec = {
  key: 'isLetter',
  prompt: 'Is this exhibit a letter (an expert’s opinion or an experience letter)?',
  kind: 'yesno',
  required: false,
};
const TITLE_QUESTION: FieldSpec = {
  key: 'title',
  prompt: 'What should this exhibit be called in the exhibit index?',
  kind: 'text',
  required: true,
};

interface LanguageFacts {
  language?: string;
  certifiedTranslation?: boolean;
}

/** The language questions; undefined when the lawyer cancelled. */
async function askLanguage(
  asking: Asking,
  ctx: ConversationContext,
  onDocument?: Parameters<typeof askField>[3]['onDocument'],
): Promise<{ facts: LanguageFacts; ctx: ConversationContext } | undefined> {
  const english = await askField(asking, ctx, ENGLISH_QUESTION, { onDocument });
  if (english.kind === 'cancelled') return undefined;
  if (english.value !== false) return { facts: {}, ctx: english.ctx };
  const language = await askField(asking, english.ctx, LANGUAGE_QUESTION, { onDocument });
  if (language.kind === 'cancelled') return undefined;
  const translated = await askField(asking, language.ctx, TRANSLATION_QUESTION, { onDocument });
  if (translated.kind === 'cancelled') return undefined;
  return {
    facts: { language: String(language.value), certifiedTranslation: translated.value === true },
    ctx: translated.ctx,
  };
}

// ---------------------------------------------------------------------------------------------
// Adding an exhibit
// ---------------------------------------------------------------------------------------------

interface AddStart extends CaseRef {
  candidateId?: string;
  pending?: PendingDocument[];
}

interface CandidateChoice {
  id: string;
  criterion: CriterionId;
  title: string;
  fields: Record<string, unknown>;
}

/** A value the intake already knows, if it fits the question. */
function prefilledValue(spec: FieldSpec, value: unknown): FieldValue | undefined {
  if (typeof value === 'boolean') return spec.kind === 'yesno' ? value : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseFieldAnswer(spec, String(value));
  return parsed.ok ? parsed.value : undefined;
}

function criterionKeyboard(asking: Asking, candidates: readonly CandidateChoice[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  CRITERION_IDS.forEach((id, index) => {
    keyboard.text(criterionLabel(id), asking.button('c', id));
    if (index % 2 === 1) keyboard.row();
  });
  for (const candidate of candidates.slice(0, MAX_CANDIDATE_BUTTONS)) {
    keyboard.row().text(clipLabel(`From the intake: ${candidate.title}`), asking.button('k', candidate.id));
  }
  return keyboard.row().text('List exhibits', EVIDENCE_BUTTONS.list).text('Cancel', asking.button('cancel'));
}

type CriterionPick =
  | { kind: 'criterion'; criterion: CriterionId; ctx: ConversationContext }
  | { kind: 'candidate'; candidate: CandidateChoice; ctx: ConversationContext }
  | { kind: 'cancelled' };

/** Criterion by button, or described in words and proposed by the classifier, confirmed by a button. */
async function pickCriterion(
  asking: Asking,
  ctx: ConversationContext,
  start: AddStart,
  candidates: readonly CandidateChoice[],
  onDocument: Parameters<typeof askField>[3]['onDocument'],
): Promise<CriterionPick> {
  const classifierOn = await asking.conversation.external((outer) =>
    outer.app.flags.isEnabled('enableEvidenceClassifier'),
  );
  let prompt = html`Adding an exhibit to <b>${start.clientName}</b>’s case. Which criterion does it support?${
    classifierOn ? '\n\nTap one, or describe the exhibit in a sentence and I will suggest the criterion.' : ''
  }`;
  for (;;) {
    asking.nextToken();
    await ctx.reply(prompt, { parse_mode: 'HTML', reply_markup: criterionKeyboard(asking, candidates) });
    const reply = await asking.reply();
    if (reply.kind === 'document') {
      if (onDocument) await onDocument(reply);
      prompt = 'Which criterion does the exhibit support?';
      continue;
    }
    if (reply.kind === 'button') {
      if (reply.action === 'cancel') return { kind: 'cancelled' };
      if (reply.action === 'c' && isCriterionId(reply.arg))
        return { kind: 'criterion', criterion: reply.arg, ctx: reply.ctx };
      const candidate = reply.action === 'k' ? candidates.find((c) => c.id === reply.arg) : undefined;
      if (candidate) return { kind: 'candidate', candidate, ctx: reply.ctx };
      prompt = 'Which criterion does the exhibit support?';
      continue;
    }
    if (!classifierOn) {
      prompt = 'Please pick the criterion with the buttons below.';
      continue;
    }
    const guess = classifyEvidenceText(reply.text);
    if (!guess) {
      prompt =
        'I could not tell which criterion that is. Please pick one below, or describe the exhibit differently.';
      continue;
    }
    asking.nextToken();
    const proposal = new InlineKeyboard()
      .text(`Yes: ${criterionLabel(guess.criterion)}`, asking.button('c', guess.criterion))
      .row();
    for (const alternative of guess.alternatives.slice(0, 2)) {
      proposal.text(`No, ${criterionLabel(alternative)}`, asking.button('c', alternative)).row();
    }
    proposal.text('Pick from the list', asking.button('list')).text('Cancel', asking.button('cancel'));
    await reply.ctx.reply(
      html`That sounds like <b>${criterionLabel(guess.criterion)}</b>: ${CRITERIA[guess.criterion].requirement}\n\nUse this criterion?`,
      { parse_mode: 'HTML', reply_markup: proposal },
    );
    const confirmation = await asking.reply();
    if (confirmation.kind === 'button') {
      if (confirmation.action === 'cancel') return { kind: 'cancelled' };
      if (confirmation.action === 'c' && isCriterionId(confirmation.arg)) {
        return { kind: 'criterion', criterion: confirmation.arg, ctx: confirmation.ctx };
      }
    }
    if (confirmation.kind === 'document' && onDocument) await onDocument(confirmation);
    prompt =
      confirmation.kind === 'text'
        ? 'Please pick the criterion with the buttons below.'
        : 'Which criterion does the exhibit support?';
  }
}

/** Documents sent before the exhibit exists: checked now, attached right after it is saved. */
function keepForLater(asking: Asking, pending: PendingDocument[]) {
  return async (reply: Extract<Reply, { kind: 'document' }>): Promise<void> => {
    const checked = await asking.conversation.external((outer) => checkDocument(outer, reply.document));
    if (!checked.ok) {
      await reply.ctx.reply(checked.message);
      return;
    }
    pending.push(checked.pending);
    await reply.ctx.reply(
      html`Got “${checked.pending.name}”. I will attach it as soon as the exhibit is saved.`,
      {
        parse_mode: 'HTML',
      },
    );
  };
}

async function addExhibit(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  start: AddStart,
): Promise<void> {
  const asking = await Asking.start(conversation);
  const pending: PendingDocument[] = [...(start.pending ?? [])];
  const onDocument = keepForLater(asking, pending);

  const candidates = await conversation.external(async (outer): Promise<CandidateChoice[]> => {
    const open = await outer.app.intake.candidates(outer.lawyer.id, start.caseId, 'open');
    return open.map((c) => ({ id: c.id, criterion: c.criterion, title: c.title, fields: { ...c.fields } }));
  });

  let candidate = candidates.find((c) => c.id === start.candidateId);
  let criterion: CriterionId;
  let current = ctx;
  if (candidate) {
    criterion = candidate.criterion;
  } else {
    const pick = await pickCriterion(asking, ctx, start, candidates, onDocument);
    if (pick.kind === 'cancelled') {
      await ctx.reply(CANCELLED_TEXT);
      return;
    }
    current = pick.ctx;
    if (pick.kind === 'candidate') candidate = pick.candidate;
    criterion = pick.kind === 'candidate' ? pick.candidate.criterion : pick.criterion;
  }

  const specs = fieldSpecs(criterion);
  const fields: Record<string, FieldValue> = {};
  const known: string[] = [];
  for (const spec of specs) {
    const value = candidate ? prefilledValue(spec, candidate.fields[spec.key]) : undefined;
    if (value !== undefined) {
      fields[spec.key] = value;
      known.push(html`• ${factName(spec.key)}: ${answerText(spec, value)}`);
    }
  }
  await current.reply(
    [
      html`<b>${criterionLabel(criterion)}</b> — ${CRITERIA[criterion].requirement}`,
      candidate ? html`Completing “${candidate.title}” from the intake.` : '',
      known.length > 0 ? `Already known:\n${known.join('\n')}` : '',
      'Send the document at any time; I will attach it when the exhibit is saved.',
    ]
      .filter((line) => line !== '')
      .join('\n\n'),
    { parse_mode: 'HTML' },
  );

  const toAsk = specs.filter((spec) => fields[spec.key] === undefined);
  for (const [index, spec] of toAsk.entries()) {
    const answer = await askField(asking, current, spec, {
      heading: html`<b>${String(index + 1)}/${String(toAsk.length)}</b> `,
      onDocument,
    });
    if (answer.kind === 'cancelled') {
      await current.reply(CANCELLED_TEXT);
      return;
    }
    current = answer.ctx;
    if (answer.value !== undefined) fields[spec.key] = answer.value;
  }

  const language = await askLanguage(asking, current, onDocument);
  if (!language) {
    await current.reply(CANCELLED_TEXT);
    return;
  }
  current = language.ctx;
  const isLetter = await askField(asking, current, LETTER_QUESTION, { onDocument });
  if (isLetter.kind === 'cancelled') {
    await current.reply(CANCELLED_TEXT);
    return;
  }
  current = isLetter.ctx;
  let letter: SupportLetter | undefined;
  if (isLetter.value === true) {
    const letterFields: Record<string, FieldValue> = {};
    for (const spec of LETTER_FIELDS) {
      const answer = await askField(asking, current, spec, { heading: '<b>Letter</b> ', onDocument });
      if (answer.kind === 'cancelled') {
        await current.reply(CANCELLED_TEXT);
        return;
      }
      current = answer.ctx;
      if (answer.value !== undefined) letterFields[spec.key] = answer.value;
    }
    letter = letterFields as unknown as SupportLetter;
  }

  // The update that finished the questions names the add: delivered twice, it still makes one exhibit.
  const sourceKey = `telegram:${String(current.update.update_id)}`;
  const saved = await conversation.external(
    async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot; created: boolean }>> => {
      try {
        const { evidence, created } = await outer.app.evidence.add(
          outer.lawyer.id,
          start.caseId,
          { criterion, fields, ...(letter && { letter }), ...language.facts },
          { sourceKey, ...(candidate && { candidateId: candidate.id }) },
        );
        return { ok: true, exhibit: snapshot(evidence), created };
      } catch (err) {
        if (err instanceof ValidationError) return { ok: false, message: err.userMessage };
        throw err;
      }
    },
  );
  if (!saved.ok) {
    await current.reply(html`The exhibit was not saved. ${saved.message}`, { parse_mode: 'HTML' });
    return;
  }
  const exhibit = saved.exhibit;
  await current.reply(
    html`Saved as <b>${exhibitRef([exhibit.exhibitNumber])}</b> in ${start.clientName}’s case: ${exhibit.title} — ${criterionLabel(exhibit.criterion)}.`,
    { parse_mode: 'HTML' },
  );
  for (const document of pending) {
    const result = await conversation.external((outer) => attachDocument(outer, exhibit.id, document));
    await current.reply(
      result.ok
        ? html`Attached “${result.fileName}” to ${exhibitRef([result.exhibitNumber])}.`
        : html`${result.message}`,
      { parse_mode: 'HTML' },
    );
  }
  await collectDocuments(asking, current, exhibit);
}

/** "Send documents for Exhibit 3, or press Done": attaches each document as it arrives. */
async function collectDocuments(
  asking: Asking,
  ctx: ConversationContext,
  exhibit: Pick<ExhibitSnapshot, 'id' | 'exhibitNumber'>,
): Promise<void> {
  const accepted = await asking.conversation.external((outer) =>
    describeAcceptedFiles(outer.app.files.policy),
  );
  let prompt = html`Send documents for ${exhibitRef([exhibit.exhibitNumber])} now (${accepted}), or press Done.`;
  let current = ctx;
  for (;;) {
    asking.nextToken();
    await current.reply(prompt, {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Done', asking.button('done')),
    });
    const reply = await asking.reply();
    if (reply.kind === 'button') {
      if (reply.action !== 'done') continue;
      await reply.ctx.reply(html`${exhibitRef([exhibit.exhibitNumber])} is saved. What next?`, {
        parse_mode: 'HTML',
        reply_markup: afterSaveKeyboard(),
      });
      return;
    }
    // Anything other than a document means the lawyer has moved on: let the rest of the bot answer it.
    if (reply.kind === 'text') return asking.conversation.halt({ next: true });
    current = reply.ctx;
    const result = await asking.conversation.external((outer) =>
      attachDocument(outer, exhibit.id, reply.document),
    );
    if (!result.ok) {
      prompt = html`${result.message}`;
      continue;
    }
    prompt = result.attached
      ? html`Attached “${result.fileName}” to ${exhibitRef([result.exhibitNumber])}. Send another, or press Done.`
      : html`“${result.fileName}” was already attached to ${exhibitRef([result.exhibitNumber])}. Send another, or press Done.`;
  }
}

// ---------------------------------------------------------------------------------------------
// The conversations
// ---------------------------------------------------------------------------------------------

async function addConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  start: AddStart,
): Promise<void> {
  await addExhibit(conversation, ctx, start);
}

/** Loads one exhibit of the lawyer's as plain data, or a message saying it is gone. */
function loadExhibit(
  conversation: EvidenceConversation,
  evidenceId: string,
): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> {
  return conversation.external(async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> => {
    try {
      return { ok: true, exhibit: snapshot(await outer.app.evidence.get(outer.lawyer.id, evidenceId)) };
    } catch (err) {
      if (isAppError(err) && err.httpStatus === 404) return { ok: false, message: err.userMessage };
      throw err;
    }
  });
}

/** Re-answers one fact of an exhibit ('title', 'language', or the index of a criterion field). */
async function editConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  evidenceId: string,
  field: string,
): Promise<void> {
  const loaded = await loadExhibit(conversation, evidenceId);
  if (!loaded.ok) {
    await ctx.reply(loaded.message);
    return;
  }
  const { exhibit } = loaded;
  const asking = await Asking.start(conversation);
  const heading = html`<b>${exhibitRef([exhibit.exhibitNumber])}</b> `;
  let change: EvidenceChange;
  let current: ConversationContext;
  if (field === 'title') {
    const answer = await askField(asking, ctx, TITLE_QUESTION, { heading, current: exhibit.title });
    if (answer.kind === 'cancelled') {
      await ctx.reply(NOTHING_CHANGED_TEXT);
      return;
    }
    current = answer.ctx;
    change = { title: String(answer.value) };
  } else if (field === 'language') {
    const language = await askLanguage(asking, ctx);
    if (!language) {
      await ctx.reply(NOTHING_CHANGED_TEXT);
      return;
    }
    current = language.ctx;
    change = {
      language: language.facts.language ?? null,
      certifiedTranslation: language.facts.certifiedTranslation ?? null,
    };
  } else {
    const spec = fieldSpecs(exhibit.criterion)[Number(field)];
    if (!spec) {
      await ctx.reply('That fact cannot be edited. Open the exhibit again from /evidence list.');
      return;
    }
    const answer = await askField(asking, ctx, spec, {
      heading,
      current: answerText(spec, exhibit.fields[spec.key]),
    });
    if (answer.kind === 'cancelled') {
      await ctx.reply(NOTHING_CHANGED_TEXT);
      return;
    }
    current = answer.ctx;
    change = { fields: { [spec.key]: answer.value ?? null } };
  }
  const updated = await conversation.external(
    async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> => {
      try {
        return {
          ok: true,
          exhibit: snapshot(await outer.app.evidence.update(outer.lawyer.id, evidenceId, change)),
        };
      } catch (err) {
        if (err instanceof ValidationError || (isAppError(err) && err.httpStatus === 404)) {
          return { ok: false, message: err.userMessage };
        }
        throw err;
      }
    },
  );
  if (!updated.ok) {
    await current.reply(html`Nothing changed. ${updated.message}`, { parse_mode: 'HTML' });
    return;
  }
  await current.reply(html`Updated.\n\n${raw(exhibitCard(updated.exhibit))}`, {
    parse_mode: 'HTML',
    reply_markup: exhibitKeyboard(updated.exhibit),
  });
}

async function attachConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  evidenceId: string,
): Promise<void> {
  const loaded = await loadExhibit(conversation, evidenceId);
  if (!loaded.ok) {
    await ctx.reply(loaded.message);
    return;
  }
  await collectDocuments(await Asking.start(conversation), ctx, loaded.exhibit);
}

/** A document sent outside any question: checked, then attached to the exhibit the lawyer picks or to a new one. */
async function documentConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
): Promise<void> {
  const document = incomingDocument(ctx.message);
  if (!document) return;
  const caseRef = await conversation.external((outer) => activeCaseRef(outer));
  if (!caseRef) {
    await ctx.reply(`I keep documents as evidence of a case. ${NO_ACTIVE_CASE_TEXT}`, {
      reply_markup: noActiveCaseKeyboard(),
    });
    return;
  }
  const checked = await conversation.external((outer) => checkDocument(outer, document));
  if (!checked.ok) {
    await ctx.reply(checked.message);
    return;
  }
  const exhibits = await conversation.external(async (outer) =>
    (await outer.app.evidence.list(outer.lawyer.id, caseRef.caseId)).map((e) => ({
      id: e.id,
      exhibitNumber: e.exhibitNumber,
      title: e.title,
    })),
  );
  const asking = await Asking.start(conversation);
  asking.nextToken();
  const keyboard = new InlineKeyboard().text('A new exhibit', asking.button('new')).row();
  for (const exhibit of exhibits.slice(-MAX_LIST_BUTTONS).reverse()) {
    keyboard
      .text(
        clipLabel(`${exhibitRef([exhibit.exhibitNumber])}: ${exhibit.title}`),
        asking.button('x', exhibit.id),
      )
      .row();
  }
  keyboard.text('Cancel', asking.button('cancel'));
  await ctx.reply(html`Which exhibit of ${caseRef.clientName}’s case is “${document.name}” for?`, {
    parse_mode: 'HTML',
    reply_markup: keyboard,
  });
  for (;;) {
    const reply = await asking.reply();
    if (reply.kind !== 'button') {
      await reply.ctx.reply('Please choose the exhibit with the buttons above, or press Cancel.');
      continue;
    }
    if (reply.action === 'cancel') {
      await reply.ctx.reply('Cancelled. The document was not kept.');
      return;
    }
    if (reply.action === 'new') {
      await addExhibit(conversation, reply.ctx, { ...caseRef, pending: [checked.pending] });
      return;
    }
    if (reply.action === 'x') {
      const result = await conversation.external((outer) => attachDocument(outer, reply.arg, document));
      await reply.ctx.reply(
        result.ok
          ? html`Attached “${result.fileName}” to ${exhibitRef([result.exhibitNumber])}.`
          : html`${result.message}`,
        { parse_mode: 'HTML' },
      );
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The feature
// ---------------------------------------------------------------------------------------------

async function activeCaseRef(ctx: BotContext): Promise<CaseRef | null> {
  const active = await ctx.app.cases.active(ctx.lawyer.id);
  return active ? { caseId: active.id, clientName: active.clientName } : null;
}

/** The active case, or null after telling the lawyer how to get one. */
async function activeCaseOrSay(ctx: BotContext): Promise<CaseRef | null> {
  const active = await activeCaseOrExplain(ctx.app, ctx);
  return active ? { caseId: active.id, clientName: active.clientName } : null;
}

/** Starting a flow of ours ends whatever conversation the lawyer left half-way (as a command does). */
async function enterConversation(ctx: BotContext, name: string, ...args: unknown[]): Promise<void> {
  if (Object.keys(ctx.conversation.active()).length > 0) await ctx.conversation.exitAll();
  await ctx.conversation.enter(name, ...args);
}

async function startAdding(ctx: BotContext, candidateId?: string): Promise<void> {
  const caseRef = await activeCaseOrSay(ctx);
  if (!caseRef) return;
  const start: AddStart = candidateId === undefined ? caseRef : { ...caseRef, candidateId };
  await enterConversation(ctx, EVIDENCE_CONVERSATIONS.add, start);
}

async function showList(ctx: BotContext): Promise<void> {
  const caseRef = await activeCaseOrSay(ctx);
  if (!caseRef) return;
  const [exhibits, candidates] = await Promise.all([
    ctx.app.evidence.list(ctx.lawyer.id, caseRef.caseId),
    ctx.app.intake.candidates(ctx.lawyer.id, caseRef.caseId, 'open'),
  ]);
  const lines = [html`<b>Exhibits of ${caseRef.clientName}’s case</b> (${exhibits.length})`, ''];
  if (exhibits.length === 0) lines.push('No exhibits yet.');
  lines.push(...exhibits.map(exhibitListLine));
  if (candidates.length > 0) {
    lines.push('', html`<b>Suggested by the intake</b> (tap to complete):`);
    lines.push(...candidates.map((c) => html`• ${criterionLabel(c.criterion)} — ${c.title}`));
  }
  const keyboard = new InlineKeyboard();
  for (const exhibit of exhibits.slice(-MAX_LIST_BUTTONS)) {
    keyboard
      .text(
        clipLabel(`${exhibitRef([exhibit.exhibitNumber])}: ${exhibit.title}`),
        EVIDENCE_BUTTONS.show(exhibit.id),
      )
      .row();
  }
  for (const candidate of candidates.slice(0, MAX_CANDIDATE_BUTTONS)) {
    keyboard.text(clipLabel(`Complete: ${candidate.title}`), EVIDENCE_BUTTONS.candidate(candidate.id)).row();
  }
  keyboard.text('Add an exhibit', EVIDENCE_BUTTONS.add).text('Analyze', MENU.analyze);
  const text = lines.join('\n');
  // A long list arrives in several messages; the buttons go under the last one.
  if (text.length > 3500) {
    await replyLong(ctx, text, { filename: 'exhibits.txt' });
    await ctx.reply('Open an exhibit:', { reply_markup: keyboard });
    return;
  }
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

function editMenu(exhibit: ExhibitSnapshot): InlineKeyboard {
  const keyboard = new InlineKeyboard().text('Title', EVIDENCE_BUTTONS.editField(exhibit.id, 'title')).row();
  fieldSpecs(exhibit.criterion).forEach((spec, index) => {
    keyboard.text(factName(spec.key), EVIDENCE_BUTTONS.editField(exhibit.id, String(index)));
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard
    .row()
    .text('Language', EVIDENCE_BUTTONS.editField(exhibit.id, 'language'))
    .text('Back', EVIDENCE_BUTTONS.show(exhibit.id));
}

export function evidenceFeature(_app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(addConversation, EVIDENCE_CONVERSATIONS.add));
  feature.use(createConversation(editConversation, EVIDENCE_CONVERSATIONS.edit));
  feature.use(createConversation(attachConversation, EVIDENCE_CONVERSATIONS.attach));
  feature.use(createConversation(documentConversation, EVIDENCE_CONVERSATIONS.document));

  feature.command('evidence', async (ctx) => {
    if (/^list\b/i.test(ctx.match.trim())) await showList(ctx);
    else await startAdding(ctx);
  });

  feature.callbackQuery([MENU.evidence, EVIDENCE_BUTTONS.add], async (ctx) => {
    await ctx.answerCallbackQuery();
    await startAdding(ctx);
  });

  feature.callbackQuery(EVIDENCE_BUTTONS.list, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showList(ctx);
  });

  feature.callbackQuery(/^ev:cand:(.+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startAdding(ctx, ctx.match[1]);
  });

  feature.callbackQuery(/^ev:show:(.+)$/, async (ctx) => {
    const exhibit = snapshot(await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? ''));
    await ctx.answerCallbackQuery();
    await ctx.reply(exhibitCard(exhibit), { parse_mode: 'HTML', reply_markup: exhibitKeyboard(exhibit) });
  });

  feature.callbackQuery(/^ev:edit:(.+)$/, async (ctx) => {
    const exhibit = snapshot(await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? ''));
    await ctx.answerCallbackQuery();
    await ctx.reply(
      html`Which fact of <b>${exhibitRef([exhibit.exhibitNumber])}</b> do you want to change?`,
      {
        parse_mode: 'HTML',
        reply_markup: editMenu(exhibit),
      },
    );
  });

  feature.callbackQuery(/^ev:ef:([^:]+):(title|language|\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterConversation(ctx, EVIDENCE_CONVERSATIONS.edit, ctx.match[1], ctx.match[2]);
  });

  feature.callbackQuery(/^ev:att:(.+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterConversation(ctx, EVIDENCE_CONVERSATIONS.attach, ctx.match[1]);
  });

  feature.callbackQuery(/^ev:rm:(.+)$/, async (ctx) => {
    const exhibit = await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? '');
    await ctx.answerCallbackQuery();
    await ctx.reply(
      html`Remove <b>${exhibitRef([exhibit.exhibitNumber])}</b> (${exhibit.title}) and its documents? Its number will not be given to another exhibit.`,
      {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard()
          .text('Yes, remove it', EVIDENCE_BUTTONS.confirmRemove(exhibit.id))
          .text('Keep it', EVIDENCE_BUTTONS.show(exhibit.id)),
      },
    );
  });

  feature.callbackQuery(/^ev:rmy:(.+)$/, async (ctx) => {
    const removed = await ctx.app.evidence.remove(ctx.lawyer.id, ctx.match[1] ?? '');
    await ctx.answerCallbackQuery({ text: `${exhibitRef([removed.exhibitNumber])} removed` });
    await ctx.editMessageText(
      html`Removed <b>${exhibitRef([removed.exhibitNumber])}</b> (${removed.title}).`,
      {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('All exhibits', EVIDENCE_BUTTONS.list),
      },
    );
  });

  feature.callbackQuery(/^ev:file:([^:]+):([0-9a-f]+)$/, async (ctx) => {
    const exhibit = await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? '');
    const file = exhibit.files.find((candidate) => candidate.sha256.startsWith(ctx.match[2] ?? '-'));
    if (!file) {
      await ctx.answerCallbackQuery({ text: 'That document is no longer attached.' });
      return;
    }
    const content = await ctx.app.evidence.readFile(ctx.lawyer.id, exhibit.id, file.sha256);
    await ctx.answerCallbackQuery();
    await ctx.replyWithDocument(new InputFile(content.bytes, content.fileName), {
      caption: `${exhibitRef([exhibit.exhibitNumber])}: ${exhibit.title}`.slice(0, 1024),
    });
  });

  feature.on(['message:document', 'message:photo'], async (ctx) => {
    await enterConversation(ctx, EVIDENCE_CONVERSATIONS.document);
  });

  return feature;
}
