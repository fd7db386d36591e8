// Asking inside the evidence conversations: one run's buttons (a nonce and a step, so a button under an old
// question never answers the current one), one question at a time, and a walk through a list of questions
// with Back (to the previous question, answers kept), Skip for optional facts, and Cancel.
import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import {
  fieldHelpKey,
  fieldOptionKey,
  fieldQuestionKey,
  parseFieldAnswer,
  type FieldOwner,
  type FieldSpec,
  type FieldValue,
} from '../../../core/eb1a/evidence.ts';
import { answerProblemText } from '../../answer-problem.ts';
import { answerCallbackOnce } from '../../callback-answers.ts';
import type { BotContext, ConversationContext } from '../../context.ts';
import { html, raw } from '../../telegram-text.ts';
import { incomingDocument, type IncomingDocument } from './downloads.ts';
import { answerText, clipLabel, type Speaker } from './rendering.ts';

export type EvidenceConversation = Conversation<BotContext, ConversationContext>;

const CONVERSATION_BUTTON = 'evq:';

type Reply =
  | { kind: 'button'; action: string; arg: string; ctx: ConversationContext }
  | { kind: 'text'; text: string; ctx: ConversationContext }
  | { kind: 'document'; document: IncomingDocument; ctx: ConversationContext };

export type DocumentReply = Extract<Reply, { kind: 'document' }>;

/** One run of a conversation: its nonce and the current step. */
export class Asking {
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
      await ctx.reply(ctx.t('evidence-answer-with-text'));
    }
  }
}

/**
 * Tells the lawyer an old button has nothing left to answer. A redelivered update's query was already
 * answered the first time and Telegram refuses a second answer: the lawyer saw the first, so that is fine.
 * (Inside a conversation the API response is recorded, so a replay rebuilds the same GrammyError.)
 */
async function answerStaleButton(ctx: ConversationContext): Promise<void> {
  await answerCallbackOnce(ctx, { text: ctx.t('evidence-stale-button') });
}

// ---------------------------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------------------------

/** The answers of one walk, by question id. */
export type Answers = Record<string, FieldValue>;

/** A question about the exhibit itself rather than a criterion's or a letter's fact. */
type ExhibitQuestionKey = 'english' | 'language' | 'certifiedTranslation' | 'isLetter' | 'title';

const EXHIBIT_QUESTION_TEXTS: Readonly<Record<ExhibitQuestionKey, { prompt: string; help?: string }>> = {
  english: { prompt: 'evidence-question-english', help: 'evidence-question-english-help' },
  language: { prompt: 'evidence-question-language' },
  certifiedTranslation: { prompt: 'evidence-question-certified-translation' },
  isLetter: { prompt: 'evidence-question-is-letter' },
  title: { prompt: 'evidence-question-title' },
};

export interface Question {
  /** Unique within a walk; the key of its answer. */
  id: string;
  spec: FieldSpec;
  /** Whose words the question uses: a criterion's or the letter's (fields.ftl), or the exhibit's own. */
  owner: FieldOwner | 'exhibit';
  /** Asked only when this holds for the answers so far. */
  when?: (answers: Answers) => boolean;
}

const EXHIBIT_QUESTIONS: Readonly<Record<ExhibitQuestionKey, FieldSpec>> = {
  english: { key: 'english', kind: 'yesno', required: false, help: true },
  language: { key: 'language', kind: 'text', required: true },
  certifiedTranslation: { key: 'certifiedTranslation', kind: 'yesno', required: true },
  isLetter: { key: 'isLetter', kind: 'yesno', required: false },
  title: { key: 'title', kind: 'text', required: true },
};

export function exhibitQuestion(key: ExhibitQuestionKey, when?: Question['when']): Question {
  return { id: key, spec: EXHIBIT_QUESTIONS[key], owner: 'exhibit', ...(when && { when }) };
}

/** A criterion's or the letter's questions, answers keyed `<prefix><field key>`. */
export function fieldQuestions(
  owner: FieldOwner,
  specs: readonly FieldSpec[],
  prefix: string,
  when?: Question['when'],
): Question[] {
  return specs.map((spec) => ({ id: `${prefix}${spec.key}`, spec, owner, ...(when && { when }) }));
}

function promptOf(ctx: Speaker, question: Question): { prompt: string; help?: string } {
  if (question.owner === 'exhibit') {
    const texts = EXHIBIT_QUESTION_TEXTS[question.spec.key as ExhibitQuestionKey];
    return { prompt: ctx.t(texts.prompt), ...(texts.help !== undefined && { help: ctx.t(texts.help) }) };
  }
  return {
    prompt: ctx.t(fieldQuestionKey(question.owner, question.spec.key)),
    ...(question.spec.help && { help: ctx.t(fieldHelpKey(question.owner, question.spec.key)) }),
  };
}

/** The answer shown under "Now:" when a question is asked again. */
export function currentAnswer(ctx: Speaker, question: Question, value: FieldValue | undefined): string {
  if (question.owner === 'exhibit') {
    if (value === undefined) return ctx.t('evidence-answer-not-given');
    if (typeof value === 'boolean') return ctx.t(value ? 'evidence-answer-yes' : 'evidence-answer-no');
    return String(value);
  }
  return answerText(ctx, question.owner, question.spec, value);
}

function optionLabel(ctx: Speaker, question: Question, value: string): string {
  return question.owner === 'exhibit'
    ? value
    : ctx.t(fieldOptionKey(question.owner, question.spec.key, value));
}

function questionKeyboard(
  ctx: Speaker,
  asking: Asking,
  question: Question,
  canGoBack: boolean,
  keep: FieldValue | undefined,
): InlineKeyboard {
  const { spec } = question;
  const keyboard = new InlineKeyboard();
  if (keep !== undefined) {
    keyboard
      .text(
        clipLabel(ctx.t('evidence-button-keep-answer', { answer: currentAnswer(ctx, question, keep) })),
        asking.button('keep'),
      )
      .row();
  }
  if (spec.kind === 'choice') {
    (spec.options ?? []).forEach((option, index) =>
      keyboard.text(optionLabel(ctx, question, option.value), asking.button('o', String(index))).row(),
    );
  }
  if (spec.kind === 'yesno') {
    keyboard
      .text(ctx.t('evidence-answer-yes'), asking.button('yes'))
      .text(ctx.t('evidence-answer-no'), asking.button('no'))
      .row();
  }
  if (!spec.required) keyboard.text(ctx.t('evidence-button-skip'), asking.button('skip'));
  if (canGoBack) keyboard.text(ctx.t('evidence-button-back'), asking.button('back'));
  return keyboard.text(ctx.t('evidence-button-cancel'), asking.button('cancel'));
}

function questionText(
  ctx: Speaker,
  question: Question,
  heading: string,
  current: string | undefined,
): string {
  const { prompt, help } = promptOf(ctx, question);
  const lines = [html`${raw(heading)}${prompt}`];
  if (help !== undefined) lines.push(html`<i>${help}</i>`);
  if (current !== undefined) lines.push(html`${ctx.t('evidence-question-now', { answer: current })}`);
  if (question.spec.kind === 'choice') lines.push(ctx.t('evidence-question-tap'));
  if (!question.spec.required) lines.push(ctx.t('evidence-question-optional'));
  return lines.join('\n');
}

export type Answer =
  | { kind: 'answered'; value: FieldValue | undefined; ctx: ConversationContext }
  | { kind: 'back'; ctx: ConversationContext }
  | { kind: 'cancelled' };

interface AskOptions {
  heading?: string;
  current?: string;
  /** The answer given before (after Back): a button keeps it as it is. */
  keep?: FieldValue;
  canGoBack?: boolean;
  onDocument?: (reply: DocumentReply) => Promise<void>;
}

/**
 * Asks one question until the answer is valid: buttons for choices and yes/no, Skip for optional facts,
 * Back when there is somewhere to go back to, a clear message and the question again for an answer that
 * does not fit. Documents sent meanwhile go to `onDocument`.
 */
export async function askQuestion(
  asking: Asking,
  ctx: ConversationContext,
  question: Question,
  options: AskOptions = {},
): Promise<Answer> {
  const { spec } = question;
  let problem: string | undefined;
  let current = ctx;
  for (;;) {
    asking.nextToken();
    const text = questionText(current, question, options.heading ?? '', options.current);
    await current.reply(problem === undefined ? text : html`${problem}\n\n${raw(text)}`, {
      parse_mode: 'HTML',
      reply_markup: questionKeyboard(current, asking, question, options.canGoBack === true, options.keep),
    });
    problem = undefined;
    const reply = await asking.reply();
    current = reply.ctx;
    if (reply.kind === 'button') {
      if (reply.action === 'cancel') return { kind: 'cancelled' };
      if (reply.action === 'back' && options.canGoBack === true) return { kind: 'back', ctx: reply.ctx };
      if (reply.action === 'keep' && options.keep !== undefined)
        return { kind: 'answered', value: options.keep, ctx: reply.ctx };
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
      else await reply.ctx.reply(reply.ctx.t('evidence-answer-first'));
      continue;
    }
    if (!spec.required && /^(skip|пропустить)$/i.test(reply.text.trim()))
      return { kind: 'answered', value: undefined, ctx: reply.ctx };
    // Choices are matched against the labels the lawyer was shown, in their language.
    const labels = (spec.options ?? []).map((option) => optionLabel(reply.ctx, question, option.value));
    const shown = {
      kind: spec.kind,
      options: (spec.options ?? []).map((option, i) => ({ ...option, label: labels[i] })),
    };
    const parsed = parseFieldAnswer(shown, reply.text);
    if (parsed.ok) return { kind: 'answered', value: parsed.value, ctx: reply.ctx };
    problem = answerProblemText(reply.ctx.t, parsed.problem, labels);
  }
}

type Walk =
  | { kind: 'done'; answers: Answers; ctx: ConversationContext }
  | { kind: 'back'; ctx: ConversationContext }
  | { kind: 'cancelled' };

/**
 * Asks the questions in order, skipping those whose `when` does not hold. Back returns to the previous
 * question asked, showing the answer given; from the first question it returns `back` when `backFromFirst`.
 * The answers returned are those of the questions that apply to the final answers.
 */
export async function walkQuestions(
  asking: Asking,
  ctx: ConversationContext,
  questions: readonly Question[],
  options: {
    heading?: (position: number, total: number) => string;
    backFromFirst?: boolean;
    onDocument?: (reply: DocumentReply) => Promise<void>;
  } = {},
): Promise<Walk> {
  const answers: Answers = {};
  const applies = (question: Question): boolean => question.when === undefined || question.when(answers);
  const asked: number[] = [];
  let index = 0;
  let current = ctx;
  while (index < questions.length) {
    const question = questions[index];
    if (!question) break;
    if (!applies(question)) {
      index += 1;
      continue;
    }
    const total = asked.length + questions.slice(index).filter(applies).length;
    const previous = answers[question.id];
    const answer = await askQuestion(asking, current, question, {
      heading: options.heading?.(asked.length + 1, total) ?? '',
      ...(previous !== undefined && { current: currentAnswer(current, question, previous), keep: previous }),
      canGoBack: asked.length > 0 || options.backFromFirst === true,
      ...(options.onDocument && { onDocument: options.onDocument }),
    });
    if (answer.kind === 'cancelled') return answer;
    current = answer.ctx;
    if (answer.kind === 'back') {
      const before = asked.pop();
      if (before === undefined) return { kind: 'back', ctx: current };
      index = before;
      continue;
    }
    if (answer.value === undefined) delete answers[question.id];
    else answers[question.id] = answer.value;
    asked.push(index);
    index += 1;
  }
  const kept: Answers = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (value !== undefined && applies(question)) kept[question.id] = value;
  }
  return { kind: 'done', answers: kept, ctx: current };
}

/** The answers whose id starts with `prefix`, keyed by the rest of the id. */
export function answersUnder(answers: Answers, prefix: string): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(answers)
      .filter(([id]) => id.startsWith(prefix))
      .map(([id, value]) => [id.slice(prefix.length), value]),
  );
}
