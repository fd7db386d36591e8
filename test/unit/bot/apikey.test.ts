// /apikey: a lawyer issues a key of their own for the lawyer API, shown once, and revokes them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../../core/errors.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('/apikey', () => {
  it('issues a key that reaches only this lawyer’s cases, and revokes it on request', async () => {
    const lawyer = await h.addUser('lawyer', { language_code: 'en' });
    await h.say(lawyer, '/apikey');
    const text = h.lastTo(lawyer.id).text ?? '';
    const key = /mga_[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(key).toBeDefined();
    expect(text).toMatch(/shown this once/);

    const user = await h.app.users.get(lawyer.id);
    const principal = await h.app.auth.authenticate(key ?? '');
    expect(principal).toMatchObject({ role: 'lawyer', lawyerId: user?.id });

    await h.say(lawyer, '/apikey revoke');
    expect(h.lastTo(lawyer.id).text).toMatch(/API key is revoked/);
    await expect(h.app.auth.authenticate(key ?? '')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('answers in Russian to a lawyer whose Telegram is in Russian', async () => {
    const lawyer = await h.addUser('lawyer', { language_code: 'ru' });
    await h.say(lawyer, '/apikey');
    expect(h.lastTo(lawyer.id).text).toMatch(/показан один раз/);
    await h.say(lawyer, '/apikey revoke');
    expect(h.lastTo(lawyer.id).text).toMatch(/отозван/);
  });
});
