// Typed answers read the same in English and Russian: yes/no, amounts with any thousands separator and
// currency mark, decimals with a comma, years; a wrong answer names its problem as a message key.
import { describe, expect, it } from 'vitest';
import { parseAmount, parseFieldAnswer, parseYear, parseYesNo } from '../../../core/eb1a/evidence.ts';
import { createTranslator, LOCALES } from '../../../core/i18n/i18n.ts';

describe('yes and no', () => {
  it('reads English and Russian forms, short and long', () => {
    for (const yes of ['yes', 'Y', 'да', 'Да.', 'д', 'true']) expect(parseYesNo(yes), yes).toBe(true);
    for (const no of ['no', 'N', 'нет', 'Нет!', 'н', 'false']) expect(parseYesNo(no), no).toBe(false);
    expect(parseYesNo('может быть')).toBeUndefined();
    expect(parseFieldAnswer({ kind: 'yesno' }, 'конечно')).toEqual({
      ok: false,
      problem: { key: 'answer-yes-no' },
    });
  });
});

describe('amounts', () => {
  it('reads thousands grouped by spaces, non-breaking spaces, commas or dots', () => {
    expect(parseAmount('1 900 000')).toBe(1_900_000);
    expect(parseAmount('1\u00a0900\u00a0000')).toBe(1_900_000);
    expect(parseAmount('1\u202f900\u202f000')).toBe(1_900_000);
    expect(parseAmount('1,900,000')).toBe(1_900_000);
    expect(parseAmount('1.900.000')).toBe(1_900_000);
    expect(parseAmount('1,200')).toBe(1200);
    expect(parseAmount('12 500')).toBe(12_500);
  });

  it('reads decimals with a point or, in Russian, a comma', () => {
    expect(parseAmount('85000.50')).toBe(85_000.5);
    expect(parseAmount('85000,50')).toBe(85_000.5);
    expect(parseAmount('1 900 000,50')).toBe(1_900_000.5);
    expect(parseAmount('1,900,000.50')).toBe(1_900_000.5);
    expect(parseAmount('1.900.000,50')).toBe(1_900_000.5);
  });

  it('reads amounts with ₽, $, € and руб.', () => {
    expect(parseAmount('1 900 000 ₽')).toBe(1_900_000);
    expect(parseAmount('$310,000')).toBe(310_000);
    expect(parseAmount('€ 85 000')).toBe(85_000);
    expect(parseAmount('85000€')).toBe(85_000);
    expect(parseAmount('5000 руб.')).toBe(5000);
    expect(parseAmount('150 000 рублей')).toBe(150_000);
    expect(parseAmount('USD 310,000')).toBe(310_000);
  });

  it('refuses what is not one plain amount', () => {
    for (const text of [
      'about a thousand',
      'около тысячи',
      '2019 2020',
      '1,2,3',
      '1,900,00',
      '12.',
      '',
      '-5',
    ])
      expect(parseAmount(text), text).toBeUndefined();
    expect(parseFieldAnswer({ kind: 'number' }, 'много')).toEqual({
      ok: false,
      problem: { key: 'answer-number' },
    });
    expect(parseFieldAnswer({ kind: 'number' }, '1 900 000 ₽')).toEqual({ ok: true, value: 1_900_000 });
  });
});

describe('years', () => {
  it('reads a four-digit year, also with "г." or "год"', () => {
    expect(parseYear('2021')).toBe(2021);
    expect(parseYear('2021 г.')).toBe(2021);
    expect(parseYear('2021г')).toBe(2021);
    expect(parseYear('2021 год')).toBe(2021);
    expect(parseFieldAnswer({ kind: 'year' }, '2019 г.')).toEqual({ ok: true, value: 2019 });
  });

  it('refuses short, fractional, grouped or out-of-range years', () => {
    for (const text of ['21', '2019.5', '2 019', '1850', '2021-2024'])
      expect(parseFieldAnswer({ kind: 'year' }, text), text).toEqual({
        ok: false,
        problem: { key: 'answer-year' },
      });
  });
});

describe('choices', () => {
  const options = [
    { value: 'job_offer', label: 'Предложение о работе в США' },
    { value: 'none', label: 'Пока ничего' },
  ];

  it('match the label the lawyer was shown, in their language', () => {
    expect(parseFieldAnswer({ kind: 'choice', options }, 'пока ничего')).toEqual({ ok: true, value: 'none' });
    expect(parseFieldAnswer({ kind: 'choice', options }, '1')).toEqual({ ok: true, value: 'job_offer' });
    expect(parseFieldAnswer({ kind: 'choice', options }, 'что-то ещё')).toEqual({
      ok: false,
      problem: { key: 'answer-choice' },
    });
  });
});

describe('the problems', () => {
  it('each have a message in both languages', () => {
    const translator = createTranslator();
    const keys = ['answer-empty', 'answer-number', 'answer-year', 'answer-yes-no', 'answer-choice'] as const;
    for (const locale of LOCALES)
      for (const key of keys) expect(translator.has(locale, key), `${locale} ${key}`).toBe(true);
    expect(translator.t('ru', 'answer-too-long', { length: 4100, limit: 4000 })).toMatch(/4\s000/);
  });
});
