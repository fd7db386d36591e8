// Admin API tests against the real thing: Apps built by createApp on a Postgres database of their own and
// a Redis key prefix of their own, each with its HTTP server. Several Apps on the same pair behave as
// replicas of one deployment. Everything is dropped when the test file ends.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Logger } from 'pino';
import { buildServer } from '../../../api/server.ts';
import { createApp, type App } from '../../../core/app.ts';
import type { Account } from '../../../core/auth/accounts.ts';
import type { AuthRole } from '../../../core/auth/roles.ts';
import type { RedisCache } from '../../../core/cache/redis.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { processIsAlive } from '../../../core/db/pglite.ts';
import { deleteRedisKeysUnder } from '../../support/fixtures.ts';
import { watchForSecret } from '../../support/log-scan.ts';
import { testServiceUrls } from '../../support/services.ts';

export interface Replica {
  app: App;
  server: FastifyInstance;
}

export interface AdminTestEnv {
  /** The HS256 key every replica signs with, for tests that forge or tamper with tokens. */
  jwtSecret: string;
  /** Starts one more replica (App + server) on the shared database and Redis. */
  start(options?: { env?: Record<string, string>; log?: Logger }): Promise<Replica>;
  close(): Promise<void>;
}

const DATABASE_PREFIX = 'megaagent_admin_test_';

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServiceUrls.postgres });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops `names`, and databases left by test processes that died before their cleanup ran. */
async function dropDatabases(names: readonly string[]): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ name: string }>(
      'SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)',
      [DATABASE_PREFIX],
    );
    const abandoned = rows
      .map((row) => row.name)
      .filter((name) => {
        const pid = Number(new RegExp(`^${DATABASE_PREFIX}(\\d+)_`).exec(name)?.[1]);
        return Number.isInteger(pid) && pid !== process.pid && !processIsAlive(pid);
      });
    for (const name of new Set([...names, ...abandoned])) {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
}

export async function openAdminTestEnv(): Promise<AdminTestEnv> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const database = `${DATABASE_PREFIX}${suffix}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${database}`));
  const url = new URL(testServiceUrls.postgres);
  url.pathname = `/${database}`;
  const keyPrefix = `megaagent-admin-test:${suffix}:`;
  const jwtSecret = randomBytes(32).toString('hex');
  watchForSecret(jwtSecret);
  const replicas: Replica[] = [];

  return {
    jwtSecret,
    async start(options = {}) {
      const config = loadConfig({
        ENV: 'test',
        DATABASE_URL: url.toString(),
        DATABASE_POOL_SIZE: '4',
        REDIS_URL: testServiceUrls.redis,
        REDIS_KEY_PREFIX: keyPrefix,
        SECURITY_JWT_SECRET_KEY: jwtSecret,
        ...options.env,
      });
      const app = await createApp(config, options.log ? { log: options.log } : {});
      const server = await buildServer(app);
      await server.ready();
      const replica = { app, server };
      replicas.push(replica);
      return replica;
    },
    async close() {
      try {
        for (const { app, server } of replicas) {
          await server.close();
          if (app.cache.kind === 'redis')
            await deleteRedisKeysUnder((app.cache as RedisCache).client, keyPrefix);
          await app.close('test done');
        }
      } finally {
        await dropDatabases([database]);
      }
    },
  };
}

let accountNumber = 0;

/** A new account with this role, and a token for it (issued directly: signing in is tested on its own). */
export async function accountWithToken(
  app: App,
  role: AuthRole,
): Promise<{ account: Account; email: string; password: string; token: string }> {
  const email = `${role}-${process.pid}-${++accountNumber}-${randomBytes(3).toString('hex')}@firm.example`;
  const password = `long enough password ${accountNumber}`;
  watchForSecret(password);
  const account = await app.auth.accounts.create({ email, password, role });
  const { token } = await app.auth.tokens.issue(account);
  return { account, email, password, token };
}

export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
