// The guided intake in the chat: one question at a time with Back, Skip and Pause, a menu of its blocks
// with progress to jump to any of them, resumable at the same question after a pause, a restart or a
// deploy. The place and the answers are in the database, not in a conversation: while a lawyer's intake
// runs, any text they send is the answer to the current question.
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import type { Case } from '../../core/eb1a/cases.ts';
import { criterionNameKey } from '../../core/eb1a/evidence.ts';
import type {
  AnswerOutcome,
  BlockProgress,
  IntakeState,
  StoredEvidenceCandidate,
} from '../../core/eb1a/intake-store.ts';
import {
  INTAKE_BLOCKS,
  blockTitleKey,
  isIntakeQuestionId,
  optionLabelKey,
  questionById,
  questionHelpKey,
  questionTextKey,
  type IntakeQuestion,
} from '../../core/eb1a/intake-questions.ts';
import { CaseNotFoundError } from '../../core/errors.ts';
import { answerProblemText } from '../answer-problem.ts';
import type { BotContext } from '../context.ts';
import { english } from '../english.ts';
import { inProgress } from '../in-progress.ts';
import { escapeHtml } from '../telegram-text.ts';
import { activeCaseOrExplain, noActiveCaseKeyboard } from './cases.ts';
import { MENU } from './start.ts';

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/**
 * Intake buttons name the case by the first 8 characters of its id and the question they belong to, so
 * a button left on an old message can never act on another case or another question.
 */
const CASE_TAG_LENGTH = 8;
const caseTag = (caseId: string) => caseId.slice(0, CASE_TAG_LENGTH);

export const INTAKE_BUTTON = {
  back: (caseId: string, questionId: string) => `intake:back:${caseTag(caseId)}:${questionId}`,
  skip: (caseId: string, questionId: string) => `intake:skip:${caseTag(caseId)}:${questionId}`,
  pause: (caseId: string, questionId: string) => `intake:pause:${caseTag(caseId)}:${questionId}`,
  choose: (caseId: string, questionId: string, option: number) =>
    `intake:choose:${caseTag(caseId)}:${questionId}:${String(option)}`,
  restart: (caseId: string) => `intake:restart:${caseTag(caseId)}`,
  /** The menu of blocks. */
  blocks: (caseId: string) => `intake:blocks:${caseTag(caseId)}`,
  /** Jump to a block, by its place in the list of blocks. */
  block: (caseId: string, blockIndex: number) => `intake:block:${caseTag(caseId)}:${String(blockIndex)}`,
} as const;

const STEP_BUTTON = /^intake:(back|skip|pause):([0-9a-f]{8}):([a-z_]+\.[a-z_]+)$/;
const CHOOSE_BUTTON = /^intake:choose:([0-9a-f]{8}):([a-z_]+\.[a-z_]+):(\d{1,2})$/;
const RESTART_BUTTON = /^intake:restart:([0-9a-f]{8})$/;
const BLOCKS_BUTTON = /^intake:blocks:([0-9a-f]{8})$/;
const BLOCK_BUTTON = /^intake:block:([0-9a-f]{8}):(\d{1,2})$/;

/** The English texts, for modules and tests that compare replies with them. */
export const NOT_SAVED_TEXT = english('intake-not-saved');
export const INTAKE_NOT_RUNNING_TEXT = english('intake-not-running');
export const OLD_QUESTION_TEXT = english('intake-old-question');
export const INVALID_INTAKE_BUTTON_TEXT = english('intake-invalid-button');

const HTML = { parse_mode: 'HTML' } as const;

const translate =
  (ctx: BotContext): Translate =>
  (key, params) =>
    ctx.t(key, params);

/** A button we never made (or a forged one): nothing changes, and the lawyer is told. */
async function refuseButton(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t('intake-invalid-button'), show_alert: true });
}

// ---------------------------------------------------------------------------------------------
// What the lawyer sees
// ---------------------------------------------------------------------------------------------

/** The answers a button can give: the choices of a choice question, yes and no for a yes/no question. */
function buttonAnswers(question: IntakeQuestion): Array<{ labelKey: string; answer: string }> {
  if (question.kind === 'choice') {
    return (question.options ?? []).map((option) => ({
      labelKey: optionLabelKey(option.value),
      answer: option.value,
    }));
  }
  if (question.kind === 'yesno')
    return [
      { labelKey: 'intake-button-yes', answer: 'yes' },
      { labelKey: 'intake-button-no', answer: 'no' },
    ];
  return [];
}

const KIND_HINT: Record<IntakeQuestion['kind'], string> = {
  text: 'intake-hint-text',
  number: 'intake-hint-number',
  year: 'intake-hint-year',
  yesno: 'intake-hint-yes-no',
  choice: 'intake-hint-choice',
};

/** "Question 7 of 34 · Career", in the lawyer's language. */
export function positionLabel(t: Translate, state: IntakeState): string {
  if (!state.position) return '';
  return t('intake-position', {
    position: state.position.position,
    total: state.position.total,
    block: t(blockTitleKey(state.position.block)),
  });
}

function renderQuestion(t: Translate, clientName: string, state: IntakeState): string {
  const question = state.question;
  if (!question || !state.position)
    return t('intake-complete-short', { name: `<b>${escapeHtml(clientName)}</b>` });
  const hints = [
    t(KIND_HINT[question.kind]),
    ...(question.list ? [t('intake-hint-list')] : []),
    ...(question.optional ? [t('intake-hint-optional')] : []),
  ];
  const lines = [
    `<b>${escapeHtml(positionLabel(t, state))}</b> — ${escapeHtml(clientName)}`,
    '',
    escapeHtml(t(questionTextKey(question.id))),
    ...(question.help ? ['', `<i>${escapeHtml(t(questionHelpKey(question.id)))}</i>`] : []),
    ...(state.currentAnswer !== null
      ? ['', escapeHtml(t('intake-current-answer', { answer: state.currentAnswer }))]
      : []),
    '',
    escapeHtml(hints.join(' ')),
  ];
  return lines.join('\n');
}

export function questionKeyboard(t: Translate, state: IntakeState): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const question = state.question;
  if (!question) return keyboard;
  buttonAnswers(question).forEach((choice, index) => {
    keyboard.text(t(choice.labelKey), INTAKE_BUTTON.choose(state.caseId, question.id, index)).row();
  });
  return keyboard
    .text(t('intake-button-back'), INTAKE_BUTTON.back(state.caseId, question.id))
    .text(t('intake-button-skip'), INTAKE_BUTTON.skip(state.caseId, question.id))
    .text(t('intake-button-pause'), INTAKE_BUTTON.pause(state.caseId, question.id))
    .row()
    .text(t('intake-button-blocks'), INTAKE_BUTTON.blocks(state.caseId));
}

/** The menu of blocks: each with its answered/total count, a tick when all are answered. */
export function blocksKeyboard(
  t: Translate,
  caseId: string,
  blocks: readonly BlockProgress[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  blocks.forEach((progress, index) => {
    const done = progress.answered === progress.total ? '✓ ' : '';
    keyboard
      .text(
        `${done}${t(blockTitleKey(progress.block))} · ${String(progress.answered)}/${String(progress.total)}`,
        INTAKE_BUTTON.block(caseId, index),
      )
      .row();
  });
  return keyboard;
}

/** "(i) Awards 2, (iv) Judging 1", with the criteria named in the lawyer's language. */
function candidateCounts(t: Translate, candidates: readonly StoredEvidenceCandidate[]): string {
  const byCriterion = new Map<string, number>();
  for (const candidate of candidates) {
    const name = t(criterionNameKey(candidate.criterion));
    byCriterion.set(name, (byCriterion.get(name) ?? 0) + 1);
  }
  return [...byCriterion].map(([name, count]) => `${name} ${String(count)}`).join(', ');
}

function renderCompletion(
  t: Translate,
  clientName: string,
  state: IntakeState,
  openCandidates: readonly StoredEvidenceCandidate[],
): string {
  const lines = [
    t('intake-complete', {
      name: escapeHtml(clientName),
      answered: state.answered,
      total: state.total,
    }),
    escapeHtml(
      openCandidates.length > 0
        ? t('intake-complete-candidates', {
            count: openCandidates.length,
            criteria: candidateCounts(t, openCandidates),
          })
        : t('intake-complete-no-candidates'),
    ),
    escapeHtml(t('intake-complete-next')),
  ];
  return lines.join('\n');
}

function completionKeyboard(t: Translate, caseId: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('start-button-evidence'), MENU.evidence)
    .text(t('start-button-analyze'), MENU.analyze)
    .row()
    .text(t('intake-button-restart'), INTAKE_BUTTON.restart(caseId))
    .row()
    .text(t('intake-button-blocks'), INTAKE_BUTTON.blocks(caseId));
}

// ---------------------------------------------------------------------------------------------
// The feature
// ---------------------------------------------------------------------------------------------

export function intakeFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  /** Puts the current question to the lawyer, or the summary when the intake is complete. */
  async function ask(
    ctx: BotContext,
    clientName: string,
    state: IntakeState,
    before?: string,
  ): Promise<void> {
    const t = translate(ctx);
    const prefix = before === undefined ? '' : `${before}\n\n`;
    if (state.question) {
      await ctx.reply(prefix + renderQuestion(t, clientName, state), {
        ...HTML,
        reply_markup: questionKeyboard(t, state),
      });
      return;
    }
    const candidates = await app.intake.candidates(ctx.lawyer.id, state.caseId, 'open');
    await ctx.reply(prefix + renderCompletion(t, clientName, state, candidates), {
      ...HTML,
      reply_markup: completionKeyboard(t, state.caseId),
    });
  }

  async function startIntake(ctx: BotContext): Promise<void> {
    const active = await activeCaseOrExplain(app, ctx);
    if (!active) return;
    const before = await app.intake.state(ctx.lawyer.id, active.id);
    const state = await app.intake.start(ctx.lawyer.id, active.id);
    const resuming = state.question !== null && before.status !== 'not_started';
    await ask(ctx, active.clientName, state, resuming ? escapeHtml(ctx.t('intake-resuming')) : undefined);
  }

  /**
   * Records one answer for the question the lawyer was shown. The lawyer hears "saved" only when the
   * store says the write committed; on any failure they are told it was not saved and asked again.
   */
  async function recordAnswer(
    ctx: BotContext,
    active: Case,
    asked: IntakeState,
    text: string,
  ): Promise<void> {
    const question = asked.question;
    if (!question) return;
    const t = translate(ctx);
    let result: AnswerOutcome;
    try {
      result = await app.intake.answer(ctx.lawyer.id, active.id, question.id, text, {
        updateId: ctx.update.update_id,
      });
    } catch (err) {
      if (err instanceof CaseNotFoundError) {
        await ctx.reply(t('cases-no-active-case'), { reply_markup: noActiveCaseKeyboard(t) });
        return;
      }
      ctx.log.error({ err, caseId: active.id, questionId: question.id }, 'intake answer not saved');
      await app.errors.capture(err);
      await ask(ctx, active.clientName, asked, `<b>${escapeHtml(t('intake-not-saved'))}</b>`);
      return;
    }
    switch (result.outcome) {
      case 'saved': {
        const saved =
          result.candidatesAdded > 0
            ? t('intake-saved-candidates', { count: result.candidatesAdded })
            : t('intake-saved');
        await ask(ctx, active.clientName, result.state, escapeHtml(saved));
        return;
      }
      case 'invalid': {
        const labels = (question.options ?? []).map((option) => t(optionLabelKey(option.value)));
        await ask(
          ctx,
          active.clientName,
          result.state,
          escapeHtml(answerProblemText(t, result.problem, labels)),
        );
        return;
      }
      case 'stale':
        await ask(ctx, active.clientName, result.state, escapeHtml(t('intake-old-question')));
        return;
      case 'duplicate':
        // Telegram delivered this message again after a restart: it was saved the first time.
        ctx.log.info({ caseId: active.id }, 'redelivered intake answer ignored');
        return;
    }
  }

  /** The running intake a button belongs to, or an explanation to the lawyer (then null). */
  async function runningFor(
    ctx: BotContext,
    tag: string,
  ): Promise<{ active: Case; state: IntakeState } | null> {
    const [state, active] = await Promise.all([
      app.intake.running(ctx.lawyer.id),
      app.cases.active(ctx.lawyer.id),
    ]);
    if (!state || !active || state.caseId !== active.id || caseTag(active.id) !== tag) {
      await ctx.answerCallbackQuery({ text: ctx.t('intake-not-running'), show_alert: true });
      return null;
    }
    return { active, state };
  }

  /** The lawyer's active case when a button names it; otherwise the lawyer is told (then null). */
  async function activeFor(ctx: BotContext, tag: string | undefined): Promise<Case | null> {
    const active = await app.cases.active(ctx.lawyer.id);
    if (!active || caseTag(active.id) !== tag) {
      await ctx.answerCallbackQuery({ text: ctx.t('intake-not-active-case'), show_alert: true });
      return null;
    }
    return active;
  }

  feature.command('intake', startIntake);
  feature.callbackQuery(MENU.intake, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startIntake(ctx);
  });

  feature.callbackQuery(STEP_BUTTON, async (ctx) => {
    const [, action, tag = '', questionId = ''] = ctx.match;
    if (!isIntakeQuestionId(questionId)) {
      await refuseButton(ctx);
      return;
    }
    const running = await runningFor(ctx, tag);
    if (!running) return;
    const { active } = running;
    if (action === 'pause') {
      const paused = await app.intake.pause(ctx.lawyer.id, active.id);
      await ctx.answerCallbackQuery({ text: ctx.t('intake-paused-short') });
      await ctx.reply(
        ctx.t('intake-paused', {
          position: paused.position?.position ?? 0,
          total: paused.total,
        }),
      );
      return;
    }
    const { moved, state } =
      action === 'back'
        ? await app.intake.back(ctx.lawyer.id, active.id, questionId)
        : await app.intake.skip(ctx.lawyer.id, active.id, questionId);
    if (!moved && state.question?.id === questionId && action === 'back') {
      await ctx.answerCallbackQuery({ text: ctx.t('intake-first-question') });
      return;
    }
    await ctx.answerCallbackQuery();
    await ask(ctx, active.clientName, state, moved ? undefined : escapeHtml(ctx.t('intake-old-question')));
  });

  feature.callbackQuery(CHOOSE_BUTTON, async (ctx) => {
    const [, tag = '', questionId = '', index = ''] = ctx.match;
    const question = questionById(questionId);
    const choice = question ? buttonAnswers(question)[Number(index)] : undefined;
    if (!choice) {
      await refuseButton(ctx);
      return;
    }
    const running = await runningFor(ctx, tag);
    if (!running) return;
    await ctx.answerCallbackQuery();
    if (running.state.question?.id !== questionId) {
      await ask(ctx, running.active.clientName, running.state, escapeHtml(ctx.t('intake-old-question')));
      return;
    }
    await recordAnswer(ctx, running.active, running.state, choice.answer);
  });

  feature.callbackQuery(RESTART_BUTTON, async (ctx) => {
    const active = await activeFor(ctx, ctx.match[1]);
    if (!active) return;
    await ctx.answerCallbackQuery();
    await ask(ctx, active.clientName, await app.intake.restart(ctx.lawyer.id, active.id));
  });

  feature.callbackQuery(BLOCKS_BUTTON, async (ctx) => {
    const active = await activeFor(ctx, ctx.match[1]);
    if (!active) return;
    await ctx.answerCallbackQuery();
    const blocks = await app.intake.blocks(ctx.lawyer.id, active.id);
    await ctx.reply(ctx.t('intake-blocks', { name: escapeHtml(active.clientName) }), {
      ...HTML,
      reply_markup: blocksKeyboard(translate(ctx), active.id, blocks),
    });
  });

  feature.callbackQuery(BLOCK_BUTTON, async (ctx) => {
    const block = INTAKE_BLOCKS[Number(ctx.match[2])];
    if (!block) {
      await refuseButton(ctx);
      return;
    }
    const active = await activeFor(ctx, ctx.match[1]);
    if (!active) return;
    await ctx.answerCallbackQuery();
    await ask(ctx, active.clientName, await app.intake.jump(ctx.lawyer.id, active.id, block.id));
  });

  feature.callbackQuery(/^intake:/, async (ctx) => {
    ctx.log.warn({ data: ctx.callbackQuery.data }, 'unknown intake button');
    await refuseButton(ctx);
  });

  // Free text while the intake runs is the answer to the current question. Commands, and text meant for a
  // conversation another feature is having with the lawyer, pass on.
  feature.on('message:text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    const current = await inProgress(ctx);
    if (current.kind !== 'intake') return next();
    await recordAnswer(ctx, current.active, current.state, ctx.message.text);
  });

  return feature;
}
