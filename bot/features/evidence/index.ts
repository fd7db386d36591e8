// /evidence: adding exhibits to the active case one question at a time, claiming an exhibit under more
// criteria, listing, editing and removing them, and documents a lawyer sends (checked, stored once,
// attached to an exhibit).
//
// Conversations replay from the start on every update, so everything that reads the database, the
// clock, a flag or Telegram's file server runs inside `conversation.external` and returns plain JSON.
import { createConversation } from '@grammyjs/conversations';
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../../core/app.ts';
import type { BotContext, ConversationContext } from '../../context.ts';
import { html, replyLong } from '../../telegram-text.ts';
import { activeCaseOrExplain } from '../cases.ts';
import { MENU } from '../start.ts';
import { addClaim, addExhibit, type AddStart, type CaseRef } from './adding.ts';
import type { EvidenceConversation } from './asking.ts';
import { attachConversation, documentHandlers, MAX_LIST_BUTTONS } from './documents.ts';
import { proposalHandlers } from './proposals.ts';
import { editConversation, editingHandlers } from './editing.ts';
import { clipLabel, criterionName, EVIDENCE_BUTTONS, exhibitListLine, exhibitName } from './rendering.ts';

const EVIDENCE_CONVERSATIONS = {
  add: 'exhibit-add',
  alsoUse: 'exhibit-also-use',
  edit: 'exhibit-edit',
  attach: 'exhibit-attach',
} as const;

const MAX_CANDIDATE_BUTTONS = 8;

async function addConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  start: AddStart,
): Promise<void> {
  await addExhibit(conversation, ctx, start);
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
  const lines = [
    html`<b>${ctx.t('evidence-list-heading', { client: caseRef.clientName, count: exhibits.length })}</b>`,
    '',
  ];
  if (exhibits.length === 0) lines.push(html`${ctx.t('evidence-list-empty')}`);
  lines.push(...exhibits.map((exhibit) => exhibitListLine(ctx, exhibit)));
  if (candidates.length > 0) {
    lines.push('', html`<b>${ctx.t('evidence-list-suggested')}</b>`);
    lines.push(...candidates.map((c) => html`• ${criterionName(ctx, c.criterion)} — ${c.title}`));
  }
  const keyboard = new InlineKeyboard();
  for (const exhibit of exhibits.slice(-MAX_LIST_BUTTONS)) {
    keyboard
      .text(
        clipLabel(`${exhibitName(ctx, exhibit.exhibitNumber)}: ${exhibit.title}`),
        EVIDENCE_BUTTONS.show(exhibit.id),
      )
      .row();
  }
  for (const candidate of candidates.slice(0, MAX_CANDIDATE_BUTTONS)) {
    keyboard
      .text(
        clipLabel(ctx.t('evidence-button-complete', { title: candidate.title })),
        EVIDENCE_BUTTONS.candidate(candidate.id),
      )
      .row();
  }
  keyboard
    .text(ctx.t('evidence-button-add'), EVIDENCE_BUTTONS.add)
    .text(ctx.t('evidence-button-analyze-short'), MENU.analyze);
  const text = lines.join('\n');
  // A long list arrives in several messages; the buttons go under the last one.
  if (text.length > 3500) {
    await replyLong(ctx, text, { filename: 'exhibits.txt' });
    await ctx.reply(ctx.t('evidence-list-open'), { reply_markup: keyboard });
    return;
  }
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

export function evidenceFeature(_app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(addConversation, EVIDENCE_CONVERSATIONS.add));
  feature.use(createConversation(addClaim, EVIDENCE_CONVERSATIONS.alsoUse));
  feature.use(createConversation(editConversation, EVIDENCE_CONVERSATIONS.edit));
  feature.use(createConversation(attachConversation, EVIDENCE_CONVERSATIONS.attach));

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

  feature.callbackQuery(/^ev:also:(.+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterConversation(ctx, EVIDENCE_CONVERSATIONS.alsoUse, ctx.match[1]);
  });

  feature.callbackQuery(/^ev:ef:([^:]+):(title|language|\d\.\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterConversation(ctx, EVIDENCE_CONVERSATIONS.edit, ctx.match[1], ctx.match[2]);
  });

  feature.callbackQuery(/^ev:att:(.+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await enterConversation(ctx, EVIDENCE_CONVERSATIONS.attach, ctx.match[1]);
  });

  feature.use(editingHandlers(), documentHandlers());
  // A document sent outside any question is read into a proposed exhibit; its buttons lead back here.
  feature.use(proposalHandlers((ctx, start) => enterConversation(ctx, EVIDENCE_CONVERSATIONS.add, start)));

  return feature;
}
