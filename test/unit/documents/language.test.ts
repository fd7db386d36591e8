// A document's language decides whether the petition needs a certified English translation of it.
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../core/documents/language.ts';

describe('document language', () => {
  it('reads English as English, needing no translation', () => {
    const text =
      'The Association for Computing Machinery presents the Doctoral Dissertation Award to Jane Doe for her outstanding thesis.';
    expect(detectLanguage(text)).toEqual({ language: 'eng', needsTranslation: false, translation: null });
  });

  it('flags Russian as needing a certified translation under 8 CFR 103.2(b)(3)', () => {
    const text =
      'Настоящим удостоверяется, что доктор Иванова награждена премией за выдающийся вклад в развитие информатики. ' +
      'Премия присуждается ежегодно одному учёному по решению международного жюри, которое состоит из ведущих специалистов.';
    expect(detectLanguage(text)).toEqual({
      language: 'rus',
      needsTranslation: true,
      translation: {
        code: 'documents.certified-translation-required',
        regulation: '8 CFR 103.2(b)(3)',
        messageKey: 'documents-translation-required',
      },
    });
  });

  it("answers 'und' for a caption too short to tell, and asks for no translation", () => {
    expect(detectLanguage('AWARD CERTIFICATE 2021')).toEqual({
      language: 'und',
      needsTranslation: false,
      translation: null,
    });
  });
});
