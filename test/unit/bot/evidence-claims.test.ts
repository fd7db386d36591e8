// An exhibit's page as a lawyer uses it: "Also use this exhibit for…" adds a claim under another criterion
// with only that criterion's questions, a claim is withdrawn without the exhibit, the primary claim is marked;
// Back in the questions keeps the answers; and all of it in Russian for a lawyer whose Telegram is Russian.
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalText } from '../../../bot/features/evidence/adding.ts';
import type { Speaker } from '../../../bot/features/evidence/rendering.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { ValidationError } from '../../../core/errors.ts';
import { createTranslator, type Locale } from '../../../core/i18n/i18n.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import type { FakeUser, SentMessage } from '../../support/fake-telegram.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

interface Lawyer {
  user: FakeUser;
  id: string;
  caseId: string;
}

async function lawyerWithCase(languageCode = 'en'): Promise<Lawyer> {
  const user = await h.addUser('lawyer', { language_code: languageCode });
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  return { user, id, caseId: opened.id };
}

function last(lawyer: Lawyer): SentMessage {
  const message = h.sentTo(lawyer.user.id).at(-1);
  if (!message) throw new Error('the bot sent nothing');
  return message;
}

function buttonsOf(message: SentMessage): string[] {
  return message.buttons.map((button) => button.text);
}

async function say(lawyer: Lawyer, text: string): Promise<void> {
  await h.deliver(h.fake.sendText(lawyer.user, text));
}

function pressUpdate(lawyer: Lawyer, label: string | RegExp): Update {
  const messages = h.sentTo(lawyer.user.id);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as SentMessage;
    const button = message.buttons.find((b) =>
      typeof label === 'string' ? b.text === label : label.test(b.text),
    );
    if (button && 'callback_data' in button)
      return h.fake.clickButton(lawyer.user, message, button.callback_data);
  }
  throw new Error(
    `no button ${String(label)} in ${JSON.stringify(buttonsOf(messages.at(-1) as SentMessage))}`,
  );
}

async function press(lawyer: Lawyer, label: string | RegExp): Promise<void> {
  await h.deliver(pressUpdate(lawyer, label));
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Title (Nature feature) >> endobj\n%%EOF\n', 'latin1');

/** A Nature news feature about the client, filed under (iii) with its document. */
async function pressExhibit(lawyer: Lawyer) {
  const { evidence } = await h.app.evidence.add(
    lawyer.id,
    lawyer.caseId,
    { criterion: 'published_material', fields: evidenceFactory('published_material').fields },
    { files: [{ bytes: PDF, mimeType: 'application/pdf', originalName: 'nature-feature.pdf' }] },
  );
  return evidence;
}

describe('one exhibit under several criteria, in the bot', () => {
  it('adds a (v) claim to a (iii) exhibit asking only the (v) questions, marks the primary one, and withdraws it again', async () => {
    const lawyer = await lawyerWithCase();
    const exhibit = await pressExhibit(lawyer);
    await say(lawyer, '/evidence list');
    await press(lawyer, /^Exhibit 1:/);
    await press(lawyer, 'Also use this exhibit for…');
    expect(last(lawyer).text).toMatch(/^Exhibit 1 is used for \(iii\) Published material about the person\./);
    expect(buttonsOf(last(lawyer))).not.toContain('(iii) Published material about the person');
    await press(lawyer, '(v) Original contributions');
    expect(last(lawyer).text).toContain('Describe the contribution in one or two sentences');
    await say(lawyer, 'A low-dose CT reconstruction method adopted by three hospitals');
    await say(lawyer, '2021');
    await say(lawyer, '1 250');
    for (let i = 0; i < 3; i++) await press(lawyer, 'Skip'); // benchmark, patent, adoption

    const page = last(lawyer).text ?? '';
    expect(page).toMatch(/^Exhibit 1 now also supports \(v\) Original contributions\./);
    expect(page).toContain('(iii) Published material about the person — listed here in the exhibit index');
    expect(page).toContain('• Citations: 1250');
    expect(page).toContain('Documents: nature-feature.pdf');
    const both = await h.app.evidence.get(lawyer.id, exhibit.id);
    expect(both.exhibitNumber).toBe(1);
    expect(both.files).toHaveLength(1);
    expect(both.claims).toMatchObject([
      { criterion: 'published_material', primary: true },
      {
        criterion: 'original_contributions',
        primary: false,
        fields: {
          description: 'A low-dose CT reconstruction method adopted by three hospitals',
          year: 2021,
          citations: 1250,
        },
      },
    ]);

    await press(lawyer, 'Index under (v) Original contributions');
    expect(last(lawyer).text).toMatch(
      /^The exhibit index now lists Exhibit 1 under \(v\) Original contributions\./,
    );
    expect(last(lawyer).text).toContain('(v) Original contributions — listed here in the exhibit index');

    await press(lawyer, 'Withdraw (v) Original contributions');
    expect(last(lawyer).text).toMatch(/^Stop using Exhibit 1 for \(v\) Original contributions\?/);
    await press(lawyer, 'Yes, withdraw it');
    expect(last(lawyer).text).toMatch(
      /^Exhibit 1 no longer supports \(v\) Original contributions\. The exhibit and its documents stay\./,
    );
    const left = await h.app.evidence.get(lawyer.id, exhibit.id);
    expect(left).toMatchObject({ exhibitNumber: 1, files: [{ fileName: 'nature-feature.pdf' }] });
    expect(left.claims).toMatchObject([{ criterion: 'published_material', primary: true }]);
    // With one claim left there is nothing to withdraw: the exhibit is removed instead.
    expect(buttonsOf(last(lawyer)).some((text) => text.startsWith('Withdraw'))).toBe(false);
  });

  it('edits a fact of the second claim without touching the first', async () => {
    const lawyer = await lawyerWithCase();
    const exhibit = await pressExhibit(lawyer);
    await h.app.evidence.addClaim(lawyer.id, exhibit.id, 'original_contributions', {
      description: 'A low-dose CT reconstruction method',
    });
    await say(lawyer, '/evidence list');
    expect(last(lawyer).text).toContain(
      'Exhibit 1 — (iii) Published material about the person, (v) Original contributions — ',
    );
    await press(lawyer, /^Exhibit 1:/);
    await press(lawyer, 'Edit a fact');
    await press(lawyer, '(v) Citations');
    await say(lawyer, '980');
    expect(last(lawyer).text).toMatch(/^Updated\./);
    const changed = await h.app.evidence.get(lawyer.id, exhibit.id);
    expect(changed.claims[1]?.fields).toMatchObject({ citations: 980 });
    expect(changed.claims[0]?.fields).toEqual(evidenceFactory('published_material').fields);
  });
});

describe('Back in the evidence questions', () => {
  it('returns to the previous question with the answer kept, and from the first question to the criteria', async () => {
    const lawyer = await lawyerWithCase();
    await say(lawyer, '/evidence');
    await press(lawyer, '(i) Awards');
    expect(buttonsOf(last(lawyer))).toContain('Back');
    await say(lawyer, 'Best Paper Award');
    await say(lawyer, 'IEEE');
    expect(last(lawyer).text).toContain('In what year did the client receive it?');
    await press(lawyer, 'Back');
    expect(last(lawyer).text).toContain('Who grants it (organization)?');
    expect(last(lawyer).text).toContain('Now: IEEE');
    await press(lawyer, 'Back');
    expect(last(lawyer).text).toContain('Now: Best Paper Award');
    await press(lawyer, 'Keep: Best Paper Award');
    await say(lawyer, 'IEEE Signal Processing Society');
    await say(lawyer, '2021');
    await press(lawyer, 'The whole country');
    await press(lawyer, 'Back');
    expect(last(lawyer).text).toContain('Now: The whole country');
    await press(lawyer, 'Keep: The whole country');
    await press(lawyer, 'Skip'); // awardee count
    await press(lawyer, 'Skip'); // selection criteria
    await press(lawyer, 'Yes');
    await press(lawyer, 'Yes');
    await press(lawyer, 'Yes');
    await press(lawyer, 'Skip'); // major international award
    await press(lawyer, 'No'); // not in English
    await say(lawyer, 'German');
    await press(lawyer, 'Back'); // to the language, then forward again: the translation is asked once more
    expect(last(lawyer).text).toContain('Now: German');
    await press(lawyer, 'Keep: German');
    await press(lawyer, 'Yes'); // certified translation
    await press(lawyer, 'No'); // not a letter
    const [stored] = await h.app.evidence.list(lawyer.id, lawyer.caseId);
    expect(stored).toMatchObject({
      exhibitNumber: 1,
      title: 'Best Paper Award (IEEE Signal Processing Society, 2021)',
      language: 'German',
      certifiedTranslation: true,
      claims: [
        {
          criterion: 'awards',
          fields: {
            name: 'Best Paper Award',
            issuer: 'IEEE Signal Processing Society',
            year: 2021,
            scope: 'national',
          },
        },
      ],
    });

    await say(lawyer, '/evidence');
    await press(lawyer, '(iv) Judging');
    await press(lawyer, 'Back');
    expect(last(lawyer).text).toMatch(/Which criterion does it support\?/);
    await press(lawyer, '(ii) Membership');
    expect(last(lawyer).text).toContain('Which association?');
  });
});

describe('the evidence questions in Russian', () => {
  it('asks, refuses a wrong answer and cancels in Russian, with citations exact', async () => {
    const lawyer = await lawyerWithCase('ru');
    await say(lawyer, '/evidence');
    expect(last(lawyer).text).toMatch(/Какой критерий оно подтверждает\?/);
    expect(buttonsOf(last(lawyer))).toContain('(iii) Публикации о заявителе');
    await press(lawyer, '(i) Награды');
    expect(last(lawyer).text).toContain('Как называется награда?');
    await say(lawyer, 'Премия Президента');
    await say(lawyer, 'Администрация Президента');
    await say(lawyer, 'в прошлом году');
    expect(last(lawyer).text).toMatch(/^Укажите год четырьмя цифрами, например 2021\./);
    await say(lawyer, '2021 г.');
    expect(last(lawyer).text).toContain('8 CFR 204.5(h)(3)(i)');
    expect(buttonsOf(last(lawyer))).toEqual(expect.arrayContaining(['Вся страна', 'Назад', 'Отмена']));
    await say(lawyer, 'вся страна');
    expect(last(lawyer).text).toContain('Сколько человек получили её в том же цикле?');
    await press(lawyer, 'Отмена');
    expect(last(lawyer).text).toBe('Отменено. Ничего не сохранено.');
    expect(await h.app.evidence.list(lawyer.id, lawyer.caseId)).toEqual([]);
  });

  it('shows an exhibit page in Russian, with the English title kept for the drafts', async () => {
    const lawyer = await lawyerWithCase('ru');
    await h.app.evidence.add(lawyer.id, lawyer.caseId, {
      criterion: 'judging',
      fields: { venue: 'IEEE TMI', kind: 'peer_review', proof: 'completed', sameOrAlliedField: true },
    });
    await say(lawyer, '/evidence list');
    expect(last(lawyer).text).toContain(
      'Приложение 1 — (iv) Экспертная оценка — Peer review of manuscripts for IEEE TMI',
    );
    await press(lawyer, /^Приложение 1:/);
    const page = last(lawyer).text ?? '';
    expect(page).toContain('• Вид оценки: Рецензирование рукописей');
    expect(page).toContain('• Та же или смежная область: Да');
    expect(page).toContain('Документы пока не приложены.');
    expect(buttonsOf(last(lawyer))).toContain('Использовать и для другого критерия…');
  });
});

describe('a refusal from the store', () => {
  const translator = createTranslator();
  const speaker = (locale: Locale): Speaker =>
    ({
      t: (key: string, params?: Record<string, string | number>) => translator.t(locale, key, params),
    }) as Speaker;

  it('names the questions in the lawyer’s language, from the field keys the store reports', async () => {
    const lawyer = await lawyerWithCase();
    const { year: _year, issuer: _issuer, ...fields } = evidenceFactory('awards').fields;
    const refused = await h.app.evidence
      .add(lawyer.id, lawyer.caseId, { criterion: 'awards', fields })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refusalText(speaker('ru'), refused as ValidationError)).toBe(
      'Некоторые ответы отсутствуют или неверны: Кто присуждает, Год.',
    );
    expect(refusalText(speaker('en'), refused as ValidationError)).toBe(
      'Some answers are missing or not valid: Issuer, Year.',
    );
  });
});
