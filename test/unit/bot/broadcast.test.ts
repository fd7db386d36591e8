// /broadcast: a bot admin's announcement goes to every active user through the job queue (embedded
// PGlite) and a worker in this process; the admin sees its progress and gets the delivery report in their
// language. A lawyer cannot send one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastDelivery } from '../../../bot/broadcast-delivery.ts';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { broadcastJobHandler, broadcastPace } from '../../../core/jobs/broadcast-job.ts';
import { createProgressBoard } from '../../../core/jobs/progress.ts';
import { startJobWorker, type JobWorker } from '../../../core/jobs/worker.ts';
import { silentLogger, waitUntil } from '../../support/fixtures.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;
let worker: JobWorker;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
  const { app, fake } = h;
  worker = await startJobWorker({
    queue: app.jobs,
    results: app.jobResults,
    progress: createProgressBoard({
      telegram: telegramMessenger(h.bot.api),
      translator: app.translator,
      log: silentLogger(),
    }),
    log: silentLogger(),
    handlers: {
      broadcast: broadcastJobHandler({
        store: app.broadcasts,
        deliver: broadcastDelivery({ token: fake.token, apiRoot: fake.apiRoot, metrics: app.metrics }),
        pace: broadcastPace(app.cache),
        log: silentLogger(),
      }),
    },
  });
}, 60_000);

afterAll(async () => {
  worker?.stop();
  await h?.close();
});

describe('/broadcast', () => {
  it('sends an admin’s announcement to every active user and reports back to the admin', async () => {
    const admin = await h.addUser('admin', { language_code: 'en' });
    const lawyers = [await h.addUser('lawyer'), await h.addUser('lawyer'), await h.addUser('lawyer')];
    // Each wrote to the bot once; the last one has blocked it since.
    for (const user of [admin, ...lawyers]) h.fake.knowUser(user);
    h.fake.blockBot(lawyers[2]!.id);
    const active = (await h.app.users.count()).active;

    await h.say(admin, '/broadcast The office is closed on Friday.');
    expect(h.lastTo(admin.id).text).toBe(
      `Your announcement is queued for ${active} users. I will tell you here how it went.`,
    );
    const report = await h.fake.waitFor(
      (m) => m.chat_id === admin.id && (m.text ?? '').startsWith('Announcement sent'),
      30_000,
    );
    expect(report.text).toBe(
      `Announcement sent to ${active - 1} of ${active} users.\n` +
        'Blocked the bot: 1. Refused by Telegram: 0. Not confirmed (the sending worker stopped): 0.',
    );
    for (const lawyer of lawyers.slice(0, 2)) {
      expect(h.textsTo(lawyer.id)).toContain('The office is closed on Friday.');
    }
    expect(h.textsTo(lawyers[2]!.id)).not.toContain('The office is closed on Friday.');
    // The admin saw the progress message before the report.
    expect(h.textsTo(admin.id).some((text) => text.startsWith('Announcement to every user'))).toBe(true);
    const { items } = await h.app.audit.list({ action: 'broadcast.queue', limit: 1, offset: 0 });
    expect(items[0]).toMatchObject({ actor: `telegram:${admin.id}`, outcome: 'success' });
  }, 60_000);

  it('answers an admin in Russian, and asks for the text when there is none', async () => {
    const admin = await h.addUser('admin', { language_code: 'ru' });
    h.fake.knowUser(admin);
    await h.say(admin, '/broadcast');
    expect(h.lastTo(admin.id).text).toMatch(/^Напишите текст объявления после команды/);
    await h.say(admin, '/broadcast Офис закрыт в пятницу.');
    await waitUntil(
      () => h.textsTo(admin.id).some((text) => text.startsWith('Объявление отправлено')),
      'the report in Russian',
      30_000,
    );
  }, 60_000);

  it('refuses a lawyer and queues nothing', async () => {
    const lawyer = await h.addUser('lawyer');
    const before = await h.app.jobs.list({ kind: 'broadcast', limit: 1, offset: 0 });
    await h.say(lawyer, '/broadcast Free lunch for everyone');
    expect(h.lastTo(lawyer.id).text).toBe('Only administrators can send an announcement to every user.');
    expect((await h.app.jobs.list({ kind: 'broadcast', limit: 1, offset: 0 })).total).toBe(before.total);
  });
});
