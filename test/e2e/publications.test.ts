// A client's publication list through the real bot process and the fake Telegram: a .bib file for the active
// case shown back as read, one Confirm adding one exhibit per article, a second tap adding nothing, and the
// database read back once the bot is down. Embedded default (PGlite under DATA_DIR).
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { migratedDataDir, silentLogger, waitUntil } from '../support/fixtures.ts';
import { buttonData, chatAs, REPLY_MS } from '../support/lawyer-chat.ts';

const lawyer = { id: 320_000_117, first_name: 'Maria' };

const BIB = String.raw`
@article{ivanova2019,
  title   = {Quantum dots in {III-V} solar cells},
  author  = {Ivanova, Anna and Smith, John and Lee, Kim},
  journal = {Physical Review B},
  year    = 2019,
  doi     = {10.1103/PhysRevB.99.041301}
}
@inproceedings{smith2021,
  author    = "Smith, John and Ivanova, A.",
  title     = "Sparse attention for protein folding",
  booktitle = {Proceedings of the 38th International Conference on Machine Learning},
  year      = {2021}
}
@article{again,
  title   = {Quantum Dots in III–V Solar Cells},
  author  = {Ivanova, A. and Smith, J.},
  journal = {Phys. Rev. B},
  year    = {2019}
}
@article{broken,
  author = {Ivanova, Anna}
}
`;

describe('/publications in the real bot process', () => {
  let fake: FakeTelegram;
  let bot: BotProcess | null = null;
  let app: App | null = null;
  let dataDir = '';

  beforeEach(async () => {
    fake = await startFakeTelegram();
    dataDir = await migratedDataDir('megaagent-e2e-publications-');
  }, 60_000);

  afterEach(async () => {
    if (bot?.isRunning()) await bot.stop();
    await app?.close('test done');
    app = null;
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('turns a .bib file into one scholarly-article exhibit per article, once', async () => {
    bot = spawnBot({ fake, allowedUsers: [lawyer.id], dataDir });
    await bot.polling();
    const chat = chatAs(fake, lawyer);
    await chat.say('/newcase', 'What is the client’s name?');
    await chat.say('Anna Ivanova', 'What is the field of endeavour of Anna Ivanova?');
    await chat.say('Photovoltaics', 'Case opened for Anna Ivanova');
    await chat.say('/publications', 'Send the publication list of Anna Ivanova');

    const mark = fake.sent.length;
    const prompt = await chat.exchange(
      () =>
        fake.sendDocument(lawyer, { name: 'ivanova.bib', mime: 'text/x-bibtex', bytes: Buffer.from(BIB) }),
      'Press Confirm to add these 2 articles',
    );
    const preview = chat.textSince(mark);
    expect(preview).toContain('Publication list for Anna Ivanova: 2 articles ready to add');
    expect(preview).toContain('1. Quantum dots in III-V solar cells — Physical Review B, 2019');
    expect(preview).toContain('Anna Ivanova is author 1 of 3 · peer-reviewed');
    expect(preview).toContain('Anna Ivanova is author 2 of 2 · peer-reviewed');
    expect(preview).toContain('Lines I could not read (1)');
    expect(preview).toContain('Duplicates skipped (1)');

    const done = await chat.press(prompt, 'Confirm all 2', 'Added 2 articles');
    expect(done.text).toContain('Added 2 articles to the case of Anna Ivanova: Exhibits 1–2.');
    // A second tap on the same button: the list was added already, so the button is no longer active.
    const answers = () => fake.calls.filter((call) => call.method === 'answerCallbackQuery');
    const answered = answers().length;
    fake.clickButton(lawyer, prompt, buttonData(prompt, 'Confirm all 2'));
    await waitUntil(() => answers().length > answered, 'the second tap was answered', REPLY_MS);
    expect(answers().at(-1)?.body.text).toBe('That button is no longer active. Send /start for the menu.');

    await bot.stop();
    app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: silentLogger() });
    const user = await app.users.get(lawyer.id);
    const active = await app.cases.active(user?.id ?? '');
    const exhibits = await app.evidence.list(user?.id ?? '', active?.id ?? '');
    expect(exhibits.map((e) => [e.exhibitNumber, e.claims[0]?.criterion, e.title])).toEqual([
      [1, 'scholarly_articles', '“Quantum dots in III-V solar cells”, Physical Review B (2019)'],
      [
        2,
        'scholarly_articles',
        '“Sparse attention for protein folding”, Proceedings of the 38th International Conference on Machine Learning (2021)',
      ],
    ]);
    expect(exhibits[1]?.claims[0]?.fields).toMatchObject({
      publicationType: 'conference_proceedings',
      peerReviewed: true,
      authorRole: 'co_author',
    });
  }, 120_000);
});
