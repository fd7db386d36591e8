// Errors as the lawyer reads them: the code's message from errors.ftl in their language, the fields of a
// validation error named in it, and a specific English message kept only in English.
import { describe, expect, it } from 'vitest';
import { errorMessage, failureText } from '../../../bot/middleware/error-boundary.ts';
import { CaseNotFoundError, FileTooLargeError, ValidationError } from '../../../core/errors.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';

const translator = createTranslator();
const ru = (key: string, params?: Readonly<Record<string, string | number>>) =>
  translator.t('ru', key, params);
const en = (key: string, params?: Readonly<Record<string, string | number>>) =>
  translator.t('en', key, params);

describe('an error shown to a lawyer', () => {
  it('is its code’s message in the lawyer’s language', () => {
    expect(errorMessage(ru, new CaseNotFoundError({ caseId: 'x' }))).toBe(
      'Такого дела нет, или оно не ваше.',
    );
    expect(errorMessage(en, new CaseNotFoundError({ caseId: 'x' }))).toBe(
      'That case does not exist or is not yours.',
    );
    expect(errorMessage(ru, new Error('boom'))).toMatch(/^На нашей стороне что-то пошло не так/);
  });

  it('names the fields of a validation error in the lawyer’s language', () => {
    const invalid = new ValidationError([{ path: 'clientName', message: 'cases-client-name-empty' }]);
    expect(errorMessage(ru, invalid)).toBe(
      'Часть данных указана неверно. Проверьте их и попробуйте ещё раз. Проверьте: Имя клиента.',
    );
    expect(errorMessage(en, invalid)).toMatch(/Please check: Client name\.$/);
  });

  it('keeps a message written for one failure in English, and uses the code’s message in Russian', () => {
    const tooLarge = new FileTooLargeError({}, { userMessage: 'That file is over the 20 MB limit.' });
    expect(errorMessage(en, tooLarge, { english: true })).toBe('That file is over the 20 MB limit.');
    expect(errorMessage(ru, tooLarge)).toBe('Файл слишком большой. Отправьте файл меньшего размера.');
  });

  it('carries the reference id, escaped for Telegram HTML', () => {
    expect(failureText('A < B', 'AB12CD34', ru)).toBe('A &lt; B\nНомер обращения: <code>AB12CD34</code>');
  });
});
