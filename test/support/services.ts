// Which real servers integration tests can use, and the one way an integration suite declares what it needs.
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, it } from 'vitest';

export type ServiceName = 'postgres' | 'redis';

export const testServiceUrls: Record<ServiceName, string> = {
  postgres: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redis: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

export type ServiceStatus = { available: true } | { available: false; reason: string };

const HOW_TO_START: Record<ServiceName, string> = {
  postgres:
    'start PostgreSQL 15+ on 127.0.0.1:5432 with trust auth and a database "test" ' +
    '(e.g. `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:15`), ' +
    'or set TEST_DATABASE_URL',
  redis: 'start Redis on 127.0.0.1:6379 (e.g. `docker run -d -p 6379:6379 redis:7`), or set TEST_REDIS_URL',
};

const DETECT_TIMEOUT_MS = 2_000;

/** The vitest tag (vitest.config.ts) of the suites that need each server. */
const SERVICE_TAG = { postgres: 'database', redis: 'redis' } as const satisfies Record<ServiceName, string>;

async function postgresAnswers(url: string): Promise<ServiceStatus> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: DETECT_TIMEOUT_MS });
  // A connection that drops later would emit 'error' with nobody listening; connect() itself rejects.
  client.on('error', (err) => console.warn(`[integration] Postgres detection connection: ${err.message}`));
  try {
    await client.connect();
  } catch (err) {
    return { available: false, reason: (err as Error).message || String(err) };
  }
  try {
    await client.query('SELECT 1');
    return { available: true };
  } catch (err) {
    return { available: false, reason: (err as Error).message || String(err) };
  } finally {
    await client.end();
  }
}

async function redisAnswers(url: string): Promise<ServiceStatus> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: DETECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The event carries the cause (ECONNREFUSED ...); connect() only rejects with "Connection is closed".
  let cause: Error | undefined;
  client.on('error', (err: Error) => (cause = err));
  try {
    await client.connect();
    await client.ping();
    return { available: true };
  } catch (err) {
    return { available: false, reason: (cause ?? (err as Error)).message || String(err) };
  } finally {
    client.disconnect();
  }
}

async function detectServices(): Promise<Record<ServiceName, ServiceStatus>> {
  const [postgres, redis] = await Promise.all([
    postgresAnswers(testServiceUrls.postgres),
    redisAnswers(testServiceUrls.redis),
  ]);
  return { postgres, redis };
}

/** Detected once per test file, when the file first imports this module. */
export const services = await detectServices();

/** True when CI (or you) asked for a missing server to be a failure rather than a skip. */
export const servicesRequired = process.env.MEGAAGENT_REQUIRE_SERVICES === '1';

function missingServices(needs: readonly ServiceName[]): string[] {
  return needs.flatMap((name) => {
    const status = services[name];
    return status.available
      ? []
      : [`${name} is not reachable at ${testServiceUrls[name]} (${status.reason}): ${HOW_TO_START[name]}`];
  });
}

/**
 * A describe block over real servers. When one is down it fails (MEGAAGENT_REQUIRE_SERVICES=1, as in CI)
 * or is skipped with one console line saying why; it never half-runs.
 */
export function integrationSuite(
  name: string,
  needs: readonly ServiceName[],
  body: () => void,
  extraTags: readonly string[] = [],
): void {
  const missing = missingServices(needs);
  const tags = [...needs.map((service) => SERVICE_TAG[service]), ...extraTags];
  if (missing.length === 0) {
    describe(name, { tags }, body);
    return;
  }
  if (servicesRequired) {
    describe(name, { tags }, () => {
      it(`has its servers (${needs.join(', ')})`, () => {
        throw new Error(`MEGAAGENT_REQUIRE_SERVICES=1 and ${missing.join('; ')}`);
      });
    });
    return;
  }
  console.warn(
    `[integration] skipping "${name}": ${missing.join('; ')}. Set MEGAAGENT_REQUIRE_SERVICES=1 to fail instead.`,
  );
  describe.skip(name, { tags }, body);
}
