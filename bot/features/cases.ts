// A lawyer's cases in the chat: /newcase (client name, field → a new active case), /cases (a paged list to
// open, archive, unarchive or delete), /case (the active case's summary). Ownership is checked in core; a button
// naming someone else's case, or not naming a case at all, changes nothing and says so.
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import {
  cleanCaseText,
  isCaseId,
  type Case,
  type CaseFact,
  type CasePage,
  type CaseSummary,
  type CaseTextField,
} from '../../core/eb1a/cases.ts';
import { CaseNotFoundError } from '../../core/errors.ts';
import type { BotContext, ConversationContext } from '../context.ts';
import { english } from '../english.ts';
import { errorMessage } from '../middleware/error-boundary.ts';
import { escapeHtml } from '../telegram-text.ts';
import { MENU } from './start.ts';
import { keepingErrors } from '../conversation-external.ts';

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;
const translate =
  (ctx: { t: Translate }): Translate =>
  (key, params) =>
    ctx.t(key, params);

const NEW_CASE_CONVERSATION = 'newCase';
const CASES_PAGE_SIZE = 5;

/** Callback data of the case buttons; every id in them is checked to be a uuid before use. */
export const CASE_BUTTON = {
  open: (caseId: string) => `case:open:${caseId}`,
  archive: (caseId: string) => `case:archive:${caseId}`,
  unarchive: (caseId: string) => `case:unarchive:${caseId}`,
  delete: (caseId: string) => `case:delete:${caseId}`,
  confirmDelete: (caseId: string) => `case:delete-yes:${caseId}`,
  page: (page: number) => `cases:page:${String(page)}`,
} as const;

/** The English texts, for modules and tests that compare replies with them. */
export const INVALID_BUTTON_TEXT = english('cases-invalid-button');
export const NO_ACTIVE_CASE_TEXT = english('cases-no-active-case');

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

export function noActiveCaseKeyboard(t: Translate = english): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('start-button-new-case'), MENU.newCase)
    .text(t('start-button-my-cases'), MENU.cases);
}

function renderFact(t: Translate, fact: CaseFact): string {
  if ('key' in fact) return escapeHtml(t(fact.key, fact.params));
  return `${escapeHtml(fact.label)}: ${escapeHtml(fact.value)}`;
}

function renderCaseSummary(t: Translate, summary: CaseSummary): string {
  const { case: shown, active, facts } = summary;
  const lines = [
    `<b>${escapeHtml(shown.clientName)}</b>${active ? ` ${escapeHtml(t('cases-summary-active'))}` : ''}`,
    escapeHtml(t('cases-summary-field', { field: shown.fieldOfEndeavor })),
    escapeHtml(t('cases-summary-status', { status: shown.status })),
    escapeHtml(t('cases-summary-opened', { date: shortDate(shown.createdAt) })),
    ...facts.map((fact) => renderFact(t, fact)),
  ];
  return lines.join('\n');
}

function caseSummaryKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('start-button-intake'), MENU.intake)
    .text(t('start-button-evidence'), MENU.evidence)
    .row()
    .text(t('start-button-analyze'), MENU.analyze)
    .text(t('start-button-my-cases'), MENU.cases);
}

function caseLine(t: Translate, listed: Case, activeId: string | null): string {
  const marks = [
    listed.id === activeId ? t('cases-mark-active') : null,
    listed.status === 'archived' ? t('cases-mark-archived') : null,
  ].filter((mark): mark is string => mark !== null);
  const suffix = marks.length ? ` (${marks.join(', ')})` : '';
  return `• <b>${escapeHtml(listed.clientName)}</b> — ${escapeHtml(listed.fieldOfEndeavor)}${escapeHtml(suffix)}`;
}

function renderCaseList(t: Translate, page: CasePage, activeId: string | null): string {
  if (page.total === 0) return escapeHtml(t('cases-list-empty'));
  const heading =
    page.pageCount > 1
      ? t('cases-list-heading-paged', { page: page.page + 1, pages: page.pageCount, count: page.total })
      : t('cases-list-heading', { count: page.total });
  return [
    `<b>${escapeHtml(heading)}</b>`,
    '',
    ...page.items.map((listed) => caseLine(t, listed, activeId)),
  ].join('\n');
}

function caseListKeyboard(t: Translate, page: CasePage, activeId: string | null): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const listed of page.items) {
    const label = `${listed.id === activeId ? '▶ ' : ''}${shorten(listed.clientName, 28)}`;
    keyboard.text(label, CASE_BUTTON.open(listed.id));
    if (listed.status === 'open') keyboard.text(t('cases-button-archive'), CASE_BUTTON.archive(listed.id));
    else keyboard.text(t('cases-button-unarchive'), CASE_BUTTON.unarchive(listed.id));
    keyboard.text(t('cases-button-delete'), CASE_BUTTON.delete(listed.id)).row();
  }
  if (page.page > 0) keyboard.text(t('cases-button-previous'), CASE_BUTTON.page(page.page - 1));
  if (page.page < page.pageCount - 1) keyboard.text(t('cases-button-next'), CASE_BUTTON.page(page.page + 1));
  if (page.total === 0) keyboard.text(t('start-button-new-case'), MENU.newCase);
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
  field: CaseTextField,
): Promise<string> {
  for (;;) {
    const reply = await conversation.wait();
    const text = reply.message?.text;
    if (text?.startsWith('/')) {
      await reply.reply(reply.t('cases-new-not-created'));
      return conversation.halt({ next: true });
    }
    if (text === undefined) {
      if (!reply.message) return conversation.skip({ next: true });
      await reply.reply(reply.t(field === 'clientName' ? 'cases-new-type-name' : 'cases-new-type-field'));
      continue;
    }
    const cleaned = cleanCaseText(field, text);
    if (cleaned.ok) return cleaned.value;
    await reply.reply(reply.t(cleaned.problem.key, cleaned.problem.params));
  }
}

async function newCaseConversation(
  conversation: Conversation<BotContext, ConversationContext>,
  ctx: ConversationContext,
): Promise<void> {
  await ctx.reply(ctx.t('cases-new-ask-name'));
  const clientName = await askCaseText(conversation, 'clientName');
  await ctx.reply(ctx.t('cases-new-ask-field', { name: escapeHtml(clientName) }), HTML);
  const fieldOfEndeavor = await askCaseText(conversation, 'fieldOfEndeavor');
  // Replays of the conversation must not create the case twice: the write runs once, outside the replay.
  const created = await conversation.external(
    keepingErrors(async () => {
      const saved = await ctx.app.cases.create(ctx.lawyer.id, { clientName, fieldOfEndeavor });
      // What the lawyer just typed is not asked again by the intake.
      await ctx.app.intake.prefill(ctx.lawyer.id, saved.id, {
        'background.client_name': saved.clientName,
        'background.field': saved.fieldOfEndeavor,
      });
      return { clientName: saved.clientName, fieldOfEndeavor: saved.fieldOfEndeavor };
    }),
  );
  await ctx.reply(
    ctx.t('cases-new-opened', {
      name: escapeHtml(created.clientName),
      field: escapeHtml(created.fieldOfEndeavor),
    }),
    {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(ctx.t('cases-button-start-intake'), MENU.intake)
        .text(ctx.t('start-button-my-cases'), MENU.cases),
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
  await ctx.answerCallbackQuery({ text: ctx.t('cases-invalid-button'), show_alert: true });
  return null;
}

/** Runs a case action; a case that is not the lawyer's (deleted, or a forged button) changes nothing. */
async function forOwnedCase(ctx: BotContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof CaseNotFoundError)) throw err;
    ctx.log.warn({ err, data: ctx.callbackQuery?.data }, 'case button for a case that is not the lawyer’s');
    await ctx.answerCallbackQuery({ text: errorMessage((key) => ctx.t(key), err), show_alert: true });
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
    const t = translate(ctx);
    const text = renderCaseList(t, page, active?.id ?? null);
    const options = { ...HTML, reply_markup: caseListKeyboard(t, page, active?.id ?? null) };
    if (edit) await ctx.editMessageText(text, options);
    else await ctx.reply(text, options);
  }

  async function showActiveCase(ctx: BotContext): Promise<void> {
    const summary = await app.cases.summary(ctx.lawyer.id);
    const t = translate(ctx);
    if (!summary) {
      await ctx.reply(t('cases-no-active-case'), { reply_markup: noActiveCaseKeyboard(t) });
      return;
    }
    await ctx.reply(renderCaseSummary(t, summary), { ...HTML, reply_markup: caseSummaryKeyboard(t) });
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
      const t = translate(ctx);
      await ctx.answerCallbackQuery({ text: t('cases-opened', { name: shorten(opened.clientName, 100) }) });
      if (summary)
        await ctx.editMessageText(renderCaseSummary(t, summary), {
          ...HTML,
          reply_markup: caseSummaryKeyboard(t),
        });
    });
  });

  feature.callbackQuery(/^case:archive:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const archived = await app.cases.archive(ctx.lawyer.id, caseId);
      await ctx.answerCallbackQuery({
        text: ctx.t('cases-archived', { name: shorten(archived.clientName, 100) }),
      });
      await showCaseList(ctx, 0, true);
    });
  });

  feature.callbackQuery(/^case:unarchive:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const restored = await app.cases.unarchive(ctx.lawyer.id, caseId);
      await ctx.answerCallbackQuery({
        text: ctx.t('cases-unarchived', { name: shorten(restored.clientName, 100) }),
      });
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
        ctx.t('cases-delete-confirm', {
          name: escapeHtml(doomed.clientName),
          field: escapeHtml(doomed.fieldOfEndeavor),
        }),
        {
          ...HTML,
          reply_markup: new InlineKeyboard()
            .text(ctx.t('cases-button-delete-yes'), CASE_BUTTON.confirmDelete(doomed.id))
            .text(ctx.t('cases-button-delete-no'), CASE_BUTTON.page(0)),
        },
      );
    });
  });

  feature.callbackQuery(/^case:delete-yes:(.*)$/, async (ctx) => {
    const caseId = await caseIdFrom(ctx, ctx.match[1]);
    if (caseId === null) return;
    await forOwnedCase(ctx, async () => {
      const deleted = await app.cases.delete(ctx.lawyer.id, caseId);
      await ctx.answerCallbackQuery({ text: ctx.t('cases-deleted-short') });
      await ctx.editMessageText(ctx.t('cases-deleted', { name: escapeHtml(deleted.clientName) }), {
        ...HTML,
        reply_markup: new InlineKeyboard()
          .text(ctx.t('start-button-my-cases'), MENU.cases)
          .text(ctx.t('start-button-new-case'), MENU.newCase),
      });
    });
  });

  // Anything else under our prefixes is a button we never made (or an old version's): nothing changes.
  feature.callbackQuery(/^cases?:/, async (ctx) => {
    ctx.log.warn({ data: ctx.callbackQuery.data }, 'unknown case button');
    await ctx.answerCallbackQuery({ text: ctx.t('cases-invalid-button'), show_alert: true });
  });

  return feature;
}

/** For other features: the active case, or a reply telling the lawyer how to get one (then null). */
export async function activeCaseOrExplain(app: App, ctx: BotContext): Promise<Case | null> {
  const active = await app.cases.active(ctx.lawyer.id);
  if (active) return active;
  await ctx.reply(ctx.t('cases-no-active-case'), { reply_markup: noActiveCaseKeyboard(translate(ctx)) });
  return null;
}
