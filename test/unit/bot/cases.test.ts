// Cases as a lawyer handles them in the chat: /newcase, /cases with its buttons, /case, and buttons that
// name a case that is not the lawyer's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_BUTTON, INVALID_BUTTON_TEXT, NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import { MENU } from '../../../bot/features/start.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import type { FakeUser } from '../../support/fake-telegram.ts';

let h: BotHarness;

beforeAll(async () => {
  // The flows here send many updates quickly; the flood limit has its own tests.
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function newCase(user: FakeUser, clientName: string, field = 'Machine learning for medical imaging') {
  await h.say(user, '/newcase');
  await h.say(user, clientName);
  await h.say(user, field);
  const active = await h.app.cases.active(await lawyerId(user));
  if (!active) throw new Error('no active case after /newcase');
  return active;
}

async function lawyerId(user: FakeUser): Promise<string> {
  const found = await h.app.users.get(user.id);
  if (!found) throw new Error('unknown user');
  return found.id;
}

describe('/newcase', () => {
  it('asks for the client and the field, then creates the case and makes it active', async () => {
    const lawyer = await h.addUser();
    await h.say(lawyer, '/newcase');
    expect(h.lastTo(lawyer.id).text).toMatch(/What is the client’s name\?/);
    await h.say(lawyer, 'Jane <b>Doe</b>');
    expect(h.lastTo(lawyer.id).text).toMatch(/field of endeavour of Jane <b>Doe<\/b>\?/);
    await h.say(lawyer, 'Machine learning for medical imaging');
    expect(h.lastTo(lawyer.id).text).toBe(
      'Case opened for Jane <b>Doe</b> (Machine learning for medical imaging). It is now your active case.\n\n' +
        'Next: the guided intake (/intake), then evidence (/evidence).',
    );
    const active = await h.app.cases.active(await lawyerId(lawyer));
    expect(active).toMatchObject({
      clientName: 'Jane <b>Doe</b>',
      fieldOfEndeavor: 'Machine learning for medical imaging',
    });
    expect((await h.app.cases.list(await lawyerId(lawyer))).total).toBe(1);
  });

  it('asks again for an overlong name, and a command stops it without creating a case', async () => {
    const lawyer = await h.addUser();
    await h.say(lawyer, '/newcase');
    await h.say(lawyer, 'x'.repeat(250));
    expect(h.lastTo(lawyer.id).text).toMatch(/The client name is too long \(250 characters\)/);
    await h.say(lawyer, '/cases');
    const replies = h.textsTo(lawyer.id);
    expect(replies.at(-2)).toBe('The new case was not created.');
    expect(replies.at(-1)).toBe('You have no cases yet. Send /newcase to open one.');
    // The conversation is over: plain text is not taken as a client name any more.
    await h.say(lawyer, 'Jane Doe');
    expect(h.lastTo(lawyer.id).text).toMatch(/didn't understand/);
    expect((await h.app.cases.list(await lawyerId(lawyer))).total).toBe(0);
  });

  it('starts from the New case button of the main menu', async () => {
    const lawyer = await h.addUser();
    await h.say(lawyer, '/start');
    await h.click(lawyer, h.lastTo(lawyer.id), MENU.newCase);
    expect(h.lastTo(lawyer.id).text).toMatch(/What is the client’s name\?/);
  });
});

describe('/cases and /case', () => {
  it('pages through the lawyer’s cases and opens one, which becomes the active case', async () => {
    const lawyer = await h.addUser();
    const first = await newCase(lawyer, 'Client 1');
    for (let n = 2; n <= 7; n++) await newCase(lawyer, `Client ${String(n)}`);

    await h.say(lawyer, '/cases');
    const list = h.lastTo(lawyer.id);
    expect(list.text).toMatch(/^Your cases \(page 1 of 2, 7 in all\)/);
    expect(list.text).toMatch(/Client 7 — Machine learning for medical imaging \(active\)/);
    expect(list.buttons.map((b) => b.text)).toContain('Next ›');

    await h.click(lawyer, list, CASE_BUTTON.page(1));
    const second = h.lastTo(lawyer.id);
    expect(second.method).toBe('editMessageText');
    expect(second.text).toMatch(/page 2 of 2/);
    expect(second.text).toMatch(/Client 1/);

    await h.click(lawyer, second, CASE_BUTTON.open(first.id));
    expect((await h.app.cases.active(await lawyerId(lawyer)))?.id).toBe(first.id);
    expect(h.lastTo(lawyer.id).text).toMatch(/^Client 1 \(your active case\)\nField: Machine learning/);

    await h.say(lawyer, '/case');
    expect(h.lastTo(lawyer.id).text).toMatch(/^Client 1 \(your active case\)[\s\S]*Intake: not started/);
  });

  it('/case without an active case says how to get one, and the menu button lists the cases', async () => {
    const lawyer = await h.addUser();
    await h.say(lawyer, '/case');
    expect(h.lastTo(lawyer.id).text).toBe(NO_ACTIVE_CASE_TEXT);
    await h.click(lawyer, h.lastTo(lawyer.id), MENU.cases);
    expect(h.lastTo(lawyer.id).text).toBe('You have no cases yet. Send /newcase to open one.');
  });

  it('archives a case from the list', async () => {
    const lawyer = await h.addUser();
    const created = await newCase(lawyer, 'To archive');
    await h.say(lawyer, '/cases');
    await h.click(lawyer, h.lastTo(lawyer.id), CASE_BUTTON.archive(created.id));
    expect((await h.app.cases.get(await lawyerId(lawyer), created.id)).status).toBe('archived');
    expect(await h.app.cases.active(await lawyerId(lawyer))).toBeNull();
    expect(h.lastTo(lawyer.id).text).toMatch(/To archive — .* \(archived\)/);
  });

  it('deletes a case only after the lawyer confirms', async () => {
    const lawyer = await h.addUser();
    const created = await newCase(lawyer, 'Doomed client');
    await h.say(lawyer, '/cases');
    await h.click(lawyer, h.lastTo(lawyer.id), CASE_BUTTON.delete(created.id));
    const confirmation = h.lastTo(lawyer.id);
    expect(confirmation.text).toMatch(/^Delete the case of Doomed client .*This cannot be undone\.$/);
    expect((await h.app.cases.get(await lawyerId(lawyer), created.id)).id).toBe(created.id);

    await h.click(lawyer, confirmation, CASE_BUTTON.page(0));
    expect(h.lastTo(lawyer.id).text).toMatch(/^Your cases/);
    expect((await h.app.cases.list(await lawyerId(lawyer))).total).toBe(1);

    await h.click(lawyer, h.lastTo(lawyer.id), CASE_BUTTON.delete(created.id));
    await h.click(lawyer, h.lastTo(lawyer.id), CASE_BUTTON.confirmDelete(created.id));
    expect(h.lastTo(lawyer.id).text).toBe('Deleted the case of Doomed client.');
    expect((await h.app.cases.list(await lawyerId(lawyer))).total).toBe(0);
  });
});

describe('buttons naming a case that is not the lawyer’s', () => {
  it('a forged delete, open or archive of another lawyer’s case changes nothing and says so', async () => {
    const owner = await h.addUser();
    const intruder = await h.addUser();
    const victim = await newCase(owner, 'Owner’s client');
    const own = await newCase(intruder, 'Intruder’s client');
    await h.say(intruder, '/cases');
    const shown = h.lastTo(intruder.id);

    for (const data of [
      CASE_BUTTON.delete(victim.id),
      CASE_BUTTON.confirmDelete(victim.id),
      CASE_BUTTON.open(victim.id),
      CASE_BUTTON.archive(victim.id),
    ]) {
      expect(await h.forge(intruder, shown, data), data).toBe('That case does not exist or is not yours.');
    }
    expect(await h.app.cases.get(await lawyerId(owner), victim.id)).toMatchObject({ status: 'open' });
    expect((await h.app.cases.active(await lawyerId(owner)))?.id).toBe(victim.id);
    expect((await h.app.cases.active(await lawyerId(intruder)))?.id).toBe(own.id);
    // No confirmation was offered for someone else's case.
    expect(h.sentTo(intruder.id).some((m) => /Delete the case of Owner/.test(m.text ?? ''))).toBe(false);
  });

  it('malformed case buttons are refused with a clear message', async () => {
    const lawyer = await h.addUser();
    const created = await newCase(lawyer, 'Kept client');
    await h.say(lawyer, '/cases');
    const shown = h.lastTo(lawyer.id);
    for (const data of [
      'case:delete-yes:../../etc',
      "case:open:1' OR 1=1",
      'case:delete:',
      'cases:page:-1',
      'case:nuke:x',
    ]) {
      expect(await h.forge(lawyer, shown, data), data).toBe(INVALID_BUTTON_TEXT);
    }
    expect((await h.app.cases.get(await lawyerId(lawyer), created.id)).status).toBe('open');
  });
});
