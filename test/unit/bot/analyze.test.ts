// /analyze as a lawyer reads it: the active case through the analysis service, one report in the lawyer's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import { MENU } from '../../../bot/features/start.ts';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { CaseNotFoundError } from '../../../core/errors.ts';
import type { FakeUser, SentMessage } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function lawyerWithCase(profile: Omit<FakeUser, 'id'> = { first_name: 'Alex' }) {
  const user = await h.addUser('lawyer', profile);
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  return { user, id, caseId: opened.id };
}

/** Files a qualifying exhibit of each criterion through the store, as the /evidence conversation would. */
async function addExhibits(
  lawyer: { id: string; caseId: string },
  criteria: readonly CriterionId[],
  withDocument = false,
): Promise<void> {
  for (const criterion of criteria) {
    const { fields } = evidenceFactory(criterion);
    const files = withDocument
      ? [
          {
            bytes: Buffer.from(`%PDF-1.4 ${criterion}`),
            mimeType: 'application/pdf',
            originalName: `${criterion}.pdf`,
          },
        ]
      : [];
    await h.app.evidence.add(lawyer.id, lawyer.caseId, { criterion, fields }, { files });
  }
}

function reportOf(messages: readonly SentMessage[]): string {
  return messages.map((m) => m.text ?? '').join('\n');
}

async function analyzeAs(user: FakeUser): Promise<{ sent: SentMessage[]; report: string }> {
  const before = h.sentTo(user.id).length;
  await h.deliver(h.fake.sendText(user, '/analyze'));
  const sent = h.sentTo(user.id).slice(before);
  return { sent, report: reportOf(sent) };
}

describe('/analyze', () => {
  it('names the criteria met and the ones not claimed for four exhibits under four criteria', async () => {
    const lawyer = await lawyerWithCase();
    await addExhibits(lawyer, ['awards', 'judging', 'scholarly_articles', 'membership'], true);
    const { sent, report } = await analyzeAs(lawyer.user);
    expect(sent.every((m) => m.parse_mode === 'HTML')).toBe(true);

    expect(report).toContain('EB-1A analysis: Jane Doe');
    expect(report.match(/4 criteria met, 0 likely \(3 needed\)/g)).toHaveLength(1);
    expect(report).toContain('No one-time achievement');
    for (const [label, exhibit] of [
      ['(i) Awards — 8 CFR 204.5(h)(3)(i)', 1],
      ['(iv) Judging — 8 CFR 204.5(h)(3)(iv)', 2],
      ['(vi) Scholarly articles — 8 CFR 204.5(h)(3)(vi)', 3],
      ['(ii) Membership — 8 CFR 204.5(h)(3)(ii)', 4],
    ] as const) {
      expect(report).toContain(`✅ ${label}: met and documented (Exhibit ${String(exhibit)})`);
    }
    for (const label of [
      '(iii) Published material about the person — 8 CFR 204.5(h)(3)(iii)',
      '(v) Original contributions — 8 CFR 204.5(h)(3)(v)',
      '(vii) Artistic exhibitions — 8 CFR 204.5(h)(3)(vii)',
      '(viii) Leading or critical role — 8 CFR 204.5(h)(3)(viii)',
      '(ix) High remuneration — 8 CFR 204.5(h)(3)(ix)',
      '(x) Commercial success — 8 CFR 204.5(h)(3)(x)',
    ]) {
      expect(report).toContain(`▫️ ${label}: not claimed`);
    }
    expect(report).not.toContain('documents missing');
    expect(report).toContain('Next actions, most important first');
  });

  it('says which criteria fall short, why, what does not count and what to do, for a weak case', async () => {
    const lawyer = await lawyerWithCase();
    await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'awards',
      fields: { ...evidenceFactory('awards').fields, name: 'Employee of the Year', scope: 'employer' },
    });
    await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'judging',
      fields: { ...evidenceFactory('judging').fields, proof: 'invitation_only' },
    });
    const { report } = await analyzeAs(lawyer.user);
    expect(report).toContain('Insufficient as it stands: no criteria met, 0 likely (3 needed).');
    expect(report).toContain('⚠️ (i) Awards — 8 CFR 204.5(h)(3)(i): weak (does not count: Exhibit 1)');
    expect(report).toContain('⚠️ (iv) Judging — 8 CFR 204.5(h)(3)(iv): weak (Exhibit 2)');
    expect(report).toContain('Does not count — leave it out of the petition');
    expect(report).toContain(
      '• Exhibit 1 under (i) Awards does not count; leave it out of the petition there. Employee of the Year is an employer-internal award',
    );
    expect(report).toMatch(/get proof the review for IEEE Transactions on Medical Imaging was completed/);
    expect(report).toContain('RFE risks');
    expect(report).toMatch(/Not met yet: \(i\) Awards; \(ii\) Membership;/);
  });

  it('says a criterion is met only on the facts entered while its exhibit has no document', async () => {
    const lawyer = await lawyerWithCase();
    await addExhibits(lawyer, ['judging']);
    const { report } = await analyzeAs(lawyer.user);
    expect(report).toContain('✅ (iv) Judging — 8 CFR 204.5(h)(3)(iv): met on the facts entered (Exhibit 1)');
    expect(report).toContain('Met on the facts entered: documents missing');
    expect(report).toMatch(
      /• Exhibit 1 \(.+\): no document attached; \(iv\) Judging rests on the facts entered/,
    );
  });

  it('speaks Russian to a lawyer whose Telegram is in Russian', async () => {
    const lawyer = await lawyerWithCase({ first_name: 'Ирина', language_code: 'ru' });
    await addExhibits(lawyer, ['awards', 'judging'], true);
    const { report } = await analyzeAs(lawyer.user);
    expect(report).toContain('Анализ EB-1A: Jane Doe');
    expect(report).toContain('В текущем виде недостаточно: выполнено 2 критерия, вероятно ещё 0 (нужно 3).');
    expect(report).toContain(
      '✅ (i) Награды — 8 CFR 204.5(h)(3)(i): выполнен и подтверждён документами (Приложение 1)',
    );
    expect(report).toContain('▫️ (iii) Публикации о заявителе — 8 CFR 204.5(h)(3)(iii): не заявлен');
    expect(report).toContain('Следующие шаги, начиная с самых важных');
  });

  it('runs from the main menu button too', async () => {
    const lawyer = await lawyerWithCase();
    await addExhibits(lawyer, ['judging']);
    await h.deliver(h.fake.sendText(lawyer.user, '/start'));
    const menu = h.sentTo(lawyer.user.id).at(-1) as SentMessage;
    await h.deliver(h.fake.clickButton(lawyer.user, menu, MENU.analyze));
    expect(reportOf(h.sentTo(lawyer.user.id))).toContain('(iv) Judging — 8 CFR 204.5(h)(3)(iv): met');
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

describe('app.analysis.forCase', () => {
  it('analyzes only the lawyer’s own case', async () => {
    const owner = await lawyerWithCase();
    await addExhibits(owner, ['awards'], true);
    const { case: analyzed, analysis, exhibitCount } = await h.app.analysis.forCase(owner.id, owner.caseId);
    expect(analyzed.id).toBe(owner.caseId);
    expect(exhibitCount).toBe(1);
    expect(analysis.criteria[0]).toMatchObject({ criterion: 'awards', verdict: 'met', documented: true });

    const other = await lawyerWithCase();
    await expect(h.app.analysis.forCase(other.id, owner.caseId)).rejects.toBeInstanceOf(CaseNotFoundError);
  });
});
