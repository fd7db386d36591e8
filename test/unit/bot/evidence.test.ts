// /evidence as a lawyer uses it: the embedded app (PGlite), the real middleware chain and features, and
// the fake Telegram server for every call, including getFile and the file download.
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { runProductWorker } from '../../../core/jobs/product-worker.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import type { FakeUser, SentMessage } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { buttonData } from '../../support/lawyer-chat.ts';

const MAX_UPLOAD_BYTES = 64 * 1024;
const CANCELLED_TEXT = createTranslator().t('en', 'evidence-cancelled');
const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ env: { FILES_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) } });
  // Documents sent on their own are read by a job: the worker runs in this process, as with `megaagent start`.
  await runProductWorker(h.app, telegramMessenger(h.bot.api));
}, 60_000);

afterAll(async () => {
  await h.close();
});

interface Lawyer {
  user: FakeUser;
  id: string;
  caseId: string;
}

/** A lawyer with an open (active) case. */
async function lawyerWithCase(clientName = 'Jane Doe'): Promise<Lawyer> {
  const user = await h.addUser();
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName, fieldOfEndeavor: 'Medical imaging' });
  return { user, id, caseId: opened.id };
}

function last(lawyer: Lawyer): SentMessage {
  const message = h.sentTo(lawyer.user.id).at(-1);
  if (!message) throw new Error('the bot sent nothing');
  return message;
}

function textsSince(lawyer: Lawyer, count: number): string[] {
  return h
    .sentTo(lawyer.user.id)
    .slice(count)
    .map((m) => m.text ?? '');
}

async function say(lawyer: Lawyer, text: string): Promise<void> {
  await h.deliver(h.fake.sendText(lawyer.user, text));
}

/** The update of pressing the button labelled `label` on the latest message that shows it. */
function pressUpdate(lawyer: Lawyer, label: string | RegExp): Update {
  const messages = h.sentTo(lawyer.user.id);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as SentMessage;
    const button = message.buttons.find((b) =>
      typeof label === 'string' ? b.text === label : label.test(b.text),
    );
    if (button && 'callback_data' in button)
      return h.fake.clickButton(lawyer.user, message, button.callback_data);
  }
  throw new Error(
    `no button ${String(label)} in ${JSON.stringify(messages.at(-1)?.buttons.map((b) => b.text))}`,
  );
}

async function press(lawyer: Lawyer, label: string | RegExp): Promise<void> {
  await h.deliver(pressUpdate(lawyer, label));
}

async function sendFile(lawyer: Lawyer, file: { name: string; mime: string; bytes: Buffer }): Promise<void> {
  await h.deliver(h.fake.sendDocument(lawyer.user, file));
}

/** The documents held for this lawyer's exhibits not saved yet. */
async function heldFiles(lawyer: Lawyer): Promise<{ id: string; sha256: string }[]> {
  const { rows } = await h.app.db.query<{ id: string; sha256: string }>(
    'SELECT id, sha256 FROM held_files WHERE lawyer_id = $1 ORDER BY held_at',
    [lawyer.id],
  );
  return rows;
}

async function fileCount(): Promise<number> {
  const { rows } = await h.app.db.query<{ n: string }>('SELECT count(*) AS n FROM files');
  return Number(rows[0]?.n);
}

/** Answers the award questions up to (not including) the last one. */
async function answerAwardUpToLast(lawyer: Lawyer): Promise<void> {
  await say(lawyer, '/evidence');
  await press(lawyer, '(i) Awards');
  await say(lawyer, 'Best Paper Award');
  await say(lawyer, 'IEEE');
  await say(lawyer, '2021');
  await press(lawyer, 'The whole country');
  await press(lawyer, 'Skip'); // awardee count
  await say(lawyer, 'Chosen by the program committee for technical excellence');
  await press(lawyer, 'Yes'); // recognition documented
  await press(lawyer, 'Yes'); // received by name
  await press(lawyer, 'Yes'); // in the field
  await press(lawyer, 'Skip'); // major international award
  await press(lawyer, 'Yes'); // in English
}

describe('/evidence: adding an exhibit', () => {
  it('adds an award through buttons and typed answers and stores it as Exhibit 1', async () => {
    const lawyer = await lawyerWithCase();
    await answerAwardUpToLast(lawyer);
    await press(lawyer, 'No'); // not a letter

    expect(
      h.sentTo(lawyer.user.id).some((m) => /Saved as Exhibit 1 in Jane Doe’s case/.test(m.text ?? '')),
    ).toBe(true);
    const [stored, ...others] = await h.app.evidence.list(lawyer.id, lawyer.caseId);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({
      exhibitNumber: 1,
      title: 'Best Paper Award (IEEE, 2021)',
    });
    expect(stored?.claims).toHaveLength(1);
    expect(stored?.claims[0]).toMatchObject({
      criterion: 'awards',
      primary: true,
      fields: {
        name: 'Best Paper Award',
        issuer: 'IEEE',
        year: 2021,
        scope: 'national',
        selectionCriteria: 'Chosen by the program committee for technical excellence',
        recognitionDocumented: true,
        recipientIsPerson: true,
        inField: true,
      },
    });
    expect(stored?.claims[0]?.fields).not.toHaveProperty('awardeeCount');
    expect(last(lawyer).text).toMatch(
      /Send documents for Exhibit 1 now \(PDF, JPEG, PNG, Word \(\.docx\) or plain text \(\.txt\), up to 0\.1 MB\), or press Done/,
    );
  });

  it('asks for the year again, saying what is wrong, when the answer is not a year', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(i) Awards');
    await say(lawyer, 'Young Investigator Award');
    await say(lawyer, 'RSNA');
    const before = h.sentTo(lawyer.user.id).length;
    await say(lawyer, 'last spring');
    const [reply] = textsSince(lawyer, before);
    expect(reply).toMatch(/^Please answer with a four-digit year, e.g\. 2021\./);
    expect(reply).toContain('In what year did the client receive it?');
    await say(lawyer, '2022');
    expect(last(lawyer).text).toContain('Who could compete for it?');
  });

  it('proposes Judging for “reviewed 30 manuscripts for IEEE Transactions” and asks the judging questions once confirmed', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await say(lawyer, 'reviewed 30 manuscripts for IEEE Transactions');
    expect(last(lawyer).text).toMatch(/That sounds like \(iv\) Judging/);
    await press(lawyer, 'Yes: (iv) Judging');
    expect(last(lawyer).text).toContain(
      'For which journal, conference, competition or agency did the client judge?',
    );
  });

  it('asks for a button instead of guessing when the classifier is switched off', async () => {
    const lawyer = await lawyerWithCase();
    await h.app.flags.set('enableEvidenceClassifier', false, 'test');
    try {
      await say(lawyer, '/evidence');
      expect(last(lawyer).text).not.toMatch(/describe the exhibit/);
      await say(lawyer, 'reviewed 30 manuscripts for IEEE Transactions');
      expect(last(lawyer).text).toBe('Please pick the criterion with the buttons below.');
    } finally {
      await h.app.flags.reset('enableEvidenceClassifier', 'test');
    }
  });

  it('creates one exhibit when the update that finishes the questions arrives twice', async () => {
    const lawyer = await lawyerWithCase();
    await answerAwardUpToLast(lawyer);
    const finishing = pressUpdate(lawyer, 'No');
    await h.deliver(finishing);
    await h.deliver(finishing);
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toHaveLength(1);
    expect(h.sentTo(lawyer.user.id).filter((m) => /Saved as Exhibit/.test(m.text ?? ''))).toHaveLength(1);
    // Even if the de-duplication mark is lost (a cache flush), the old button no longer answers anything.
    await h.app.cache.delete(`update:${String(h.fake.botUser.id)}:${String(finishing.update_id)}`);
    await h.deliver(finishing);
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toHaveLength(1);
    const answers = h.fake.calls.filter(
      (c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === finishing.callback_query?.id,
    );
    expect(answers.map((a) => a.body.text)).toEqual([undefined, 'That question was already answered.']);
    expect(last(lawyer).text).toMatch(/^Send documents for Exhibit 1 now/);
  });

  it('cancels without saving anything', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    await say(lawyer, 'IEEE TMI');
    await press(lawyer, 'Cancel');
    expect(last(lawyer).text).toBe(CANCELLED_TEXT);
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toEqual([]);
  });

  it('starts over when the lawyer sends /evidence again half-way, and saves only the second exhibit', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(i) Awards');
    await say(lawyer, 'Abandoned Award');
    await say(lawyer, '/evidence');
    expect(last(lawyer).text).toMatch(/^Adding an exhibit to Jane Doe’s case/);
    await press(lawyer, '(iv) Judging');
    await say(lawyer, 'IEEE TMI');
    await press(lawyer, 'Peer review of manuscripts');
    await press(lawyer, /^Proof the review was done/);
    await press(lawyer, 'Yes');
    for (let i = 0; i < 4; i++) await press(lawyer, 'Skip');
    const stored = await h.app.evidence.list(lawyer.id, lawyer.caseId);
    expect(stored.map((e) => [e.exhibitNumber, e.claims[0]?.criterion])).toEqual([[1, 'judging']]);
  });

  it('explains what to do when there is no active case', async () => {
    const user = await h.addUser();
    await h.deliver(h.fake.sendText(user, '/evidence'));
    expect(h.sentTo(user.id).at(-1)?.text).toBe(NO_ACTIVE_CASE_TEXT);
  });

  it('lets a command end the questions and run', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    await say(lawyer, '/evidence list');
    expect(last(lawyer).text).toMatch(/Exhibits of Jane Doe’s case \(0\)/);
    await say(lawyer, 'IEEE TMI');
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toEqual([]);
  });
});

describe('/evidence: documents', () => {
  it('refuses a file type that is not accepted, says what is, stores nothing, and asks the question again', async () => {
    const lawyer = await lawyerWithCase();
    const filesBefore = await fileCount();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    const before = h.sentTo(lawyer.user.id).length;
    await sendFile(lawyer, {
      name: 'reviews.exe',
      mime: 'application/x-msdownload',
      bytes: Buffer.from('MZ'),
    });
    const [refusal, question] = textsSince(lawyer, before);
    expect(refusal).toBe(
      "I can't keep “reviews.exe”: that type of file is not accepted. Please send PDF, JPEG, PNG, Word (.docx) or plain text (.txt), up to 0.1 MB.",
    );
    expect(question).toContain('For which journal, conference, competition or agency did the client judge?');
    expect(await fileCount()).toBe(filesBefore);
  });

  it('refuses a .pdf that is not a PDF after looking at its bytes', async () => {
    const lawyer = await lawyerWithCase();
    const filesBefore = await fileCount();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    const before = h.sentTo(lawyer.user.id).length;
    await sendFile(lawyer, {
      name: 'certificate.pdf',
      mime: 'application/pdf',
      bytes: Buffer.from('GIF89a not a pdf'),
    });
    expect(textsSince(lawyer, before)[0]).toMatch(
      /^“certificate\.pdf” is not a real PDF file .* so I did not keep it\./,
    );
    expect(await fileCount()).toBe(filesBefore);
  });

  it('refuses an oversized file without downloading it', async () => {
    const lawyer = await lawyerWithCase();
    const filesBefore = await fileCount();
    const getFileCalls = h.fake.calls.filter((c) => c.method === 'getFile').length;
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_UPLOAD_BYTES)]);
    const before = h.sentTo(lawyer.user.id).length;
    await sendFile(lawyer, { name: 'scan.pdf', mime: 'application/pdf', bytes: big });
    expect(textsSince(lawyer, before)[0]).toMatch(
      /^“scan\.pdf” is 0\.1 MB, too large to keep\. Please send PDF/,
    );
    expect(h.fake.calls.filter((c) => c.method === 'getFile')).toHaveLength(getFileCalls);
    expect(await fileCount()).toBe(filesBefore);
    // The conversation goes on: the question is still open.
    await say(lawyer, 'IEEE TMI');
    expect(last(lawyer).text).toContain('What kind of judging was it?');
  });

  it('retries a download the file server failed once, and keeps the document', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    h.fake.failNext('download', { status: 502 });
    await sendFile(lawyer, { name: 'review-log.pdf', mime: 'application/pdf', bytes: PDF });
    expect(
      h
        .sentTo(lawyer.user.id)
        .some((m) => m.text === 'Got “review-log.pdf”. I will attach it as soon as the exhibit is saved.'),
    ).toBe(true);
  });

  it('tells the lawyer to send the document again when the file server keeps failing', async () => {
    const lawyer = await lawyerWithCase();
    const filesBefore = await fileCount();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    h.fake.failNext('download', { status: 502 }, 2);
    const before = h.sentTo(lawyer.user.id).length;
    await sendFile(lawyer, { name: 'review-log.pdf', mime: 'application/pdf', bytes: PDF });
    expect(textsSince(lawyer, before).join('\n')).toContain('Please send it again');
    expect(await fileCount()).toBe(filesBefore);
  });

  it('keeps a document sent during the questions and attaches it once the exhibit is saved, downloaded once', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    const sent = h.fake.sendDocument(lawyer.user, {
      name: 'reviewer-record.pdf',
      mime: 'application/pdf',
      bytes: PDF,
    });
    await h.deliver(sent);
    const fileId = sent.message?.document?.file_id;
    expect(
      h
        .sentTo(lawyer.user.id)
        .some(
          (m) => m.text === 'Got “reviewer-record.pdf”. I will attach it as soon as the exhibit is saved.',
        ),
    ).toBe(true);
    await say(lawyer, 'IEEE Transactions on Medical Imaging');
    await press(lawyer, 'Peer review of manuscripts');
    await press(lawyer, /^Proof the review was done/);
    await press(lawyer, 'Yes'); // same field
    await say(lawyer, '30');
    await say(lawyer, '2023');
    await press(lawyer, 'Skip'); // English
    await press(lawyer, 'Skip'); // letter
    const [stored] = await h.app.evidence.list(lawyer.id, lawyer.caseId);
    expect(stored?.files.map((f) => f.fileName)).toEqual(['reviewer-record.pdf']);
    const read = await h.app.evidence.readFile(lawyer.id, stored?.id ?? '', stored?.files[0]?.sha256 ?? '');
    expect(read.bytes.equals(PDF)).toBe(true);
    expect(
      h.sentTo(lawyer.user.id).some((m) => m.text === 'Attached “reviewer-record.pdf” to Exhibit 1.'),
    ).toBe(true);
    // Fetched from Telegram when it arrived, and not again when the exhibit was saved.
    expect(h.fake.calls.filter((c) => c.method === 'getFile' && c.body.file_id === fileId)).toHaveLength(1);
    // Its hold went with the link: nothing is left waiting for an exhibit.
    expect(await heldFiles(lawyer)).toEqual([]);
  });

  it('lets a document kept for questions never finished go after a day', async () => {
    const lawyer = await lawyerWithCase();
    const abandoned = Buffer.from(`${PDF.toString('latin1')}% abandoned\n`, 'latin1');
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    await sendFile(lawyer, { name: 'never-used.pdf', mime: 'application/pdf', bytes: abandoned });
    await say(lawyer, '/cancel');
    const [held] = await heldFiles(lawyer);
    expect(held).toBeDefined();
    expect(await h.app.files.find(held?.sha256 ?? '')).not.toBeNull();
    // A day later, the next document held lets the old hold and its file go.
    await h.app.db.query(`UPDATE held_files SET held_at = now() - interval '25 hours' WHERE id = $1`, [
      held?.id,
    ]);
    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    await sendFile(lawyer, { name: 'next.pdf', mime: 'application/pdf', bytes: PDF });
    expect((await heldFiles(lawyer)).map((f) => f.id)).not.toContain(held?.id);
    expect(await h.app.files.find(held?.sha256 ?? '')).toBeNull();
    await say(lawyer, '/cancel');
  });

  it('reads a document sent on its own, attaches it to the exhibit the lawyer picks, and sends it back on request', async () => {
    const lawyer = await lawyerWithCase();
    const { evidence: exhibit } = await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'judging',
      fields: { venue: 'IEEE TMI', kind: 'peer_review', proof: 'completed', sameOrAlliedField: true },
    });
    const letter = Buffer.from(
      'Thank you for completing your review of manuscript TMI-2022-0417 for IEEE Transactions on Medical Imaging.',
    );
    await sendFile(lawyer, { name: 'thanks.txt', mime: 'text/plain', bytes: letter });
    expect(last(lawyer).text).toBe('📄 Reading your documents: 0 of 1\n▱▱▱▱▱▱▱▱▱▱');
    const proposal = await h.fake.waitFor(
      (m) => m.chat_id === lawyer.user.id && (m.text ?? '').startsWith('“thanks.txt”, 1 page.'),
      30_000,
    );
    expect(proposal.text).toContain('Looks like (iv) Judging');
    // Read, not confirmed: still only the one exhibit, without the document.
    expect((await h.app.evidence.get(lawyer.id, exhibit.id)).files).toEqual([]);

    await press(lawyer, '📎 Attach to an exhibit');
    expect(last(lawyer).text).toBe('Which exhibit of Jane Doe’s case is “thanks.txt” for?');
    // The proposal's stored copy is linked: its bytes are neither read nor stored again.
    const read = vi.spyOn(h.app.files, 'read');
    const put = vi.spyOn(h.app.files, 'put');
    try {
      await press(lawyer, /^Exhibit 1:/);
      expect(read).not.toHaveBeenCalled();
      expect(put).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
      put.mockRestore();
    }
    expect(last(lawyer).text).toBe('Attached “thanks.txt” to Exhibit 1.');
    const stored = await h.app.evidence.get(lawyer.id, exhibit.id);
    expect(stored.files).toMatchObject([
      { fileName: 'thanks.txt', mimeType: 'text/plain', size: letter.length },
    ]);
    const [hit] = await h.app.documentTexts.search(lawyer.id, lawyer.caseId, 'manuscript review');
    expect(hit).toMatchObject({ fileName: 'thanks.txt', exhibitNumber: 1 });

    await say(lawyer, '/evidence list');
    await press(lawyer, /^Exhibit 1:/);
    expect(last(lawyer).text).toContain('Documents: thanks.txt');
    await press(lawyer, 'Get thanks.txt');
    expect(last(lawyer).document?.bytes.equals(letter)).toBe(true);
  });
});

describe('a proposal read from a document', () => {
  const REVIEW = Buffer.from(
    'Reviewer record. Jane Doe reviewed 12 manuscripts for IEEE Transactions on Medical Imaging in 2022. Thank you for completing your review.',
  );

  async function proposed(lawyer: Lawyer, name: string, bytes = REVIEW): Promise<SentMessage> {
    await sendFile(lawyer, { name, mime: 'text/plain', bytes });
    return h.fake.waitFor(
      (m) => m.chat_id === lawyer.user.id && (m.text ?? '').startsWith(`“${name}”, 1 page.`),
      30_000,
    );
  }

  it('makes the exhibit on Confirm with the stored copy of the document, neither read nor stored again', async () => {
    const lawyer = await lawyerWithCase();
    const record = Buffer.from(`${REVIEW.toString()} Confirmed copy.`);
    const proposal = await proposed(lawyer, 'confirmed-record.txt', record);
    const storedBefore = await fileCount();
    const read = vi.spyOn(h.app.files, 'read');
    const put = vi.spyOn(h.app.files, 'put');
    try {
      await h.click(lawyer.user, proposal, buttonData(proposal, '✅ Confirm'));
      // Only what the text did not state is asked.
      expect(last(lawyer).text).toContain('Was the work judged in the client’s field or an allied field?');
      await press(lawyer, 'Yes');
      expect(last(lawyer).text).toContain('Is this exhibit a letter');
      await press(lawyer, 'No');
      expect(last(lawyer).text).toContain('Send documents for Exhibit 1 now');
      expect(read).not.toHaveBeenCalled();
      expect(put).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
      put.mockRestore();
    }
    const [exhibit] = await h.app.evidence.list(lawyer.id, lawyer.caseId);
    expect(exhibit?.files.map((f) => f.fileName)).toEqual(['confirmed-record.txt']);
    const stored = await h.app.evidence.readFile(
      lawyer.id,
      exhibit?.id ?? '',
      exhibit?.files[0]?.sha256 ?? '',
    );
    expect(stored.bytes.equals(record)).toBe(true);
    expect(await fileCount()).toBe(storedBefore);
  });

  it('asks the questions of another criterion, or again the fact the lawyer says is wrong, and drops a non-evidence document', async () => {
    const lawyer = await lawyerWithCase();
    const first = await proposed(lawyer, 'record.txt');
    expect(first.text).toContain(
      'Looks like (iv) Judging: IEEE Transactions on Medical Imaging, Peer review of manuscripts',
    );

    // Other criterion: the ranked alternatives first, then the questions of the chosen one.
    await press(lawyer, 'Other criterion');
    expect(last(lawyer).text).toBe('Which criterion does “record.txt” support?');
    expect(last(lawyer).buttons[0]?.text).toBe('(vi) Scholarly articles');
    await press(lawyer, '(vi) Scholarly articles');
    expect(textsSince(lawyer, 0).join('\n')).toContain('Making an exhibit of “record.txt”');
    await say(lawyer, '/cancel');

    // Edit a fact: that fact is asked, the others stay as read.
    const second = await proposed(lawyer, 'record-2.txt');
    const mark = h.sentTo(lawyer.user.id).length;
    await h.click(lawyer.user, second, buttonData(second, '✏️ Edit a fact'));
    expect(last(lawyer).text).toBe('Which fact of “record-2.txt” is wrong? I will ask it instead.');
    await press(lawyer, 'Venue: IEEE Transactions on Medical Imaging');
    const asked = textsSince(lawyer, mark).join('\n');
    expect(asked).toContain('• Kind: Peer review of manuscripts');
    expect(last(lawyer).text).toContain(
      'For which journal, conference, competition or agency did the client judge?',
    );
    await say(lawyer, '/cancel');

    // Not evidence: nothing kept, the buttons gone, and a second press changes nothing.
    const third = await proposed(lawyer, 'record-3.txt');
    await h.click(lawyer.user, third, buttonData(third, 'Not evidence'));
    expect(last(lawyer).text).toBe('“record-3.txt” is not kept as evidence.');
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toEqual([]);
    const { rows } = await h.app.db.query<{ status: string }>(
      `SELECT status FROM document_proposals WHERE case_id = $1 ORDER BY created_at`,
      [lawyer.caseId],
    );
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'rejected']);
  });
});

describe('a document that gives a trap away', () => {
  it('says in the proposal why the exhibit will not count', async () => {
    const lawyer = await lawyerWithCase();
    await sendFile(lawyer, {
      name: 'employee.txt',
      mime: 'text/plain',
      bytes: Buffer.from(
        'Acme Corp presents its internal Employee of the Month award to Jane Doe, 2022, open only to Acme employees.',
      ),
    });
    const proposal = await h.fake.waitFor(
      (m) => m.chat_id === lawyer.user.id && (m.text ?? '').startsWith('“employee.txt”, 1 page.'),
      30_000,
    );
    expect(proposal.text).toContain('Looks like (i) Awards');
    expect(proposal.text).toContain(
      "⚠️ “Employee of the Month”: an award open only to one employer's staff does not count under (i).",
    );
  });
});

describe('/evidence: list, edit, remove', () => {
  it('lists exhibits with number, criterion and title, edits one fact, and removes with confirmation', async () => {
    const lawyer = await lawyerWithCase();
    const { evidence: award } = await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'awards',
      fields: {
        name: 'Best Paper Award',
        issuer: 'IEEE',
        year: 2021,
        scope: 'international',
        recognitionDocumented: true,
        recipientIsPerson: true,
        inField: true,
      },
    });
    await say(lawyer, '/evidence list');
    expect(last(lawyer).text).toContain('Exhibit 1 — (i) Awards — Best Paper Award (IEEE, 2021)');

    await press(lawyer, /^Exhibit 1:/);
    await press(lawyer, 'Edit a fact');
    await press(lawyer, 'Year');
    expect(last(lawyer).text).toContain('Now: 2021');
    await say(lawyer, 'twenty nineteen');
    expect(last(lawyer).text).toMatch(/^Please answer with a four-digit year/);
    await say(lawyer, '2019');
    expect(last(lawyer).text).toMatch(/^Updated\./);
    expect(await h.app.evidence.get(lawyer.id, award.id)).toMatchObject({
      exhibitNumber: 1,
      title: 'Best Paper Award (IEEE, 2019)',
      claims: [{ criterion: 'awards', fields: { year: 2019 } }],
    });

    await press(lawyer, 'Remove');
    expect(last(lawyer).text).toMatch(
      /^Remove Exhibit 1 \(Best Paper Award \(IEEE, 2019\)\) and its documents\?/,
    );
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toHaveLength(1);
    await press(lawyer, 'Yes, remove it');
    expect(last(lawyer).text).toBe('Removed Exhibit 1 (Best Paper Award (IEEE, 2019)).');
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toEqual([]);

    const { evidence: next } = await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'judging',
      fields: { venue: 'IEEE TMI', kind: 'peer_review', proof: 'completed', sameOrAlliedField: true },
    });
    expect(next.exhibitNumber).toBe(2);
  });

  it("does not show or remove another lawyer's exhibit through a copied button", async () => {
    const owner = await lawyerWithCase();
    const intruder = await lawyerWithCase('Rui Costa');
    const { evidence: exhibit } = await h.app.evidence.add(owner.id, owner.caseId, {
      criterion: 'judging',
      fields: { venue: 'IEEE TMI', kind: 'peer_review', proof: 'completed', sameOrAlliedField: true },
    });
    await say(intruder, '/start');
    const menu = last(intruder);
    const answer = await h.forge(intruder.user, menu, `ev:rmy:${exhibit.id}`);
    expect(await h.app.evidence.get(owner.id, exhibit.id)).toMatchObject({ exhibitNumber: 1 });
    expect(String(answer)).toMatch(/That exhibit does not exist or is not yours/);
  });

  it('completes an exhibit the intake suggested, asking only what the intake did not know', async () => {
    const lawyer = await lawyerWithCase();
    await h.app.db.query(
      `INSERT INTO evidence_candidates (case_id, criterion, title, fields, source_question_id)
       VALUES ($1, 'judging', 'Reviewing for IEEE TMI', $2::jsonb, 'criteria.judging')`,
      [lawyer.caseId, JSON.stringify({ venue: 'IEEE TMI', kind: 'peer_review' })],
    );
    await say(lawyer, '/evidence');
    await press(lawyer, 'From the intake: Reviewing for IEEE TMI');
    expect(
      h
        .sentTo(lawyer.user.id)
        .some((m) =>
          (m.text ?? '').includes('Already known:\n• Venue: IEEE TMI\n• Kind: Peer review of manuscripts'),
        ),
    ).toBe(true);
    expect(last(lawyer).text).toContain('What proof do you have?');
    await press(lawyer, /^Proof the review was done/);
    await press(lawyer, 'Yes');
    await press(lawyer, 'Skip');
    await press(lawyer, 'Skip');
    await press(lawyer, 'Skip');
    await press(lawyer, 'Skip');
    const [stored] = await h.app.evidence.list(lawyer.id, lawyer.caseId);
    expect(stored?.claims).toMatchObject([
      { criterion: 'judging', fields: { venue: 'IEEE TMI', kind: 'peer_review', proof: 'completed' } },
    ]);
    expect(await h.app.intake.candidates(lawyer.id, lawyer.caseId, 'open')).toEqual([]);
  });
});
