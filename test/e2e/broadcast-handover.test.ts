// A broadcast whose worker is killed (SIGKILL) in the middle: a second `megaagent worker` process takes the
// job over and finishes it. No chat gets the announcement twice, everyone else gets it, the few messages
// that were on their way when the first worker died are reported as unconfirmed, and the result is
// recorded once. Telegram is the fake server, with its flood limit on.
import { beforeAll, expect, it } from 'vitest';
import { createBroadcastStore, type BroadcastStore } from '../../core/broadcast.ts';
import { waitUntil } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';
import { workerHandover } from '../support/worker-handover.ts';

const RECIPIENTS = 150;
const FIRST_USER = 420_000_000;
const TEXT = 'The office moves to 5th Avenue on Monday.';

integrationSuite(
  'a broadcast whose worker dies is finished by another worker',
  ['postgres', 'redis'],
  () => {
    // This process queues the broadcast, as the admin API does; the workers are the spawned processes.
    const h = workerHandover({ migrate: true, floodLimit: { messagesPerSecond: 30 } });
    let store: BroadcastStore;

    beforeAll(async () => {
      store = createBroadcastStore(h.db);
      for (let i = 0; i < RECIPIENTS; i++) {
        h.fake.knowUser({ id: FIRST_USER + i, first_name: `Lawyer ${i}` });
        await h.db.query("INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer')", [FIRST_USER + i]);
      }
    }, 60_000);

    const received = () =>
      h.fake.sent.filter((m) => m.method === 'sendMessage' && m.text === TEXT).map((m) => m.chat_id);

    it('never writes twice to a chat when a second worker finishes what a killed one started', async () => {
      const { id } = await store.create(TEXT, 'admin:1');
      const job = await h.queue.enqueue('broadcast', { broadcastId: id });

      const first = h.start(['worker']);
      await first.waitForOutput('job worker started', 60_000);
      await waitUntil(() => received().length >= 40, 'the first worker sent 40', 60_000);
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      const beforeHandover = received().length;
      expect(beforeHandover).toBeLessThan(RECIPIENTS);

      const second = h.start(['worker']);
      await second.waitForOutput('job worker started', 60_000);
      await waitUntil(
        async () => (await h.queue.find(job.id))?.state === 'completed',
        'the broadcast finished by the second worker',
        150_000,
      );

      const got = received();
      expect(new Set(got).size).toBe(got.length); // nobody twice
      const report = await store.report(id);
      expect(report).toMatchObject({ recipients: RECIPIENTS, pending: 0, failed: 0, blocked: 0 });
      expect(report?.finishedAt).not.toBeNull();
      // Only messages on their way at the kill are unconfirmed; each reached Telegram or not, never twice.
      const unconfirmed = report!.failures
        .filter((f) => f.outcome === 'unconfirmed')
        .map((f) => f.telegramId);
      expect(unconfirmed.length).toBe(report!.unconfirmed);
      expect(report!.unconfirmed).toBeLessThanOrEqual(16);
      const everyone = Array.from({ length: RECIPIENTS }, (_, i) => FIRST_USER + i);
      const reached = new Set([...got, ...unconfirmed]);
      expect([...reached].sort()).toEqual(everyone.sort()); // nobody left out
      expect(report!.sent).toBe(got.filter((chat) => !unconfirmed.includes(chat)).length);
      const results = await h.db.query<{ result: { broadcastId: string; sent: number } }>(
        'SELECT result FROM job_results WHERE job_id = $1',
        [job.id],
      );
      expect(results.rows).toHaveLength(1);
      expect(results.rows[0]!.result).toMatchObject({ broadcastId: id, sent: report!.sent });
    }, 300_000);
  },
  ['slow'],
);
