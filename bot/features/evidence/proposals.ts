// Documents sent outside any question are read into proposed exhibits: each accepted upload is stored,
// recorded as a proposal of the active case and read by a job (one progress message per burst); the
// job's message then offers [Confirm] [Other criterion] [Edit a fact] [Not evidence], handled here.
import { Composer, GrammyError, InlineKeyboard } from 'grammy';
import { isLocale, DEFAULT_LOCALE } from '../../../core/i18n/i18n.ts';
import { CRITERION_IDS, type CriterionId } from '../../../core/eb1a/criteria.ts';
import { fieldLabelKey, type FieldValue } from '../../../core/eb1a/evidence.ts';
import { proposeFields } from '../../../core/eb1a/propose.ts';
import type { DocumentProposal } from '../../../core/documents/proposals.ts';
import { FileError, NotFoundError } from '../../../core/errors.ts';
import { progressBar } from '../../../core/jobs/progress.ts';
import {
  criteriaForChoice,
  PROPOSAL_BUTTONS,
  renderConfirmedProposal,
} from '../../../core/jobs/read-document.ts';
import type { BotContext } from '../../context.ts';
import { noActiveCaseKeyboard } from '../cases.ts';
import type { AddStart, ConfirmedProposal } from './adding.ts';
import { downloadChecked, incomingDocument } from './downloads.ts';
import { MAX_LIST_BUTTONS } from './documents.ts';
import { clipLabel, criterionName, exhibitName } from './rendering.ts';

const ID = '([0-9a-f-]{36})';

/** Callback data of the choices that follow a proposal's own buttons (core/jobs/read-document.ts). */
const CHOICE_BUTTONS = {
  criterion: (id: string, criterion: CriterionId) =>
    `dp:as:${id}:${String(CRITERION_IDS.indexOf(criterion))}`,
  dropFact: (id: string, index: number) => `dp:ef:${id}:${String(index)}`,
  attachTo: (id: string, exhibitNumber: number) => `dp:to:${id}:${String(exhibitNumber)}`,
} as const;

/** Stores an accepted upload, records it as a proposal and queues its reading; refusals are named. */
async function readUpload(ctx: BotContext): Promise<void> {
  const document = incomingDocument(ctx.message);
  const chatId = ctx.chat?.id;
  if (!document || chatId === undefined) return;
  const active = await ctx.app.cases.active(ctx.lawyer.id);
  if (!active) {
    await ctx.reply(`${ctx.t('evidence-document-needs-case')} ${ctx.t('cases-no-active-case')}`, {
      reply_markup: noActiveCaseKeyboard(),
    });
    return;
  }
  const downloaded = await downloadChecked(ctx, document);
  if (!downloaded.ok) {
    await ctx.reply(downloaded.message);
    return;
  }
  let sha256: string;
  try {
    ({ sha256 } = await ctx.app.files.put({
      bytes: downloaded.bytes,
      mimeType: downloaded.mimeType,
      originalName: document.name,
    }));
  } catch (err) {
    // The store checks the bytes again; its refusal is the lawyer's answer, not a failure.
    if (err instanceof FileError) {
      await ctx.reply(ctx.t('evidence-file-refused'));
      return;
    }
    throw err;
  }
  const updateId = ctx.update.update_id;
  const { proposal, startsBurst } = await ctx.app.documentProposals.create({
    lawyerId: ctx.lawyer.id,
    caseId: active.id,
    chatId,
    sourceKey: `telegram:${String(updateId)}`,
    sha256,
    fileName: document.name,
    mimeType: downloaded.mimeType,
  });
  if (startsBurst && proposal.burstId) {
    // The burst's one progress message: the reading jobs edit it as each document is read.
    const sent = await ctx.reply(
      ctx.t('proposals-burst-progress', { done: 0, total: 1, bar: progressBar(0, 1) }),
      { parse_mode: 'HTML' },
    );
    await ctx.app.documentProposals.setBurstMessage(proposal.burstId, sent.message_id);
  }
  const locale = await ctx.i18n.getLocale();
  await ctx.app.jobs.enqueue(
    'read-document',
    { lawyer: { chatId, locale: isLocale(locale) ? locale : DEFAULT_LOCALE }, proposalId: proposal.id },
    { singletonKey: `document:${String(updateId)}` },
  );
}

/** The lawyer's proposal if it still waits for an answer; otherwise tells them why nothing happens. */
async function pendingProposal(ctx: BotContext, id: string): Promise<DocumentProposal | null> {
  let proposal: DocumentProposal;
  try {
    proposal = await ctx.app.documentProposals.get(ctx.lawyer.id, id);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    await ctx.answerCallbackQuery({ text: ctx.t('proposals-gone') });
    return null;
  }
  if (proposal.status !== 'pending' || proposal.sha256 === null) {
    await ctx.answerCallbackQuery({
      text: ctx.t(proposal.status === 'confirmed' ? 'proposals-already-confirmed' : 'proposals-gone'),
    });
    return null;
  }
  await ctx.answerCallbackQuery();
  return proposal;
}

/** The exhibit questions for a proposal under `criterion`, with the facts the text stated known. */
async function addStartFor(
  ctx: BotContext,
  proposal: DocumentProposal & { sha256: string },
  criterion: CriterionId,
  fields: Record<string, FieldValue>,
  message?: ConfirmedProposal['message'],
): Promise<AddStart> {
  const owned = await ctx.app.cases.get(ctx.lawyer.id, proposal.caseId);
  const confirmed: ConfirmedProposal = {
    id: proposal.id,
    criterion,
    fields,
    english: proposal.needsTranslation === null ? null : !proposal.needsTranslation,
    sha256: proposal.sha256,
    fileName: proposal.fileName,
    mimeType: proposal.mimeType,
    ...(message && { message }),
  };
  return { caseId: owned.id, clientName: owned.clientName, proposal: confirmed };
}

/**
 * Edits the proposal message the lawyer confirmed to name the exhibit it became ("Exhibit 7 — …"), so the
 * chat shows which document is which exhibit.
 */
export async function showExhibitOnProposal(
  ctx: BotContext,
  proposalId: string,
  at: NonNullable<ConfirmedProposal['message']>,
  exhibitNumber: number,
): Promise<void> {
  const proposal = await ctx.app.documentProposals.get(ctx.lawyer.id, proposalId);
  const text = renderConfirmedProposal(
    (key, params) => ctx.t(key, params),
    proposal,
    exhibitName(ctx, exhibitNumber),
  );
  try {
    await ctx.api.editMessageText(at.chatId, at.messageId, text, { parse_mode: 'HTML' });
  } catch (err) {
    // The exhibit is made and the lawyer told so; Telegram refuses to edit a message deleted since (or
    // one over 48 hours old), which leaves the old text, not a failure.
    if (!(err instanceof GrammyError)) throw err;
    ctx.log.warn({ err, proposalId }, 'could not name the exhibit on its proposal message');
  }
}

function factsOf(proposal: DocumentProposal, without?: number): Record<string, FieldValue> {
  return Object.fromEntries(
    proposal.fields.filter((_, index) => index !== without).map((fact) => [fact.key, fact.value]),
  );
}

/**
 * The buttons of a proposal message. `startAdding` enters the new-exhibit questions (ending any
 * conversation left half-way), as /evidence does.
 */
export function proposalHandlers(
  startAdding: (ctx: BotContext, start: AddStart) => Promise<void>,
): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(new RegExp(`^dp:ok:${ID}$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    if (!proposal?.sha256 || !proposal.criterion) return;
    await ctx.editMessageReplyMarkup();
    const shown = ctx.callbackQuery.message;
    await startAdding(
      ctx,
      await addStartFor(
        ctx,
        { ...proposal, sha256: proposal.sha256 },
        proposal.criterion,
        factsOf(proposal),
        shown ? { chatId: shown.chat.id, messageId: shown.message_id } : undefined,
      ),
    );
  });

  feature.callbackQuery(new RegExp(`^dp:other:${ID}$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    if (!proposal) return;
    const keyboard = new InlineKeyboard();
    criteriaForChoice(proposal).forEach((criterion, index) => {
      keyboard.text(criterionName(ctx, criterion), CHOICE_BUTTONS.criterion(proposal.id, criterion));
      if (index % 2 === 1) keyboard.row();
    });
    await ctx.reply(ctx.t('proposals-which-criterion', { name: proposal.fileName }), {
      reply_markup: keyboard,
    });
  });

  feature.callbackQuery(new RegExp(`^dp:as:${ID}:(\\d)$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    const criterion = CRITERION_IDS[Number(ctx.match[2])];
    if (!proposal?.sha256 || !criterion) return;
    // The facts of another criterion are read again from the same text.
    const text = await ctx.app.documentTexts.get(proposal.sha256);
    const fields = text ? (proposeFields(criterion, text.text).values as Record<string, FieldValue>) : {};
    await ctx.editMessageReplyMarkup();
    await startAdding(
      ctx,
      await addStartFor(ctx, { ...proposal, sha256: proposal.sha256 }, criterion, fields),
    );
  });

  feature.callbackQuery(new RegExp(`^dp:edit:${ID}$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    const criterion = proposal?.criterion;
    if (!proposal || !criterion) return;
    const keyboard = new InlineKeyboard();
    proposal.fields.forEach((fact, index) => {
      const label = `${ctx.t(fieldLabelKey(criterion, fact.key))}: ${String(fact.value)}`;
      keyboard.text(clipLabel(label), CHOICE_BUTTONS.dropFact(proposal.id, index)).row();
    });
    await ctx.reply(ctx.t('proposals-which-fact', { name: proposal.fileName }), { reply_markup: keyboard });
  });

  feature.callbackQuery(new RegExp(`^dp:ef:${ID}:(\\d{1,2})$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    if (!proposal?.sha256 || !proposal.criterion) return;
    // The fact the lawyer wants to change is left out, so the questions ask it.
    const fields = factsOf(proposal, Number(ctx.match[2]));
    await ctx.editMessageReplyMarkup();
    await startAdding(
      ctx,
      await addStartFor(ctx, { ...proposal, sha256: proposal.sha256 }, proposal.criterion, fields),
    );
  });

  feature.callbackQuery(new RegExp(`^dp:att:${ID}$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    if (!proposal) return;
    const [owned, exhibits] = await Promise.all([
      ctx.app.cases.get(ctx.lawyer.id, proposal.caseId),
      ctx.app.evidence.list(ctx.lawyer.id, proposal.caseId),
    ]);
    const keyboard = new InlineKeyboard();
    if (proposal.criterion)
      keyboard.text(ctx.t('evidence-button-new-exhibit'), PROPOSAL_BUTTONS.confirm(proposal.id)).row();
    for (const exhibit of exhibits.slice(-MAX_LIST_BUTTONS).reverse()) {
      keyboard
        .text(
          clipLabel(`${exhibitName(ctx, exhibit.exhibitNumber)}: ${exhibit.title}`),
          CHOICE_BUTTONS.attachTo(proposal.id, exhibit.exhibitNumber),
        )
        .row();
    }
    await ctx.reply(
      ctx.t('evidence-document-which-exhibit', { client: owned.clientName, name: proposal.fileName }),
      { reply_markup: keyboard },
    );
  });

  feature.callbackQuery(new RegExp(`^dp:to:${ID}:(\\d{1,6})$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    if (!proposal?.sha256) return;
    const exhibit = (await ctx.app.evidence.list(ctx.lawyer.id, proposal.caseId)).find(
      (e) => e.exhibitNumber === Number(ctx.match[2]),
    );
    if (!exhibit) {
      await ctx.reply(ctx.t('evidence-not-found'));
      return;
    }
    // The proposal's stored copy is linked, not read and stored again.
    const { file, evidence } = await ctx.app.evidence.attachStoredFile(ctx.lawyer.id, exhibit.id, {
      sha256: proposal.sha256,
      fileName: proposal.fileName,
    });
    await ctx.app.documentProposals.confirm(ctx.lawyer.id, proposal.id, evidence.id);
    await ctx.editMessageReplyMarkup();
    await ctx.reply(
      ctx.t('evidence-document-attached', {
        name: file.fileName,
        exhibit: exhibitName(ctx, evidence.exhibitNumber),
      }),
    );
  });

  feature.callbackQuery(new RegExp(`^dp:no:${ID}$`), async (ctx) => {
    const proposal = await pendingProposal(ctx, ctx.match[1] ?? '');
    if (!proposal) return;
    await ctx.app.documentProposals.reject(ctx.lawyer.id, proposal.id);
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t('proposals-rejected', { name: proposal.fileName }));
  });

  feature.on(['message:document', 'message:photo'], readUpload);
  return feature;
}
