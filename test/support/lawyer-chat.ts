// A person's side of a chat with the real bot process through the fake Telegram, for e2e tests: each step
// sends one message or presses one button, then waits for the bot's answer to that step.
import type { FakeTelegram, FakeUser, SentMessage } from './fake-telegram.ts';

/** Each step is one round trip through the process (and its database); a busy machine gets slack. */
export const REPLY_MS = 15_000;

/** The callback data of the button labelled `label` under `shown`; throws naming the buttons it has. */
export function buttonData(shown: SentMessage, label: string): string {
  const button = shown.buttons.find((b) => b.text === label);
  if (!button || !('callback_data' in button)) {
    throw new Error(
      `no button "${label}" under "${shown.text ?? ''}": ${shown.buttons.map((b) => b.text).join(', ')}`,
    );
  }
  return button.callback_data;
}

export interface LawyerChat {
  /** Runs `act`, then waits for the first message to this person after it that shows `expected`. */
  exchange(act: () => unknown, expected: string | RegExp): Promise<SentMessage>;
  say(text: string, expected: string | RegExp): Promise<SentMessage>;
  /** The id of the update the text arrived in, along with the bot's answer. */
  sayTracked(text: string, expected: string | RegExp): Promise<{ updateId: number; answer: SentMessage }>;
  /** Presses the button labelled `label` under `shown`. */
  press(shown: SentMessage, label: string, expected: string | RegExp): Promise<SentMessage>;
  /** Every message to this person from index `mark` of fake.sent on, as one text. */
  textSince(mark: number): string;
}

/** The chat as `person` has it with the bot behind `fake`. */
export function chatAs(fake: FakeTelegram, person: FakeUser): LawyerChat {
  const toPerson = (m: SentMessage) => m.chat_id === person.id;
  const matches = (m: SentMessage, expected: string | RegExp) =>
    typeof expected === 'string' ? (m.text ?? '').includes(expected) : expected.test(m.text ?? '');

  async function exchange(act: () => unknown, expected: string | RegExp): Promise<SentMessage> {
    const mark = fake.sent.length;
    act();
    return fake.waitFor((m) => toPerson(m) && fake.sent.indexOf(m) >= mark && matches(m, expected), REPLY_MS);
  }

  return {
    exchange,
    say: (text, expected) => exchange(() => fake.sendText(person, text), expected),
    async sayTracked(text, expected) {
      let updateId = 0;
      const answer = await exchange(() => (updateId = fake.sendText(person, text).update_id), expected);
      return { updateId, answer };
    },
    press: (shown, label, expected) =>
      exchange(() => fake.clickButton(person, shown, buttonData(shown, label)), expected),
    textSince: (mark) =>
      fake.sent
        .slice(mark)
        .filter(toPerson)
        .map((m) => m.text ?? '')
        .join('\n'),
  };
}
