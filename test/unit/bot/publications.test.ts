// /publications as a lawyer uses it: a pasted list or a .bib file for the active case is shown back as read,
// with unreadable lines and duplicates named, and one Confirm adds one scholarly-article exhibit per article.
// The embedded app (PGlite), the real middleware chain and features, and the fake Telegram server.
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { downloadTelegramFile } from '../../../bot/features/evidence/downloads.ts';
import { MAX_LIST_FILE_BYTES } from '../../../bot/features/publications.ts';
import { COMMAND_MENU } from '../../../bot/features/start.ts';
import { MAX_LIST_ARTICLES } from '../../../core/eb1a/publication-import.ts';
import { evidenceFactory } from '../../support/factories.ts';
import type { FakeUser, SentMessage } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

// The shared download is watched (and still run), to show that a list file goes through it.
vi.mock('../../../bot/features/evidence/downloads.ts', async (importOriginal) => {
  const shared = await importOriginal<typeof import('../../../bot/features/evidence/downloads.ts')>();
  return { ...shared, downloadTelegramFile: vi.fn(shared.downloadTelegramFile) };
});

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

interface Lawyer {
  user: FakeUser;
  id: string;
  caseId: string;
}

async function lawyerWithCase(clientName = 'Anna Ivanova'): Promise<Lawyer> {
  const user = await h.addUser();
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName, fieldOfEndeavor: 'Computational biology' });
  return { user, id, caseId: opened.id };
}

async function say(lawyer: Lawyer, text: string): Promise<void> {
  await h.deliver(h.fake.sendText(lawyer.user, text));
}

function sentSince(lawyer: Lawyer, count: number): SentMessage[] {
  return h.sentTo(lawyer.user.id).slice(count);
}

function textSince(lawyer: Lawyer, count: number): string {
  return sentSince(lawyer, count)
    .map((m) => m.text ?? '')
    .join('\n');
}

function buttonUpdate(lawyer: Lawyer, label: RegExp): Update {
  const messages = h.sentTo(lawyer.user.id);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as SentMessage;
    const button = message.buttons.find((b) => label.test(b.text));
    if (button && 'callback_data' in button)
      return h.fake.clickButton(lawyer.user, message, button.callback_data);
  }
  throw new Error(`no button ${String(label)}`);
}

async function press(lawyer: Lawyer, label: RegExp): Promise<void> {
  await h.deliver(buttonUpdate(lawyer, label));
}

async function articles(lawyer: Lawyer, caseId = lawyer.caseId) {
  const exhibits = await h.app.evidence.list(lawyer.id, caseId);
  return exhibits.map((exhibit) => ({ number: exhibit.exhibitNumber, claim: exhibit.claims[0] }));
}

const REFERENCES = [
  'Ivanova, A., & Smith, J. (2018). Protein structure prediction at scale. Journal of Computational Biology, 34(5), 100–110. https://doi.org/10.1089/cmb.2018.0001',
  '[2] K. Lee, A. Ivanova, and J. Smith, "Learning to fold," in Proceedings of NeurIPS, 2022, pp. 1–9.',
  'Иванова А.Б., Петров П.П. Методы оптимизации в биоинформатике // Вестник МГУ. 2020. № 3. С. 10–20.',
  'lorem ipsum dolor sit amet',
  'Ivanova, A., & Smith, J. (2018). Protein structure prediction at scale. Journal of Computational Biology, 34(5), 100–110.',
].join('\n');

describe('/publications', () => {
  it('is in the command menu', () => {
    expect(COMMAND_MENU.map((entry) => entry.command)).toContain('publications');
  });

  it('shows a pasted list as read, names the unreadable line and the duplicate, and adds each article on Confirm', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    expect(h.lastTo(lawyer.user.id).text).toContain('Send the publication list of Anna Ivanova');

    const before = h.sentTo(lawyer.user.id).length;
    await say(lawyer, REFERENCES);
    const preview = textSince(lawyer, before);
    expect(preview).toContain('Publication list for Anna Ivanova: 3 articles ready to add');
    expect(preview).toContain(
      '1. Protein structure prediction at scale — Journal of Computational Biology, 2018',
    );
    expect(preview).toContain('Anna Ivanova is author 1 of 2');
    expect(preview).toContain('2. Learning to fold — Proceedings of NeurIPS, 2022');
    expect(preview).toContain('Anna Ivanova is author 2 of 3');
    expect(preview).toContain('Anna Ivanova is author 1 of 2 · peer-reviewed');
    expect(preview).toContain('Lines I could not read (1)\n• lorem ipsum dolor sit amet');
    expect(preview).toMatch(
      /Duplicates skipped \(1\)\n• Ivanova, A., & Smith, J\. \(2018\)\. Protein structure.* — repeats an article above/,
    );
    expect(await articles(lawyer)).toEqual([]);

    await press(lawyer, /^Confirm all 3$/);
    const done = h.lastTo(lawyer.user.id).text ?? '';
    expect(done).toContain('Added 3 articles to the case of Anna Ivanova: Exhibits 1–3.');
    const added = await articles(lawyer);
    expect(added.map((a) => a.claim?.criterion)).toEqual([
      'scholarly_articles',
      'scholarly_articles',
      'scholarly_articles',
    ]);
    expect(added[0]?.claim?.fields).toEqual({
      articleTitle: 'Protein structure prediction at scale',
      venue: 'Journal of Computational Biology',
      year: 2018,
      publicationType: 'journal',
      peerReviewed: true,
      authorRole: 'lead',
    });
    expect(added[1]?.claim?.fields).toMatchObject({
      articleTitle: 'Learning to fold',
      publicationType: 'conference_proceedings',
      authorRole: 'co_author',
    });
    expect(added[2]?.claim?.fields).toMatchObject({ venue: 'Вестник МГУ', year: 2020, authorRole: 'lead' });
  });

  it('adds nothing more on a second Confirm or a redelivered one', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    await say(lawyer, REFERENCES);
    const confirm = buttonUpdate(lawyer, /^Confirm all 3$/);
    await h.deliver(confirm);
    expect(await articles(lawyer)).toHaveLength(3);
    // The same update again (Telegram redelivers after a lost confirmation), then a second tap.
    await h.deliver(confirm);
    await press(lawyer, /^Confirm all 3$/);
    expect(await articles(lawyer)).toHaveLength(3);
  });

  it('skips articles already in the case, and leaves another case of the same lawyer untouched', async () => {
    const lawyer = await lawyerWithCase();
    const other = await h.app.cases.create(lawyer.id, {
      clientName: 'Boris Petrov',
      fieldOfEndeavor: 'Physics',
    });
    await h.app.evidence.add(lawyer.id, other.id, evidenceFactory('awards'));
    // The first case is active again (creating a case makes it active).
    await h.app.cases.open(lawyer.id, lawyer.caseId);
    await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'scholarly_articles',
      fields: {
        articleTitle: 'Learning to Fold',
        venue: 'NeurIPS',
        year: 2022,
        publicationType: 'conference_proceedings',
        peerReviewed: true,
        authorRole: 'co_author',
      },
    });
    await say(lawyer, '/publications');
    const before = h.sentTo(lawyer.user.id).length;
    await say(lawyer, REFERENCES);
    const preview = textSince(lawyer, before);
    expect(preview).toContain('2 articles ready to add');
    expect(preview).toMatch(/• \[?.*Learning to fold.* — already Exhibit 1/);
    await press(lawyer, /^Confirm all 2$/);
    expect((await articles(lawyer)).map((a) => a.number)).toEqual([1, 2, 3]);
    expect((await articles(lawyer, other.id)).map((a) => a.claim?.criterion)).toEqual(['awards']);
  });

  it('adds nothing on Cancel', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    await say(lawyer, REFERENCES);
    await press(lawyer, /^Cancel$/);
    expect(h.lastTo(lawyer.user.id).text).toBe('Cancelled. Nothing was added.');
    await press(lawyer, /^Confirm all 3$/);
    expect(await articles(lawyer)).toEqual([]);
  });

  it('reads a .bib file sent to it, naming articles whose facts are missing', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    const bib = String.raw`
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
@article{other,
  title   = {A paper the client did not write},
  author  = {Lee, Kim and Chen, Wei},
  journal = {Cell},
  year    = {2020}
}
@misc{nodate,
  title  = {Notes on folding},
  author = {Ivanova, Anna}
}
`;
    const before = h.sentTo(lawyer.user.id).length;
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'ivanova.bib',
        mime: 'application/x-bibtex',
        bytes: Buffer.from(bib),
      }),
    );
    const preview = textSince(lawyer, before);
    expect(preview).toContain('2 articles ready to add');
    expect(preview).toContain('Quantum dots in III-V solar cells — Physical Review B, 2019');
    expect(preview).toContain('Authors: Ivanova, Anna, Smith, John, Lee, Kim');
    expect(preview).toContain('Not added: facts missing (2)');
    expect(preview).toContain(
      '• A paper the client did not write — Anna Ivanova is not among its authors (Lee, Kim, Chen, Wei)',
    );
    expect(preview).toContain('• Notes on folding — missing: Venue, Year, Publication type, Peer reviewed');
    await press(lawyer, /^Confirm all 2$/);
    expect(
      (await articles(lawyer)).map((a) => (a.claim?.fields as { articleTitle?: string }).articleTitle),
    ).toEqual(['Quantum dots in III-V solar cells', 'Sparse attention for protein folding']);
  });

  it('refuses a file that is not a list, and one that is not text, and keeps waiting for the list', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'cv.pdf',
        mime: 'application/pdf',
        bytes: Buffer.from('%PDF-1.4'),
      }),
    );
    expect(h.lastTo(lawyer.user.id).text).toBe(
      'cv.pdf is not a publication list I can read. Send a .bib, .csv or .txt file, or paste the list.',
    );
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'list.txt',
        mime: 'text/plain',
        bytes: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00]),
      }),
    );
    expect(h.lastTo(lawyer.user.id).text).toContain('list.txt is not a text file');
    await say(lawyer, REFERENCES);
    await press(lawyer, /^Confirm all 3$/);
    expect(await articles(lawyer)).toHaveLength(3);
  });

  it('fits a list of 200 articles from a CSV file into messages Telegram accepts, and caps a list above the limit', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    const csv = [
      'Title,Journal,Year,Authors,Type',
      ...Array.from(
        { length: MAX_LIST_ARTICLES + 5 },
        (_, i) =>
          `"A long study of protein folding number ${String(i + 1)} with many words in its title",Journal of Molecular Biology,${String(2000 + (i % 24))},"Ivanova A.; Smith J.; Lee K.; Chen W.; Garcia M.",Journal article`,
      ),
    ].join('\n');
    const before = h.sentTo(lawyer.user.id).length;
    // A list this long comes as a file: one Telegram message holds 4,096 characters.
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'publications.csv',
        mime: 'text/csv',
        bytes: Buffer.from(csv),
      }),
    );
    const sent = sentSince(lawyer, before);
    expect(sent.length).toBeGreaterThan(2);
    for (const message of sent) expect((message.text ?? '').length).toBeLessThanOrEqual(4096);
    const text = sent.map((m) => m.text ?? '').join('\n');
    expect(text).toContain(`${String(MAX_LIST_ARTICLES)} articles ready to add`);
    expect(text).toContain(
      `Only the first ${String(MAX_LIST_ARTICLES)} articles were read; 5 more were left out.`,
    );
    expect(text).toContain('Authors: Ivanova A., Smith J., Lee K., Chen W. and 1 more');
    await press(lawyer, new RegExp(`^Confirm all ${String(MAX_LIST_ARTICLES)}$`));
    expect(await articles(lawyer)).toHaveLength(MAX_LIST_ARTICLES);
    expect(h.lastTo(lawyer.user.id).text).toContain(`Exhibits 1–${String(MAX_LIST_ARTICLES)}`);
  }, 60_000);

  it('reads a list pasted in the same message as the command, and one continued in a second message', async () => {
    const lawyer = await lawyerWithCase();
    const [first = '', second = '', ...rest] = REFERENCES.split('\n');
    await say(lawyer, `/publications\n${first}`);
    expect(h.lastTo(lawyer.user.id).text).toContain('Press Confirm to add this article');
    // Telegram splits a long paste into several messages: the next part joins the same list.
    await say(lawyer, [second, ...rest].join('\n'));
    expect(h.lastTo(lawyer.user.id).text).toContain('Press Confirm to add these 3 articles');
    await press(lawyer, /^Confirm all 3$/);
    expect(await articles(lawyer)).toHaveLength(3);
  });

  it('downloads a list file through the shared Telegram download, with the list’s own limit', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    vi.mocked(downloadTelegramFile).mockClear();
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'list.txt',
        mime: 'text/plain',
        bytes: Buffer.from(REFERENCES),
      }),
    );
    expect(vi.mocked(downloadTelegramFile)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(downloadTelegramFile).mock.calls[0]?.slice(2)).toEqual([
      expect.objectContaining({ name: 'list.txt' }),
      MAX_LIST_FILE_BYTES,
    ]);
    expect(h.lastTo(lawyer.user.id).text).toContain('Press Confirm to add these 3 articles');
  });

  it('tells the lawyer to send the list again when the file server keeps failing, and keeps waiting', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    h.fake.failNext('download', { status: 502 }, 2);
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'list.bib',
        mime: 'text/plain',
        bytes: Buffer.from('@article{a, title={A}}'),
      }),
    );
    expect(h.lastTo(lawyer.user.id).text).toBe(
      'list.bib could not be downloaded from Telegram. Please send it again.',
    );
    await say(lawyer, REFERENCES);
    await press(lawyer, /^Confirm all 3$/);
    expect(await articles(lawyer)).toHaveLength(3);
  });

  it('refuses a list file above the size limit before reading it', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/publications');
    await h.deliver(
      h.fake.sendDocument(lawyer.user, {
        name: 'huge.bib',
        mime: 'text/plain',
        bytes: Buffer.alloc(MAX_LIST_FILE_BYTES + 1, 'a'),
      }),
    );
    expect(h.lastTo(lawyer.user.id).text).toBe(
      `huge.bib is larger than ${String(MAX_LIST_FILE_BYTES / 1024)} KB. Send the list in parts.`,
    );
    expect(await articles(lawyer)).toEqual([]);
  });

  it('speaks Russian to a Russian-speaking lawyer', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Ольга', language_code: 'ru' });
    const id = (await h.app.users.findActive(user.id))?.id ?? '';
    await h.app.cases.create(id, { clientName: 'Анна Иванова', fieldOfEndeavor: 'Биология' });
    await h.deliver(h.fake.sendText(user, '/publications'));
    expect(h.lastTo(user.id).text).toContain('Пришлите список публикаций клиента Анна Иванова');
    const before = h.sentTo(user.id).length;
    await h.deliver(h.fake.sendText(user, REFERENCES));
    const preview = h
      .sentTo(user.id)
      .slice(before)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(preview).toContain('3 статьи готовы к добавлению');
    expect(preview).toContain('Анна Иванова — автор 1 из 2');
  });

  it('asks for a case first when there is none', async () => {
    const user = await h.addUser();
    await h.deliver(h.fake.sendText(user, '/publications'));
    expect(h.lastTo(user.id).text).toContain('You have no active case');
  });
});
