// Who gets into the admin API: the authentication matrix (each way a credential can be wrong answers
// 401/403 in the one error shape; the right ones 200), signing in, its rate limit, and API keys.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOGIN_LIMITS, loginFailureKeys } from '../../../core/auth/auth.ts';
import { capturingLogger } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1';
const ME = `${API}/auth/me`;
const USERS = `${API}/admin/users`;

let nextAddress = 1;
/** A client address of its own, so one test's sign-in attempts never spend another's allowance. */
const freshAddress = () => `10.1.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

function expectErrorShape(body: unknown, status: number, code: number): void {
  expect(body).toMatchObject({
    error: {
      code,
      category: expect.any(String) as string,
      message: expect.any(String) as string,
      requestId: expect.any(String) as string,
    },
  });
  expect(status).toBeGreaterThanOrEqual(400);
}

integrationSuite('admin API authentication', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let admin: Awaited<ReturnType<typeof accountWithToken>>;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start();
    admin = await accountWithToken(replica.app, 'admin');
  });
  afterAll(async () => {
    await env?.close();
  });

  const secret = () => new TextEncoder().encode(env.jwtSecret);
  const config = () => replica.app.config.security;

  function signed(
    claims: { sub?: string; role?: string; iss?: string; aud?: string; expSecondsFromNow?: number | null },
    key = secret(),
  ) {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ role: claims.role ?? 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub ?? admin.account.id)
      .setIssuer(claims.iss ?? config().jwtIssuer)
      .setAudience(claims.aud ?? config().jwtAudience)
      .setIssuedAt(now - 3600);
    if (claims.expSecondsFromNow !== null) jwt.setExpirationTime(now + (claims.expSecondsFromNow ?? 600));
    return jwt.sign(key);
  }

  async function get(url: string, headers: Record<string, string> = {}) {
    const response = await replica.server.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.json<unknown>(), headers: response.headers };
  }

  it('refuses a request without credentials with 401, a challenge and the error shape', async () => {
    const { status, body, headers } = await get(USERS);
    expect(status).toBe(401);
    expectErrorShape(body, status, 2000);
    expect(headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses tokens that are forged, unsigned, expired or meant for someone else', async () => {
    const header = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${header({ alg: 'none', typ: 'JWT' })}.${header({
      sub: admin.account.id,
      role: 'admin',
      iss: config().jwtIssuer,
      aud: config().jwtAudience,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    })}.`;
    const cases: Array<[string, string, number]> = [
      [
        'signed with another key',
        await signed({}, new TextEncoder().encode('another key that is long enough to sign')),
        2001,
      ],
      ['alg none', unsigned, 2001],
      ['expired', await signed({ expSecondsFromNow: -120 }), 2002],
      ['no expiry', await signed({ expSecondsFromNow: null }), 2001],
      ['wrong audience', await signed({ aud: 'someone-else' }), 2001],
      ['wrong issuer', await signed({ iss: 'someone-else' }), 2001],
      ['subject with no account', await signed({ sub: '00000000-0000-4000-8000-000000000000' }), 2001],
      ['not a JWT at all', 'garbage', 2001],
    ];
    for (const [name, token, code] of cases) {
      const { status, body } = await get(USERS, bearer(token));
      expect({ name, status }).toEqual({ name, status: 401 });
      expectErrorShape(body, status, code);
    }
    const malformedHeader = await get(USERS, { authorization: 'Basic YWRtaW46YWRtaW4=' });
    expect(malformedHeader.status).toBe(401);
  });

  it('accepts a valid token for its account and says who it is', async () => {
    expect((await get(USERS, bearer(admin.token))).status).toBe(200);
    const me = await get(ME, bearer(await signed({})));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'account',
      id: admin.account.id,
      role: 'admin',
      actor: `admin:${admin.account.id}`,
    });
  });

  it('refuses a role below the route with 403 and audits the refusal', async () => {
    const user = await accountWithToken(replica.app, 'user');
    const service = await accountWithToken(replica.app, 'service');
    const refused = await get(USERS, bearer(user.token));
    expect(refused.status).toBe(403);
    expectErrorShape(refused.body, refused.status, 2500);
    expect((await get(USERS, bearer(service.token))).status).toBe(403);
    // Monitoring routes take a service; "who am I" takes anyone signed in.
    expect((await get(`${API}/admin/stats`, bearer(service.token))).status).toBe(200);
    expect((await get(`${API}/admin/stats`, bearer(user.token))).status).toBe(403);
    expect((await get(ME, bearer(user.token))).status).toBe(200);

    const audit = await replica.app.audit.list({
      actor: `admin:${user.account.id}`,
      action: 'access.denied',
      limit: 10,
      offset: 0,
    });
    expect(audit.items.map((entry) => entry.target).sort()).toEqual([
      `GET ${API}/admin/stats`,
      `GET ${USERS}`,
    ]);
    expect(audit.items.every((entry) => entry.outcome === 'denied')).toBe(true);
  });

  it("refuses a deactivated account's still-valid token, and accepts it again once re-activated", async () => {
    const colleague = await accountWithToken(replica.app, 'admin');
    expect((await get(USERS, bearer(colleague.token))).status).toBe(200);

    await replica.app.auth.accounts.setActive(colleague.account.id, false);
    const refused = await get(USERS, bearer(colleague.token));
    expect(refused.status).toBe(401);
    expectErrorShape(refused.body, refused.status, 2001);

    await replica.app.auth.accounts.setActive(colleague.account.id, true);
    expect((await get(USERS, bearer(colleague.token))).status).toBe(200);
  });

  it('signs in with email and password, audits it, and the token works', async () => {
    const person = await accountWithToken(replica.app, 'admin');
    const address = freshAddress();
    const response = await replica.server.inject({
      method: 'POST',
      url: `${API}/auth/token`,
      remoteAddress: address,
      payload: { email: person.email.toUpperCase(), password: person.password },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      accessToken: string;
      tokenType: string;
      expiresIn: number;
      expiresAt: string;
    }>();
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBe(config().jwtTtlSeconds);
    expect(response.headers['cache-control']).toBe('no-store');
    expect((await get(ME, bearer(body.accessToken))).body).toMatchObject({ id: person.account.id });

    const audit = await replica.app.audit.list({
      action: 'auth.login',
      target: person.email,
      limit: 10,
      offset: 0,
    });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: `admin:${person.account.id}`, outcome: 'success' });
    expect(audit.items[0]?.details).toMatchObject({ source: address });
    expect((await replica.app.auth.accounts.get(person.account.id))?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('answers a wrong password, an unknown email and a deactivated account alike, and audits each failure', async () => {
    const person = await accountWithToken(replica.app, 'admin');
    const gone = await accountWithToken(replica.app, 'admin');
    await replica.app.auth.accounts.setActive(gone.account.id, false);
    const unknown = `nobody-${process.pid}@firm.example`;
    const attempts = [
      { email: person.email, password: 'not the password at all' },
      { email: unknown, password: person.password },
      { email: gone.email, password: gone.password },
    ];
    const answers = [];
    for (const attempt of attempts) {
      const response = await replica.server.inject({
        method: 'POST',
        url: `${API}/auth/token`,
        remoteAddress: freshAddress(),
        payload: attempt,
      });
      expect(response.statusCode).toBe(401);
      answers.push(response.json<{ error: { code: number; message: string } }>().error);
    }
    expect(new Set(answers.map((a) => `${a.code} ${a.message}`)).size).toBe(1);
    expect(answers[0]?.message).toBe('The email or password is not correct.');

    for (const [email, reason] of [
      [person.email, 'wrong password'],
      [unknown, 'unknown email'],
      [gone.email, 'account deactivated'],
    ] as const) {
      const audit = await replica.app.audit.list({
        action: 'auth.login',
        target: email,
        limit: 10,
        offset: 0,
      });
      expect(audit.items.map((entry) => [entry.outcome, entry.details.reason])).toEqual([
        ['failure', reason],
      ]);
    }
  });

  function signIn(email: string, password: string, remoteAddress: string) {
    return replica.server.inject({
      method: 'POST',
      url: `${API}/auth/token`,
      remoteAddress,
      payload: { email, password },
    });
  }

  /** Spends `count` failures of a limit directly, as that many failed attempts would. */
  async function failures(key: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await replica.app.cache.incr(key, LOGIN_LIMITS.windowSeconds * 1000);
  }

  it('counts only failed sign-ins: the owner signs in again and again from one address', async () => {
    const person = await accountWithToken(replica.app, 'admin');
    const address = freshAddress();
    // One failure short of the pair limit: each success would be the one too many if successes counted.
    await failures(loginFailureKeys(person.email, address).pair, LOGIN_LIMITS.pair - 1);
    expect((await signIn(person.email, person.password, address)).statusCode).toBe(200);
    expect((await signIn(person.email, person.password, address)).statusCode).toBe(200);
  });

  it('locks one email at one address after 5 failures, with Retry-After, and not the owner elsewhere', async () => {
    const person = await accountWithToken(replica.app, 'admin');
    const stranger = freshAddress();
    // Four failures already counted (each costs a full password hash to make for real); the fifth is real.
    await failures(loginFailureKeys(person.email, stranger).pair, LOGIN_LIMITS.pair - 1);
    const statuses: number[] = [];
    for (const guess of ['wrong guess 5', 'wrong guess 6']) {
      const response = await signIn(person.email, guess, stranger);
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expectErrorShape(response.json(), 429, 7200);
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(60);
        expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      }
    }
    expect(statuses).toEqual([401, 429]);
    // Even the right password waits at that address...
    expect((await signIn(person.email, person.password, stranger)).statusCode).toBe(429);
    // ...while the owner, elsewhere, signs in.
    expect((await signIn(person.email, person.password, freshAddress())).statusCode).toBe(200);
    const denied = await replica.app.audit.list({
      action: 'auth.login',
      target: person.email,
      limit: 10,
      offset: 0,
    });
    expect(denied.items.some((entry) => entry.outcome === 'denied')).toBe(true);
  });

  it('limits failures from one address over many emails', async () => {
    const address = freshAddress();
    await failures(loginFailureKeys('someone@firm.example', address).address, LOGIN_LIMITS.address - 1);
    const last = await signIn(`guess-${process.pid}@firm.example`, 'guess guess guess', address);
    expect(last.statusCode).toBe(401);
    const refused = await signIn(`other-${process.pid}@firm.example`, 'guess guess guess', address);
    expect(refused.statusCode).toBe(429);
    expectErrorShape(refused.json(), 429, 7200);
  });

  it('keeps a stranger who spends the per-email limit from locking the owner out of a known address', async () => {
    const person = await accountWithToken(replica.app, 'admin');
    const home = freshAddress();
    // The owner has signed in from home before.
    expect((await signIn(person.email, person.password, home)).statusCode).toBe(200);

    // Guesses from many addresses spend the per-email limit.
    await failures(loginFailureKeys(person.email, 'elsewhere').email, LOGIN_LIMITS.email - 1);
    expect((await signIn(person.email, 'one more guess', freshAddress())).statusCode).toBe(401);

    // A new address, even with the right password, now waits; a guess too.
    expect((await signIn(person.email, person.password, freshAddress())).statusCode).toBe(429);
    expect((await signIn(person.email, 'and another', freshAddress())).statusCode).toBe(429);
    // The owner at home signs in.
    const owner = await signIn(person.email, person.password, home);
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ tokenType: 'Bearer' });
  });

  it('shows an API key once, accepts it in either header, and never shows it again', async () => {
    const created = await replica.server.inject({
      method: 'POST',
      url: `${API}/admin/api-keys`,
      headers: bearer(admin.token),
      payload: { name: 'case intake CRM', role: 'service' },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json<{ key: string; id: string; prefix: string }>();
    expect(key.key).toMatch(/^mga_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);

    expect((await get(`${API}/admin/stats`, bearer(key.key))).status).toBe(200);
    expect((await get(`${API}/admin/stats`, { 'x-api-key': key.key })).status).toBe(200);
    expect((await get(ME, { 'x-api-key': key.key })).body).toMatchObject({
      kind: 'api-key',
      id: key.id,
      role: 'service',
      actor: `key:${key.id}`,
    });
    // A service key is not an admin.
    expect((await get(USERS, { 'x-api-key': key.key })).status).toBe(403);

    const listed = await get(`${API}/admin/api-keys?limit=200`, bearer(admin.token));
    const text = JSON.stringify(listed.body);
    expect(text).toContain(key.id);
    expect(text).not.toContain(key.key);
    expect(text).not.toMatch(/[0-9a-f]{64}/); // no hash either
    const { rows } = await replica.app.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [key.id],
    );
    expect(rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.key_hash).not.toContain(key.key.slice(4));
    expect((await replica.app.auth.apiKeys.get(key.id))?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuses a revoked key, an expired key, an unknown key and two different credentials', async () => {
    const make = async (expiresInDays?: number) => {
      const created = await replica.app.auth.apiKeys.create({
        name: 'monitoring',
        role: 'admin',
        createdBy: 'test',
        ...(expiresInDays === undefined ? {} : { expiresInDays }),
      });
      expect((await get(USERS, bearer(created.key))).status).toBe(200);
      return created;
    };
    const revoked = await make();
    const revocation = await replica.server.inject({
      method: 'DELETE',
      url: `${API}/admin/api-keys/${revoked.apiKey.id}`,
      headers: bearer(admin.token),
    });
    expect(revocation.statusCode).toBe(200);
    expect(revocation.json()).toMatchObject({
      id: revoked.apiKey.id,
      revokedBy: `admin:${admin.account.id}`,
    });
    const afterRevoke = await get(USERS, bearer(revoked.key));
    expect(afterRevoke.status).toBe(401);
    expectErrorShape(afterRevoke.body, afterRevoke.status, 2001);

    const expiring = await make(1);
    await replica.app.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      expiring.apiKey.id,
    ]);
    const afterExpiry = await get(USERS, { 'x-api-key': expiring.key });
    expect(afterExpiry.status).toBe(401);
    expectErrorShape(afterExpiry.body, afterExpiry.status, 2002);

    const unknown = `mga_${'A'.repeat(43)}`;
    expect((await get(USERS, bearer(unknown))).status).toBe(401);
    const both = await get(USERS, { ...bearer(admin.token), 'x-api-key': expiring.key });
    expect(both.status).toBe(401);
  });

  it('opens the routes when FEATURE_ENABLE_API_AUTH=false outside production, with a warning at start', async () => {
    const captured = capturingLogger('warn');
    const open = await env.start({ env: { FEATURE_ENABLE_API_AUTH: 'false' }, log: captured.log });
    expect(
      captured.lines.some((line) => line.level === 40 && /API authentication is OFF/.test(line.msg ?? '')),
    ).toBe(true);

    const me = await open.server.inject({ method: 'GET', url: ME });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'open', actor: 'anonymous', role: 'admin' });
    expect((await open.server.inject({ method: 'GET', url: USERS })).statusCode).toBe(200);
    // A credential, when sent, is still checked.
    expect(
      (await open.server.inject({ method: 'GET', url: USERS, headers: bearer('garbage') })).statusCode,
    ).toBe(401);
  });
});
