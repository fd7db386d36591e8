// /ask and /note through the real bot process on Postgres and Redis: a legal question cites the regulation,
// a case question cites the right exhibit, a note is remembered, and a second lawyer asking for the first
// lawyer's planted secret (note and exhibit) never sees it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { evidenceFactory } from '../support/factories.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { openServerStorage, silentLogger, type ServerStorage } from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { services, servicesRequired } from '../support/services.ts';

const owner = { id: 320_000_101, first_name: 'Maria' };
const other = { id: 320_000_102, first_name: 'Boris' };

const runs = (services.postgres.available && services.redis.available) || servicesRequired;
if (!runs) console.warn('[e2e] skipping /ask through the bot process: Postgres or Redis is not reachable');

describe.skipIf(!runs)('/ask through the bot process, on Postgres and Redis', { tags: ['slow'] }, () => {
  let fake: FakeTelegram;
  let storage: ServerStorage;
  let bot: BotProcess | undefined;
  let app: App | undefined;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    storage = await openServerStorage();
  });

  afterEach(async () => {
    await bot?.stop();
    await app?.close('test done');
    await fake.close();
    await storage.drop();
  });

  it('cites the regulation and the right exhibit, remembers notes, and keeps each lawyer to their own case', async () => {
    bot = spawnBot({
      fake,
      allowedUsers: [owner.id, other.id],
      env: { ...storage.env, FEATURE_ENABLE_RATE_LIMITING: 'false' },
    });
    await bot.polling();
    const maria = chatAs(fake, owner);
    const boris = chatAs(fake, other);

    await maria.say('/newcase', 'What is the client’s name?');
    await maria.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
    await maria.say('Medical imaging', 'Case opened for Jane Doe');
    await boris.say('/newcase', 'What is the client’s name?');
    await boris.say('Ivan Petrov', 'What is the field of endeavour of Ivan Petrov?');
    await boris.say('Robotics', 'Case opened for Ivan Petrov');

    // Exhibits straight into Maria's case, as /evidence would file them (that dialogue has its own tests).
    app = await createApp(loadConfig({ ENV: 'test', ...storage.env }), { log: silentLogger() });
    const mariaId = (await app.users.findActive(owner.id))?.id ?? '';
    const mariaCase = await app.cases.active(mariaId);
    await app.evidence.add(mariaId, mariaCase?.id ?? '', {
      criterion: 'published_material',
      fields: evidenceFactory('published_material').fields,
    });
    await app.evidence.add(mariaId, mariaCase?.id ?? '', {
      criterion: 'awards',
      title: 'Zebracorn Quillfeather Prize',
      fields: { ...evidenceFactory('awards').fields, name: 'Zebracorn Quillfeather Prize' },
    });

    await maria.say('/note Zebracorn strategy: keep the Quillfeather memo out of the petition.', 'Noted on');

    const legal = await maria.say('/ask What published material about the alien counts?', 'Question:');
    expect(legal.text).toContain('[8 CFR 204.5(h)(3)(iii)] “Published material about the alien');

    const exhibit = await maria.say('/ask Which exhibit is the Nature article?', 'Question:');
    expect(exhibit.text).toMatch(/From the case:\n\[Exhibit 1\] “The radiologist’s new assistant”, Nature/);

    const secret = await maria.say('/ask zebracorn quillfeather memo', 'Question:');
    expect(secret.text).toContain('[Exhibit 2] Zebracorn Quillfeather Prize');
    expect(secret.text).toMatch(/\[Note, [\d-]+\] Zebracorn strategy/);

    const theirs = await boris.say('/ask zebracorn quillfeather memo', 'Question:');
    expect((theirs.text ?? '').replace(/^Question:.*$/m, '')).not.toMatch(/zebracorn|quillfeather/i);
    expect(theirs.text).toContain(
      "Nothing in this case's intake answers, exhibits, documents or notes matches the question.",
    );
  }, 120_000);
});
