// /packet as the lawyer starts it: no case or no exhibits is explained; otherwise one build-packet job is
// queued for the active case and the lawyer is told it is coming, and a redelivered update queues nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import { jobIdForKey } from '../../../core/jobs/queue.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('/packet', () => {
  it('asks for a case first when none is open', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Alex' });
    const before = h.sentTo(user.id).length;
    await h.say(user, '/packet');
    expect(
      h
        .sentTo(user.id)
        .slice(before)
        .map((m) => m.text),
    ).toEqual([NO_ACTIVE_CASE_TEXT]);
  });

  it('says there is nothing to put in a packet for a case without exhibits', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Alex' });
    const id = (await h.app.users.findActive(user.id))?.id ?? '';
    await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Physics' });
    const before = h.sentTo(user.id).length;
    await h.say(user, '/packet');
    const [reply] = h.sentTo(user.id).slice(before);
    expect(reply?.text).toContain('The case of Jane Doe has no exhibits yet');
    expect(reply?.text).toContain('/evidence');
  });

  it('queues one packet job for the active case, once per update', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Alex' });
    const id = (await h.app.users.findActive(user.id))?.id ?? '';
    const opened = await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Physics' });
    await h.app.evidence.add(id, opened.id, {
      criterion: 'awards',
      fields: evidenceFactory('awards').fields,
    });
    const before = h.sentTo(user.id).length;
    const update = h.fake.sendText(user, '/packet');
    await h.deliver(update);
    const [reply] = h.sentTo(user.id).slice(before);
    expect(reply?.text).toBe(
      'Building the exhibit packet for Jane Doe: 1 exhibit. I will send the PDF here when it is ready.',
    );
    const jobId = jobIdForKey('build-packet', `update:${String(update.update_id)}`);
    const status = await h.app.jobs.status('build-packet', jobId);
    expect(status?.state).toBe('created');
    const again = await h.app.jobs.enqueue(
      'build-packet',
      { lawyer: { chatId: user.id, locale: 'en' }, lawyerId: id, caseId: opened.id },
      { singletonKey: `update:${String(update.update_id)}` },
    );
    expect(again).toEqual({ id: jobId, created: false });
  });
});
