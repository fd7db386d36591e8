// Every reason a document is refused reaches the lawyer as a message in English and Russian naming the file.
import { describe, expect, it } from 'vitest';
import { TRANSLATION_REQUIRED } from '../../../core/documents/language.ts';
import { DOCUMENT_REFUSAL_KEYS, DocumentRefusedError } from '../../../core/documents/refusal.ts';
import { FileError } from '../../../core/errors.ts';
import { createTranslator, LOCALES } from '../../../core/i18n/i18n.ts';

describe('document refusals', () => {
  const translator = createTranslator();

  it('have a message naming the file in both languages for every reason', () => {
    for (const key of [...Object.values(DOCUMENT_REFUSAL_KEYS), TRANSLATION_REQUIRED.messageKey]) {
      for (const locale of LOCALES) {
        expect(translator.t(locale, key, { name: 'award.pdf' }), `${locale} ${key}`).toContain('award.pdf');
      }
    }
  });

  it('keep the regulation citation exact in both languages', () => {
    for (const locale of LOCALES) {
      expect(translator.t(locale, TRANSLATION_REQUIRED.messageKey, { name: 'x' })).toContain(
        '8 CFR 103.2(b)(3)',
      );
    }
  });

  it('are file errors with a code, a reason and a safe English message', () => {
    const error = new DocumentRefusedError('encrypted', { sha256: 'abc' });
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: 6000, httpStatus: 422, reason: 'encrypted' });
    expect(error.messageKey).toBe('documents-refused-encrypted');
    expect(error.userMessage).toMatch(/password/);
    expect(error.context).toEqual({ sha256: 'abc', reason: 'encrypted' });
  });
});
