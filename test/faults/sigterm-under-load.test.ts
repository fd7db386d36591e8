// SIGTERM of the polling bot while several lawyers are writing and Telegram is slowing its replies down:
// the updates in flight finish before the process exits, the ones not yet taken stay with Telegram, and a
// new process answers them — every message answered exactly once, in order per chat.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram.ts';
import { openServerStorage, waitUntil, type ServerStorage } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';
import { addressOf, readinessBecomes } from './through-the-fault.ts';

const lawyers: FakeUser[] = Array.from({ length: 6 }, (_, n) => ({
  id: 340_000_501 + n,
  first_name: `Lawyer${String(n + 1)}`,
}));

integrationSuite(
  'lawyers writing through a SIGTERM of the bot',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeTelegram;
    const processes: BotProcess[] = [];

    beforeAll(async () => {
      storage = await openServerStorage();
      fake = await startFakeTelegram();
    }, 120_000);

    afterAll(async () => {
      for (const child of processes) await child.stop();
      await fake?.close();
      await storage?.drop();
    });

    async function startBot(): Promise<BotProcess> {
      const child = spawnBot({
        fake,
        allowedUsers: lawyers.map((l) => l.id),
        env: { ...storage.env, FEATURE_ENABLE_RATE_LIMITING: 'false' },
      });
      processes.push(child);
      await child.polling(60_000);
      return child;
    }

    it('finishes or leaves with Telegram every update: each answered once, in order per chat', async () => {
      const first = await startBot();
      // Each lawyer opens a case: three messages, each answered by the next question of the dialogue.
      const steps = (l: FakeUser) => ['/newcase', `Client of ${l.first_name ?? ''}`, 'Medical imaging'];
      // Telegram slows the first replies down, so updates are in flight when the signal comes.
      fake.failNext('sendMessage', { status: 429, retryAfter: 1 }, 4);
      for (let step = 0; step < 3; step++) {
        for (const l of lawyers) fake.sendText(l, steps(l)[step] ?? '');
      }
      await waitUntil(
        () => fake.calls.some((c) => c.method === 'sendMessage' && c.status === 429),
        'replies in flight',
        15_000,
      );
      first.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = await startBot();
      for (const l of lawyers) {
        await fake.waitFor(
          (m) =>
            m.chat_id === l.id && (m.text ?? '').includes(`Case opened for Client of ${l.first_name ?? ''}`),
          30_000,
        );
      }
      for (const l of lawyers) {
        const texts = fake.sent
          .filter((m) => m.chat_id === l.id && m.method === 'sendMessage')
          .map((m) => m.text ?? '');
        expect(texts, texts.join('\n---\n')).toHaveLength(3);
        expect(texts[0]).toContain('What is the client’s name?');
        expect(texts[1]).toContain(`What is the field of endeavour of Client of ${l.first_name ?? ''}?`);
        expect(texts[2]).toContain(`Case opened for Client of ${l.first_name ?? ''}`);
      }
      await readinessBecomes(await addressOf(second), 200, []);
    });
  },
  ['slow'],
);
