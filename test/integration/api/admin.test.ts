// The admin routes: strict input (unknown properties and oversized pages refused with the field named),
// allow-list changes that the bot's lookup honours, flags, stats, errors, the audit log, queued broadcasts, and
// an audit row for every admin action.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.ts';
import { silentLogger } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1/admin';

interface ErrorBody {
  error: { code: number; message: string; fields?: Array<{ path: string; message: string }> };
}

let nextTelegramId = 7_000_000_000 + (process.pid % 1000) * 10_000;

integrationSuite('admin API routes', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let actor: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start();
    const admin = await accountWithToken(replica.app, 'admin');
    actor = `admin:${admin.account.id}`;
    headers = bearer(admin.token);
  });
  afterAll(async () => {
    await env?.close();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) {
    const response = await replica.server.inject({
      method,
      url: `${API}${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  async function lastAuditOf(action: string, target?: string) {
    const { items } = await replica.app.audit.list({
      actor,
      action,
      ...(target ? { target } : {}),
      limit: 1,
      offset: 0,
    });
    return items[0];
  }

  it('refuses unknown body properties with 400 naming each of them', async () => {
    const { status, body } = await call('POST', '/users', {
      telegramId: nextTelegramId++,
      role: 'lawyer',
      nickname: 'x',
      admin: true,
    });
    expect(status).toBe(400);
    const fields = (body as unknown as ErrorBody).error.fields?.map((field) => field.path).sort();
    expect(fields).toEqual(['body.admin', 'body.nickname']);

    const patch = await call('PATCH', '/users/1', { role: 'lawyer', password: 'x' });
    expect(patch.status).toBe(400);
    const flag = await call('PUT', '/flags/enableLlmDrafting', { enabled: true, forever: true });
    expect((flag.body as unknown as ErrorBody).error.fields).toEqual([
      { path: 'body.forever', message: 'is not allowed here' },
    ]);
    const query = await call('GET', '/audit?who=me');
    expect((query.body as unknown as ErrorBody).error.fields?.[0]?.path).toBe('querystring.who');
  });

  it('refuses a page larger than 200 with 400 naming limit, and pages with limit and offset', async () => {
    for (const path of ['/users', '/api-keys', '/audit']) {
      const { status, body } = await call('GET', `${path}?limit=201`);
      expect({ path, status }).toEqual({ path, status: 400 });
      expect((body as unknown as ErrorBody).error.fields).toEqual([
        { path: 'querystring.limit', message: 'must be <= 200' },
      ]);
    }
    const ids = [nextTelegramId++, nextTelegramId++, nextTelegramId++];
    for (const telegramId of ids)
      expect((await call('POST', '/users', { telegramId, role: 'lawyer' })).status).toBe(201);
    const all = await call('GET', '/users');
    expect(all.body).toMatchObject({ limit: 50, offset: 0 });
    const total = all.body.total as number;
    const page = await call('GET', `/users?limit=2&offset=${total - 3}`);
    expect(page.body).toMatchObject({ total, limit: 2, offset: total - 3 });
    expect((page.body.items as Array<{ telegramId: number }>).map((user) => user.telegramId)).toEqual(
      ids.slice(0, 2),
    );
  });

  it("changes the bot's allow-list: add, change role, deactivate, re-activate, all audited", async () => {
    const telegramId = nextTelegramId++;
    const added = await call('POST', '/users', {
      telegramId,
      role: 'lawyer',
      displayName: 'Maria Lopez, Esq.',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      telegramId,
      role: 'lawyer',
      active: true,
      displayName: 'Maria Lopez, Esq.',
    });
    expect((await replica.app.users.findActive(telegramId))?.role).toBe('lawyer');
    expect(await lastAuditOf('users.add', String(telegramId))).toMatchObject({ outcome: 'success' });

    const promoted = await call('PATCH', `/users/${telegramId}`, { role: 'admin' });
    expect(promoted.body).toMatchObject({ role: 'admin', active: true });
    expect((await replica.app.users.findActive(telegramId))?.role).toBe('admin');
    expect(await lastAuditOf('users.update', String(telegramId))).toMatchObject({ outcome: 'success' });

    const removed = await call('DELETE', `/users/${telegramId}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ active: false });
    expect(await replica.app.users.findActive(telegramId)).toBeNull();
    expect(await lastAuditOf('users.deactivate', String(telegramId))).toMatchObject({ outcome: 'success' });

    const again = await call('POST', '/users', { telegramId, role: 'lawyer' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ active: true, role: 'lawyer', displayName: 'Maria Lopez, Esq.' });
    expect(await replica.app.users.findActive(telegramId)).not.toBeNull();

    const inactiveOnly = await call('GET', '/users?active=false&limit=200');
    expect((inactiveOnly.body.items as Array<{ active: boolean }>).every((user) => !user.active)).toBe(true);
  });

  it('answers 404 for a user not on the list, and audits the failed action', async () => {
    const telegramId = nextTelegramId++;
    const { status, body } = await call('PATCH', `/users/${telegramId}`, { active: false });
    expect(status).toBe(404);
    expect((body as unknown as ErrorBody).error.code).toBe(7000);
    expect(await lastAuditOf('users.deactivate', String(telegramId))).toMatchObject({
      outcome: 'failure',
      details: { errorCode: 7000 },
    });
    expect((await call('PATCH', `/users/${telegramId}`, {})).status).toBe(400);
    expect((await call('DELETE', '/users/not-a-number')).status).toBe(400);
  });

  it('sets and resets feature flags, persisted, audited; API authentication cannot be switched off by request', async () => {
    const set = await call('PUT', '/flags/enableEvidenceClassifier', { enabled: false });
    expect(set.body).toMatchObject({
      name: 'enableEvidenceClassifier',
      enabled: false,
      source: 'override',
      updatedBy: actor,
    });
    expect(replica.app.flags.isEnabled('enableEvidenceClassifier')).toBe(false);
    const { rows } = await replica.app.db.query<{ enabled: boolean }>(
      'SELECT enabled FROM feature_flags WHERE name = $1',
      ['enableEvidenceClassifier'],
    );
    expect(rows).toEqual([{ enabled: false }]);
    expect(await lastAuditOf('flags.set', 'enableEvidenceClassifier')).toMatchObject({
      outcome: 'success',
      details: { enabled: false },
    });

    const listed = await call('GET', '/flags');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ name: 'enableEvidenceClassifier', enabled: false }),
    );

    const reset = await call('DELETE', '/flags/enableEvidenceClassifier');
    expect(reset.body).toMatchObject({ enabled: true, source: 'environment' });
    expect(replica.app.flags.isEnabled('enableEvidenceClassifier')).toBe(true);
    expect(await lastAuditOf('flags.reset', 'enableEvidenceClassifier')).toMatchObject({
      outcome: 'success',
    });

    const unlock = await call('PUT', '/flags/enableApiAuth', { enabled: false });
    expect(unlock.status).toBe(403);
    expect(replica.app.flags.isEnabled('enableApiAuth')).toBe(true);
    expect(await lastAuditOf('flags.set', 'enableApiAuth')).toMatchObject({ outcome: 'failure' });
    expect((await call('PUT', '/flags/noSuchFlag', { enabled: true })).status).toBe(400);
  });

  it('reports counts of the tables that exist, and the job figures', async () => {
    const before = await call('GET', '/stats');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      cases: expect.any(Number) as number,
      evidence: 0,
      documents: 0,
      jobs: {
        queued: expect.any(Number) as number,
        active: 0,
        failedLast24h: 0,
        completedLast24h: 0,
        byKind: expect.objectContaining({ broadcast: expect.any(Object) as object }) as object,
      },
    });
    const telegramId = nextTelegramId++;
    await call('POST', '/users', { telegramId, role: 'lawyer' });
    const lawyer = await replica.app.users.get(telegramId);
    await replica.app.db.query(
      `INSERT INTO cases (lawyer_id, client_name, field_of_endeavor) VALUES ($1, 'Dr. Chen', 'Materials science')`,
      [lawyer?.id],
    );
    const after = await call('GET', '/stats');
    const users = after.body.users as { total: number; active: number };
    expect(users.total).toBe((before.body.users as { total: number }).total + 1);
    expect(after.body.cases).toBe((before.body.cases as number) + 1);
  });

  it('shows failure counts per error code', async () => {
    await replica.app.errors.capture(new ValidationError([], {}, { message: 'counted for the admin view' }));
    const { status, body } = await call('GET', '/errors');
    expect(status).toBe(200);
    expect(body.items).toContainEqual(
      expect.objectContaining({
        code: 1100,
        category: 'validation',
        lastMessage: 'counted for the admin view',
      }),
    );
  });

  it('filters the audit log by actor, action, target and time', async () => {
    const telegramId = nextTelegramId++;
    const start = new Date();
    await call('POST', '/users', { telegramId, role: 'lawyer' });
    await call('DELETE', `/users/${telegramId}`);
    const { body } = await call(
      'GET',
      `/audit?actor=${encodeURIComponent(actor)}&target=${telegramId}&from=${encodeURIComponent(new Date(start.getTime() - 1000).toISOString())}`,
    );
    expect((body.items as Array<{ action: string }>).map((entry) => entry.action)).toEqual([
      'users.deactivate',
      'users.add',
    ]);
    expect(body.items).toContainEqual(expect.objectContaining({ requestId: expect.any(String) as string }));
    const onlyAdds = await call('GET', `/audit?action=users.add&target=${telegramId}`);
    expect(onlyAdds.body.total).toBe(1);
    const past = await call(
      'GET',
      `/audit?target=${telegramId}&to=${encodeURIComponent(start.toISOString())}`,
    );
    expect(past.body.total).toBe(0);
    expect((await call('GET', '/audit?from=yesterday')).status).toBe(400);
  });

  it('queues a broadcast to every active user, any number of them, and audits it', async () => {
    // More than the 200 a broadcast sent within the request could reach.
    const missing = 201 - (await replica.app.users.count()).active;
    for (let i = 0; i < missing; i++)
      await replica.app.users.upsert({ telegramId: nextTelegramId++, role: 'lawyer' });
    const active = (await replica.app.users.count()).active;

    const { status, body } = await call('POST', '/broadcast', { text: 'The office is closed on Friday.' });
    expect(status).toBe(202);
    expect(body).toMatchObject({ recipients: active, id: expect.any(String) as string });
    const job = await call('GET', `/jobs/${String(body.jobId)}`);
    expect(job.body).toMatchObject({ kind: 'broadcast', state: 'created', retries: 0 });
    // No worker runs here: the report shows everyone still waiting.
    const report = await call('GET', `/broadcasts/${String(body.id)}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      recipients: active,
      pending: active,
      sent: 0,
      finishedAt: null,
      jobState: 'created',
      failures: [],
      actor,
    });
    expect(await lastAuditOf('broadcast.queue')).toMatchObject({
      outcome: 'success',
      target: `broadcast:${String(body.id)}`,
      details: { recipients: active, jobId: body.jobId },
    });
    expect((await call('POST', '/broadcast', { text: '   ' })).status).toBe(400);
    const unknown = await call('GET', '/broadcasts/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as ErrorBody).error.code).toBe(7302);
  });

  it('describes the API in OpenAPI at /docs outside production, with both credentials', async () => {
    const spec = await replica.server.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    const document = spec.json<{
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    for (const path of [
      '/users',
      '/users/{telegramId}',
      '/api-keys',
      '/audit',
      '/flags/{name}',
      '/broadcast',
      '/broadcasts/{id}',
      '/jobs',
      '/jobs/{id}',
      '/jobs/{id}/retry',
      '/jobs/{id}/cancel',
      '/stats',
    ]) {
      expect(Object.keys(document.paths)).toContain(`${API}${path}`);
    }
    expect(document.paths[`${API}/users`]?.get?.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    // The routes' zod schemas are described, with enums from core constants, and the probes' JSON schemas too.
    const raw = spec.json<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>
      >;
    }>();
    const addUser = raw.paths[`${API}/users`]?.post?.requestBody?.content['application/json']?.schema;
    expect(addUser?.properties).toMatchObject({
      telegramId: { type: 'integer' },
      role: { enum: ['admin', 'lawyer'] },
    });
    expect(Object.keys(raw.paths)).toContain('/readiness');
    // The lawyer API is documented beside the admin routes.
    for (const path of [
      '/cases',
      '/cases/{caseId}/evidence/{evidenceId}/claims',
      '/cases/{caseId}/analysis',
    ]) {
      expect(Object.keys(raw.paths)).toContain(`/api/v1${path}`);
    }
    const page = await replica.server.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    // The page loads its scripts from files, so the docs' script-src 'self' policy lets it run.
    expect(page.body).toContain('<script src="/docs/static/swagger-initializer.js"');
    expect(page.body).not.toMatch(/<script>/);
  });

  it('serves no /docs when API_DOCS_ENABLED=false, nor in production, where authentication is always on', async () => {
    const quiet = await env.start({ env: { API_DOCS_ENABLED: 'false' }, log: silentLogger() });
    expect((await quiet.server.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404);

    const production = await env.start({
      env: { ENV: 'production', TELEGRAM_ALLOWED_USERS: '1' },
      log: silentLogger(),
    });
    expect((await production.server.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404);
    expect((await production.server.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await production.server.inject({ method: 'GET', url: `${API}/flags`, headers })).statusCode).toBe(
      200,
    );
  });

  it('writes an audit row for every admin action taken through the API', async () => {
    const created = await call('POST', '/api-keys', { name: 'audit check', role: 'user', expiresInDays: 30 });
    const keyId = created.body.id as string;
    expect(created.body.expiresAt).toEqual(expect.any(String));
    await call('DELETE', `/api-keys/${keyId}`);
    expect(await lastAuditOf('api-keys.create', keyId)).toMatchObject({
      outcome: 'success',
      details: { role: 'user' },
    });
    expect(await lastAuditOf('api-keys.revoke', keyId)).toMatchObject({ outcome: 'success' });
    expect((await call('DELETE', '/api-keys/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    // Every action name a mutating route can write was written by this file's tests (ordering: this test runs last).
    const { items } = await replica.app.audit.list({ actor, limit: 200, offset: 0 });
    const actions = new Set(items.map((entry) => entry.action));
    for (const action of [
      'users.add',
      'users.update',
      'users.deactivate',
      'flags.set',
      'flags.reset',
      'api-keys.create',
      'api-keys.revoke',
      'broadcast.queue',
    ]) {
      expect(actions).toContain(action);
    }
    expect(items.every((entry) => entry.requestId !== null)).toBe(true);
  });

  it('audits admin actions inside the core services, whoever calls them (the API or the CLI)', async () => {
    const operator = `cli:test-${process.pid}`;
    const { apiKey } = await replica.app.auth.apiKeys.create({
      name: 'from the terminal',
      role: 'service',
      createdBy: operator,
    });
    const created = await replica.app.audit.list({
      actor: operator,
      action: 'api-keys.create',
      limit: 5,
      offset: 0,
    });
    expect(created.items).toHaveLength(1);
    expect(created.items[0]).toMatchObject({ target: apiKey.id, outcome: 'success' });

    await replica.app.auth.apiKeys.revoke(apiKey.id, operator);
    await expect(
      replica.app.auth.apiKeys.revoke('00000000-0000-4000-8000-000000000000', operator),
    ).rejects.toMatchObject({
      code: 7000,
    });
    const revocations = await replica.app.audit.list({
      actor: operator,
      action: 'api-keys.revoke',
      limit: 5,
      offset: 0,
    });
    expect(revocations.items.map((entry) => entry.outcome).sort()).toEqual(['failure', 'success']);

    const missing = nextTelegramId++;
    await expect(replica.app.users.change(missing, { role: 'admin' }, operator)).rejects.toMatchObject({
      code: 7000,
    });
    const { user, existed } = await replica.app.users.allow(
      { telegramId: missing, role: 'lawyer' },
      operator,
    );
    expect({ active: user.active, existed }).toEqual({ active: true, existed: false });
    await replica.app.users.change(missing, { active: false }, operator);
    const userRows = await replica.app.audit.list({
      actor: operator,
      target: String(missing),
      limit: 5,
      offset: 0,
    });
    expect(userRows.items.map((entry) => `${entry.action}:${entry.outcome}`).reverse()).toEqual([
      'users.update:failure',
      'users.add:success',
      'users.deactivate:success',
    ]);

    await expect(replica.app.flags.set('enableApiAuth', false, operator)).rejects.toMatchObject({
      code: 2500,
    });
    expect(replica.app.flags.isEnabled('enableApiAuth')).toBe(true);
    const flagRows = await replica.app.audit.list({
      actor: operator,
      action: 'flags.set',
      limit: 5,
      offset: 0,
    });
    expect(flagRows.items[0]).toMatchObject({ target: 'enableApiAuth', outcome: 'failure' });
  });
});
