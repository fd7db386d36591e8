// /analyze as a lawyer reads it: the active case's exhibits through the engine, one readable report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnalysis } from '../../../bot/features/analyze.ts';
import { NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import { MENU } from '../../../bot/features/start.ts';
import { splitForTelegram } from '../../../bot/telegram-text.ts';
import { analyzeCase } from '../../../core/eb1a/analysis.ts';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import { evidenceFactory, weakPetition } from '../../support/factories.ts';
import type { FakeUser, SentMessage } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function lawyerWithCase(): Promise<{ user: FakeUser; id: string; caseId: string }> {
  const user = await h.addUser();
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  return { user, id, caseId: opened.id };
}

/** Files a qualifying exhibit of each criterion through the store, as the /evidence conversation would. */
async function addExhibits(
  lawyer: { id: string; caseId: string },
  criteria: readonly CriterionId[],
): Promise<void> {
  for (const criterion of criteria) {
    const { fields } = evidenceFactory(criterion);
    await h.app.evidence.add(lawyer.id, lawyer.caseId, { criterion, fields });
  }
}

function reportOf(messages: readonly SentMessage[]): string {
  return messages.map((m) => m.text ?? '').join('\n');
}

describe('/analyze', () => {
  it('names the criteria met and the ones missing for four exhibits under four criteria', async () => {
    const lawyer = await lawyerWithCase();
    await addExhibits(lawyer, ['awards', 'judging', 'scholarly_articles', 'membership']);
    const before = h.sentTo(lawyer.user.id).length;
    await h.deliver(h.fake.sendText(lawyer.user, '/analyze'));
    const sent = h.sentTo(lawyer.user.id).slice(before);
    expect(sent.every((m) => m.parse_mode === 'HTML')).toBe(true);
    const report = reportOf(sent);

    expect(report).toContain('EB-1A analysis: Jane Doe');
    expect(report).toMatch(/4 criteria met, 0 likely \(3 needed\)/);
    expect(report).toContain('No one-time achievement');
    for (const [label, exhibit] of [
      ['(i) Awards', 1],
      ['(iv) Judging', 2],
      ['(vi) Scholarly articles', 3],
      ['(ii) Membership', 4],
    ] as const) {
      expect(report).toContain(`✅ ${label}: Met (Exhibit ${String(exhibit)})`);
    }
    for (const label of [
      '(iii) Published material about the person',
      '(v) Original contributions',
      '(vii) Artistic exhibitions',
      '(viii) Leading or critical role',
      '(ix) High remuneration',
      '(x) Commercial success',
    ]) {
      expect(report).toContain(`▫️ ${label}: not claimed`);
    }
    expect(report).toContain('Next actions, most important first');
  });

  it('says which criteria fall short, why, and what to do, for a weak case', async () => {
    const lawyer = await lawyerWithCase();
    await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'awards',
      fields: { ...evidenceFactory('awards').fields, name: 'Employee of the Year', scope: 'employer' },
    });
    await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'judging',
      fields: { ...evidenceFactory('judging').fields, proof: 'invitation_only' },
    });
    const before = h.sentTo(lawyer.user.id).length;
    await h.deliver(h.fake.sendText(lawyer.user, '/analyze'));
    const report = reportOf(h.sentTo(lawyer.user.id).slice(before));
    expect(report).toMatch(/0 criteria met/);
    expect(report).toContain('⚠️ (i) Awards: Weak (Exhibit 1)');
    expect(report).toContain('⚠️ (iv) Judging: Weak (Exhibit 2)');
    expect(report).toMatch(/get proof the review for IEEE Transactions on Medical Imaging was completed/);
    expect(report).toContain('RFE risks');
    expect(report).toMatch(/Not met yet: \(i\) Awards; \(ii\) Membership;/);
  });

  it('runs from the main menu button too', async () => {
    const lawyer = await lawyerWithCase();
    await addExhibits(lawyer, ['judging']);
    await h.deliver(h.fake.sendText(lawyer.user, '/start'));
    const menu = h.sentTo(lawyer.user.id).at(-1) as SentMessage;
    await h.deliver(h.fake.clickButton(lawyer.user, menu, MENU.analyze));
    expect(reportOf(h.sentTo(lawyer.user.id))).toContain('✅ (iv) Judging: Met (Exhibit 1)');
  });

  it('explains what to do without an active case', async () => {
    const user = await h.addUser();
    await h.deliver(h.fake.sendText(user, '/analyze'));
    expect(h.sentTo(user.id).at(-1)?.text).toBe(NO_ACTIVE_CASE_TEXT);
  });

  it('asks for evidence first when the case has none', async () => {
    const lawyer = await lawyerWithCase();
    await h.deliver(h.fake.sendText(lawyer.user, '/analyze'));
    expect(h.sentTo(lawyer.user.id).at(-1)?.text).toMatch(/Jane Doe’s case has no exhibits yet.*\/evidence/);
  });
});

describe('renderAnalysis', () => {
  it('escapes what lawyers typed and stays valid Telegram HTML when split', () => {
    const { evidence, profile } = weakPetition();
    const tricky = evidence.map((item) =>
      item.criterion === 'awards'
        ? { ...item, fields: { ...item.fields, name: '<b>Best</b> & "Brightest"' } }
        : item,
    );
    const html = renderAnalysis(analyzeCase({ evidence: tricky, profile }), 'Ana <Silva>');
    expect(html).toContain('Ana &lt;Silva&gt;');
    expect(html).not.toContain('<b>Best</b>');
    for (const message of splitForTelegram(html, 500)) expect(message.length).toBeLessThanOrEqual(500);
  });
});
