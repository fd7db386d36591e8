// The authorization matrix of the HTTP API, over every route the server really registers (read from
// Fastify's own route table, so a new route is in the matrix the day it is added — and fails here until it
// is given its access rule below) × every kind of caller: no token, expired, tampered, `alg: none`, wrong
// audience, another signing key, a revoked key, a deactivated account, a deactivated lawyer's key, each role's
// key, an admin's token, a lawyer's key, and another lawyer's key on the first lawyer's case. Only the cells
// the rules allow get past authentication and authorization.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { roleAllows, type AuthRole, type KeyRole } from '../../../core/auth/roles.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

/** Who may call a route: anyone, a credential holding at least an admin role, or a lawyer's own key. */
type Access = 'public' | AuthRole | 'lawyer';

/**
 * The access rule of every route, by `METHOD path` as Fastify registers it (HEAD follows GET). A route the
 * server has and this table lacks fails the test: adding a route means deciding here who may call it.
 */
const ACCESS: Readonly<Record<string, Access>> = {
  'GET /liveness': 'public',
  'GET /readiness': 'public',
  'GET /startup': 'public',
  'GET /health': 'public',
  'GET /version': 'public',
  'GET /metrics': 'public',
  'GET /docs': 'public',
  'GET /docs/': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  'GET /docs/*': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'OPTIONS *': 'public',
  'POST /api/v1/auth/token': 'public',
  'GET /api/v1/auth/me': 'user',
  'GET /api/v1/admin/users': 'admin',
  'POST /api/v1/admin/users': 'admin',
  'PATCH /api/v1/admin/users/:telegramId': 'admin',
  'DELETE /api/v1/admin/users/:telegramId': 'admin',
  'GET /api/v1/admin/api-keys': 'admin',
  'POST /api/v1/admin/api-keys': 'admin',
  'DELETE /api/v1/admin/api-keys/:id': 'admin',
  'GET /api/v1/admin/audit': 'admin',
  'GET /api/v1/admin/errors': 'service',
  'GET /api/v1/admin/flags': 'admin',
  'PUT /api/v1/admin/flags/:name': 'admin',
  'DELETE /api/v1/admin/flags/:name': 'admin',
  'GET /api/v1/admin/stats': 'service',
  'POST /api/v1/admin/broadcast': 'admin',
  'GET /api/v1/admin/broadcasts/:id': 'admin',
  'GET /api/v1/admin/jobs': 'admin',
  'GET /api/v1/admin/jobs/:id': 'admin',
  'POST /api/v1/admin/jobs/:id/retry': 'admin',
  'POST /api/v1/admin/jobs/:id/cancel': 'admin',
  'GET /api/v1/cases': 'lawyer',
  'POST /api/v1/cases': 'lawyer',
  'GET /api/v1/cases/:caseId': 'lawyer',
  'GET /api/v1/cases/:caseId/evidence': 'lawyer',
  'POST /api/v1/cases/:caseId/evidence': 'lawyer',
  'POST /api/v1/cases/:caseId/evidence/:evidenceId/claims': 'lawyer',
  'DELETE /api/v1/cases/:caseId/evidence/:evidenceId/claims/:criterion': 'lawyer',
  'GET /api/v1/cases/:caseId/intake': 'lawyer',
  'PUT /api/v1/cases/:caseId/intake': 'lawyer',
  'GET /api/v1/cases/:caseId/analysis': 'lawyer',
};

interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Every route in Fastify's table, from `printRoutes({ commonPrefix: false })`: a tree whose lines are
 * `<indent>├── <segment> (<METHODS>)`, each segment continuing its parent's path.
 */
function registeredRoutes(tree: string): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const parents: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (parents[depth - 1] ?? '') + (match[2] ?? '');
    parents[depth] = path;
    parents.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) routes.push({ method, path });
  }
  return routes;
}

const accessOf = (route: RegisteredRoute): Access | undefined =>
  ACCESS[`${route.method === 'HEAD' ? 'GET' : route.method} ${route.path}`];

let nextAddress = 1;
/** A client address per request, so the per-address rate limit never decides a cell. */
const freshAddress = () => `10.9.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
let nextTelegramId = 8_200_000_000 + (process.pid % 1000) * 10_000;

integrationSuite('HTTP API authorization matrix', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start({ env: { LOG_LEVEL: 'silent' } });
    routes = registeredRoutes(replica.server.printRoutes({ commonPrefix: false }));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reads the route table and has an access rule for every route the server registers', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({ method: 'DELETE', path: '/api/v1/admin/api-keys/:id' });
    expect(routes.filter((route) => accessOf(route) === undefined)).toEqual([]);
  });

  it('lets through only the cells the rules allow, on every route', async () => {
    const { app } = replica;
    const { jwtIssuer, jwtAudience } = app.config.security;
    const admin = await accountWithToken(app, 'admin');
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: { aud?: string; exp?: number; sub?: string }, key = env.jwtSecret) =>
      new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.sub ?? admin.account.id)
        .setIssuer(jwtIssuer)
        .setAudience(claims.aud ?? jwtAudience)
        .setIssuedAt(now - 60)
        .setExpirationTime(claims.exp ?? now + 600)
        .sign(new TextEncoder().encode(key));
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const valid = await sign({});
    const [head, payload, signature] = valid.split('.');
    const keyOf = async (role: KeyRole, lawyerId?: string) =>
      (
        await app.auth.apiKeys.create({
          name: `matrix ${role}`,
          role,
          createdBy: 'test',
          ...(lawyerId ? { lawyerId } : {}),
        })
      ).key;
    const lawyerKey = async () => {
      const telegramId = ++nextTelegramId;
      const user = await app.users.upsert({ telegramId, role: 'lawyer', displayName: 'Counsel' });
      return { telegramId, key: await keyOf('lawyer', user.id) };
    };

    const revoked = await app.auth.apiKeys.create({ name: 'revoked', role: 'admin', createdBy: 'test' });
    await app.auth.apiKeys.revoke(revoked.apiKey.id, 'test');
    const gone = await accountWithToken(app, 'admin');
    await app.auth.accounts.setActive(gone.account.id, false);
    const departed = await lawyerKey();
    await app.users.update(departed.telegramId, { active: false });
    const lawyer = await lawyerKey();
    const otherLawyer = await lawyerKey();

    // The first lawyer's case and exhibit, so case routes are asked about something that exists.
    const opened = await replica.server.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(lawyer.key),
      payload: { clientName: 'Jane Doe', fieldOfEndeavor: 'Machine learning for medical imaging' },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json<{ id: string }>().id;
    const added = await replica.server.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      headers: bearer(lawyer.key),
      payload: { criterion: 'published_material', fields: evidenceFactory('published_material').fields },
    });
    expect(added.statusCode).toBe(201);
    const evidenceId = added.json<{ id: string }>().id;
    const PARAMS: Record<string, string> = {
      caseId,
      evidenceId,
      criterion: 'published_material',
      telegramId: '999999999',
      id: '00000000-0000-4000-8000-000000000000',
      name: 'enableLlmDrafting',
      '*': 'index.css',
    };

    const VALID_BODIES: Record<string, object> = {
      'POST /api/v1/cases/:caseId/evidence': {
        criterion: 'judging',
        fields: evidenceFactory('judging').fields,
      },
      'POST /api/v1/cases/:caseId/evidence/:evidenceId/claims': {
        criterion: 'original_contributions',
        fields: evidenceFactory('original_contributions').fields,
      },
      'PUT /api/v1/cases/:caseId/intake': { answers: { 'background.client_name': 'Someone Else' } },
    };

    const refused: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['expired', bearer(await sign({ exp: now - 120 }))],
      [
        'tampered',
        bearer(
          `${head}.${part({ sub: admin.account.id, role: 'admin', aud: jwtAudience, iss: jwtIssuer, exp: now + 600 })}.${signature}`,
        ),
      ],
      ['alg none', bearer(`${part({ alg: 'none', typ: 'JWT' })}.${payload}.`)],
      ['wrong audience', bearer(await sign({ aud: 'someone-else' }))],
      ['another signing key', bearer(await sign({}, 'another key that is long enough to sign with'))],
      ['revoked key', bearer(revoked.key)],
      ['deactivated account', bearer(gone.token)],
      ['deactivated lawyer key', bearer(departed.key)],
    ];
    const principals: Array<[string, Record<string, string>, KeyRole]> = [
      ['user key', bearer(await keyOf('user')), 'user'],
      ['service key', bearer(await keyOf('service')), 'service'],
      ['admin key', { 'x-api-key': await keyOf('admin') }, 'admin'],
      ['admin token', bearer(admin.token), 'admin'],
      ['lawyer key', bearer(lawyer.key), 'lawyer'],
    ];
    const allows = (held: KeyRole, access: Access): boolean =>
      access === 'public' ||
      (access === 'lawyer' ? held === 'lawyer' : held !== 'lawyer' && roleAllows(held, access));

    const wrong: string[] = [];
    // Cells that change data (a claim withdrawn, a flag reset) run after the ones that read it.
    const ordered = [...routes].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const route of ordered) {
      const access = accessOf(route) as Access;
      if (route.method === 'OPTIONS') continue; // CORS preflight: answered before any route, for anyone
      const url = route.path.replace(/:(\w+)|\*$/g, (whole, name: string | undefined) => {
        const value = PARAMS[name ?? whole];
        if (value === undefined) throw new Error(`no value for the path parameter ${whole} of ${route.path}`);
        return value;
      });
      const send = (headers: Record<string, string>, body: object = {}) =>
        replica.server.inject({
          method: route.method as 'GET',
          url,
          remoteAddress: freshAddress(),
          headers,
          ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: body } : {}),
        });
      const cell = `${route.method} ${route.path}`;
      for (const [name, headers] of refused) {
        const { statusCode } = await send(headers);
        const got = statusCode === 401 || statusCode === 403;
        if (access === 'public' ? got && route.path !== '/api/v1/auth/token' : statusCode !== 401)
          wrong.push(`${name} × ${cell}: ${statusCode}`);
      }
      for (const [name, headers, role] of principals) {
        const response = await send(headers);
        const stopped = response.statusCode === 401 || response.statusCode === 403;
        const allowed = allows(role, access);
        // Signing in with an empty body is a 400 whoever asks: what matters is that nobody is stopped before it.
        if (allowed ? stopped : response.statusCode !== 403)
          wrong.push(`${name} × ${cell}: ${response.statusCode}`);
        if (response.statusCode >= 500)
          wrong.push(`${name} × ${cell}: ${response.statusCode} ${response.body}`);
      }
      // Another lawyer's key on the first lawyer's case: "not found", exactly as for a case that does not exist.
      if (access === 'lawyer' && route.path.includes(':caseId')) {
        // With a body that would be accepted on the lawyer's own case, so only ownership can refuse it.
        const { statusCode } = await send(bearer(otherLawyer.key), VALID_BODIES[cell] ?? {});
        if (statusCode !== 404) wrong.push(`other lawyer × ${cell}: ${statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 180_000);
});
