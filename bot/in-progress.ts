// What the lawyer is in the middle of: a conversation (a new case, adding evidence), the intake taking free
// text as answers, or nothing. /cancel, the intake and the catch-all all ask this one question.
import type { Case } from '../core/eb1a/cases.ts';
import type { IntakeState } from '../core/eb1a/intake-store.ts';
import type { BotContext } from './context.ts';

export type InProgress =
  { kind: 'conversation' } | { kind: 'intake'; state: IntakeState; active: Case } | { kind: 'nothing' };

export async function inProgress(ctx: BotContext): Promise<InProgress> {
  if (Object.keys(ctx.conversation.active()).length > 0) return { kind: 'conversation' };
  const running = await ctx.app.intake.running(ctx.lawyer.id);
  if (!running?.question) return { kind: 'nothing' };
  const active = await ctx.app.cases.active(ctx.lawyer.id);
  if (!active || active.id !== running.caseId) return { kind: 'nothing' };
  return { kind: 'intake', state: running, active };
}
