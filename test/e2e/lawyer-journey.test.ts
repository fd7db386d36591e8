// A lawyer's whole first session with the real bot process against a fake Telegram: a case, the intake, a
// crash in the middle of it (SIGKILL, not a deploy), the intake picked up at the next question with nothing
// lost, four exhibits through /evidence, and /analyze naming what is met and what is missing.
// Run on the embedded default (PGlite under DATA_DIR, in-process cache) and on Postgres + Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { criterionLabel, type CriterionId } from '../../core/eb1a/criteria.ts';
import {
  EVIDENCE_FIELDS,
  fieldOptionKey,
  fieldQuestionKey,
  type FieldSpec,
  type FieldValue,
} from '../../core/eb1a/evidence.ts';
import { evidenceFactory } from '../support/factories.ts';
import { INTAKE_QUESTIONS, questionTextKey } from '../../core/eb1a/intake-questions.ts';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { migratedDataDir, openServerStorage, silentLogger, waitUntil } from '../support/fixtures.ts';
import { chatAs, REPLY_MS, type LawyerChat } from '../support/lawyer-chat.ts';
import { services, servicesRequired } from '../support/services.ts';

const lawyer = { id: 320_000_001, first_name: 'Maria' };

/** Where a run keeps its data, and how the test reads it back once the bot is down. */
interface Storage {
  dataDir: string;
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** An embedded data directory, migrated already. */
async function embeddedStorage(): Promise<Storage> {
  const dataDir = await migratedDataDir('megaagent-e2e-journey-');
  return {
    dataDir,
    env: {},
    remove: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** A schema of its own in the test Postgres and a key prefix of its own in Redis. */
async function serverStorage(): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-e2e-journey-'));
  const server = await openServerStorage();
  return {
    dataDir,
    env: server.env,
    async remove() {
      rmSync(dataDir, { recursive: true, force: true });
      await server.drop();
    },
  };
}

type Answer = { type: string } | { press: string };

/** The lawyers of these journeys speak English (Telegram's language_code). */
const english = createTranslator();

/** How a lawyer gives `value` to the question `spec`: typed, or the button that means it. */
function answerFor(criterion: CriterionId, spec: FieldSpec, value: FieldValue | undefined): Answer {
  if (value === undefined) return { press: 'Skip' };
  if (typeof value === 'boolean') return { press: value ? 'Yes' : 'No' };
  if (spec.kind === 'choice') {
    const option = spec.options?.find((o) => o.value === value);
    if (!option) throw new Error(`${spec.key}: no option ${String(value)}`);
    return { press: english.t('en', fieldOptionKey(criterion, spec.key, option.value)) };
  }
  return { type: String(value) };
}

/**
 * Adds one exhibit through /evidence the way a lawyer does: the criterion button, then every question of
 * that criterion in turn (answered from `fields`), the language and letter questions, then Done.
 */
async function addExhibit(
  chat: LawyerChat,
  criterion: CriterionId,
  fields: Readonly<Record<string, FieldValue | undefined>>,
  exhibitNumber: number,
): Promise<void> {
  const steps: Array<{ prompt: string; answer: Answer }> = [
    ...EVIDENCE_FIELDS[criterion].map((spec: FieldSpec) => ({
      prompt: english.t('en', fieldQuestionKey(criterion, spec.key)),
      answer: answerFor(criterion, spec, fields[spec.key]),
    })),
    { prompt: 'Is the original document in English?', answer: { press: 'Yes' } },
    { prompt: 'Is this exhibit a letter', answer: { press: 'No' } },
  ];
  const menu = await chat.say('/evidence', 'Which criterion does it support?');
  let question = await chat.press(menu, criterionLabel(criterion), steps[0]?.prompt ?? '');
  for (const [index, step] of steps.entries()) {
    const next = steps[index + 1]?.prompt ?? `Send documents for Exhibit ${String(exhibitNumber)} now`;
    question =
      'press' in step.answer
        ? await chat.press(question, step.answer.press, next)
        : await chat.say(step.answer.type, next);
  }
  await chat.press(question, 'Done', `Exhibit ${String(exhibitNumber)} is saved. What next?`);
}

const backends: Array<{ name: string; storage: () => Promise<Storage>; runs: boolean }> = [
  { name: 'embedded storage (PGlite, in-process cache)', storage: embeddedStorage, runs: true },
  {
    name: 'Postgres and Redis',
    storage: serverStorage,
    // With MEGAAGENT_REQUIRE_SERVICES=1 (CI) it runs, and fails, when a server is missing.
    runs: (services.postgres.available && services.redis.available) || servicesRequired,
  },
];

for (const backend of backends) {
  if (!backend.runs) {
    console.warn(`[e2e] skipping the lawyer journey on ${backend.name}: Postgres or Redis is not reachable`);
  }
  describe.skipIf(!backend.runs)(`a lawyer's first session, on ${backend.name}`, { tags: ['slow'] }, () => {
    let fake: FakeTelegram;
    let storage: Storage;
    let bot: BotProcess | undefined;
    let app: App | undefined;

    beforeEach(async () => {
      fake = await startFakeTelegram();
      storage = await backend.storage();
    });

    afterEach(async () => {
      await bot?.stop();
      await app?.close('test done');
      await fake.close();
      await storage.remove();
    });

    // The test answers far faster than a person; the per-lawyer flood limit is not what it is about.
    const startBot = () =>
      (bot = spawnBot({
        fake,
        dataDir: storage.dataDir,
        allowedUsers: [lawyer.id],
        env: { ...storage.env, FEATURE_ENABLE_RATE_LIMITING: 'false' },
      }));

    it('survives a crash in the middle of the intake and ends with an analysis naming what is met and missing', async () => {
      const chat = chatAs(fake, lawyer);
      const first = startBot();
      await first.polling();

      await chat.say('/start', 'Hello, Maria.');
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Machine learning for medical imaging', 'Case opened for Jane Doe');

      const [q1, q2, q3, q4] = INTAKE_QUESTIONS;
      // The name and field given at /newcase are the first two answers: the intake starts at the third.
      const intakeAnswers = ['Jane Doe', 'Machine learning for medical imaging', 'Canada'];
      await chat.say('/intake', `Question 3 of ${String(INTAKE_QUESTIONS.length)}`);
      const third = await chat.sayTracked(intakeAnswers[2] ?? '', 'Saved.\n\nQuestion 4 of');
      // Telegram learns an update is handled from the next getUpdates offset; crash only after that,
      // so this run is about the crash and not also about a redelivery (bot-safety covers that).
      await waitUntil(
        () => fake.calls.some((c) => c.method === 'getUpdates' && Number(c.body.offset) > third.updateId),
        'Telegram learned the answer was handled',
        REPLY_MS,
      );
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();

      const second = startBot();
      await second.polling();
      const resumed = await chat.say('/intake', 'Resuming the intake where you left off.');
      expect(resumed.text).toContain(`Question 4 of ${String(INTAKE_QUESTIONS.length)}`);
      expect(resumed.text).toContain(english.t('en', questionTextKey(q4?.id ?? '')));

      await addExhibit(chat, 'awards', evidenceFactory('awards').fields, 1);
      await addExhibit(chat, 'membership', evidenceFactory('membership').fields, 2);
      await addExhibit(chat, 'scholarly_articles', evidenceFactory('scholarly_articles').fields, 3);
      // Reviewing on invitation only, with no proof the reviews were done: the classic step-1 gap.
      await addExhibit(
        chat,
        'judging',
        evidenceFactory('judging', { fields: { proof: 'invitation_only' } }).fields,
        4,
      );

      const mark = fake.sent.length;
      await chat.say('/analyze', 'Next actions, most important first');
      const report = chat.textSince(mark);
      expect(report).toContain('EB-1A analysis: Jane Doe');
      expect(report.match(/3 criteria met, 0 likely \(3 needed\)/g)).toHaveLength(1);
      // Typed in, no document attached yet: met on the facts entered, and the report says which are missing.
      expect(report).toContain('✅ (i) Awards — 8 CFR 204.5(h)(3)(i): met on the facts entered (Exhibit 1)');
      expect(report).toContain(
        '✅ (ii) Membership — 8 CFR 204.5(h)(3)(ii): met on the facts entered (Exhibit 2)',
      );
      expect(report).toContain(
        '✅ (vi) Scholarly articles — 8 CFR 204.5(h)(3)(vi): met on the facts entered (Exhibit 3)',
      );
      expect(report).toContain('Met on the facts entered: documents missing');
      expect(report).toMatch(
        /⚠️ \(iv\) Judging — 8 CFR 204\.5\(h\)\(3\)\(iv\): weak \(Exhibit 4\)\n\s+Exhibit 4: get proof the review .* was completed/,
      );
      for (const notClaimed of [
        '(iii) Published material about the person — 8 CFR 204.5(h)(3)(iii)',
        '(v) Original contributions — 8 CFR 204.5(h)(3)(v)',
        '(vii) Artistic exhibitions — 8 CFR 204.5(h)(3)(vii)',
        '(viii) Leading or critical role — 8 CFR 204.5(h)(3)(viii)',
        '(ix) High remuneration — 8 CFR 204.5(h)(3)(ix)',
        '(x) Commercial success — 8 CFR 204.5(h)(3)(x)',
      ]) {
        expect(report).toContain(`▫️ ${notClaimed}: not claimed`);
      }

      // What the database holds once the bot is down: the three answers, under the questions they answered.
      await second.stop();
      app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: storage.dataDir, ...storage.env }), {
        log: silentLogger(),
      });
      const user = await app.users.get(lawyer.id);
      const active = await app.cases.active(user?.id ?? '');
      expect(active?.clientName).toBe('Jane Doe');
      expect(await app.intake.answers(user?.id ?? '', active?.id ?? '')).toEqual({
        [q1?.id ?? '']: intakeAnswers[0],
        [q2?.id ?? '']: intakeAnswers[1],
        [q3?.id ?? '']: intakeAnswers[2],
      });
      const exhibits = await app.evidence.list(user?.id ?? '', active?.id ?? '');
      expect(exhibits.map((e) => [e.exhibitNumber, e.claims[0]?.criterion])).toEqual([
        [1, 'awards'],
        [2, 'membership'],
        [3, 'scholarly_articles'],
        [4, 'judging'],
      ]);
    });
  });
}
