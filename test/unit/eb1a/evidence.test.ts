// The evidence model: criteria data, field specs, validation of exhibits from the bot and API, answer parsing.
import { describe, expect, it } from 'vitest';
import { CRITERIA, CRITERION_IDS, criterionLabel, isCriterionId } from '../../../core/eb1a/criteria.ts';
import {
  EVIDENCE_FIELDS,
  EVIDENCE_FIELD_SCHEMAS,
  LETTER_FIELDS,
  criterionNameKey,
  evidenceSchema,
  fieldHelpKey,
  fieldLabelKey,
  fieldOptionKey,
  fieldQuestionKey,
  exhibitRef,
  isForeignLanguage,
  parseEvidence,
  parseFieldAnswer,
} from '../../../core/eb1a/evidence.ts';
import type { FieldOwner, FieldSpec } from '../../../core/eb1a/evidence.ts';
import { createTranslator, LOCALES } from '../../../core/i18n/i18n.ts';
import { evidenceFactory, letterFactory } from '../../support/factories.ts';

const translator = createTranslator();

describe('the ten criteria', () => {
  it('cite 8 CFR 204.5(h)(3)(i) to (x) in order', () => {
    expect(CRITERION_IDS.map((id) => CRITERIA[id].cite)).toEqual(
      ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'].map((p) => `8 CFR 204.5(h)(3)(${p})`),
    );
  });

  it('mark judging, scholarly articles and artistic display as met by their existence (Kazarian step 1)', () => {
    expect(CRITERION_IDS.filter((id) => CRITERIA[id].metByExistence)).toEqual([
      'judging',
      'scholarly_articles',
      'exhibitions',
    ]);
  });

  it('give every criterion key terms, officer checks and RFE triggers', () => {
    for (const id of CRITERION_IDS) {
      expect(CRITERIA[id].id).toBe(id);
      expect(CRITERIA[id].keyTerms.length).toBeGreaterThan(0);
      expect(CRITERIA[id].officerChecks.length).toBeGreaterThan(0);
      expect(CRITERIA[id].rfeTriggers.length).toBeGreaterThan(0);
    }
  });

  it('recognize their own ids only, and label them as the regulation does', () => {
    expect(isCriterionId('leading_role')).toBe(true);
    expect(isCriterionId('letters')).toBe(false);
    expect(criterionLabel('published_material')).toBe('(iii) Published material about the person');
  });
});

describe('field specs', () => {
  const allSpecs: [FieldOwner, readonly FieldSpec[]][] = [
    ...CRITERION_IDS.map((id): [FieldOwner, readonly FieldSpec[]] => [id, EVIDENCE_FIELDS[id]]),
    ['letter', LETTER_FIELDS],
  ];

  it.each(allSpecs)('%s: unique keys, options exactly on choice fields', (_name, specs) => {
    expect(new Set(specs.map((spec) => spec.key)).size).toBe(specs.length);
    for (const spec of specs) {
      if (spec.kind === 'choice') expect(spec.options?.length).toBeGreaterThanOrEqual(2);
      else expect(spec.options).toBeUndefined();
    }
  });

  it.each(allSpecs)(
    '%s: a question, a short name, help and option labels in English and Russian',
    (owner, specs) => {
      for (const locale of LOCALES) {
        for (const spec of specs) {
          expect(translator.t(locale, fieldQuestionKey(owner, spec.key)).length, spec.key).toBeGreaterThan(5);
          expect(translator.has(locale, fieldLabelKey(owner, spec.key)), spec.key).toBe(true);
          expect(translator.has(locale, fieldHelpKey(owner, spec.key)), spec.key).toBe(spec.help === true);
          for (const option of spec.options ?? []) {
            expect(translator.has(locale, fieldOptionKey(owner, spec.key, option.value)), option.value).toBe(
              true,
            );
          }
        }
      }
      expect(translator.t('ru', fieldQuestionKey('awards', 'year'))).toBe('В каком году клиент её получил?');
    },
  );

  it('names the criteria with their regulation numbers in both languages', () => {
    for (const id of CRITERION_IDS) {
      const paragraph = `(${CRITERIA[id].paragraph})`;
      for (const locale of LOCALES)
        expect(translator.t(locale, criterionNameKey(id))).toContain(`${paragraph} `);
    }
    expect(translator.t('ru', criterionNameKey('published_material'))).toBe('(iii) Публикации о заявителе');
  });

  it.each(CRITERION_IDS)(
    '%s: the schema requires exactly the fields the spec marks required',
    (criterion) => {
      const schema = EVIDENCE_FIELD_SCHEMAS[criterion];
      const complete: Record<string, unknown> = evidenceFactory(criterion).fields;
      for (const spec of EVIDENCE_FIELDS[criterion]) {
        const { [spec.key]: _dropped, ...without } = complete;
        expect(schema.safeParse(without).success, spec.key).toBe(!spec.required);
      }
    },
  );
});

describe('exhibit validation', () => {
  it.each(CRITERION_IDS)('accepts a factory-built %s exhibit', (criterion) => {
    const exhibit = evidenceFactory(criterion, {
      letter: letterFactory(),
      language: 'es',
      certifiedTranslation: true,
    });
    expect(parseEvidence(exhibit)).toEqual(exhibit);
  });

  it('turns an ISO date string from the API into a Date', () => {
    const parsed = parseEvidence({ ...evidenceFactory('judging'), createdAt: '2025-03-01T10:00:00Z' });
    expect(parsed.createdAt).toEqual(new Date('2025-03-01T10:00:00Z'));
  });

  it.each([
    [
      'an award scope that does not exist',
      { fields: { ...evidenceFactory('awards').fields, scope: 'galactic' } },
    ],
    ['a year before 1900', { fields: { ...evidenceFactory('awards').fields, year: 1850 } }],
    ['a fractional year', { fields: { ...evidenceFactory('awards').fields, year: 2020.5 } }],
    ['an unknown field', { fields: { ...evidenceFactory('awards').fields, prizeMoney: 5000 } }],
    ['a yes/no given as text', { fields: { ...evidenceFactory('awards').fields, inField: 'yes' } }],
    ['an empty title', { title: '   ' }],
    ['exhibit number zero', { exhibitNumber: 0 }],
    ['an unknown criterion', { criterion: 'letters' }],
    ['another criterion’s fields', { fields: evidenceFactory('judging').fields }],
    ['a letter with an unknown kind', { letter: { letterKind: 'fan_mail' } }],
  ])('rejects %s', (_name, change) => {
    expect(evidenceSchema.safeParse({ ...evidenceFactory('awards'), ...change }).success).toBe(false);
  });

  it('rejects a negative salary', () => {
    const exhibit = evidenceFactory('high_salary');
    expect(evidenceSchema.safeParse({ ...exhibit, fields: { ...exhibit.fields, amount: -1 } }).success).toBe(
      false,
    );
  });
});

describe('parsing a lawyer’s typed answer', () => {
  const spec = (key: string, criterion: (typeof CRITERION_IDS)[number]): FieldSpec => {
    const found = (EVIDENCE_FIELDS[criterion] as readonly FieldSpec[]).find((field) => field.key === key);
    if (!found) throw new Error(key);
    return found;
  };

  it('reads yes and no in their usual forms', () => {
    const inField = spec('inField', 'awards');
    expect(parseFieldAnswer(inField, 'Yes')).toEqual({ ok: true, value: true });
    expect(parseFieldAnswer(inField, ' n ')).toEqual({ ok: true, value: false });
    expect(parseFieldAnswer(inField, 'maybe').ok).toBe(false);
  });

  it('reads numbers with thousands separators and refuses words', () => {
    const citations = spec('citations', 'original_contributions');
    expect(parseFieldAnswer(citations, '1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseFieldAnswer(citations, '12 500')).toEqual({ ok: true, value: 12500 });
    expect(parseFieldAnswer(citations, 'about a thousand')).toMatchObject({ ok: false });
  });

  it('reads a four-digit year in range only', () => {
    const year = spec('year', 'awards');
    expect(parseFieldAnswer(year, '2019')).toEqual({ ok: true, value: 2019 });
    expect(parseFieldAnswer(year, '19').ok).toBe(false);
    expect(parseFieldAnswer(year, '2019.5').ok).toBe(false);
  });

  it('reads a choice by value or by its number in the list', () => {
    const scope = spec('scope', 'awards');
    expect(parseFieldAnswer(scope, 'national')).toEqual({ ok: true, value: 'national' });
    expect(parseFieldAnswer(scope, '1')).toEqual({ ok: true, value: 'employer' });
    const wrong = parseFieldAnswer(scope, 'planetary');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problem).toEqual({ key: 'answer-choice' });
    // The bot passes the labels the lawyer was shown, so a label typed in their language matches.
    const shown = {
      ...scope,
      options: (scope.options ?? []).map((option) => ({
        ...option,
        label: translator.t('ru', fieldOptionKey('awards', 'scope', option.value)),
      })),
    };
    expect(parseFieldAnswer(shown, 'вся страна')).toEqual({ ok: true, value: 'national' });
  });

  it('refuses an empty answer and trims text', () => {
    const name = spec('name', 'awards');
    expect(parseFieldAnswer(name, '  ').ok).toBe(false);
    expect(parseFieldAnswer(name, '  Gordon Bell Prize ')).toEqual({ ok: true, value: 'Gordon Bell Prize' });
  });
});

describe('exhibit references and languages', () => {
  it('names exhibits the way a brief cites them', () => {
    expect(exhibitRef([3])).toBe('Exhibit 3');
    expect(exhibitRef([4, 1])).toBe('Exhibits 1 and 4');
    expect(exhibitRef([7, 2, 1, 2])).toBe('Exhibits 1, 2 and 7');
    expect(exhibitRef([])).toBe('no exhibit');
  });

  it('treats a missing language and English variants as English', () => {
    expect(isForeignLanguage({})).toBe(false);
    expect(isForeignLanguage({ language: 'EN-gb' })).toBe(false);
    expect(isForeignLanguage({ language: 'Portuguese' })).toBe(true);
  });
});
