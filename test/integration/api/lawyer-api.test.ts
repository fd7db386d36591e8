// The lawyer API on Postgres and Redis: a lawyer's key reads and writes that lawyer's cases, exhibits with
// their claims, intake answers and the analysis in English or Russian; another lawyer's case is not found;
// admin and service credentials never read case content; a lawyer key opens no admin route.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { integrationSuite } from '../../support/services.ts';
import { evidenceFactory } from '../../support/factories.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1';

interface ErrorBody {
  error: { code: number; message: string; fields?: Array<{ path: string; message: string }> };
}

let nextTelegramId = 8_100_000_000 + (process.pid % 1000) * 10_000;

integrationSuite('the lawyer API', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let adminHeaders: Record<string, string>;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start();
    adminHeaders = bearer((await accountWithToken(replica.app, 'admin')).token);
  });
  afterAll(async () => {
    await env?.close();
  });

  async function call<T = Record<string, unknown>>(
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: T }> {
    const response = await replica.server.inject({
      method,
      url: `${API}${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  /** A lawyer on the allow-list and a key of their own, issued by an admin through the API. */
  async function lawyerWithKey(): Promise<{ telegramId: number; headers: Record<string, string> }> {
    const telegramId = ++nextTelegramId;
    await replica.app.users.upsert({ telegramId, role: 'lawyer', displayName: 'Counsel' });
    const issued = await call<{ key: string; role: string; lawyerId: string | null }>(
      adminHeaders,
      'POST',
      '/admin/api-keys',
      { name: 'Firm CMS', role: 'lawyer', lawyerTelegramId: telegramId },
    );
    expect(issued.status).toBe(201);
    expect(issued.body.role).toBe('lawyer');
    expect(typeof issued.body.lawyerId).toBe('string');
    return { telegramId, headers: bearer(issued.body.key) };
  }

  async function openCase(headers: Record<string, string>, clientName = 'Jane Doe') {
    const opened = await call<{ id: string; clientName: string }>(headers, 'POST', '/cases', {
      clientName,
      fieldOfEndeavor: 'Machine learning for medical imaging',
    });
    expect(opened.status).toBe(201);
    return opened.body;
  }

  it('opens a case, adds an exhibit claimed under (iii) and (v), and returns the analysis in Russian', async () => {
    const { headers } = await lawyerWithKey();
    const opened = await openCase(headers);

    const listed = await call<{ items: Array<{ id: string }>; total: number }>(headers, 'GET', '/cases');
    expect(listed.body.items.map((c) => c.id)).toEqual([opened.id]);
    const intake = await call<{ answers: Record<string, string> }>(
      headers,
      'GET',
      `/cases/${opened.id}/intake`,
    );
    expect(intake.body.answers).toMatchObject({ 'background.client_name': 'Jane Doe' });

    const article = evidenceFactory('published_material');
    const added = await call<{ id: string; exhibitNumber: number; claims: Array<{ criterion: string }> }>(
      headers,
      'POST',
      `/cases/${opened.id}/evidence`,
      { criterion: 'published_material', fields: article.fields },
    );
    expect(added.status).toBe(201);
    expect(added.body.exhibitNumber).toBe(1);

    const contribution = evidenceFactory('original_contributions');
    const claimed = await call<{
      exhibitNumber: number;
      claims: Array<{ criterion: string; primary: boolean }>;
    }>(headers, 'POST', `/cases/${opened.id}/evidence/${added.body.id}/claims`, {
      criterion: 'original_contributions',
      fields: contribution.fields,
    });
    expect(claimed.status).toBe(201);
    expect(claimed.body.exhibitNumber).toBe(1);
    expect(claimed.body.claims).toEqual([
      expect.objectContaining({ criterion: 'published_material', primary: true }),
      expect.objectContaining({ criterion: 'original_contributions', primary: false }),
    ]);

    const analysis = await call<{
      locale: string;
      exhibitCount: number;
      text: string;
      findings: { criteria: Array<{ criterion: string; verdict: string; exhibitNumbers: number[] }> };
    }>(headers, 'GET', `/cases/${opened.id}/analysis?lang=ru`);
    expect(analysis.status).toBe(200);
    expect(analysis.body.locale).toBe('ru');
    expect(analysis.body.exhibitCount).toBe(1);
    const cited = analysis.body.findings.criteria
      .filter((c) => c.exhibitNumbers.includes(1))
      .map((c) => c.criterion)
      .sort();
    expect(cited).toEqual(['original_contributions', 'published_material']);
    expect(analysis.body.text).toContain('Анализ EB-1A: Jane Doe');
    expect(analysis.body.text).toContain('8 CFR 204.5(h)(3)(iii)');

    const english = await call<{ text: string }>(headers, 'GET', `/cases/${opened.id}/analysis`);
    expect(english.body.text).toContain('EB-1A analysis: Jane Doe');

    const withdrawn = await call<{ exhibitNumber: number; claims: Array<{ criterion: string }> }>(
      headers,
      'DELETE',
      `/cases/${opened.id}/evidence/${added.body.id}/claims/original_contributions`,
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.claims.map((c) => c.criterion)).toEqual(['published_material']);
    const exhibits = await call<{ items: Array<{ exhibitNumber: number }> }>(
      headers,
      'GET',
      `/cases/${opened.id}/evidence`,
    );
    expect(exhibits.body.items.map((e) => e.exhibitNumber)).toEqual([1]);
  });

  it('records intake answers all or none, naming a wrong answer in words', async () => {
    const { headers } = await lawyerWithKey();
    const opened = await openCase(headers);
    const refused = await call<ErrorBody>(headers, 'PUT', `/cases/${opened.id}/intake`, {
      answers: { 'background.citizenship': 'Canada', 'career.first_year': 'last spring' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields?.map((field) => field.path)).toEqual(['career.first_year']);
    expect(refused.body.error.fields?.[0]?.message).toMatch(/year/i);
    const unchanged = await call<{ answers: Record<string, string> }>(
      headers,
      'GET',
      `/cases/${opened.id}/intake`,
    );
    expect(unchanged.body.answers['background.citizenship']).toBeUndefined();

    const recorded = await call<{ answers: Record<string, string> }>(
      headers,
      'PUT',
      `/cases/${opened.id}/intake`,
      {
        answers: { 'background.citizenship': 'Canada', 'career.first_year': '2012' },
      },
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body.answers).toMatchObject({
      'background.citizenship': 'Canada',
      'career.first_year': '2012',
    });
  });

  it("never shows one lawyer another lawyer's case", async () => {
    const owner = await lawyerWithKey();
    const other = await lawyerWithKey();
    const opened = await openCase(owner.headers, 'Secret Client');
    const added = await call<{ id: string }>(owner.headers, 'POST', `/cases/${opened.id}/evidence`, {
      criterion: 'judging',
      fields: evidenceFactory('judging').fields,
    });

    for (const url of [
      `/cases/${opened.id}`,
      `/cases/${opened.id}/evidence`,
      `/cases/${opened.id}/intake`,
      `/cases/${opened.id}/analysis`,
    ]) {
      const seen = await call<ErrorBody>(other.headers, 'GET', url);
      expect(seen.status, url).toBe(404);
      expect(JSON.stringify(seen.body)).not.toContain('Secret Client');
    }
    const claim = await call<ErrorBody>(
      other.headers,
      'POST',
      `/cases/${opened.id}/evidence/${added.body.id}/claims`,
      { criterion: 'awards', fields: evidenceFactory('awards').fields },
    );
    expect(claim.status).toBe(404);
    const listed = await call<{ total: number }>(other.headers, 'GET', '/cases');
    expect(listed.body.total).toBe(0);
  });

  it('refuses admin and service credentials on cases, and lawyer keys on admin routes', async () => {
    const lawyer = await lawyerWithKey();
    const service = await call<{ key: string }>(adminHeaders, 'POST', '/admin/api-keys', {
      name: 'metrics',
      role: 'service',
    });
    for (const headers of [adminHeaders, bearer(service.body.key)]) {
      expect((await call(headers, 'GET', '/cases')).status).toBe(403);
    }
    expect((await call({}, 'GET', '/cases')).status).toBe(401);
    expect((await call(lawyer.headers, 'GET', '/admin/users')).status).toBe(403);
    expect((await call(lawyer.headers, 'GET', '/admin/stats')).status).toBe(403);

    // A lawyer key must name an active lawyer, and only a lawyer key names one.
    const orphan = await call<ErrorBody>(adminHeaders, 'POST', '/admin/api-keys', {
      name: 'x',
      role: 'lawyer',
    });
    expect(orphan.status).toBe(400);
    const misplaced = await call<ErrorBody>(adminHeaders, 'POST', '/admin/api-keys', {
      name: 'x',
      role: 'service',
      lawyerTelegramId: lawyer.telegramId,
    });
    expect(misplaced.status).toBe(400);
  });

  it('stops a lawyer key when the lawyer leaves the allow-list', async () => {
    const lawyer = await lawyerWithKey();
    expect((await call(lawyer.headers, 'GET', '/cases')).status).toBe(200);
    await replica.app.users.update(lawyer.telegramId, { active: false });
    expect((await call(lawyer.headers, 'GET', '/cases')).status).toBe(401);
  });

  it('answers fuzzed requests to every lawyer route with a success or a 4xx in the error shape, never a stack', async () => {
    const { headers } = await lawyerWithKey();
    const opened = await openCase(headers);
    const added = await call<{ id: string }>(headers, 'POST', `/cases/${opened.id}/evidence`, {
      criterion: 'judging',
      fields: evidenceFactory('judging').fields,
    });
    const anyText = fc.string({ unit: 'binary', maxLength: 40 });
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      anyText,
      fc.double(),
      fc.constantFrom(null, true, 2 ** 53),
    );
    const anyBody = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom(
          'clientName',
          'fieldOfEndeavor',
          'criterion',
          'fields',
          'answers',
          'title',
          'language',
        ),
        fc.oneof(anyValue, fc.dictionary(anyText, anyValue, { maxKeys: 3 })),
        { maxKeys: 4 },
      ),
    );
    const anyId = fc.oneof(fc.constant(opened.id), fc.constant(added.body.id), fc.uuid(), anyText);
    const anyQuery = fc.dictionary(
      fc.constantFrom('page', 'pageSize', 'lang'),
      fc.oneof(anyText, fc.integer().map(String)),
      {
        maxKeys: 2,
      },
    );
    const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', (c: string, e: string) => string]> = [
      ['GET', () => '/cases'],
      ['POST', () => '/cases'],
      ['GET', (c) => `/cases/${c}`],
      ['GET', (c) => `/cases/${c}/evidence`],
      ['POST', (c) => `/cases/${c}/evidence`],
      ['POST', (c, e) => `/cases/${c}/evidence/${e}/claims`],
      ['DELETE', (c, e) => `/cases/${c}/evidence/${e}/claims/awards`],
      ['GET', (c) => `/cases/${c}/intake`],
      ['PUT', (c) => `/cases/${c}/intake`],
      ['GET', (c) => `/cases/${c}/analysis`],
    ];
    for (const [method, path] of routes) {
      await fc.assert(
        fc.asyncProperty(anyId, anyId, anyQuery, anyBody, async (caseId, evidenceId, query, body) => {
          const search = new URLSearchParams(query).toString();
          const url = `${API}${path(encodeURIComponent(caseId), encodeURIComponent(evidenceId))}`;
          const response = await replica.server.inject({
            method,
            url: search ? `${url}?${search}` : url,
            headers,
            ...(method === 'POST' || method === 'PUT' ? { payload: body as object } : {}),
          });
          expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
          expect(response.body).not.toMatch(/"stack"|at .*\.ts:\d+/);
          if (response.statusCode >= 400) {
            const error = response.json<ErrorBody>().error;
            expect(typeof error.code).toBe('number');
            expect(typeof error.message).toBe('string');
          }
        }),
        { numRuns: 15 },
      );
    }
  }, 120_000);
});
