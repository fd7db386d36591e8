// Two replicas of one deployment (two Apps on the same Postgres and Redis): what an admin changes through
// one replica's API reaches the other within about a second — the bot's allow-list, feature flags, and
// whether an admin account may still use its token.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1';

integrationSuite('admin changes across replicas', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let a: Replica;
  let b: Replica;
  let headers: Record<string, string>;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    [a, b] = [await env.start(), await env.start()];
    headers = bearer((await accountWithToken(a.app, 'admin')).token);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a deactivation through replica A's API is honoured by replica B's bot lookup within a second", async () => {
    const telegramId = 8_000_000_000 + (process.pid % 100_000);
    const added = await a.server.inject({
      method: 'POST',
      url: `${API}/admin/users`,
      headers,
      payload: { telegramId, role: 'lawyer' },
    });
    expect(added.statusCode).toBe(201);
    // B has looked the lawyer up (and keeps the answer for a few seconds) before the change.
    expect(await b.app.users.findActive(telegramId)).not.toBeNull();

    const removed = await a.server.inject({
      method: 'DELETE',
      url: `${API}/admin/users/${telegramId}`,
      headers,
    });
    expect(removed.statusCode).toBe(200);
    const tookMs = await waitUntil(
      async () => (await b.app.users.findActive(telegramId)) === null,
      'replica B no longer lets the lawyer in',
      1_000,
    );
    expect(tookMs).toBeLessThan(1_000);

    await a.server.inject({
      method: 'POST',
      url: `${API}/admin/users`,
      headers,
      payload: { telegramId, role: 'admin' },
    });
    await waitUntil(
      async () => (await b.app.users.findActive(telegramId))?.role === 'admin',
      'replica B knows the lawyer as an admin',
      1_000,
    );
  });

  it("a flag set through replica A's API is in effect on replica B within a second", async () => {
    expect(b.app.flags.isEnabled('enableLlmDrafting')).toBe(true);
    const set = await a.server.inject({
      method: 'PUT',
      url: `${API}/admin/flags/enableLlmDrafting`,
      headers,
      payload: { enabled: false },
    });
    expect(set.statusCode).toBe(200);
    await waitUntil(() => !b.app.flags.isEnabled('enableLlmDrafting'), 'the flag is off on replica B', 1_000);

    await a.server.inject({ method: 'DELETE', url: `${API}/admin/flags/enableLlmDrafting`, headers });
    await waitUntil(
      () => b.app.flags.isEnabled('enableLlmDrafting'),
      'the flag is back on on replica B',
      1_000,
    );
  });

  it('an account deactivated on replica A can no longer use its token on replica B within a second', async () => {
    const colleague = await accountWithToken(a.app, 'admin');
    const onB = () =>
      b.server.inject({ method: 'GET', url: `${API}/admin/users`, headers: bearer(colleague.token) });
    expect((await onB()).statusCode).toBe(200); // B now holds "active" for a few seconds

    await a.app.auth.accounts.setActive(colleague.account.id, false);
    await waitUntil(async () => (await onB()).statusCode === 401, 'replica B refuses the token', 1_000);
  });

  it('an API key revoked through replica A is refused by replica B at once', async () => {
    const created = await a.server.inject({
      method: 'POST',
      url: `${API}/admin/api-keys`,
      headers,
      payload: { name: 'crm', role: 'admin' },
    });
    const { key, id } = created.json<{ key: string; id: string }>();
    expect(
      (await b.server.inject({ method: 'GET', url: `${API}/admin/users`, headers: { 'x-api-key': key } }))
        .statusCode,
    ).toBe(200);
    await a.server.inject({ method: 'DELETE', url: `${API}/admin/api-keys/${id}`, headers });
    expect(
      (await b.server.inject({ method: 'GET', url: `${API}/admin/users`, headers: { 'x-api-key': key } }))
        .statusCode,
    ).toBe(401);
  });
});
