// /draft, /letters and /drafts at the door: what a lawyer is told before any job runs, one job per update,
// a file sent again only to the lawyer who owns it, and the case analysed by the job, never by the update.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { runProductWorker } from '../../../core/jobs/product-worker.ts';
import { jobIdForKey } from '../../../core/jobs/queue.ts';
import { evidenceFactory } from '../../support/factories.ts';
import type { FakeUser } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function lawyerWithCase(): Promise<{ user: FakeUser; id: string; caseId: string }> {
  const user = await h.addUser('lawyer', { first_name: 'Alex' });
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  return { user, id, caseId: opened.id };
}

describe('drafting commands', () => {
  it('/letters with no recommender in the intake says where to add them and starts nothing', async () => {
    const { user } = await lawyerWithCase();
    await h.say(user, '/letters');
    expect(h.lastTo(user.id).text).toBe(
      'The intake of Jane Doe names no recommenders, so there is no letter to draft. Add them in /intake, section “Recommenders”: one per line, as “name, title, institution”.',
    );
    expect((await h.app.jobs.depths())['draft-letters'] ?? 0).toBe(0);
  });

  it('/draft without an active case says how to get one', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Bo' });
    await h.say(user, '/draft');
    expect(h.lastTo(user.id).text).toMatch(/^You have no active case/);
  });

  it('/draft on a case with no exhibits says to add evidence first and starts nothing', async () => {
    const { user } = await lawyerWithCase();
    const update = h.fake.sendText(user, '/draft');
    await h.deliver(update);
    expect(h.lastTo(user.id).text).toMatch(/^The case of Jane Doe has no exhibits yet/);
    const key = jobIdForKey('draft-brief', `update:${String(update.update_id)}`);
    expect(await h.app.jobs.status('draft-brief', key)).toBeNull();
  });

  it('/draft starts one job per update, however often Telegram delivers it, without analysing the case', async () => {
    const { user, id, caseId } = await lawyerWithCase();
    await h.app.evidence.add(id, caseId, { criterion: 'awards', fields: evidenceFactory('awards').fields });
    // No worker runs in this block: any analysis now would be the update's own.
    const analysed = vi.spyOn(h.app.analysis, 'forCase');
    const update = h.fake.sendText(user, '/draft');
    await h.deliver(update);
    await h.deliver(update);
    expect(analysed).not.toHaveBeenCalled();
    analysed.mockRestore();
    expect(h.lastTo(user.id).text).toContain('Drafting for Jane Doe has started');
    const status = await h.app.jobs.status(
      'draft-brief',
      jobIdForKey('draft-brief', `update:${String(update.update_id)}`),
    );
    expect(status?.state).toBe('created');
    expect(status?.kind).toBe('draft-brief');
  });

  it('/drafts with nothing drafted says what to send', async () => {
    const { user } = await lawyerWithCase();
    await h.say(user, '/drafts');
    expect(h.lastTo(user.id).text).toMatch(/^Nothing has been drafted for Jane Doe yet\. Send \/draft/);
  });

  it("never sends another lawyer's file, whatever button data arrives", async () => {
    const owner = await lawyerWithCase();
    const saved = await h.app.deliverables.save({
      lawyerId: owner.id,
      caseId: owner.caseId,
      kind: 'brief',
      fileName: 'brief.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: Buffer.from('the owner’s brief'),
      source: 'template',
    });
    await h.say(owner.user, '/drafts');
    const list = h.lastTo(owner.user.id);
    expect(list.text).toContain('Petition letter — version 1');
    await h.click(owner.user, list, `drafts:send:${saved.id}`);
    expect(h.lastTo(owner.user.id).document?.bytes.toString()).toBe('the owner’s brief');

    const other = await lawyerWithCase();
    await h.say(other.user, '/start');
    const answer = await h.forge(other.user, h.lastTo(other.user.id), `drafts:send:${saved.id}`);
    expect(answer).toBe('That file does not exist or is not yours. Send /drafts for the list.');
    expect(h.sentTo(other.user.id).some((m) => m.document !== undefined)).toBe(false);
  });
});

describe('the draft job behind /draft', () => {
  beforeAll(async () => {
    await runProductWorker(h.app, telegramMessenger(h.bot.api));
  });

  it('analyses the case in the worker, showing its progress, then sends the three Word files and the summary', async () => {
    const { user, id, caseId } = await lawyerWithCase();
    await h.app.evidence.add(id, caseId, { criterion: 'awards', fields: evidenceFactory('awards').fields });
    const analysed = vi.spyOn(h.app.analysis, 'forCase');
    try {
      await h.say(user, '/draft');
      expect(h.textsTo(user.id)).toContain(
        'Drafting for Jane Doe has started. The petition letter, the cover letter and the exhibit index will arrive here as Word files.',
      );
      const summary = await h.fake.waitFor(
        (m) => m.chat_id === user.id && (m.text ?? '').startsWith('Drafts for Jane Doe'),
        60_000,
      );
      expect(analysed).toHaveBeenCalledWith(id, caseId);
      const sent = h.sentTo(user.id);
      // The job's progress message, edited as it went, names the work and its steps.
      const progress = sent.filter((m) => (m.text ?? '').startsWith('Drafting the petition letter'));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)?.text).toContain('Building the Word files');
      expect(sent.filter((m) => m.document !== undefined).map((m) => m.document?.file_name)).toEqual([
        'Jane-Doe-petition-letter.docx',
        'Jane-Doe-cover-letter.docx',
        'Jane-Doe-exhibit-index.docx',
      ]);
      expect(sent.at(-1)).toBe(summary);
    } finally {
      analysed.mockRestore();
    }
  }, 90_000);
});
