// A lawyer's cases in the chat: /newcase (client name, field → a new active case), /cases (a paged list to
// open, archive or delete), /case (the active case's summary). Ownership is checked in core; a button
// naming someone else's case, or not naming a case at all, changes nothing and says so.
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import {
  cleanCaseText,
  isCaseId,
  type Case,
  type CasePage,
  type CaseSummary,
} from '../../core/eb1a/cases.ts';
import { CaseNotFoundError } from '../../core/errors.ts';
import type { BotContext, ConversationContext } from '../context.ts';
import { html } from '../telegram-text.ts';
import { MENU } from './start.ts';

export const NEW_CASE_CONVERSATION = 'newCase';
export const CASES_PAGE_SIZE = 5;

/** Callback data of the case buttons; every id in them is checked to be a uuid before use. */
export const CASE_BUTTON = {
  open: (caseId: string) => `case:open:${caseId}`,
  archive: (caseId: string) => `case:archive:${caseId}`,
  delete: (caseId: string) => `case:delete:${caseId}`,
  confirmDelete: (caseId: string) => `case:delete-yes:${caseId}`,
  page: (page: number) => `cases:page:${String(page)}`,
} as const;

export const INVALID_BUTTON_TEXT = 'That button is not valid. Send /cases for your list of cases.';
export const NO_ACTIVE_CASE_TEXT =
  'You have no active case. Open a case for a new client with /newcase, or pick one of yours with /cases.';

const HTML = { parse_mode: 'HTML' } as const;

// ---------------------------------------------------------------------------------------------
// What the lawyer sees
// ---------------------------------------------------------------------------------------------

function shortDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function noActiveCaseKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('New case', MENU.newCase).text('My cases', MENU.cases);
}

export function renderCaseSummary(summary: CaseSummary): string {
  const { case: shown, active, facts } = summary;
  const lines = [
    html`<b>${shown.clientName}</b>${active ? ' (your active case)' : ''}`,
    html`Field: ${shown.fieldOfEndeavor}`,
    html`Status: ${shown.status === 'archived' ? 'archived' : 'open'}`,
    html`Opened: ${shortDate(shown.createdAt)}`,
    ...facts.map((fact) => html`${fact.label}: ${fact.value}`),
  ];
  return lines.join('\n');
}

export function caseSummaryKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('Intake', MENU.intake)
    .text('Add evidence', MENU.evidence)
    .row()
    .text('Analyze', MENU.analyze)
    .text('My cases', MENU.cases);
}

function caseLine(listed: Case, activeId: string | null): string {
  const marks = [
    listed.id === activeId ? 'active' : null,
    listed.status === 'archived' ? 'archived' : null,
  ].filter((mark): mark is string => mark !== null);
  const suffix = marks.length ? ` (${marks.join(', ')})` : '';
  return html`• <b>${listed.clientName}</b> — ${listed.fieldOfEndeavor}${suffix}`;
}

export function renderCaseList(page: CasePage, activeId: string | null): string {
  if (page.total === 0) return 'You have no cases yet. Send /newcase to open one.';
  const heading =
    page.pageCount > 1
      ? html`<b>Your cases</b> (page ${page.page + 1} of ${page.pageCount}, ${page.total} in all)`
      : html`<b>Your cases</b> (${page.total})`;
  return [heading, '', ...page.items.map((listed) => caseLine(listed, activeId))].join('\n');
}

export function caseListKeyboard(page: CasePage, activeId: string | null): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const listed of page.items) {
    const label = `${listed.id === activeId ? '▶ ' : ''}${shorten(listed.clientName, 28)}`;
    keyboard.text(label, CASE_BUTTON.open(listed.id));
    if (listed.status === 'open') keyboard.text('Archive', CASE_BUTTON.archive(listed.id));
    keyboard.text('Delete', CASE_BUTTON.delete(listed.id)).row();
  }
  if (page.page > 0) keyboard.text('‹ Previous', CASE_BUTTON.page(page.page - 1));
  if (page.page < page.pageCount - 1) keyboard.text('Next ›', CASE_BUTTON.page(page.page + 1));
  if (page.total === 0) keyboard.text('New case', MENU.newCase);
  return keyboard;
}

// ---------------------------------------------------------------------------------------------
// /newcase: two questions, then the case exists and is active
// ---------------------------------------------------------------------------------------------

/**
 * Waits for a typed answer and tidies it. A command ends the conversation and runs as usual, so a lawyer
 * who changes their mind is never stuck; buttons pressed meanwhile work as usual too.
 */
async function askCaseText(
  conversation: Conversation<BotContext, ConversationContext>,
  what: string,
): Promise<string> {
  for (;;) {
    const reply = await conversation.wait();
    const text = reply.message?.text;
    if (text?.startsWith('/')) {
      await reply.reply('The new case was not created.');
      return conversation.halt({ next: true });
    }
    if (text === undefined) {
      if (!reply.message) return conversation.skip({ next: true });
      await reply.reply(`Please type the ${what}, or send /cancel to stop.`);
      continue;
    }
    const cleaned = cleanCaseText(what, text);
    if (cleaned.ok) return cleaned.value;
    await reply.reply(cleaned.problem);
  }
}

async function newCaseConversation(
  conversation: Conversation<BotContext, ConversationContext>,
  ctx: ConversationContext,
): Promise<void> {
  await ctx.reply('New case. What is the client’s name? (Send /cancel to stop.)');
  const clientName = await askCaseText(conversation, 'client name');
  await ctx.reply(
    html`What is the field of endeavour of <b>${clientName}</b>?` +
      ' As narrow as the evidence supports, e.g. “machine learning for medical imaging”, not “computer science”.',
    HTML,
  );
  const fieldOfEndeavor = await askCaseText(conversation, 'field of endeavour');
  // Replays of the conversation must not create the case twice: the write runs once, outside the replay.
  const created = await conversation.external(async () => {
    const saved = await ctx.app.cases.create(ctx.lawyer.id, { clientName, fieldOfEndeavor });
    return { clientName: saved.clientName, fieldOfEndeavor: saved.fieldOfEndeavor };
  });
  await ctx.reply(
    html`Case opened for <b>${created.clientName}</b> (${created.fieldOfEndeavor}).` +
      ' It is now your active case.\n\nNext: the guided intake (/intake), then evidence (/evidence).',
    {
      ...HTML,
      reply_markup: new InlineKeyboard().text('Start the intake', MENU.intake).text('My cases', MENU.cases),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The feature
// ---------------------------------------------------------------------------------------------

/** The case a button names, when it names one in the right shape; otherwise the lawyer is told. */
async function caseIdFrom(ctx: BotContext, text: string | undefined): Promise<string | null> {
  if (text !== undefined && isCaseId(text)) return text;
  ctx.log.warn({ data: ctx.callbackQuery?.data }, 'malformed case button');
  await ctx.answerCallbackQuery({ text: INVALID_BUTTON_TEXT, show_alert: true });
  return null;
}

/** Runs a case action; a case that is not the lawyer's (deleted, or a forged button) changes nothing. */
async function forOwnedCase(ctx: BotContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof CaseNotFoundError)) throw err;
    ctx.log.warn({ err, data: ctx.callbackQuery?.data }, 'case button for a case that is not the lawyer’s');
    await ctx.answerCallbackQuery({ text: err.userMessage, show_alert: true });
  }
}

export function casesFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(newCaseConversation, NEW_CASE_CONVERSATION));

  async function startNewCase(ctx: BotContext): Promise<void> {
    // One thing at a time: whatever the lawyer was in the middle of is left.
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(NEW_CASE_CONVERSATION);
  }

  async function showCaseList(ctx: BotContext, pageNumber: number, edit: boolean): Promise<void> {
    const [page, active] = await Promise.all([
      app.cases.list(ctx.lawyer.id, { page: pageNumber, pageSize: CASES_PAGE_SIZE }),
      app.cases.active(ctx.lawyer.id),
    ]);
    const text = renderCaseList(page, active?.id ?? null);
    const options = { ...HTML, reply_markup: caseListKeyboard(page, active?.id ?? null) };
    if (edit) await ctx.editMessageText(text, options);
    else await ctx.reply(text, options);
  }

  async function showActiveCase(ctx: BotContext): Promise<void> {
    const summary = await app.cases.summary(ctx.lawyer.id);
    if (!summary) {
      await ctx.reply(NO_ACTIVE_CASE_TEXT, { reply_markup: noActiveCaseKeyboard() });
      return;
    }
    await ctx.reply(renderCaseSummary(summary), { ...HTML, reply_markup: caseSummaryKeyboard() });
  }

  feature.command('newcase', startNewCase);
  feature.callbackQuery(MENU.newCase, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startNewCase(ctx);
  });

  feature.command('cases', (ctx) => showCaseList(ctx, 0, false));
  feature.callbackQuery(MENU.cases, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showCaseList(ctx, 0, false);
  });
  feature.callbackQuery(/^cases:page:(\d{1,6})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showCaseList(ctx, Number(ctx.match[1]), true);
  });

  feature.command('case', showActiveCase);

  feature.callbackQuery(/^case:open:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const opened = await app.cases.open(ctx.lawyer.id, caseId);
      const summary = await app.cases.summary(ctx.lawyer.id, opened.id);
      await ctx.answerCallbackQuery({ text: `${shorten(opened.clientName, 100)} is now your active case.` });
      if (summary)
        await ctx.editMessageText(renderCaseSummary(summary), {
          ...HTML,
          reply_markup: caseSummaryKeyboard(),
        });
    });
  });

  feature.callbackQuery(/^case:archive:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const archived = await app.cases.archive(ctx.lawyer.id, caseId);
      await ctx.answerCallbackQuery({ text: `Archived the case of ${shorten(archived.clientName, 100)}.` });
      await showCaseList(ctx, 0, true);
    });
  });

  feature.callbackQuery(/^case:delete:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const doomed = await app.cases.get(ctx.lawyer.id, caseId);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(
        html`Delete the case of <b>${doomed.clientName}</b> (${doomed.fieldOfEndeavor})?` +
          ' Its intake answers and evidence are deleted with it. This cannot be undone.',
        {
          ...HTML,
          reply_markup: new InlineKeyboard()
            .text('Yes, delete it', CASE_BUTTON.confirmDelete(doomed.id))
            .text('No, keep it', CASE_BUTTON.page(0)),
        },
      );
    });
  });

  feature.callbackQuery(/^case:delete-yes:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const deleted = await app.cases.delete(ctx.lawyer.id, caseId);
      await ctx.answerCallbackQuery({ text: 'Deleted.' });
      await ctx.editMessageText(html`Deleted the case of <b>${deleted.clientName}</b>.`, {
        ...HTML,
        reply_markup: new InlineKeyboard().text('My cases', MENU.cases).text('New case', MENU.newCase),
      });
    });
  });

  // Anything else under our prefixes is a button we never made (or an old version's): nothing changes.
  feature.callbackQuery(/^cases?:/, async (ctx) => {
    ctx.log.warn({ data: ctx.callbackQuery.data }, 'unknown case button');
    await ctx.answerCallbackQuery({ text: INVALID_BUTTON_TEXT, show_alert: true });
  });

  return feature;
}

/** For other features: the active case, or a reply telling the lawyer how to get one (then null). */
export async function activeCaseOrExplain(app: App, ctx: BotContext): Promise<Case | null> {
  const active = await app.cases.active(ctx.lawyer.id);
  if (active) return active;
  await ctx.reply(NO_ACTIVE_CASE_TEXT, { reply_markup: noActiveCaseKeyboard() });
  return null;
}
