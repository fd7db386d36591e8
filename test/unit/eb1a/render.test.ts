// The analysis as the lawyer reads it, in English and Russian: every finding has a message, counts read right,
// labels and citations are exact, and what does not count or lacks documents is said plainly.
import { describe, expect, it } from 'vitest';
import { analyzeCase, FINDING_CODES } from '../../../core/eb1a/analysis.ts';
import type { AnalysisItem, CaseAnalysis, Finding } from '../../../core/eb1a/analysis.ts';
import { CRITERION_IDS } from '../../../core/eb1a/criteria.ts';
import type { Evidence } from '../../../core/eb1a/evidence.ts';
import { evidenceFactory, numberExhibits, strongPetition, weakPetition } from '../../support/factories.ts';
import { createAnalysisRenderer, renderAnalysis } from '../../../core/eb1a/render-analysis.ts';
import type { RenderOptions } from '../../../core/eb1a/render-analysis.ts';
import { createTranslator, LOCALES } from '../../../core/i18n/i18n.ts';
import type { Locale } from '../../../core/i18n/i18n.ts';

const translator = createTranslator();

function render(analysis: CaseAnalysis, locale: Locale, format: RenderOptions['format'] = 'text'): string {
  return renderAnalysis(analysis, { locale, caseName: 'Jane Doe', format }, translator);
}

/** Every parameter any finding carries, so each code's message can be rendered on its own. */
const EVERY_PARAM: Finding['params'] = {
  name: 'Best Employee 2022',
  issuer: 'Acme',
  year: 2022,
  scope: 'national',
  awardees: 60,
  association: 'IEEE',
  level: 'Fellow',
  basis: 'fee',
  outlet: 'Nature',
  outletType: 'major_media',
  headline: 'A headline',
  kind: 'grant_panel',
  venue: 'NIH',
  reviews: 3,
  description: 'A method',
  citations: 1200,
  benchmark: 400,
  signals: ['licensed_patent', 'adopted_by_others'],
  named: 'yes',
  writer: 'Dr. Lee',
  independent: 'yes',
  title: 'Reviewer record',
  peerReviewed: 'yes',
  venueKind: 'trade_show',
  jobTitle: 'CTO',
  organization: 'Acme',
  roleKind: 'leading',
  reputation: 'rankings',
  amount: 1_900_000,
  currency: 'RUB',
  period: 'year',
  percentile: 80,
  work: 'Album',
  sales: '2 million copies',
  language: 'de',
  parts: ['title', 'date'],
  experience: 'yes',
  first: 2015,
  last: 2023,
  span: 8,
  total: 1500,
  hIndex: 12,
  count: 3,
  grants: 'NSF CAREER',
  met: 1,
  needed: 3,
  short: 2,
  signal: 'citations',
  criterion: 'published_material',
};

describe('finding messages', () => {
  it.each(LOCALES)('render every finding code in %s, with no placeholder left', (locale) => {
    const renderer = createAnalysisRenderer(translator, { locale, caseName: 'Jane Doe', format: 'text' });
    for (const code of FINDING_CODES) {
      const text = renderer.finding({
        code,
        criterion: 'published_material',
        exhibits: [6],
        params: EVERY_PARAM,
      });
      expect(text.length, code).toBeGreaterThan(10);
      expect(text, code).not.toMatch(/[{}]|undefined|NaN/);
    }
  });

  it('are Russian in Russian', () => {
    const en = createAnalysisRenderer(translator, { locale: 'en', caseName: '', format: 'text' });
    const ru = createAnalysisRenderer(translator, { locale: 'ru', caseName: '', format: 'text' });
    for (const code of FINDING_CODES) {
      const item = { code, exhibits: [6], params: EVERY_PARAM };
      expect(ru.finding(item), code).not.toBe(en.finding(item));
      expect(ru.finding(item), code).toMatch(/[а-яё]/i);
    }
  });

  it('word an employer-internal award with its name and exhibit in both languages', () => {
    const item: Finding = {
      code: 'award.employer_internal',
      criterion: 'awards',
      exhibits: [6],
      params: { name: 'Best Employee 2022' },
    };
    expect(
      createAnalysisRenderer(translator, { locale: 'en', caseName: '', format: 'text' }).finding(item),
    ).toBe(
      'Exhibit 6: Best Employee 2022 is an employer-internal award, not a nationally or internationally recognized prize.',
    );
    expect(
      createAnalysisRenderer(translator, { locale: 'ru', caseName: '', format: 'text' }).finding(item),
    ).toBe(
      'Приложение 6: Best Employee 2022 — внутренняя награда работодателя, а не национально или международно признанная премия.',
    );
  });

  it('format amounts per language and years as written', () => {
    const item: Finding = {
      code: 'salary.percentile',
      exhibits: [2, 5],
      params: { amount: 1_900_000, currency: 'RUB', period: 'year', percentile: 95 },
    };
    const en = createAnalysisRenderer(translator, { locale: 'en', caseName: '', format: 'text' }).finding(
      item,
    );
    const ru = createAnalysisRenderer(translator, { locale: 'ru', caseName: '', format: 'text' }).finding(
      item,
    );
    expect(en).toBe(
      'Exhibits 2 and 5: 1,900,000 RUB per year is at the 95th percentile of reliable data for the same occupation and location.',
    );
    expect(ru).toContain('Приложения 2 и 5: 1\u00a0900\u00a0000 RUB за год');
    const notHigh = (percentile: number) =>
      createAnalysisRenderer(translator, { locale: 'en', caseName: '', format: 'text' }).finding({
        code: 'salary.not_high',
        exhibits: [1],
        params: { percentile },
      });
    expect([81, 92, 83, 75].map((percentile) => notHigh(percentile).split(' ')[3])).toEqual([
      '81st',
      '92nd',
      '83rd',
      '75th',
    ]);
    const spans: Finding = {
      code: 'merits.sustained.spans',
      exhibits: [],
      params: { first: 2015, last: 2023, span: 8 },
    };
    expect(
      createAnalysisRenderer(translator, { locale: 'ru', caseName: '', format: 'text' }).finding(spans),
    ).toBe('Датированные доказательства охватывают 2015–2023 гг. (8 лет).');
  });
});

describe('the report', () => {
  it('reads counts right in both languages', () => {
    const withMet = (count: number) =>
      analyzeCase({
        evidence: numberExhibits(
          (['awards', 'membership', 'judging', 'scholarly_articles', 'leading_role'] as const)
            .slice(0, count)
            .map((criterion) => evidenceFactory(criterion) as Evidence),
        ),
      });
    expect(render(withMet(0), 'en')).toContain(
      'Insufficient as it stands: no criteria met, 0 likely (3 needed).',
    );
    expect(render(withMet(1), 'en')).toContain(': 1 criterion met, 0 likely (3 needed).');
    expect(render(withMet(2), 'en')).toContain(': 2 criteria met, 0 likely');
    expect(render(withMet(0), 'ru')).toContain('В текущем виде недостаточно: ни один критерий не выполнен');
    expect(render(withMet(1), 'ru')).toContain('выполнен 1 критерий');
    expect(render(withMet(2), 'ru')).toContain('выполнено 2 критерия');
    expect(render(withMet(5), 'ru')).toContain('выполнено 5 критериев');
  });

  it('says the headline once', () => {
    const { evidence, profile } = strongPetition();
    const report = render(analyzeCase({ evidence, profile, asOfYear: 2025 }), 'en');
    expect(report.match(/Strong case: 6 criteria met, 0 likely \(3 needed\)\./g)).toHaveLength(1);
  });

  it.each([
    ['en', '(iii) Published material about the person — 8 CFR 204.5(h)(3)(iii)'],
    ['ru', '(iii) Публикации о заявителе — 8 CFR 204.5(h)(3)(iii)'],
  ] as const)('labels all ten criteria with exact citations in %s', (locale, published) => {
    const report = render(analyzeCase({ evidence: [] }), locale);
    expect(report).toContain(published);
    for (const [index, id] of CRITERION_IDS.entries()) {
      const paragraph = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'][index] ?? '';
      expect(report, id).toContain(`(${paragraph}) `);
      expect(report, id).toContain(`— 8 CFR 204.5(h)(3)(${paragraph})`);
    }
  });

  it('says an exhibit that cannot count is to be left out, and never lists it under the met criterion', () => {
    const evidence: AnalysisItem[] = [
      { ...evidenceFactory('awards', { exhibitNumber: 2 }), documentCount: 1 },
      evidenceFactory('awards', {
        exhibitNumber: 6,
        fields: { name: 'Best Employee 2022', scope: 'employer' },
      }),
    ];
    const analysis = analyzeCase({ evidence });
    const en = render(analysis, 'en');
    expect(en).toContain('✅ (i) Awards — 8 CFR 204.5(h)(3)(i): met and documented (Exhibit 2)\n');
    expect(en).toContain('Does not count — leave it out of the petition');
    expect(en).toContain(
      '• Exhibit 6 under (i) Awards does not count; leave it out of the petition there. Best Employee 2022 is an employer-internal award, not a nationally or internationally recognized prize.\n',
    );
    const ru = render(analysis, 'ru');
    expect(ru).toContain(
      '✅ (i) Награды — 8 CFR 204.5(h)(3)(i): выполнен и подтверждён документами (Приложение 2)\n',
    );
    expect(ru).toContain(
      '• Приложение 6 по критерию (i) Награды не засчитывается; не включайте его в ходатайство',
    );
  });

  it('tells "met on the facts entered" from "met and documented", naming the missing documents', () => {
    const evidence: AnalysisItem[] = [
      { ...evidenceFactory('judging', { exhibitNumber: 1 }), documentCount: 2 },
      {
        ...evidenceFactory('scholarly_articles', { exhibitNumber: 2, title: 'MedIA article' }),
        documentCount: 0,
      },
    ];
    const report = render(analyzeCase({ evidence }), 'en');
    expect(report).toContain('(iv) Judging — 8 CFR 204.5(h)(3)(iv): met and documented (Exhibit 1)');
    expect(report).toContain(
      '(vi) Scholarly articles — 8 CFR 204.5(h)(3)(vi): met on the facts entered (Exhibit 2)',
    );
    expect(report).toContain('Met on the facts entered: documents missing');
    expect(report).toContain(
      '• Exhibit 2 (MedIA article): no document attached; (vi) Scholarly articles rests on the facts entered until it is.',
    );
    expect(render(analyzeCase({ evidence }), 'ru')).toContain('выполнен по введённым фактам (Приложение 2)');
  });

  it('lists the final-merits signals by name', () => {
    const { evidence, profile } = weakPetition();
    const analysis = analyzeCase({ evidence, profile, asOfYear: 2025 });
    const report = render(analysis, 'en');
    expect(report).toContain(
      `Final merits (Kazarian step 2): ${String(analysis.meritsPresent)} of 7 signals`,
    );
    for (const name of [
      'Sustained acclaim over years',
      'Recognition by people outside the client’s circle',
      'Lead, senior or sole author in highly ranked venues',
      'Citations high for the field',
      'Unsolicited invitations to speak at recognized conferences',
      'Work at an R1/R2 or similarly ranked institution',
      'Named on competitive government grants',
    ]) {
      expect(report).toContain(name);
    }
    expect(render(analysis, 'ru')).toContain('Высокая для области цитируемость');
  });

  it('escapes what lawyers typed in HTML and writes no tags in plain text', () => {
    const { evidence, profile } = weakPetition();
    const tricky = evidence.map((item) =>
      item.criterion === 'awards'
        ? { ...item, fields: { ...item.fields, name: '<b>Best</b> & "Brightest"' } }
        : item,
    );
    const analysis = analyzeCase({ evidence: tricky, profile });
    const html = renderAnalysis(
      analysis,
      { locale: 'ru', caseName: 'Ana <Silva>', format: 'html' },
      translator,
    );
    expect(html).toContain('Ana &lt;Silva&gt;');
    expect(html).toContain('&lt;b&gt;Best&lt;/b&gt; &amp; &quot;Brightest&quot;');
    expect(html).not.toContain('<b>Best</b>');
    const text = renderAnalysis(analysis, { locale: 'en', caseName: 'Ana', format: 'text' }, translator);
    expect(text.replaceAll('<b>Best</b>', '')).not.toMatch(/<\/?[bi]>/);
    expect(text).toContain('<b>Best</b> & "Brightest"');
  });
});
