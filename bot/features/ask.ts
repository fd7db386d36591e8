// /ask, /note and /notes: questions answered from the law and the active case with citations, and the notes
// a lawyer keeps on the case (which /ask searches too).
//
// /ask runs in the update, not as a job: retrieval takes milliseconds. When an LLM may write the answer
// (seconds), the lawyer first sees "looking…" and that message is edited into the answer, so they know the
// question arrived; the LLM calls are bounded by their own timeouts, inside the update's time limit. When
// the answer fails, that message is deleted and the lawyer reads only the error.
import { Composer } from 'grammy';
import type { App } from '../../core/app.ts';
import type { AskAnswer } from '../../core/ask/ask.ts';
import { checkNoteText } from '../../core/ask/notes.ts';
import { resolveLocale, type Locale } from '../../core/i18n/i18n.ts';
import { describeWriterSource } from '../../core/llm/grounded.ts';
import type { BotContext } from '../context.ts';
import { escapeHtml, replyLong, splitForTelegram } from '../telegram-text.ts';
import { activeCaseOrExplain } from './cases.ts';

const HTML = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** Notes listed by /notes: the newest, enough to read in one message. */
const NOTES_LISTED = 20;

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function logAnswer(ctx: BotContext, caseId: string | undefined, result: AskAnswer): void {
  ctx.log.info(
    { caseId, law: result.law.length, case: result.caseFile.length, source: result.answer.source },
    'question answered',
  );
}

/**
 * Which writer wrote the answer, so the lawyer knows what they are reading: said as everywhere prose is
 * written (describeWriterSource), except the plain answer, which is the passages quoted, not composed.
 */
function sourceLine(app: App, locale: Locale, result: AskAnswer): string {
  const { answer } = result;
  if (answer.source === 'template' && (answer.problems ?? []).length === 0)
    return app.translator.t(locale, 'ask-source-template');
  return describeWriterSource(app.translator, locale, answer);
}

function renderAnswer(
  app: App,
  ctx: BotContext,
  locale: Locale,
  question: string,
  result: AskAnswer,
): string {
  return [
    `<b>${escapeHtml(ctx.t('ask-question-heading', { question: shorten(question, 300) }))}</b>`,
    escapeHtml(result.answer.text),
    `<i>${escapeHtml(sourceLine(app, locale, result))}</i>`,
  ].join('\n\n');
}

async function ask(app: App, ctx: BotContext, question: string): Promise<void> {
  if (question === '') {
    await ctx.reply(ctx.t('ask-usage'));
    return;
  }
  const active = await app.cases.active(ctx.lawyer.id);
  const locale = resolveLocale(await ctx.i18n.getLocale());
  const request = { lawyerId: ctx.lawyer.id, caseId: active?.id ?? null, question, locale };

  if (app.llm === null) {
    const result = await app.ask.ask(request);
    logAnswer(ctx, active?.id, result);
    await replyLong(ctx, renderAnswer(app, ctx, locale, question, result), { filename: 'answer.txt' });
    return;
  }

  const waiting = await ctx.reply(ctx.t('ask-thinking'));
  let rest: string[];
  try {
    const result = await app.ask.ask(request);
    logAnswer(ctx, active?.id, result);
    const [first, ...others] = splitForTelegram(renderAnswer(app, ctx, locale, question, result));
    await ctx.api.editMessageText(waiting.chat.id, waiting.message_id, first ?? '', HTML);
    rest = others;
  } catch (err) {
    // "Looking…" would read as still working: the lawyer sees only the error the boundary sends.
    await ctx.api.deleteMessage(waiting.chat.id, waiting.message_id).catch((deleteErr: unknown) => {
      ctx.log.warn({ err: deleteErr }, 'could not remove the "looking" message of a failed /ask');
    });
    throw err;
  }
  for (const part of rest) await ctx.reply(part, HTML);
}

async function addNote(app: App, ctx: BotContext, text: string): Promise<void> {
  const active = await activeCaseOrExplain(app, ctx);
  if (!active) return;
  const checked = checkNoteText(text);
  if (!checked.ok) {
    await ctx.reply(ctx.t(checked.problem.key, checked.problem.params));
    return;
  }
  const note = await app.notes.add(ctx.lawyer.id, active.id, checked.value);
  ctx.log.info({ caseId: active.id, noteId: note.id }, 'case note added');
  await ctx.reply(ctx.t('ask-note-saved', { clientName: active.clientName }));
}

async function listNotes(app: App, ctx: BotContext): Promise<void> {
  const active = await activeCaseOrExplain(app, ctx);
  if (!active) return;
  const notes = await app.notes.list(ctx.lawyer.id, active.id, NOTES_LISTED);
  if (notes.length === 0) {
    await ctx.reply(ctx.t('ask-notes-empty', { clientName: active.clientName }));
    return;
  }
  const lines = notes.map((note) =>
    escapeHtml(ctx.t('ask-notes-line', { date: note.createdAt.toISOString().slice(0, 10), text: note.text })),
  );
  await replyLong(
    ctx,
    [
      `<b>${escapeHtml(ctx.t('ask-notes-heading', { clientName: active.clientName, count: notes.length }))}</b>`,
      ...lines,
    ].join('\n'),
    { filename: 'notes.txt' },
  );
}

export function askFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('ask', (ctx) => ask(app, ctx, ctx.match.trim()));

  feature.command('note', async (ctx) => {
    const text = ctx.match.trim();
    // /note with nothing after it shows what is noted, as /notes does.
    if (text === '') await listNotes(app, ctx);
    else await addNote(app, ctx, text);
  });

  feature.command('notes', (ctx) => listNotes(app, ctx));

  return feature;
}
