// The allow-list and feature flags over real Postgres and Redis, as two replicas see them.
import { expect } from 'vitest';
import { createUserService } from '../../../core/access/users.ts';
import { createFeatureFlagService } from '../../../core/config/flags.ts';
import { loadConfig } from '../../../core/config/config.ts';
import type { Cache } from '../../../core/cache/cache.ts';
import type { Database } from '../../../core/db/database.ts';
import { createAuditLog } from '../../../core/logging/audit.ts';
import { silentLogger, test } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';

function usersOn(db: Database, cache: Cache, options: { maxRememberedLookups?: number } = {}) {
  return createUserService(db, cache, { ...options, audit: createAuditLog(db, silentLogger()) });
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

integrationSuite('allow-list and feature flags', ['postgres', 'redis'], () => {
  test('fails closed: unknown and deactivated users have no entry', async ({ pgDb, redisCache }) => {
    const users = usersOn(pgDb, redisCache);
    expect(await users.findActive(999_000_001)).toBeNull();
    await users.upsert({ telegramId: 999_000_002, role: 'lawyer' });
    expect((await users.findActive(999_000_002))?.role).toBe('lawyer');
    await users.update(999_000_002, { active: false });
    expect(await users.findActive(999_000_002)).toBeNull();
  });

  test('remembers a bounded number of lookups, so a flood of strangers cannot grow memory', async ({
    pgDb,
    redisCache,
  }) => {
    const users = usersOn(pgDb, redisCache, { maxRememberedLookups: 3 });
    await users.upsert({ telegramId: 999_100_001, role: 'lawyer' });
    for (let id = 999_200_001; id <= 999_200_010; id++) expect(await users.findActive(id)).toBeNull();
    expect(users.rememberedLookups()).toBe(3);
    expect((await users.findActive(999_100_001))?.role).toBe('lawyer');
    expect(users.rememberedLookups()).toBe(3);
  });

  test('seeding inserts the configured users once and leaves admin changes alone', async ({
    pgDb,
    redisCache,
  }) => {
    const users = usersOn(pgDb, redisCache);
    expect(await users.seed([1101, 1102], [1101, 1103])).toEqual({ inserted: 3 });
    expect((await users.get(1101))?.role).toBe('admin');
    expect((await users.get(1102))?.role).toBe('lawyer');
    await users.update(1102, { active: false });
    expect(await users.seed([1101, 1102], [1101, 1103])).toEqual({ inserted: 0 });
    expect((await users.get(1102))?.active).toBe(false);
    expect(await users.count()).toMatchObject({ admins: 2 });
  });

  test('a deactivation on one replica reaches another within a second', async ({ pgDb, redisCache }) => {
    // b's lookup cache only learns of a's change through Redis publish/subscribe.
    const a = usersOn(pgDb, redisCache);
    const b = usersOn(pgDb, redisCache);
    const stopFollowing = await b.followChanges();
    try {
      await a.upsert({ telegramId: 1201, role: 'lawyer' });
      expect(await b.findActive(1201)).not.toBeNull(); // now cached on b
      const started = Date.now();
      await a.update(1201, { active: false });
      await eventually(async () => (await b.findActive(1201)) === null, 1_000);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await stopFollowing();
    }
  });

  test('lists users by page with a total', async ({ pgDb, redisCache }) => {
    const users = usersOn(pgDb, redisCache);
    for (const id of [1301, 1302, 1303]) await users.upsert({ telegramId: id, role: 'lawyer' });
    const page = await users.list({ limit: 2, offset: 0, role: 'lawyer' });
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(3);
  });

  test('a flag override persists and reaches every replica', async ({ pgDb, redisCache, log }) => {
    const defaults = loadConfig({}).features;
    const a = createFeatureFlagService(defaults, pgDb, redisCache, log);
    const b = createFeatureFlagService(defaults, pgDb, redisCache, log);
    await a.start();
    await b.start();
    try {
      expect(b.isEnabled('enableRateLimiting')).toBe(true);
      const state = await a.set('enableRateLimiting', false, 'admin:1');
      expect(state).toMatchObject({ enabled: false, source: 'override', updatedBy: 'admin:1' });
      await eventually(() => Promise.resolve(b.isEnabled('enableRateLimiting') === false));
      // A process started later reads the persisted override.
      const c = createFeatureFlagService(defaults, pgDb, redisCache, log);
      await c.start();
      expect(c.isEnabled('enableRateLimiting')).toBe(false);
      await c.stop();
      await a.reset('enableRateLimiting', 'admin:1');
      await eventually(() => Promise.resolve(b.isEnabled('enableRateLimiting')));
      expect(a.list().find((f) => f.name === 'enableRateLimiting')?.source).toBe('environment');
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
