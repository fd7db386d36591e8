import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { migrate } from '../../../core/db/migrate.ts';
import { CaseNotFoundError, LLMTimeoutError, ValidationError } from '../../../core/errors.ts';
import { createErrorTracker } from '../../../core/logging/error-tracker.ts';
import { capturingLogger, silentLogger, test } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import { databases } from './databases.ts';

for (const { name, needs, it } of databases) {
  integrationSuite(`error tracker on ${name}`, needs, () => {
    it('counts each failure under its code, remembering when it was first and last seen', async ({ db }) => {
      await db.query('DELETE FROM error_stats');
      const tracker = createErrorTracker(db, silentLogger());
      await tracker.capture(
        new CaseNotFoundError({ caseId: 'c-1' }, { message: 'case c-1 not found for lawyer 7' }),
      );
      const [first] = await tracker.stats();
      await sleep(20);
      await tracker.capture(
        new CaseNotFoundError({ caseId: 'c-2' }, { message: 'case c-2 not found for lawyer 7' }),
      );
      await tracker.capture(new LLMTimeoutError({ provider: 'openai' }));

      const stats = await tracker.stats();
      expect(stats.map((stat) => [stat.code, stat.category, stat.count])).toEqual([
        [7001, 'resource', 2],
        [4001, 'external', 1],
      ]);
      const caseNotFound = stats[0];
      expect(caseNotFound?.lastMessage).toBe('case c-2 not found for lawyer 7');
      expect(caseNotFound?.firstSeen).toEqual(first?.firstSeen);
      expect(caseNotFound?.lastSeen.getTime()).toBeGreaterThan(first?.lastSeen.getTime() ?? Infinity);
    });

    it('counts errors we did not raise under 1000, keeping their kind but no credentials', async ({ db }) => {
      await db.query('DELETE FROM error_stats');
      const tracker = createErrorTracker(db, silentLogger());
      await tracker.capture(new TypeError("Cannot read properties of undefined (reading 'criteria')"));
      await tracker.capture(new Error('connect failed: postgres://app:hunter2@db.internal/prod'));
      await tracker.capture('a thrown string');
      await tracker.capture(new ValidationError([{ path: 'limit', message: 'too big' }]));

      const stats = await tracker.stats();
      expect(stats.map((stat) => [stat.code, stat.category, stat.count])).toEqual([
        [1000, 'internal', 3],
        [1100, 'validation', 1],
      ]);
      expect(stats[0]?.lastMessage).toBe('thrown string: a thrown string');
      const { rows } = await db.query<{ last_message: string }>('SELECT last_message FROM error_stats');
      expect(rows.map((row) => row.last_message).join(' ')).not.toContain('hunter2');
    });

    it('keeps the stored message short', async ({ db }) => {
      await db.query('DELETE FROM error_stats');
      const tracker = createErrorTracker(db, silentLogger());
      await tracker.capture(new Error('x'.repeat(10_000)));
      const [stat] = await tracker.stats();
      expect(stat?.lastMessage.length).toBe(500);
      expect(stat?.lastMessage.startsWith('Error: xxx')).toBe(true);
    });
  });
}

integrationSuite('error tracker across processes', ['postgres'], () => {
  test('adds up failures counted at the same time by several processes', async ({ blankPostgres }) => {
    const log = silentLogger();
    const shared = await blankPostgres();
    const [botProcess, apiProcess] = await Promise.all([shared.connect(), shared.connect()]);
    await migrate(botProcess, log);
    const botTracker = createErrorTracker(botProcess, log);
    const apiTracker = createErrorTracker(apiProcess, log);

    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 === 0 ? botTracker : apiTracker).capture(
          i % 3 === 0 ? new LLMTimeoutError() : new CaseNotFoundError(),
        ),
      ),
    );

    const seenByBot = await botTracker.stats();
    const seenByApi = await apiTracker.stats();
    expect(seenByBot.map((stat) => [stat.code, stat.count])).toEqual([
      [7001, 40],
      [4001, 20],
    ]);
    expect(seenByApi).toEqual(seenByBot);
  });
});

test('does not fail the error handler when the count cannot be stored, and logs why', async ({
  blankPglite,
}) => {
  const unmigrated = await blankPglite();
  const { log, lines } = capturingLogger();
  const tracker = createErrorTracker(unmigrated, log);

  await expect(tracker.capture(new CaseNotFoundError())).resolves.toBeUndefined();

  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 50,
    trackedCode: 7001,
    msg: 'could not count an error in error_stats',
  });
  expect(JSON.stringify(lines[0]?.err)).toContain('error_stats');
  await expect(tracker.stats()).rejects.toThrow(/error_stats/);
});
