// The reading job's message, in both languages: what the document looks like, why a trap will not count,
// the translation a foreign document needs, and the buttons that fit what was found.
import { describe, expect, it } from 'vitest';
import type { DocumentProposal } from '../../../core/documents/proposals.ts';
import { createTranslator, type Locale } from '../../../core/i18n/i18n.ts';
import {
  burstProgressText,
  criteriaForChoice,
  proposalButtons,
  renderConfirmedProposal,
  renderProposal,
} from '../../../core/jobs/read-document.ts';

const translator = createTranslator();
const say = (locale: Locale) => (key: string, params?: Record<string, string | number>) =>
  translator.t(locale, key, params);

const proposal: DocumentProposal = {
  id: '0b7c2f8e-8f5e-4c39-9f55-1d3c6f1f6a01',
  lawyerId: '1',
  caseId: '6a1e0f43-58b4-4c5a-b0f5-4f1f0a7e2b11',
  burstId: null,
  sha256: 'a'.repeat(64),
  fileName: 'employee<award>.pdf',
  mimeType: 'application/pdf',
  status: 'pending',
  criterion: 'awards',
  alternatives: ['membership'],
  fields: [
    { key: 'year', value: 2022, phrase: '2022' },
    { key: 'scope', value: 'employer', phrase: 'Employee of the Month' },
  ],
  traps: [{ code: 'award.employer_internal', phrase: 'Employee of the Month' }],
  pageCount: 2,
  language: 'eng',
  needsTranslation: false,
  refusal: null,
  evidenceId: null,
  createdAt: new Date(0),
};

describe('the proposal message', () => {
  it('says what the document looks like, why the trap will not count, with the name escaped', () => {
    const text = renderProposal(say('en'), proposal);
    expect(text).toContain('“employee&lt;award&gt;.pdf”, 2 pages. Looks like <b>(i) Awards</b>: 2022,');
    expect(text).toContain(
      "⚠️ “Employee of the Month”: an award open only to one employer's staff does not count under (i).",
    );
    expect(text).not.toContain('certified English translation');
    expect(
      proposalButtons(say('en'), proposal)
        .inline_keyboard.flat()
        .map((b) => b.callback_data),
    ).toEqual([
      `dp:ok:${proposal.id}`,
      `dp:other:${proposal.id}`,
      `dp:edit:${proposal.id}`,
      `dp:att:${proposal.id}`,
      `dp:no:${proposal.id}`,
    ]);
  });

  it('asks for the criterion when the text points to none, and names the translation a Russian document needs', () => {
    const unknown = {
      ...proposal,
      criterion: null,
      fields: [],
      traps: [],
      needsTranslation: true,
      pageCount: 1,
    };
    const text = renderProposal(say('ru'), unknown);
    expect(text).toContain(
      '«employee&lt;award&gt;.pdf», 1 страница. Не удалось понять, какой критерий он подтверждает.',
    );
    expect(text).toContain('8 CFR 103.2(b)(3)');
    const buttons = proposalButtons(say('ru'), unknown).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual([
      'Выбрать критерий',
      '📎 Добавить к приложению',
      'Не доказательство',
    ]);
  });

  it('names the exhibit a confirmed proposal became, without asking what to do next', () => {
    const confirmed = { ...proposal, status: 'confirmed' as const, sha256: null };
    const en = renderConfirmedProposal(say('en'), confirmed, 'Exhibit 7');
    expect(en).toMatch(
      /^Exhibit 7 — “employee&lt;award&gt;\.pdf”, 2 pages\. Looks like <b>\(i\) Awards<\/b>/,
    );
    expect(en).toContain('• Year: 2022');
    expect(en).not.toContain(say('en')('proposals-what-next'));
    const ru = renderConfirmedProposal(say('ru'), confirmed, say('ru')('evidence-exhibit', { number: 7 }));
    expect(ru).toMatch(/^Приложение 7 — «employee&lt;award&gt;\.pdf», 2 страницы\./);
    expect(ru).not.toContain(say('ru')('proposals-what-next'));
  });

  it('offers the other criteria with the ranked ones first', () => {
    const choice = criteriaForChoice({
      criterion: 'judging',
      alternatives: ['scholarly_articles', 'awards'],
    });
    expect(choice.slice(0, 3)).toEqual(['scholarly_articles', 'awards', 'membership']);
    expect(choice).not.toContain('judging');
    expect(choice).toHaveLength(9);
  });

  it('shows a burst as N of total, then as read', () => {
    const text = burstProgressText((locale, key, params) => translator.t(locale, key, params));
    expect(text('en', 7, 20)).toBe('📄 Reading your documents: 7 of 20\n▰▰▰▰▱▱▱▱▱▱');
    expect(text('en', 20, 20)).toBe(
      '📄 Read 20 of 20 documents. Each has its own message below.\n▰▰▰▰▰▰▰▰▰▰',
    );
  });
});
