// Two `megaagent worker` processes on one Postgres: the first is killed (SIGKILL) in the middle of a job a
// lawyer waits on; the second finishes it. The result is recorded once and the lawyer gets one result
// message, after the progress message the first worker had started editing. Telegram is the fake server.
import { expect, it } from 'vitest';
import type { QueueCheckResult } from '../../core/jobs/queue-check.ts';
import type { BotProcess } from '../support/bot-process.ts';
import { waitUntil } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';
import { workerHandover } from '../support/worker-handover.ts';

const lawyer = { id: 330_000_077, first_name: 'Maria' };

integrationSuite(
  'a job whose worker dies is finished by another worker',
  ['postgres', 'redis'],
  () => {
    // This process only enqueues (as the bot or the API would); the workers are the spawned processes.
    const h = workerHandover({ migrate: true, allowedUsers: [lawyer.id] });

    /** The worker's probe server address, from its "API listening" log line. */
    function addressOf(child: BotProcess): string {
      const match = /"address":"(http:\/\/[^"]+)","msg":"API listening"/.exec(child.output());
      if (!match?.[1]) throw new Error(`no address in the worker's output:\n${child.output()}`);
      return match[1];
    }

    it('hands the job over after a SIGKILL and records its result once', async () => {
      h.fake.sendText(lawyer, '/start'); // Telegram lets a bot write only to users who wrote to it.
      const { id } = await h.queue.enqueue('queue-check', {
        holdMs: 8_000,
        lawyer: { chatId: lawyer.id, locale: 'en' },
      });

      const first = h.start(['worker']);
      await first.waitForOutput('job worker started', 60_000);
      // Mid-way: the job is active and the lawyer already sees its progress message.
      await waitUntil(
        async () => (await h.queue.status('queue-check', id))?.state === 'active',
        'active',
        30_000,
      );
      await h.fake.waitFor((m) => m.chat_id === lawyer.id && (m.text ?? '').includes('Queue check'), 15_000);
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      expect(await h.db.query('SELECT 1 FROM job_results WHERE job_id = $1', [id])).toMatchObject({
        rowCount: 0,
      });

      const second = h.start(['worker']);
      await second.waitForOutput('job worker started', 60_000);
      await waitUntil(
        async () => (await h.queue.status('queue-check', id))?.state === 'completed',
        'the job finished by the second worker',
        90_000,
      );

      const { rows } = await h.db.query<{ result: QueueCheckResult; delivered_at: Date | null }>(
        'SELECT result, delivered_at FROM job_results WHERE job_id = $1',
        [id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.result.attempt).toBeGreaterThanOrEqual(1);
      expect(rows[0]!.delivered_at).not.toBeNull();
      const results = h.fake.sent.filter(
        (m) =>
          m.chat_id === lawyer.id &&
          m.method === 'sendMessage' &&
          (m.text ?? '').startsWith('Queue check finished'),
      );
      expect(results).toHaveLength(1);
      expect(results[0]!.text).toBe(
        `Queue check finished: background work runs (attempt ${rows[0]!.result.attempt + 1}).`,
      );

      // The worker serves its probes and the queue's figures, and has no admin API.
      const base = addressOf(second);
      expect((await fetch(new URL('/readiness', base))).status).toBe(200);
      const metrics = await (await fetch(new URL('/metrics', base))).text();
      expect(metrics).toMatch(
        /megaagent_job_duration_seconds_count\{kind="queue-check",outcome="completed"\} 1/,
      );
      expect(metrics).toContain('megaagent_job_queue_depth{queue="queue-check"}');
      expect((await fetch(new URL('/api/v1/admin/users', base))).status).toBe(404);
    }, 240_000);
  },
  ['slow'],
);
