// Changing an exhibit: one fact of one claim, its title or language; withdrawing a claim, moving the primary
// mark, and removing the whole exhibit, each with its confirmation where something is lost.
import { Composer, InlineKeyboard } from 'grammy';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import type { EvidenceChange } from '../../../core/eb1a/evidence-store.ts';
import { EVIDENCE_FIELDS, fieldLabelKey, type FieldSpec } from '../../../core/eb1a/evidence.ts';
import { isAppError, ValidationError } from '../../../core/errors.ts';
import type { BotContext, ConversationContext } from '../../context.ts';
import { html } from '../../telegram-text.ts';
import { loadExhibit, refusalText } from './adding.ts';
import {
  Asking,
  askQuestion,
  currentAnswer,
  exhibitQuestion,
  walkQuestions,
  type EvidenceConversation,
  type Question,
} from './asking.ts';
import type { Outcome } from './downloads.ts';
import {
  criterionFromRef,
  criterionName,
  criterionRef,
  EVIDENCE_BUTTONS,
  exhibitCard,
  exhibitKeyboard,
  exhibitName,
  snapshot,
  type ExhibitSnapshot,
  type Speaker,
} from './rendering.ts';
import { keepingErrors } from '../../conversation-external.ts';

/** Which fact a button edits: 'title', 'language', or `<criterion>.<field>` by position. */
function factRef(criterion: CriterionId, index: number): string {
  return `${criterionRef(criterion)}.${String(index)}`;
}

function editMenu(ctx: Speaker, exhibit: ExhibitSnapshot): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text(ctx.t('evidence-edit-title'), EVIDENCE_BUTTONS.editField(exhibit.id, 'title'))
    .row();
  for (const claim of exhibit.claims) {
    const specs: readonly FieldSpec[] = EVIDENCE_FIELDS[claim.criterion];
    // With several claims, each fact is named with its criterion's number: "(v) Year".
    const prefix =
      exhibit.claims.length > 1 ? `${criterionName(ctx, claim.criterion).split(' ')[0] ?? ''} ` : '';
    specs.forEach((spec, index) => {
      keyboard.text(
        `${prefix}${ctx.t(fieldLabelKey(claim.criterion, spec.key))}`,
        EVIDENCE_BUTTONS.editField(exhibit.id, factRef(claim.criterion, index)),
      );
      if (index % 2 === 1) keyboard.row();
    });
    keyboard.row();
  }
  return keyboard
    .text(ctx.t('evidence-edit-language'), EVIDENCE_BUTTONS.editField(exhibit.id, 'language'))
    .text(ctx.t('evidence-button-back'), EVIDENCE_BUTTONS.show(exhibit.id));
}

/** Re-answers one fact of an exhibit ('title', 'language', or `<criterion>.<field>`). */
export async function editConversation(
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
  const heading = html`<b>${exhibitName(ctx, exhibit.exhibitNumber)}</b> `;
  let change: EvidenceChange;
  let current: ConversationContext;
  if (field === 'title') {
    const question = exhibitQuestion('title');
    const answer = await askQuestion(asking, ctx, question, { heading, current: exhibit.title });
    if (answer.kind !== 'answered') {
      await ctx.reply(ctx.t('evidence-nothing-changed'));
      return;
    }
    current = answer.ctx;
    change = { title: String(answer.value) };
  } else if (field === 'language') {
    const notEnglish = (answers: Record<string, unknown>): boolean => answers.english === false;
    const walk = await walkQuestions(asking, ctx, [
      exhibitQuestion('english'),
      exhibitQuestion('language', notEnglish),
      exhibitQuestion('certifiedTranslation', notEnglish),
    ]);
    if (walk.kind !== 'done') {
      await ctx.reply(ctx.t('evidence-nothing-changed'));
      return;
    }
    current = walk.ctx;
    change =
      walk.answers.english === false
        ? {
            language: String(walk.answers.language),
            certifiedTranslation: walk.answers.certifiedTranslation === true,
          }
        : { language: null, certifiedTranslation: null };
  } else {
    const [criterionPart, fieldPart] = field.split('.');
    const criterion = criterionFromRef(criterionPart);
    const claim = exhibit.claims.find((candidate) => candidate.criterion === criterion);
    const spec = claim
      ? (EVIDENCE_FIELDS[claim.criterion] as readonly FieldSpec[])[Number(fieldPart)]
      : undefined;
    if (!claim || !spec) {
      await ctx.reply(ctx.t('evidence-edit-unknown-fact'));
      return;
    }
    const question: Question = { id: spec.key, spec, owner: claim.criterion };
    const answer = await askQuestion(asking, ctx, question, {
      heading,
      current: currentAnswer(ctx, question, claim.fields[spec.key]),
    });
    if (answer.kind !== 'answered') {
      await ctx.reply(ctx.t('evidence-nothing-changed'));
      return;
    }
    current = answer.ctx;
    change = { criterion: claim.criterion, fields: { [spec.key]: answer.value ?? null } };
  }
  const updated = await conversation.external(
    keepingErrors(async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> => {
      try {
        return {
          ok: true,
          exhibit: snapshot(await outer.app.evidence.update(outer.lawyer.id, evidenceId, change)),
        };
      } catch (err) {
        if (err instanceof ValidationError) return { ok: false, message: refusalText(outer, err) };
        if (isAppError(err) && err.httpStatus === 404)
          return { ok: false, message: outer.t('evidence-not-found') };
        throw err;
      }
    }),
  );
  if (!updated.ok) {
    await current.reply(`${current.t('evidence-nothing-changed')} ${updated.message}`);
    return;
  }
  await current.reply(
    `${html`${current.t('evidence-updated')}`}\n\n${exhibitCard(current, updated.exhibit)}`,
    {
      parse_mode: 'HTML',
      reply_markup: exhibitKeyboard(current, updated.exhibit),
    },
  );
}

/** The buttons of an exhibit's page that change it without questions. */
export function editingHandlers(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(/^ev:show:(.+)$/, async (ctx) => {
    const exhibit = snapshot(await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? ''));
    await ctx.answerCallbackQuery();
    await ctx.reply(exhibitCard(ctx, exhibit), {
      parse_mode: 'HTML',
      reply_markup: exhibitKeyboard(ctx, exhibit),
    });
  });

  feature.callbackQuery(/^ev:edit:(.+)$/, async (ctx) => {
    const exhibit = snapshot(await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? ''));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('evidence-edit-which-fact', { exhibit: exhibitName(ctx, exhibit.exhibitNumber) }), {
      reply_markup: editMenu(ctx, exhibit),
    });
  });

  feature.callbackQuery(/^ev:rm:(.+)$/, async (ctx) => {
    const exhibit = await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? '');
    await ctx.answerCallbackQuery();
    await ctx.reply(
      ctx.t('evidence-remove-confirm', {
        exhibit: exhibitName(ctx, exhibit.exhibitNumber),
        title: exhibit.title,
      }),
      {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('evidence-button-remove-yes'), EVIDENCE_BUTTONS.confirmRemove(exhibit.id))
          .text(ctx.t('evidence-button-keep'), EVIDENCE_BUTTONS.show(exhibit.id)),
      },
    );
  });

  feature.callbackQuery(/^ev:rmy:(.+)$/, async (ctx) => {
    const removed = await ctx.app.evidence.remove(ctx.lawyer.id, ctx.match[1] ?? '');
    const exhibit = exhibitName(ctx, removed.exhibitNumber);
    await ctx.answerCallbackQuery({ text: ctx.t('evidence-removed-short', { exhibit }) });
    await ctx.editMessageText(ctx.t('evidence-removed', { exhibit, title: removed.title }), {
      reply_markup: new InlineKeyboard().text(ctx.t('evidence-button-all-exhibits'), EVIDENCE_BUTTONS.list),
    });
  });

  feature.callbackQuery(/^ev:rc:([^:]+):(\d)$/, async (ctx) => {
    const criterion = criterionFromRef(ctx.match[2]);
    const exhibit = await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? '');
    await ctx.answerCallbackQuery();
    if (!criterion || !exhibit.claims.some((claim) => claim.criterion === criterion)) return;
    await ctx.reply(
      ctx.t('evidence-remove-claim-confirm', {
        exhibit: exhibitName(ctx, exhibit.exhibitNumber),
        criterion: criterionName(ctx, criterion),
      }),
      {
        reply_markup: new InlineKeyboard()
          .text(
            ctx.t('evidence-button-remove-claim-yes'),
            EVIDENCE_BUTTONS.confirmRemoveClaim(exhibit.id, criterion),
          )
          .text(ctx.t('evidence-button-keep'), EVIDENCE_BUTTONS.show(exhibit.id)),
      },
    );
  });

  feature.callbackQuery(/^ev:rcy:([^:]+):(\d)$/, async (ctx) => {
    const criterion = criterionFromRef(ctx.match[2]);
    if (!criterion) {
      await ctx.answerCallbackQuery();
      return;
    }
    let exhibit: ExhibitSnapshot;
    try {
      exhibit = snapshot(await ctx.app.evidence.removeClaim(ctx.lawyer.id, ctx.match[1] ?? '', criterion));
    } catch (err) {
      // The last claim stays: the lawyer removes the exhibit instead.
      if (!(err instanceof ValidationError)) throw err;
      await ctx.answerCallbackQuery({ text: ctx.t('evidence-claim-last') });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(
      `${html`${ctx.t('evidence-claim-removed', {
        exhibit: exhibitName(ctx, exhibit.exhibitNumber),
        criterion: criterionName(ctx, criterion),
      })}`}\n\n${exhibitCard(ctx, exhibit)}`,
      { parse_mode: 'HTML', reply_markup: exhibitKeyboard(ctx, exhibit) },
    );
  });

  feature.callbackQuery(/^ev:pr:([^:]+):(\d)$/, async (ctx) => {
    const criterion = criterionFromRef(ctx.match[2]);
    if (!criterion) {
      await ctx.answerCallbackQuery();
      return;
    }
    const exhibit = snapshot(await ctx.app.evidence.setPrimary(ctx.lawyer.id, ctx.match[1] ?? '', criterion));
    await ctx.answerCallbackQuery();
    await ctx.reply(
      `${html`${ctx.t('evidence-claim-made-primary', {
        exhibit: exhibitName(ctx, exhibit.exhibitNumber),
        criterion: criterionName(ctx, criterion),
      })}`}\n\n${exhibitCard(ctx, exhibit)}`,
      { parse_mode: 'HTML', reply_markup: exhibitKeyboard(ctx, exhibit) },
    );
  });

  return feature;
}
