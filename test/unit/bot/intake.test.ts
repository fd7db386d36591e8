// The guided intake as a lawyer meets it in the chat: one question at a time, Back, Skip, Pause, answers
// checked per question, a failed write reported as not saved, and the summary at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, QueryResult, Queryable } from '../../../core/db/database.ts';
import { createIntakeStore } from '../../../core/eb1a/intake-store.ts';
import { INTAKE_QUESTIONS, totalQuestions } from '../../../core/eb1a/intake-questions.ts';
import { NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import {
  INTAKE_BUTTON,
  INTAKE_NOT_RUNNING_TEXT,
  INVALID_INTAKE_BUTTON_TEXT,
  NOT_SAVED_TEXT,
  OLD_QUESTION_TEXT,
  questionKeyboard,
} from '../../../bot/features/intake.ts';
import { MENU } from '../../../bot/features/start.ts';
import { english } from '../../../bot/english.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  // The flows here send many updates quickly; the flood limit has its own tests.
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

/** The text the bot answered the last callback query with. */
function lastCallbackAnswer(): string | undefined {
  const answers = h.fake.calls.filter((call) => call.method === 'answerCallbackQuery');
  return answers.at(-1)?.body.text as string | undefined;
}

async function lawyerWithCase(clientName = 'Jane Doe') {
  const user = await h.addUser();
  const lawyer = await h.app.users.get(user.id);
  if (!lawyer) throw new Error('unknown user');
  const created = await h.app.cases.create(lawyer.id, { clientName, fieldOfEndeavor: 'Medical imaging' });
  return { user, lawyerId: lawyer.id, caseId: created.id };
}

/** Moves the intake to `questionId` through the store, as if the lawyer had skipped that far. */
async function skipTo(lawyerId: string, caseId: string, questionId: string): Promise<void> {
  for (let guard = 0; guard <= totalQuestions; guard++) {
    const state = await h.app.intake.state(lawyerId, caseId);
    if (state.question?.id === questionId) return;
    await h.app.intake.skip(lawyerId, caseId, state.question?.id ?? '');
  }
  throw new Error(`never reached ${questionId}`);
}

const positionOf = (questionId: string) => INTAKE_QUESTIONS.findIndex((q) => q.id === questionId) + 1;

describe('/intake', () => {
  it('without an active case, tells the lawyer to create or open one', async () => {
    const user = await h.addUser();
    await h.say(user, '/intake');
    expect(h.lastTo(user.id).text).toBe(NO_ACTIVE_CASE_TEXT);
    await h.say(user, '/start');
    await h.click(user, h.lastTo(user.id), MENU.intake);
    expect(h.lastTo(user.id).text).toBe(NO_ACTIVE_CASE_TEXT);
  });

  it('asks one question at a time with progress, and records each typed answer', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    const first = h.lastTo(user.id);
    expect(first.text).toMatch(
      new RegExp(`^Question 1 of ${String(totalQuestions)} · Background and field — Jane Doe\\n`),
    );
    expect(first.text).toMatch(/full legal name/);
    expect(first.buttons.map((b) => b.text)).toEqual(['‹ Back', 'Skip ›', 'Pause', 'Sections']);

    await h.say(user, 'Jane Quinn Doe');
    const second = h.lastTo(user.id);
    expect(second.text).toMatch(/^Saved\.\n\nQuestion 2 of \d+ · Background and field/);
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({
      'background.client_name': 'Jane Quinn Doe',
    });
  });

  it('asks a year again when the answer is not a year, and caps long answers', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    await skipTo(lawyerId, caseId, 'career.first_year');
    await h.say(user, 'since my twenties');
    expect(h.lastTo(user.id).text).toMatch(
      new RegExp(
        `^Please answer with a four-digit year, e\\.g\\. 2021\\.\\n\\nQuestion ${String(positionOf('career.first_year'))} of`,
      ),
    );
    await h.say(user, '1'.repeat(4050));
    expect(h.lastTo(user.id).text).toMatch(
      /^The answer is too long: 4,050 characters, and the limit is 4,000\./,
    );
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({});
    await h.say(user, '2012');
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({ 'career.first_year': '2012' });
  });

  it('answers yes/no questions with buttons', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.app.intake.start(lawyerId, caseId);
    await skipTo(lawyerId, caseId, 'career.top_institution');
    await h.say(user, '/intake');
    const shown = h.lastTo(user.id);
    expect(shown.buttons.map((b) => b.text)).toEqual(['Yes', 'No', '‹ Back', 'Skip ›', 'Pause', 'Sections']);
    await h.click(user, shown, INTAKE_BUTTON.choose(caseId, 'career.top_institution', 0));
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({ 'career.top_institution': 'yes' });
    expect(h.lastTo(user.id).text).toMatch(/^Saved\.\n\nQuestion \d+ of \d+ · Career/);
  });

  it('goes Back showing the answer given, Skips without erasing it, and ignores a button the intake has left', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    await h.say(user, 'Jane Quinn Doe');
    const second = h.lastTo(user.id);
    await h.click(user, second, INTAKE_BUTTON.back(caseId, 'background.field'));
    const back = h.lastTo(user.id);
    expect(back.text).toMatch(/^Question 1 of/);
    expect(back.text).toMatch(/Current answer: Jane Quinn Doe/);

    await h.click(user, back, INTAKE_BUTTON.skip(caseId, 'background.client_name'));
    expect(h.lastTo(user.id).text).toMatch(/^Question 2 of/);
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({
      'background.client_name': 'Jane Quinn Doe',
    });

    // The Skip button on the first question's message is still on screen; the intake has moved on.
    await h.click(user, back, INTAKE_BUTTON.skip(caseId, 'background.client_name'));
    expect(h.lastTo(user.id).text).toMatch(new RegExp(`^${OLD_QUESTION_TEXT}\\n\\nQuestion 2 of`));
    expect((await h.app.intake.state(lawyerId, caseId)).question?.id).toBe('background.field');
  });

  it('pauses: free text is no longer an answer, and /intake resumes at the same question', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    await h.say(user, 'Jane Quinn Doe');
    await h.click(user, h.lastTo(user.id), INTAKE_BUTTON.pause(caseId, 'background.field'));
    expect(h.lastTo(user.id).text).toBe(
      'Intake paused at question 2 of 34. Send /intake to continue where you left off.',
    );
    await h.say(user, 'Radiology');
    expect(h.lastTo(user.id).text).toMatch(/didn't understand/);
    expect(Object.keys(await h.app.intake.answers(lawyerId, caseId))).toEqual(['background.client_name']);

    await h.say(user, '/intake');
    expect(h.lastTo(user.id).text).toMatch(/^Resuming the intake where you left off\.\n\nQuestion 2 of/);
    await h.say(user, 'Radiology');
    expect((await h.app.intake.answers(lawyerId, caseId))['background.field']).toBe('Radiology');
  });

  it('tells the lawyer plainly when an answer was NOT saved, and asks the same question again', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    const working = h.app.intake;
    h.app.intake = createIntakeStore(pointerUpdateFails(h.app.db));
    try {
      await h.say(user, 'Jane Quinn Doe');
    } finally {
      h.app.intake = working;
    }
    const reply = h.lastTo(user.id).text ?? '';
    expect(reply.startsWith(`${NOT_SAVED_TEXT}\n\nQuestion 1 of`)).toBe(true);
    expect(reply).not.toMatch(/^Saved/);
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({});
    expect((await h.app.intake.state(lawyerId, caseId)).question?.id).toBe('background.client_name');

    await h.say(user, 'Jane Quinn Doe');
    expect(h.lastTo(user.id).text).toMatch(/^Saved\./);
    expect(await h.app.intake.answers(lawyerId, caseId)).toEqual({
      'background.client_name': 'Jane Quinn Doe',
    });
  });

  it('notes the possible exhibits an answer lists, and ends with a summary pointing to /evidence and /analyze', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    await skipTo(lawyerId, caseId, 'awards.list');
    await h.say(
      user,
      'Best Paper Award, IEEE, 2021, international\nYoung Investigator Prize, ESR, 2019, international',
    );
    expect(h.lastTo(user.id).text).toMatch(/^Saved\. Noted 2 possible exhibits to complete in \/evidence\./);

    const last = INTAKE_QUESTIONS[INTAKE_QUESTIONS.length - 1]?.id ?? '';
    await skipTo(lawyerId, caseId, last);
    await h.say(user, 'Dr. Ana Lima, Professor, MIT');
    const summary = h.lastTo(user.id);
    expect(summary.text).toBe(
      'Saved.\n\nIntake complete for Jane Doe: 2 of 34 questions answered.\n' +
        'The answers point to 2 possible exhibits ((i) Awards 2). Complete them with /evidence.\n' +
        'Then see how the case stands against the ten criteria with /analyze.',
    );
    expect(summary.buttons.map((b) => b.text)).toEqual([
      'Add evidence',
      'Analyze',
      'Go through the questions again',
      'Sections',
    ]);
    await h.say(user, 'more text');
    expect(h.lastTo(user.id).text).toMatch(/didn't understand/);

    await h.click(user, summary, INTAKE_BUTTON.restart(caseId));
    expect(h.lastTo(user.id).text).toMatch(/^Question 1 of/);
  });

  it('refuses intake buttons of another case or with a made-up question', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    const shown = h.lastTo(user.id);
    const other = await h.app.cases.create(lawyerId, { clientName: 'Other', fieldOfEndeavor: 'Dance' });
    await h.click(user, shown, INTAKE_BUTTON.skip(caseId, 'background.client_name'));
    expect(lastCallbackAnswer()).toBe(INTAKE_NOT_RUNNING_TEXT);
    expect((await h.app.intake.state(lawyerId, caseId)).status).toBe('paused');
    expect((await h.app.intake.state(lawyerId, other.id)).status).toBe('not_started');
  });
});

describe('intake buttons', () => {
  it('refuses buttons it never made, and the intake stays where it was', async () => {
    const { user, lawyerId, caseId } = await lawyerWithCase();
    await h.say(user, '/intake');
    const shown = h.lastTo(user.id);
    const tag = caseId.slice(0, 8);
    for (const data of [
      `intake:skip:${tag}:background.no_such_question`,
      `intake:choose:${tag}:career.top_institution:7`,
      `intake:choose:${tag}:background.client_name:0`,
      'intake:skip:not-a-tag:background.client_name',
      'intake:erase-everything',
    ]) {
      const update = h.fake.pushUpdate({
        callback_query: {
          id: `forged-${data}`,
          from: { id: user.id, is_bot: false, first_name: 'Alex' },
          chat_instance: '1',
          data,
          message: shown.message,
        },
      });
      await h.deliver(update);
      expect(lastCallbackAnswer(), data).toBe(INVALID_INTAKE_BUTTON_TEXT);
    }
    const state = await h.app.intake.state(lawyerId, caseId);
    expect(state).toMatchObject({ status: 'in_progress', answered: 0 });
    expect(state.question?.id).toBe('background.client_name');
  });

  it('fit in Telegram’s 64 bytes of callback data on every question', () => {
    const caseId = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    for (const question of INTAKE_QUESTIONS) {
      const keyboard = questionKeyboard(english, {
        caseId,
        status: 'in_progress',
        question,
        position: null,
        currentAnswer: null,
        answered: 0,
        total: totalQuestions,
      });
      const data = keyboard.inline_keyboard
        .flat()
        .map((button) => ('callback_data' in button ? button.callback_data : ''));
      expect(data.length, question.id).toBeGreaterThanOrEqual(3);
      for (const one of data) expect(Buffer.byteLength(one), one).toBeLessThanOrEqual(64);
    }
  });
});

/** The app's database, except that moving the intake pointer fails inside the answer's transaction. */
function pointerUpdateFails(db: Database): Database {
  return {
    kind: db.kind,
    query: <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> =>
      db.query<Row>(sql, params),
    transaction: <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
      db.transaction((tx) =>
        work({
          query: <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> =>
            /^\s*UPDATE intake_progress/.test(sql)
              ? Promise.reject(new Error('injected: the database went away'))
              : tx.query<Row>(sql, params),
        }),
      ),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
