// The lawyer's language: Telegram's language_code first, /language to change it, kept across messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('/language', () => {
  it('speaks Russian to a lawyer whose Telegram is in Russian', async () => {
    const lawyer = await h.addUser('lawyer', { first_name: 'Анна', language_code: 'ru' });
    await h.say(lawyer, '/language');
    expect(h.lastTo(lawyer.id).text).toMatch(/Выберите язык/);
  });

  it('switches to the chosen language, stores it, and keeps it for the next messages', async () => {
    const lawyer = await h.addUser('lawyer', { first_name: 'Ann', language_code: 'en' });
    await h.say(lawyer, '/language');
    const menu = h.lastTo(lawyer.id);
    expect(menu.text).toMatch(/Choose the language/);
    await h.click(lawyer, menu, 'lang:ru');
    expect(h.lastTo(lawyer.id).text).toMatch(/по-русски/);
    expect(await h.app.languages.chosen(lawyer.id)).toBe('ru');

    await h.say(lawyer, '/language');
    expect(h.lastTo(lawyer.id).text).toMatch(/Выберите язык/);

    await h.click(lawyer, h.lastTo(lawyer.id), 'lang:en');
    expect(h.lastTo(lawyer.id).text).toMatch(/speak English/);
    expect(await h.app.languages.chosen(lawyer.id)).toBe('en');
  });

  it('keeps the choice in the database, where another process finds it', async () => {
    const lawyer = await h.addUser('lawyer', { language_code: 'en' });
    await h.app.languages.choose(lawyer.id, 'ru');
    const { rows } = await h.app.db.query<{ language: string }>(
      'SELECT language FROM user_languages WHERE telegram_id = $1',
      [lawyer.id],
    );
    expect(rows).toEqual([{ language: 'ru' }]);
  });
});
