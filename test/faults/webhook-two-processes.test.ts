// Two `megaagent api` processes in webhook mode on one Postgres and one Redis, deployed as production is
// (`megaagent migrate` first, ENV=production): a lawyer's conversation served alternately by each — the
// case opened once, the intake answers stored under the right questions in order, and an update Telegram
// delivers to both handled once. Telegram is the fake server; updates are POSTed to each process's route
// the way Telegram does, so the test decides which process gets which update.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SECRET_TOKEN_HEADER, TELEGRAM_WEBHOOK_PATH } from '../../api/routes/telegram-webhook.ts';
import { createApp } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { INTAKE_QUESTIONS } from '../../core/eb1a/intake-questions.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../support/fake-telegram.ts';
import { freePort, openServerStorage, silentLogger, type ServerStorage } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';

const lawyer = { id: 330_000_001, first_name: 'Maria' };
const SECRET = randomBytes(24).toString('base64url');
/** Each step is a round trip through a process and Postgres; a busy machine gets slack. */
const REPLY_MS = 15_000;

integrationSuite(
  'two webhook processes serving one lawyer',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeTelegram;
    let env: Record<string, string>;
    const processes: BotProcess[] = [];
    const endpoints = { a: '', b: '' };
    const ports = { a: '', b: '' };

    beforeAll(async () => {
      fake = await startFakeTelegram();
      storage = await openServerStorage();
      ports.a = String(await freePort());
      ports.b = String(await freePort());
      endpoints.a = `http://127.0.0.1:${ports.a}${TELEGRAM_WEBHOOK_PATH}`;
      endpoints.b = `http://127.0.0.1:${ports.b}${TELEGRAM_WEBHOOK_PATH}`;
      env = {
        ENV: 'production',
        HOST: '127.0.0.1',
        ...storage.env,
        DATABASE_POOL_SIZE: '4',
        SECURITY_JWT_SECRET_KEY: randomBytes(32).toString('hex'),
        TELEGRAM_MODE: 'webhook',
        // Telegram knows one URL (the ingress); here it names process A.
        TELEGRAM_WEBHOOK_URL: endpoints.a,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        // The test answers far faster than a person; the per-lawyer flood limit is not what it is about.
        FEATURE_ENABLE_RATE_LIMITING: 'false',
      };
    });

    afterAll(async () => {
      for (const child of processes) await child.stop();
      await fake?.close();
      await storage?.drop();
    });

    const start = (args: string[], port?: string): BotProcess => {
      const child = spawnBot({
        fake,
        args,
        allowedUsers: [lawyer.id],
        env: { ...env, ...(port && { PORT: port }) },
      });
      processes.push(child);
      return child;
    };

    /** POSTs `update` to one process as Telegram would, then waits for the bot's answer showing `expected`. */
    async function deliver(endpoint: string, update: Update, expected: string): Promise<SentMessage> {
      const mark = fake.sent.length;
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_TOKEN_HEADER]: SECRET },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(200);
      return fake.waitFor(
        (m) => m.chat_id === lawyer.id && fake.sent.indexOf(m) >= mark && (m.text ?? '').includes(expected),
        REPLY_MS,
      );
    }

    const say = (endpoint: string, text: string, expected: string) =>
      deliver(endpoint, fake.sendText(lawyer, text), expected);
    const repliesContaining = (text: string) =>
      fake.sent.filter((m) => m.chat_id === lawyer.id && (m.text ?? '').includes(text));

    it('keeps one conversation whichever process gets each update, and handles an update sent to both once', async () => {
      const migrated = start(['migrate']);
      expect(await migrated.exited).toBe(0);
      expect(migrated.output()).toContain('applied:');

      const a = start(['api'], ports.a);
      await a.waitForOutput('Telegram webhook registered');
      const b = start(['api'], ports.b);
      await b.waitForOutput('Telegram webhook already registered');
      expect(fake.calls.filter((c) => c.method === 'setWebhook')).toHaveLength(1);
      for (const endpoint of [endpoints.a, endpoints.b]) {
        const health = (await (await fetch(new URL('/health', endpoint))).json()) as { bot: unknown };
        expect(health.bot).toMatchObject({
          running: true,
          mode: 'webhook',
          webhook: { url: endpoints.a, registered: true },
        });
      }

      await say(endpoints.a, '/newcase', 'What is the client’s name?');
      await say(endpoints.b, 'Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await say(endpoints.a, 'Machine learning for medical imaging', 'Case opened for Jane Doe');

      // /newcase stored the client's name and field as the intake's first two answers: it starts at 3.
      const total = String(INTAKE_QUESTIONS.length);
      const answers = [
        'Canada',
        'Boston, on an O-1 visa',
        'PhD in Computer Science, MIT, 2015',
        'Postdoctoral fellowship, Stanford, 2016-2018',
        'Research scientist, Acme Imaging',
      ];
      await say(endpoints.b, '/intake', `Question 3 of ${total}`);
      await say(endpoints.a, answers[0] ?? '', 'Saved.\n\nQuestion 4 of');
      await say(endpoints.b, answers[1] ?? '', 'Saved.\n\nQuestion 5 of');
      await say(endpoints.a, answers[2] ?? '', 'Saved.\n\nQuestion 6 of');
      await say(endpoints.b, answers[3] ?? '', 'Saved.\n\nQuestion 7 of');

      // Telegram retrying after a lost answer may reach the other process while the first still works on it.
      const twice = fake.sendText(lawyer, answers[4] ?? '');
      await Promise.all([
        deliver(endpoints.a, twice, 'Saved.\n\nQuestion 8 of'),
        deliver(endpoints.b, twice, 'Saved.'),
      ]);
      await sleep(1_000); // room for a second, wrong, answer to arrive
      expect(repliesContaining('Question 8 of')).toHaveLength(1);
      expect(repliesContaining('Case opened for Jane Doe')).toHaveLength(1);

      for (const child of [a, b]) expect(await child.stop()).toBe(0);
      const logs = a.output() + b.output();
      expect(logs).toContain('update already handled; ignoring the redelivery');
      // Nothing went wrong on the way: no warning or error from either process.
      expect(logs.split('\n').filter((line) => /"level":(40|50|60)\b/.test(line))).toEqual([]);

      // What Postgres holds: one case, and each answer under the question it answered.
      const app = await createApp(loadConfig({ ENV: 'test', ...storage.env }), { log: silentLogger() });
      try {
        const user = await app.users.get(lawyer.id);
        const cases = await app.cases.list(user?.id ?? '');
        expect(cases.items.map((c) => c.clientName)).toEqual(['Jane Doe']);
        expect(await app.intake.answers(user?.id ?? '', cases.items[0]?.id ?? '')).toEqual(
          Object.fromEntries(
            ['Jane Doe', 'Machine learning for medical imaging', ...answers].map((answer, i) => [
              INTAKE_QUESTIONS[i]?.id ?? '',
              answer,
            ]),
          ),
        );
      } finally {
        await app.close('test done');
      }
    }, 120_000);
  },
  ['slow'],
);
