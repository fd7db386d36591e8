// Documents a lawyer sends, read by the real `megaagent start` process (bot and in-process worker) on the
// embedded default (PGlite under DATA_DIR, no DATABASE_URL): every kind of file the product reads becomes
// the right proposal, every bad file a refusal naming it, twenty at once twenty proposals, and Confirm
// makes the exhibit the analysis then counts. Telegram is the fake server; fixtures are generated.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { EVIDENCE_FIELDS, fieldQuestionKey, type FieldSpec } from '../../core/eb1a/evidence.ts';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import {
  blankPagesPdf,
  blankPng,
  encryptedPdf,
  imagePdf,
  pngDeclaring,
  printedTextPng,
  scannedPdf,
  textPdf,
  wordDocument,
  wordDocumentWithBody,
} from '../support/document-fixtures.ts';
import {
  startFakeTelegram,
  type FakeTelegram,
  type FakeUser,
  type SentMessage,
} from '../support/fake-telegram.ts';
import { migratedDataDir, silentLogger } from '../support/fixtures.ts';
import { buttonData, chatAs, REPLY_MS } from '../support/lawyer-chat.ts';

const maria = { id: 340_000_001, first_name: 'Maria', language_code: 'en' };
const rui = { id: 340_000_002, first_name: 'Rui', language_code: 'en' };
const english = createTranslator();

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** OCR runs at a few seconds a page on a busy machine: results get generous slack. */
const READ_MS = 120_000;

const AWARD_TEXT = [
  'CERTIFICATE',
  'The Association for Computing Machinery (ACM)',
  'presents the ACM Doctoral Dissertation Award 2021',
  'to Jane Doe',
  'An international award selected by a committee of experts from nominations worldwide.',
];

describe('documents read into proposed exhibits by `megaagent start` on PGlite', { tags: ['slow'] }, () => {
  let fake: FakeTelegram;
  let dataDir: string;
  let bot: BotProcess;

  const to = (person: FakeUser) => (m: SentMessage) => m.chat_id === person.id;
  /** The one message about `name` that the job sent: a proposal or a refusal. */
  const resultsAbout = (person: FakeUser, name: string) =>
    fake.sent.filter(
      (m) => to(person)(m) && m.method === 'sendMessage' && (m.text ?? '').includes(`“${name}”`),
    );
  const resultAbout = (person: FakeUser, name: string, expected: RegExp) =>
    fake.waitFor(
      (m) => to(person)(m) && (m.text ?? '').includes(`“${name}”`) && expected.test(m.text ?? ''),
      READ_MS,
    );

  async function openCase(person: FakeUser, client: string): Promise<void> {
    const chat = chatAs(fake, person);
    await chat.say('/start', `Hello, ${person.first_name ?? ''}.`);
    await chat.say('/newcase', 'What is the client’s name?');
    await chat.say(client, `What is the field of endeavour of ${client}?`);
    await chat.say('Machine learning for medical imaging', `Case opened for ${client}`);
  }

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = await migratedDataDir('megaagent-e2e-documents-');
    bot = spawnBot({ fake, args: ['start'], dataDir, allowedUsers: [maria.id, rui.id] });
    await bot.polling(60_000);
    await openCase(maria, 'Jane Doe');
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads a text PDF, a scan, a Word document, a photo of a page and a Russian document into proposals', async () => {
    fake.sendDocument(maria, { name: 'award.pdf', mime: PDF, bytes: await textPdf([AWARD_TEXT]) });
    fake.sendDocument(maria, {
      name: 'scan.pdf',
      mime: PDF,
      bytes: await scannedPdf(
        ['Exhibit 2: certificate issued to Jane Doe'],
        ['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS', 'YEAR 2021'],
      ),
    });
    fake.sendDocument(maria, {
      name: 'reviews.docx',
      mime: DOCX,
      bytes: await wordDocument([
        'Reviewer record',
        'Jane Doe reviewed 12 manuscripts for IEEE Transactions on Medical Imaging in 2022.',
        'Thank you for completing your review.',
      ]),
    });
    fake.sendDocument(maria, {
      name: 'certificate.png',
      mime: 'image/png',
      bytes: printedTextPng(['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS', 'YEAR 2021']),
    });
    fake.sendDocument(maria, {
      name: 'diplom.docx',
      mime: DOCX,
      bytes: await wordDocument([
        'Диплом',
        'Российская академия наук присуждает премию за лучшую диссертацию года Джейн Доу.',
        'Награда вручена в 2020 году по итогам национального конкурса научных работ.',
      ]),
    });

    const award = await resultAbout(maria, 'award.pdf', /Looks like/);
    expect(award.text).toContain(
      '“award.pdf”, 1 page. Looks like (i) Awards: ACM Doctoral Dissertation Award, ACM, 2021, Candidates from several countries.',
    );
    expect(award.buttons.map((b) => b.text)).toEqual([
      '✅ Confirm',
      'Other criterion',
      '✏️ Edit a fact',
      '📎 Attach to an exhibit',
      'Not evidence',
    ]);
    expect((await resultAbout(maria, 'scan.pdf', /Looks like/)).text).toMatch(
      /“scan\.pdf”, 2 pages\. Looks like \(i\) Awards.*2021/,
    );
    expect((await resultAbout(maria, 'reviews.docx', /Looks like/)).text).toContain(
      'Looks like (iv) Judging: IEEE Transactions on Medical Imaging',
    );
    expect((await resultAbout(maria, 'certificate.png', /Looks like/)).text).toMatch(
      /“certificate\.png”, 1 page\. Looks like \(i\) Awards.*2021/,
    );
    const russian = await resultAbout(maria, 'diplom.docx', /Looks like|could not tell/);
    expect(russian.text).toContain(
      '“diplom.docx” is not in English. USCIS requires a complete certified English translation of every foreign-language document (8 CFR 103.2(b)(3)).',
    );
    for (const name of ['award.pdf', 'scan.pdf', 'reviews.docx', 'certificate.png', 'diplom.docx'])
      expect(resultsAbout(maria, name)).toHaveLength(1);
  }, 300_000);

  it('names every bad file and what to do, keeps nothing of it, and keeps running', async () => {
    const bad: Array<{ name: string; mime: string; bytes: Buffer; says: string }> = [
      {
        name: 'locked.pdf',
        mime: PDF,
        bytes: await encryptedPdf(),
        says: '“locked.pdf” is protected by a password.',
      },
      {
        name: 'broken.pdf',
        mime: PDF,
        bytes: Buffer.from('%PDF-1.7\n1 0 obj <<'),
        says: '“broken.pdf” is damaged and could not be opened.',
      },
      {
        name: 'blank-scan.pdf',
        mime: PDF,
        bytes: await imagePdf(blankPng()),
        says: 'No text could be recognised in the scan “blank-scan.pdf”.',
      },
      {
        name: 'bomb.docx',
        mime: DOCX,
        bytes: wordDocumentWithBody(Buffer.from('<w:document/>'), 3_000_000_000),
        says: 'The Word document “bomb.docx” is built in a way that is unsafe to open.',
      },
      {
        name: 'long.pdf',
        mime: PDF,
        bytes: await blankPagesPdf(2_001),
        says: '“long.pdf” has too many pages to read.',
      },
      {
        name: 'huge.png',
        mime: 'image/png',
        bytes: pngDeclaring(20_000, 20_000),
        says: 'The image “huge.png” is too large to read.',
      },
      {
        name: 'photo.pdf',
        mime: PDF,
        bytes: printedTextPng(['A']),
        says: '“photo.pdf”',
      },
    ];
    for (const file of bad) fake.sendDocument(maria, file);
    for (const file of bad) {
      const said = await fake.waitFor((m) => to(maria)(m) && (m.text ?? '').includes(file.says), READ_MS);
      expect(said.text, file.name).toMatch(/Please|send/i);
      expect(resultsAbout(maria, file.name), file.name).toHaveLength(1);
    }
    expect(bot.isRunning()).toBe(true);
    // The worker is still reading: a good document after all of them is proposed.
    fake.sendDocument(maria, {
      name: 'after.pdf',
      mime: PDF,
      bytes: await textPdf([
        ['Reviewer record', 'Jane Doe reviewed 4 manuscripts for Nature Medicine in 2023.'],
      ]),
    });
    await resultAbout(maria, 'after.pdf', /Looks like/);
  }, 300_000);

  it('reads twenty documents sent at once: twenty proposals, one progress message, none dropped', async () => {
    await openCase(rui, 'Ana Lima');
    const mark = fake.sent.length;
    const names = Array.from({ length: 20 }, (_, i) => `award-${String(i + 1)}.pdf`);
    const files = await Promise.all(
      names.map((_, i) =>
        textPdf([
          [
            'CERTIFICATE',
            `The Society for Imaging Research presents the Imaging Prize ${String(1990 + i)}`,
            'to Ana Lima, an international award chosen by a committee of experts.',
          ],
        ]),
      ),
    );
    // The first ten as an album, the other ten forwarded one by one, all at once.
    files.forEach((bytes, i) =>
      fake.sendDocument(
        rui,
        { name: names[i] ?? '', mime: PDF, bytes },
        undefined,
        i < 10 ? 'album-1' : undefined,
      ),
    );
    for (const name of names) await resultAbout(rui, name, /Looks like \(i\) Awards/);
    for (const name of names) expect(resultsAbout(rui, name), name).toHaveLength(1);

    const progress = fake.sent
      .slice(mark)
      .filter((m) => to(rui)(m) && /Reading your documents|Read \d+ of/.test(m.text ?? ''));
    const messageIds = new Set(progress.map((m) => m.message_id));
    expect(messageIds.size).toBe(1);
    const last = await fake.waitFor(
      (m) =>
        to(rui)(m) &&
        m.method === 'editMessageText' &&
        (m.text ?? '').startsWith('📄 Read 20 of 20 documents'),
      REPLY_MS,
    );
    expect(messageIds.has(last.message_id)).toBe(true);
    const edits = progress.filter((m) => m.method === 'editMessageText');
    for (let i = 1; i < edits.length; i++)
      expect((edits[i]?.at ?? 0) - (edits[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1_500);
  }, 300_000);

  it('makes the exhibit only on Confirm, asking only what the text did not state; the analysis counts it after', async () => {
    const chat = chatAs(fake, maria);
    const before = fake.sent.length;
    // Read and proposed, not confirmed: the analysis has nothing to count.
    await chat.say('/analyze', 'Jane Doe’s case has no exhibits yet');

    const proposal = await resultAbout(maria, 'award.pdf', /Looks like/);
    const known = ['name', 'issuer', 'year', 'scope'];
    const asked = (EVIDENCE_FIELDS.awards as readonly FieldSpec[]).filter((s) => !known.includes(s.key));
    const prompt = (spec: FieldSpec) => english.t('en', fieldQuestionKey('awards', spec.key));
    let question = await chat.exchange(
      () => fake.clickButton(maria, proposal, buttonData(proposal, '✅ Confirm')),
      prompt(asked[0]!),
    );
    expect(chat.textSince(before)).toContain('Making an exhibit of “award.pdf”');
    const answers: Record<string, { press: string } | { type: string }> = {
      awardeeCount: { press: 'Skip' },
      selectionCriteria: {
        type: 'The best doctoral dissertation in computer science, chosen by an international committee of experts',
      },
      recognitionDocumented: { press: 'Yes' },
      recipientIsPerson: { press: 'Yes' },
      inField: { press: 'Yes' },
      majorInternationalAward: { press: 'Skip' },
    };
    for (const [index, spec] of asked.entries()) {
      const next = asked[index + 1] ? prompt(asked[index + 1]!) : 'Is this exhibit a letter';
      const answer = answers[spec.key] ?? { press: 'Skip' };
      question =
        'press' in answer
          ? await chat.press(question, answer.press, next)
          : await chat.say(answer.type, next);
    }
    // The language was read from the text: not asked.
    const done = await chat.press(question, 'No', 'Send documents for Exhibit 1 now');
    await chat.press(done, 'Done', 'Exhibit 1 is saved. What next?');
    // The proposal message now names the exhibit it became, its buttons gone.
    const renamed = fake.sent.filter(
      (m) => m.method === 'editMessageText' && m.message_id === proposal.message_id,
    );
    expect(renamed.map((m) => m.text)).toEqual([
      expect.stringMatching(
        /^Exhibit 1 — “award\.pdf”, 1 page\. Looks like \(i\) Awards: ACM Doctoral Dissertation Award/,
      ),
    ]);
    expect(renamed[0]?.text).not.toContain('Nothing is counted until you confirm');

    const after = fake.sent.length;
    await chat.say('/analyze', 'Next actions');
    const report = chat.textSince(after);
    expect(report).toMatch(/✅ \(i\) Awards — 8 CFR 204\.5\(h\)\(3\)\(i\): met.*\(Exhibit 1\)/);
    expect(chat.textSince(before)).not.toContain('Is the original document in English?');

    await bot.stop();
    const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: silentLogger() });
    try {
      const user = await app.users.get(maria.id);
      const active = await app.cases.active(user?.id ?? '');
      const exhibits = await app.evidence.list(user?.id ?? '', active?.id ?? '');
      expect(exhibits).toHaveLength(1);
      expect(exhibits[0]?.claims[0]).toMatchObject({
        criterion: 'awards',
        fields: {
          name: 'ACM Doctoral Dissertation Award',
          issuer: 'ACM',
          year: 2021,
          scope: 'international',
        },
      });
      expect(exhibits[0]?.files.map((f) => f.fileName)).toEqual(['award.pdf']);
      const hits = await app.documentTexts.search(user?.id ?? '', active?.id ?? '', 'dissertation award');
      expect(hits[0]).toMatchObject({
        fileName: 'award.pdf',
        exhibitNumber: 1,
        pageCount: 1,
        language: 'eng',
      });
      // Refused files left nothing: no text, no bytes, only the reason.
      const { rows } = await app.db.query<{ file_name: string; refusal: string; sha256: string | null }>(
        `SELECT file_name, refusal, sha256 FROM document_proposals WHERE status = 'refused' ORDER BY file_name`,
      );
      expect(rows.map((r) => [r.file_name, r.refusal, r.sha256])).toEqual([
        ['blank-scan.pdf', 'unreadable_scan', null],
        ['bomb.docx', 'zip_bomb', null],
        ['broken.pdf', 'corrupt', null],
        ['huge.png', 'image_too_large', null],
        ['locked.pdf', 'encrypted', null],
        ['long.pdf', 'too_many_pages', null],
      ]);
      const texts = await app.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM document_texts t JOIN files f USING (sha256)
          WHERE f.original_name IN ('locked.pdf', 'broken.pdf', 'blank-scan.pdf', 'bomb.docx', 'long.pdf', 'huge.png', 'photo.pdf')`,
      );
      expect(texts.rows[0]?.n).toBe(0);
    } finally {
      await app.close('test done');
    }
  }, 300_000);
});
