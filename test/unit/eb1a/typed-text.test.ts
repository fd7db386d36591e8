import { describe, expect, it } from 'vitest';
import { cleanCaseText } from '../../../core/eb1a/cases.ts';
import { parseFieldAnswer } from '../../../core/eb1a/evidence.ts';
import { cleanTypedText } from '../../../core/eb1a/typed-text.ts';

describe('text a lawyer typed', () => {
  it('loses control characters that Postgres would refuse, keeps line breaks', () => {
    expect(cleanTypedText('  Machine\u0000 learning\u0007\nline two\t ')).toBe('Machine learning\nline two');
  });

  it('is cleaned before a case is named and before an evidence answer is parsed', () => {
    expect(cleanCaseText('fieldOfEndeavor', 'Quantum\u0000 computing')).toEqual({
      ok: true,
      value: 'Quantum computing',
    });
    expect(parseFieldAnswer({ kind: 'text' }, '\u0000IEEE\u0000')).toEqual({ ok: true, value: 'IEEE' });
    expect(parseFieldAnswer({ kind: 'text' }, '\u0000\u0001')).toEqual({
      ok: false,
      problem: { key: 'answer-empty' },
    });
  });
});
