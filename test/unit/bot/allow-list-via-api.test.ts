// The admin API is how an admin lets a lawyer in or out; the bot must honour it on the next update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../api/server.ts';
import { refusalText } from '../../../bot/middleware/allow-list.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;
let server: FastifyInstance;
let authorization: string;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
  server = await buildServer(h.app);
  const { key } = await h.app.auth.apiKeys.create({
    name: 'allow-list test',
    role: 'admin',
    createdBy: 'test',
  });
  authorization = `Bearer ${key}`;
}, 60_000);

afterAll(async () => {
  await server.close();
  await h.close();
});

describe('the allow-list, changed through the admin API', () => {
  it('lets a lawyer in as soon as they are added, and out as soon as they are deactivated', async () => {
    const person = h.stranger();
    await h.deliver(h.fake.sendText(person, '/start'));
    expect(h.sentTo(person.id).at(-1)?.text).toBe(refusalText(person.id));

    const added = await server.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: { authorization },
      payload: { telegramId: person.id, role: 'lawyer' },
    });
    expect(added.statusCode).toBe(201);
    await h.deliver(h.fake.sendText(person, '/start'));
    expect(h.sentTo(person.id).at(-1)?.text).toMatch(/^Hello, /);

    const removed = await server.inject({
      method: 'DELETE',
      url: `/api/v1/admin/users/${String(person.id)}`,
      headers: { authorization },
    });
    expect(removed.statusCode).toBe(200);
    const before = h.sentTo(person.id).length;
    await h.deliver(h.fake.sendText(person, '/newcase'));
    // Refused: the hourly refusal was already sent once, so nothing at all reaches them now.
    expect(h.sentTo(person.id)).toHaveLength(before);
    expect(await h.app.cases.active((await h.app.users.get(person.id))?.id ?? '')).toBeNull();
  });
});
