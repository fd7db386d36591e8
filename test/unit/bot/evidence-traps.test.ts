// A free-text description that gives a step-1 trap away: the bot's proposal of a criterion says, before any
// question, why the exhibit will not count there, quoting the words that gave it away, in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function lawyerWithCase(profile: Omit<FakeUser, 'id'> = { first_name: 'Alex' }): Promise<FakeUser> {
  const user = await h.addUser('lawyer', profile);
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Neuroscience' });
  return user;
}

describe('the criterion proposed from a description', () => {
  it('says why an employer’s internal award will not count', async () => {
    const user = await lawyerWithCase();
    await h.say(user, '/evidence');
    await h.say(user, 'Employee of the Year award from Globex, open only to its employees');
    const proposal = h.lastTo(user.id).text ?? '';
    expect(proposal).toMatch(/^That sounds like \(i\) Awards/);
    expect(proposal).toContain(
      '⚠️ “Employee of the Year”: an award open only to one employer’s staff is not a nationally or internationally recognized prize, so it will not count under (i).',
    );
  });

  it('says why a poster at a scientific meeting is not an artistic exhibition', async () => {
    const user = await lawyerWithCase();
    await h.say(user, '/evidence');
    await h.say(user, 'Exhibited her research poster at the Society for Neuroscience meeting');
    const proposal = h.lastTo(user.id).text ?? '';
    expect(proposal).toMatch(/^That sounds like \(vii\) Artistic exhibitions/);
    expect(proposal).toContain('⚠️ “poster”: a poster or talk at a scientific meeting');
  });

  it('warns of nothing when the description shows no trap', async () => {
    const user = await lawyerWithCase();
    await h.say(user, '/evidence');
    await h.say(user, 'Elected Fellow of the American Physical Society in 2020');
    const proposal = h.lastTo(user.id).text ?? '';
    expect(proposal).toMatch(/^That sounds like \(ii\) Membership/);
    expect(proposal).not.toContain('⚠️');
  });

  it('says it in Russian to a Russian-speaking lawyer', async () => {
    const user = await lawyerWithCase({ first_name: 'Ольга', language_code: 'ru' });
    await h.say(user, '/evidence');
    await h.say(user, 'Член Союза архитекторов России, членский взнос уплачен');
    const proposal = h.lastTo(user.id).text ?? '';
    expect(proposal).toContain('⚠️ «членский взнос»: членство за взнос');
  });
});
