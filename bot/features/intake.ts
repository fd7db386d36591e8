// The guided intake in the chat: one question at a time with Back, Skip and Pause, resumable at the same
// question after a pause, a restart or a deploy. The place and the answers are in the database, not in a
// conversation: while a lawyer's intake runs, any text they send is the answer to the current question.
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import type { Case } from '../../core/eb1a/cases.ts';
import { CRITERIA } from '../../core/eb1a/criteria.ts';
import type { AnswerOutcome, IntakeState, StoredEvidenceCandidate } from '../../core/eb1a/intake-store.ts';
import { isIntakeQuestionId, questionById, type IntakeQuestion } from '../../core/eb1a/intake-questions.ts';
import { CaseNotFoundError } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import { answerProblemText } from '../answer-problem.ts';
import { escapeHtml, html } from '../telegram-text.ts';
import { activeCaseOrExplain, NO_ACTIVE_CASE_TEXT, noActiveCaseKeyboard } from './cases.ts';
import { MENU } from './start.ts';

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
} as const;

const STEP_BUTTON = /^intake:(back|skip|pause):([0-9a-f]{8}):([a-z_]+\.[a-z_]+)$/;
const CHOOSE_BUTTON = /^intake:choose:([0-9a-f]{8}):([a-z_]+\.[a-z_]+):(\d{1,2})$/;
const RESTART_BUTTON = /^intake:restart:([0-9a-f]{8})$/;

export const NOT_SAVED_TEXT =
  'Your answer was NOT saved: the database did not accept it. Nothing was recorded for this question. Please send the answer again.';
export const INTAKE_NOT_RUNNING_TEXT =
  'The intake is not running for your active case. Send /intake to continue it.';
export const OLD_QUESTION_TEXT =
  'That button belongs to a question the intake has left. Here is the current one.';

export const INVALID_INTAKE_BUTTON_TEXT = 'That button is not valid. Send /intake to continue.';

const HTML = { parse_mode: 'HTML' } as const;

/** A button we never made (or a forged one): nothing changes, and the lawyer is told. */
async function refuseButton(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: INVALID_INTAKE_BUTTON_TEXT, show_alert: true });
}

// ---------------------------------------------------------------------------------------------
// What the lawyer sees
// ---------------------------------------------------------------------------------------------

const YES_NO = ['yes', 'no'] as const;

/** The answers a button can give: the choices of a choice question, yes and no for a yes/no question. */
function buttonAnswers(question: IntakeQuestion): Array<{ label: string; answer: string }> {
  if (question.kind === 'choice') {
    return (question.options ?? []).map((option) => ({ label: option.label, answer: option.value }));
  }
  if (question.kind === 'yesno')
    return YES_NO.map((answer) => ({ label: answer === 'yes' ? 'Yes' : 'No', answer }));
  return [];
}

const KIND_HINT: Record<IntakeQuestion['kind'], string> = {
  text: 'Type your answer.',
  number: 'Answer with a number.',
  year: 'Answer with a four-digit year.',
  yesno: 'Press Yes or No, or type it.',
  choice: 'Press one of the choices.',
};

export function renderQuestion(clientName: string, state: IntakeState): string {
  const question = state.question;
  if (!question || !state.position) return html`The intake for <b>${clientName}</b> is complete.`;
  const lines = [
    html`<b>${state.position.label}</b> — ${clientName}`,
    '',
    html`${question.text}`,
    ...(question.help ? ['', html`<i>${question.help}</i>`] : []),
    ...(state.currentAnswer !== null ? ['', html`Current answer: ${state.currentAnswer}`] : []),
    '',
    html`${KIND_HINT[question.kind]}${question.optional ? ' Answer “none” if there is nothing, or press Skip.' : ''}`,
  ];
  return lines.join('\n');
}

export function questionKeyboard(state: IntakeState): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const question = state.question;
  if (!question) return keyboard;
  buttonAnswers(question).forEach((choice, index) => {
    keyboard.text(choice.label, INTAKE_BUTTON.choose(state.caseId, question.id, index)).row();
  });
  return keyboard
    .text('‹ Back', INTAKE_BUTTON.back(state.caseId, question.id))
    .text('Skip ›', INTAKE_BUTTON.skip(state.caseId, question.id))
    .text('Pause', INTAKE_BUTTON.pause(state.caseId, question.id));
}

function candidateCounts(candidates: readonly StoredEvidenceCandidate[]): string {
  const byCriterion = new Map<string, number>();
  for (const candidate of candidates) {
    const name = CRITERIA[candidate.criterion].shortName;
    byCriterion.set(name, (byCriterion.get(name) ?? 0) + 1);
  }
  return [...byCriterion].map(([name, count]) => `${name} ${String(count)}`).join(', ');
}

export function renderCompletion(
  clientName: string,
  state: IntakeState,
  openCandidates: readonly StoredEvidenceCandidate[],
): string {
  const lines = [
    html`<b>Intake complete</b> for ${clientName}: ${state.answered} of ${state.total} questions answered.`,
    openCandidates.length > 0
      ? html`The answers point to ${openCandidates.length} possible exhibits` +
        html` (${candidateCounts(openCandidates)}). Complete them with /evidence.`
      : 'Add the evidence with /evidence.',
    'Then see how the case stands against the ten criteria with /analyze.',
  ];
  return lines.join('\n');
}

function completionKeyboard(caseId: string): InlineKeyboard {
  return new InlineKeyboard()
    .text('Add evidence', MENU.evidence)
    .text('Analyze', MENU.analyze)
    .row()
    .text('Go through the questions again', INTAKE_BUTTON.restart(caseId));
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
    const prefix = before === undefined ? '' : `${before}\n\n`;
    if (state.question) {
      await ctx.reply(prefix + renderQuestion(clientName, state), {
        ...HTML,
        reply_markup: questionKeyboard(state),
      });
      return;
    }
    const candidates = await app.intake.candidates(ctx.lawyer.id, state.caseId, 'open');
    await ctx.reply(prefix + renderCompletion(clientName, state, candidates), {
      ...HTML,
      reply_markup: completionKeyboard(state.caseId),
    });
  }

  async function startIntake(ctx: BotContext): Promise<void> {
    const active = await activeCaseOrExplain(app, ctx);
    if (!active) return;
    const state = await app.intake.start(ctx.lawyer.id, active.id);
    const resuming = state.question !== null && (state.answered > 0 || state.position?.position !== 1);
    await ask(
      ctx,
      active.clientName,
      state,
      resuming ? 'Resuming the intake where you left off.' : undefined,
    );
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
    let result: AnswerOutcome;
    try {
      result = await app.intake.answer(ctx.lawyer.id, active.id, question.id, text, {
        updateId: ctx.update.update_id,
      });
    } catch (err) {
      if (err instanceof CaseNotFoundError) {
        await ctx.reply(NO_ACTIVE_CASE_TEXT, { reply_markup: noActiveCaseKeyboard() });
        return;
      }
      ctx.log.error({ err, caseId: active.id, questionId: question.id }, 'intake answer not saved');
      await app.errors.capture(err);
      await ask(ctx, active.clientName, asked, html`<b>${NOT_SAVED_TEXT}</b>`);
      return;
    }
    switch (result.outcome) {
      case 'saved': {
        const noted =
          result.candidatesAdded > 0
            ? ` Noted ${String(result.candidatesAdded)} possible exhibit${result.candidatesAdded === 1 ? '' : 's'} to complete in /evidence.`
            : '';
        await ask(ctx, active.clientName, result.state, `Saved.${noted}`);
        return;
      }
      case 'invalid':
        await ask(
          ctx,
          active.clientName,
          result.state,
          escapeHtml(
            answerProblemText(
              ctx.t,
              result.problem,
              (question.options ?? []).map((option) => option.label),
            ),
          ),
        );
        return;
      case 'stale':
        await ask(ctx, active.clientName, result.state, OLD_QUESTION_TEXT);
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
      await ctx.answerCallbackQuery({ text: INTAKE_NOT_RUNNING_TEXT, show_alert: true });
      return null;
    }
    return { active, state };
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
      await ctx.answerCallbackQuery({ text: 'Paused.' });
      await ctx.reply(
        html`Intake paused at ${paused.position?.label ?? 'this question'}.` +
          ' Send /intake to continue where you left off.',
        HTML,
      );
      return;
    }
    const { moved, state } =
      action === 'back'
        ? await app.intake.back(ctx.lawyer.id, active.id, questionId)
        : await app.intake.skip(ctx.lawyer.id, active.id, questionId);
    if (!moved && state.question?.id === questionId && action === 'back') {
      await ctx.answerCallbackQuery({ text: 'This is the first question.' });
      return;
    }
    await ctx.answerCallbackQuery();
    await ask(ctx, active.clientName, state, moved ? undefined : OLD_QUESTION_TEXT);
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
      await ask(ctx, running.active.clientName, running.state, OLD_QUESTION_TEXT);
      return;
    }
    await recordAnswer(ctx, running.active, running.state, choice.answer);
  });

  feature.callbackQuery(RESTART_BUTTON, async (ctx) => {
    const active = await app.cases.active(ctx.lawyer.id);
    if (!active || caseTag(active.id) !== ctx.match[1]) {
      await ctx.answerCallbackQuery({
        text: 'That intake is not your active case’s. Send /intake.',
        show_alert: true,
      });
      return;
    }
    await ctx.answerCallbackQuery();
    await ask(ctx, active.clientName, await app.intake.restart(ctx.lawyer.id, active.id));
  });

  feature.callbackQuery(/^intake:/, async (ctx) => {
    ctx.log.warn({ data: ctx.callbackQuery.data }, 'unknown intake button');
    await refuseButton(ctx);
  });

  // Free text while the intake runs is the answer to the current question. Commands, and text meant for a
  // conversation another feature is having with the lawyer, pass on.
  feature.on('message:text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/') || Object.keys(ctx.conversation.active()).length > 0) return next();
    const running = await app.intake.running(ctx.lawyer.id);
    if (!running?.question) return next();
    const active = await app.cases.active(ctx.lawyer.id);
    if (!active || active.id !== running.caseId) return next();
    await recordAnswer(ctx, active, running, ctx.message.text);
  });

  return feature;
}
