// Hostile input against every admin route: property-based fuzzing against each route's schema (only 4xx
// in the error shape or a success, never a 500, never a stack), and the authorization matrix (each kind
// of wrong credential × every route: only the allowed cells get through).
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuthRole } from '../../../core/auth/roles.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Route {
  method: Method;
  /** `:param` marks the one path parameter. */
  path: string;
  needs: AuthRole;
  body: boolean;
}

const ROUTES: Route[] = [
  { method: 'GET', path: '/auth/me', needs: 'user', body: false },
  { method: 'GET', path: '/admin/users', needs: 'admin', body: false },
  { method: 'POST', path: '/admin/users', needs: 'admin', body: true },
  { method: 'PATCH', path: '/admin/users/:param', needs: 'admin', body: true },
  { method: 'DELETE', path: '/admin/users/:param', needs: 'admin', body: false },
  { method: 'GET', path: '/admin/api-keys', needs: 'admin', body: false },
  { method: 'POST', path: '/admin/api-keys', needs: 'admin', body: true },
  { method: 'DELETE', path: '/admin/api-keys/:param', needs: 'admin', body: false },
  { method: 'GET', path: '/admin/audit', needs: 'admin', body: false },
  { method: 'GET', path: '/admin/errors', needs: 'service', body: false },
  { method: 'GET', path: '/admin/flags', needs: 'admin', body: false },
  { method: 'PUT', path: '/admin/flags/:param', needs: 'admin', body: true },
  { method: 'DELETE', path: '/admin/flags/:param', needs: 'admin', body: false },
  { method: 'GET', path: '/admin/stats', needs: 'service', body: false },
  { method: 'POST', path: '/admin/broadcast', needs: 'admin', body: true },
  { method: 'GET', path: '/admin/broadcasts/:param', needs: 'admin', body: false },
  { method: 'GET', path: '/admin/jobs', needs: 'admin', body: false },
  { method: 'GET', path: '/admin/jobs/:param', needs: 'admin', body: false },
  { method: 'POST', path: '/admin/jobs/:param/retry', needs: 'admin', body: false },
  { method: 'POST', path: '/admin/jobs/:param/cancel', needs: 'admin', body: false },
];

const RANK: Record<AuthRole, number> = { user: 1, service: 2, admin: 3 };

interface ErrorBody {
  error: { code: number; category: string; message: string; requestId: string };
}

let nextAddress = 1;
const freshAddress = () => `10.7.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

/** Text of any code units, lone surrogates and control characters included. */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const KNOWN_FIELDS = [
  'telegramId',
  'role',
  'displayName',
  'active',
  'name',
  'expiresInDays',
  'enabled',
  'text',
  'limit',
  'offset',
] as const;
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  anyText,
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, true, false, 0, -1, 2 ** 53, 1e308, 'admin', 'lawyer', 'service', 'user'),
);
const anyBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), anyValue, { maxKeys: 5 }),
);
const anyQuery = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...KNOWN_FIELDS, 'actor', 'action', 'target', 'from', 'to', 'includeRevoked'),
    anyText,
  ),
  fc.oneof(anyText, fc.integer().map(String), fc.constantFrom('true', 'false', '', '1e3', '-0')),
  { maxKeys: 3 },
);
const anyParam = fc.oneof(
  anyText,
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.uuid(),
  fc.constantFrom('enableRateLimiting', 'enableApiAuth', '0', '1'),
);

function expectErrorShape(status: number, text: string): void {
  expect(status).toBeLessThan(500);
  expect(text).not.toMatch(/stack|at .*\.ts:\d+/);
  if (status >= 400) {
    const body = JSON.parse(text) as ErrorBody;
    expect(body.error).toMatchObject({
      code: expect.any(Number) as number,
      category: expect.any(String) as string,
      message: expect.any(String) as string,
      requestId: expect.any(String) as string,
    });
  }
}

integrationSuite('admin API hostile input', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let admin: Awaited<ReturnType<typeof accountWithToken>>;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start({
      env: { ENV: 'development', LOG_LEVEL: 'silent' },
    });
    admin = await accountWithToken(replica.app, 'admin');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('answers every fuzzed request to every admin route with a success or a 4xx in the error shape', async () => {
    for (const route of ROUTES) {
      await fc.assert(
        fc.asyncProperty(anyParam, anyQuery, anyBody, async (param, query, body) => {
          const search = new URLSearchParams(query).toString();
          const path = route.path.replace(':param', encodeURIComponent(param));
          const response = await replica.server.inject({
            method: route.method,
            url: `${API}${path}${search ? `?${search}` : ''}`,
            remoteAddress: freshAddress(),
            headers: bearer(admin.token),
            ...(route.body ? { payload: body as object } : {}),
          });
          expectErrorShape(response.statusCode, response.body);
        }),
        { numRuns: 15 },
      );
    }
  }, 120_000);

  it('lets only the allowed credentials through, on every route', async () => {
    const secret = new TextEncoder().encode(env.jwtSecret);
    const { jwtIssuer, jwtAudience } = replica.app.config.security;
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: { aud?: string; exp?: number }, key = secret) =>
      new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(admin.account.id)
        .setIssuer(jwtIssuer)
        .setAudience(claims.aud ?? jwtAudience)
        .setIssuedAt(now - 3600)
        .setExpirationTime(claims.exp ?? now + 600)
        .sign(key);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const valid = await sign({});
    const [head, payload] = valid.split('.');
    const keyOf = async (role: AuthRole) =>
      (await replica.app.auth.apiKeys.create({ name: `matrix ${role}`, role, createdBy: 'test' })).key;
    const revoked = await replica.app.auth.apiKeys.create({
      name: 'revoked',
      role: 'admin',
      createdBy: 'test',
    });
    await replica.app.auth.apiKeys.revoke(revoked.apiKey.id, 'test');

    const refused: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['expired', bearer(await sign({ exp: now - 120 }))],
      [
        'tampered',
        bearer(
          `${head}.${part({ sub: admin.account.id, role: 'admin', aud: jwtAudience, iss: jwtIssuer, exp: now + 600 })}.${valid.split('.')[2]}`,
        ),
      ],
      ['alg none', bearer(`${part({ alg: 'none', typ: 'JWT' })}.${payload}.`)],
      ['wrong audience', bearer(await sign({ aud: 'someone-else' }))],
      [
        'other key',
        bearer(await sign({}, new TextEncoder().encode('another key that is long enough to sign'))),
      ],
      ['revoked key', bearer(revoked.key)],
    ];
    const principals: Array<[string, Record<string, string>, AuthRole]> = [
      ['user key', bearer(await keyOf('user')), 'user'],
      ['service key', bearer(await keyOf('service')), 'service'],
      ['admin key', bearer(await keyOf('admin')), 'admin'],
      ['admin token', bearer(admin.token), 'admin'],
    ];

    const cells: string[] = [];
    for (const route of ROUTES) {
      // A path parameter that exists in no table: an allowed caller gets past authorization to a 404 or 400.
      const url = `${API}${route.path.replace(':param', 'enableLlmDrafting')}`;
      const send = (headers: Record<string, string>) =>
        replica.server.inject({
          method: route.method,
          url,
          remoteAddress: freshAddress(),
          headers,
          ...(route.body ? { payload: {} } : {}),
        });
      for (const [name, headers] of refused) {
        const response = await send(headers);
        cells.push(
          `${name} ${route.method} ${route.path} ${response.statusCode === 401 ? 'refused' : response.statusCode}`,
        );
      }
      for (const [name, headers, role] of principals) {
        const response = await send(headers);
        const allowed = RANK[role] >= RANK[route.needs];
        const outcome =
          response.statusCode === 403 ? 'forbidden' : response.statusCode === 401 ? 'refused' : 'through';
        cells.push(
          `${name} ${route.method} ${route.path} ${outcome === (allowed ? 'through' : 'forbidden') ? 'as allowed' : outcome}`,
        );
        expectErrorShape(response.statusCode, response.body);
      }
    }
    const wrong = cells.filter((cell) => !cell.endsWith(' refused') && !cell.endsWith(' as allowed'));
    expect(wrong).toEqual([]);
  }, 120_000);
});
