// A storage server that is down is reported quickly and calmly: probes fail fast, nothing crashes the process.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openRedisCache } from '../../../core/cache/redis.ts';
import { openPostgres } from '../../../core/db/postgres.ts';
import { CacheError } from '../../../core/errors.ts';
import { capturingLogger } from '../../support/fixtures.ts';

/** A local port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

describe('unreachable storage servers', () => {
  it('Redis ping rejects within its timeout and the connection errors are logged once, not thrown', async () => {
    const { log, lines } = capturingLogger();
    const cache = await openRedisCache(
      { url: `redis://127.0.0.1:${await closedPort()}`, pingTimeoutMs: 300 },
      log,
    );
    const started = Date.now();
    // No offline queue: the PING fails at once, as a CacheError naming Redis, instead of waiting.
    await expect(cache.ping()).rejects.toThrow(CacheError);
    await expect(cache.ping()).rejects.toThrow(/^Redis PING failed/);
    expect(Date.now() - started).toBeLessThan(300);
    const connectionErrors = lines.filter((line) => line.msg === 'Redis connection error; reconnecting');
    expect(connectionErrors).toHaveLength(1);
    expect(connectionErrors[0]?.level).toBe(40);
    await expect(cache.close()).resolves.toBeUndefined();
    // Closed means it stops trying: no reconnect attempts (and so no more log lines) afterwards.
    const linesAtClose = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lines.length).toBe(linesAtClose);
    await expect(cache.ping()).rejects.toThrow();
  });

  it('Postgres ping rejects quickly when nothing listens', async () => {
    const { log } = capturingLogger();
    const db = await openPostgres(
      {
        url: `postgres://postgres@127.0.0.1:${await closedPort()}/test`,
        poolSize: 2,
        statementTimeoutMs: 1_000,
        connectionTimeoutMs: 500,
      },
      log,
    );
    const started = Date.now();
    await expect(db.ping()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    await db.close();
  });
});
