// What a request costs and what it can reach before it is refused: authentication and the rate limit run
// before the body is read, every refusal spends the caller's quota, refusals are audited at a bounded
// rate, error answers stay short, and no input of a wrong type or unstorable text reaches Postgres.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../../api/server.ts';
import { DENIED_AUDIT_RATE } from '../../../api/plugins/auth.ts';
import { MAX_REPORTED_FIELDS } from '../../../core/errors.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1';
const USERS = `${API}/admin/users`;

interface ErrorBody {
  error: {
    code: number;
    message: string;
    fields?: Array<{ path: string; message: string }>;
    moreFields?: number;
  };
  debug?: unknown;
}

let nextAddress = 1;
/** A client address of its own, so one test's requests never spend another's quota. */
const freshAddress = () => `10.9.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

let nextTelegramId = 8_000_000_000 + (process.pid % 1000) * 10_000;

/** A JSON object of `count` keys, about `count * 16` bytes. */
function manyKeys(count: number): string {
  const body: Record<string, number> = {};
  for (let i = 0; i < count; i++) body[`k${i.toString(36).padStart(10, '0')}`] = i;
  return JSON.stringify(body);
}

const brokenRoute: FastifyPluginAsync = (server) => {
  server.get('/test/broken', () => {
    throw new TypeError('cannot read the secret hunter2 of undefined');
  });
  return Promise.resolve();
};

integrationSuite('admin API hardening', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let admin: Awaited<ReturnType<typeof accountWithToken>>;
  /** A second server on the same App with a small request quota: 5 per minute. */
  let strict: FastifyInstance;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start();
    admin = await accountWithToken(replica.app, 'admin');
    strict = await buildServer(replica.app, { rateLimit: { max: 5, timeWindowMs: 60_000 } });
    await strict.ready();
  });
  afterAll(async () => {
    await strict?.close();
    await env?.close();
  });

  it('refuses a megabyte body without a credential with a 401 before reading it', async () => {
    const chunk = manyKeys(60_000);
    expect(chunk.length).toBeGreaterThan(900_000);
    // A body that never ends: the answer can only come if nothing waits for the body.
    const endless = new Readable({ read() {} });
    endless.push(chunk.slice(0, -1));
    const response = await replica.server.inject({
      method: 'POST',
      url: USERS,
      remoteAddress: freshAddress(),
      headers: { 'content-type': 'application/json', 'content-length': String(chunk.length) },
      payload: endless,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json<ErrorBody>().error.code).toBe(2000);
    expect(response.body.length).toBeLessThan(1_000);
    endless.destroy();
  });

  it('lists at most 20 invalid fields in an answer, and says how many more there were', async () => {
    const response = await replica.server.inject({
      method: 'POST',
      url: USERS,
      remoteAddress: freshAddress(),
      headers: { ...bearer(admin.token), 'content-type': 'application/json' },
      payload: manyKeys(5_000),
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error.fields).toHaveLength(MAX_REPORTED_FIELDS);
    // 5000 unknown keys, and telegramId and role missing.
    expect(body.error.moreFields).toBe(5_002 - MAX_REPORTED_FIELDS);
    expect(body.error.message).toContain('more not shown');
    expect(response.body.length).toBeLessThan(4_000);
  });

  it('counts requests without a credential against the address: the sixth 401 in a minute is a 429', async () => {
    const remoteAddress = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await strict.inject({ method: 'GET', url: USERS, remoteAddress })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // A bad credential is counted the same way.
    const forged = freshAddress();
    const forgedStatuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await strict.inject({
        method: 'GET',
        url: USERS,
        remoteAddress: forged,
        headers: bearer('mga_not_a_real_key_0000000000000000000000'),
      });
      forgedStatuses.push(response.statusCode);
    }
    expect(forgedStatuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('counts refused (403) and invalid (400) requests against the caller, from any address', async () => {
    const { key } = await replica.app.auth.apiKeys.create({
      name: 'reader',
      role: 'user',
      createdBy: 'test',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await strict.inject({
        method: 'GET',
        url: USERS,
        remoteAddress: freshAddress(),
        headers: bearer(key),
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);

    const other = await accountWithToken(replica.app, 'admin');
    const invalid: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await strict.inject({
        method: 'POST',
        url: USERS,
        remoteAddress: freshAddress(),
        headers: bearer(other.token),
        payload: { telegramId: 'not a number', role: 'lawyer' },
      });
      invalid.push(response.statusCode);
    }
    expect(invalid).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('audits refusals of a low-role key at a bounded rate, however hard it hammers an admin route', async () => {
    const { key, apiKey } = await replica.app.auth.apiKeys.create({
      name: 'hammer',
      role: 'user',
      createdBy: 'test',
    });
    for (let i = 0; i < 40; i++) {
      const response = await replica.server.inject({
        method: 'GET',
        url: USERS,
        remoteAddress: freshAddress(),
        headers: bearer(key),
      });
      expect(response.statusCode).toBe(403);
    }
    const { total } = await replica.app.audit.list({
      actor: `key:${apiKey.id}`,
      action: 'access.denied',
      limit: 1,
      offset: 0,
    });
    expect(total).toBeGreaterThanOrEqual(DENIED_AUDIT_RATE.capacity);
    // The bucket refills one every 6 seconds: at most one more while the loop ran.
    expect(total).toBeLessThanOrEqual(DENIED_AUDIT_RATE.capacity + 1);
  });

  it('refuses null for a boolean instead of reading it as false: the user stays active, the flag on', async () => {
    const telegramId = nextTelegramId++;
    const headers = bearer(admin.token);
    const added = await replica.server.inject({
      method: 'POST',
      url: USERS,
      headers,
      payload: { telegramId, role: 'lawyer' },
    });
    expect(added.statusCode).toBe(201);
    for (const active of [null, 0, 'false', '']) {
      const response = await replica.server.inject({
        method: 'PATCH',
        url: `${USERS}/${telegramId}`,
        headers,
        payload: { active },
      });
      expect({ active, status: response.statusCode }).toEqual({ active, status: 400 });
      expect(response.json<ErrorBody>().error.fields?.[0]?.path).toBe('body.active');
    }
    expect((await replica.app.users.get(telegramId))?.active).toBe(true);

    await replica.app.flags.set('enableRateLimiting', true, 'test');
    const flag = await replica.server.inject({
      method: 'PUT',
      url: `${API}/admin/flags/enableRateLimiting`,
      headers,
      payload: { enabled: null },
    });
    expect(flag.statusCode).toBe(400);
    expect(replica.app.flags.isEnabled('enableRateLimiting')).toBe(true);

    const role = await replica.server.inject({
      method: 'POST',
      url: USERS,
      headers,
      payload: { telegramId: String(nextTelegramId++), role: 'lawyer' },
    });
    expect(role.statusCode).toBe(400);
  });

  it('answers 400 in the error shape to text with control characters or lone surrogates, and to numbers out of range', async () => {
    const headers = bearer(admin.token);
    const bodies: Array<{ method: 'POST' | 'PATCH'; url: string; payload: object; field: string }> = [
      {
        method: 'POST',
        url: USERS,
        payload: { telegramId: nextTelegramId++, role: 'lawyer', displayName: 'Ana\u0000' },
        field: 'body.displayName',
      },
      {
        method: 'POST',
        url: USERS,
        payload: { telegramId: nextTelegramId++, role: 'lawyer', displayName: 'Ana \ud800' },
        field: 'body.displayName',
      },
      {
        method: 'POST',
        url: USERS,
        payload: { telegramId: 2 ** 53, role: 'lawyer' },
        field: 'body.telegramId',
      },
      { method: 'POST', url: USERS, payload: { telegramId: 1.5, role: 'lawyer' }, field: 'body.telegramId' },
      { method: 'POST', url: USERS, payload: { telegramId: -1, role: 'lawyer' }, field: 'body.telegramId' },
      {
        method: 'POST',
        url: `${API}/admin/api-keys`,
        payload: { name: 'bell\u0007', role: 'service' },
        field: 'body.name',
      },
      {
        method: 'POST',
        url: `${API}/admin/api-keys`,
        payload: { name: 'k', role: 'service', expiresInDays: 1e9 },
        field: 'body.expiresInDays',
      },
      {
        method: 'POST',
        url: `${API}/admin/broadcast`,
        payload: { text: 'hello \udfff' },
        field: 'body.text',
      },
    ];
    for (const { method, url, payload, field } of bodies) {
      const response = await replica.server.inject({ method, url, headers, payload });
      expect({ url, payload, status: response.statusCode }).toEqual({ url, payload, status: 400 });
      const body = response.json<ErrorBody>();
      expect(body.error.code).toBe(1100);
      expect(body.error.fields?.map((f) => f.path)).toContain(field);
      expect(response.body).not.toContain('stack');
    }
    // A huge number in the JSON text itself (parsed as Infinity or beyond 2^53).
    const huge = await replica.server.inject({
      method: 'POST',
      url: USERS,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"telegramId": 1e400, "role": "lawyer"}',
    });
    expect(huge.statusCode).toBe(400);

    const queries = [
      `${API}/admin/audit?actor=%00`,
      `${API}/admin/audit?target=a%01b`,
      `${API}/admin/audit?offset=99999999999999999999`,
      `${API}/admin/audit?limit=1e2`,
      `${API}/admin/audit?from=99999-01-01T00:00:00Z`,
      `${USERS}?active=1`,
      `${USERS}?active=`,
      `${USERS}/99999999999999999999`,
      `${USERS}/0`,
      `${API}/admin/api-keys/not-a-uuid`,
    ];
    for (const url of queries) {
      const method =
        url.startsWith(`${API}/admin/api-keys/`) || url.startsWith(`${USERS}/`) ? 'DELETE' : 'GET';
      const response = await replica.server.inject({ method, url, headers });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.json<ErrorBody>().error.code).toBe(1100);
    }
  });

  it('reads percent-encoded bytes that are not UTF-8 as the literal text, never a 500', async () => {
    const response = await replica.server.inject({
      method: 'GET',
      url: `${API}/admin/audit?action=%ED%A0%80`,
      headers: bearer(admin.token),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ total: number }>().total).toBe(0);
  });

  it('refuses unstorable text at sign-in, without any credential, with a 400 and not a database error', async () => {
    for (const email of ['admin\u0000@firm.example', 'admin\ud800@firm.example']) {
      const response = await replica.server.inject({
        method: 'POST',
        url: `${API}/auth/token`,
        remoteAddress: freshAddress(),
        payload: { email, password: 'whatever it is' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.fields?.[0]?.path).toBe('body.email');
    }
  });

  it('keeps a value Postgres refuses out of the 500s even when it reaches the database', async () => {
    await expect(replica.app.users.get(2 ** 70)).rejects.toMatchObject({ code: 1100, httpStatus: 400 });
    await expect(replica.app.audit.list({ actor: 'a\u0000b', limit: 1, offset: 0 })).rejects.toMatchObject({
      httpStatus: 400,
    });
  });

  it('shows a stack in the development profile only with DEBUG=true, never elsewhere', async () => {
    async function brokenAnswer(variables: Record<string, string>) {
      const { app } = await env.start({ env: variables });
      const server = await buildServer(app, { extraRoutes: [brokenRoute] });
      try {
        const response = await server.inject({ url: '/test/broken' });
        expect(response.statusCode).toBe(500);
        return { text: response.body, debug: response.json<ErrorBody>().debug };
      } finally {
        await server.close();
      }
    }

    const quiet: Array<Record<string, string>> = [
      { ENV: 'development', LOG_LEVEL: 'silent' },
      { ENV: 'development', LOG_LEVEL: 'silent', DEBUG: 'false' },
      { ENV: 'test', DEBUG: 'true' },
    ];
    for (const settings of quiet) {
      const answer = await brokenAnswer(settings);
      expect({ settings, debug: answer.debug }).toEqual({ settings, debug: undefined });
      expect(answer.text).not.toContain('hunter2');
      expect(answer.text).not.toContain('TypeError');
    }
    const debug = await brokenAnswer({ ENV: 'development', LOG_LEVEL: 'silent', DEBUG: 'true' });
    expect(debug.debug).toMatchObject({ type: 'TypeError' });
    expect(debug.text).toContain('hunter2');
  });
});
