// Many lawyers at once against the real bot process through the fake Telegram: each opens a case, adds an
// exhibit through /evidence and asks for the analysis, waiting for the bot's answer to each step as a
// person would. Every reply is timed; afterwards each lawyer's chat is compared with the others' (they all
// ran the same script), so one lost, duplicated or reordered reply anywhere shows.
import { criterionLabel, type CriterionId } from '../../../core/eb1a/criteria.ts';
import {
  EVIDENCE_FIELDS,
  fieldOptionKey,
  fieldQuestionKey,
  type FieldSpec,
  type FieldValue,
} from '../../../core/eb1a/evidence.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import type { Update } from 'grammy/types';
import { evidenceFactory } from '../../support/factories.ts';
import type { FakeTelegram, FakeUser, SentMessage } from '../../support/fake-telegram.ts';

/** Positive integer from the environment, or `fallback`; anything else is a mistake worth stopping on. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

/** The load the suite puts on the bot: 200 lawyers by default (issue 10), all started within the ramp. */
export const LAWYERS = envCount('MEGAAGENT_LOAD_LAWYERS', 200);
export const RAMP_MS = envCount('MEGAAGENT_LOAD_RAMP_SECONDS', 2) * 1_000;
/** One step waits this long for its reply: under full load on a small machine replies queue up. */
export const LOAD_REPLY_MS = envCount('MEGAAGENT_LOAD_REPLY_SECONDS', 60) * 1_000;

const english = createTranslator();
export const SLOW_DOWN_TEXT = english.t('en', 'service-slow-down');
export const TOO_MANY_TEXT = english.t('en', 'service-too-many');
/** What a lawyer sees when an update failed inside the bot: the run stops at once rather than time out. */
export const INTERNAL_ERROR_TEXT = english.t('en', 'errors-code-1000');

/** Telegram ids far from every other suite's. */
export function loadLawyers(count: number, base = 340_000_001): FakeUser[] {
  return Array.from({ length: count }, (_, i) => ({ id: base + i, first_name: 'Maria' }));
}

/** How the bot receives an update: taken from its long poll, or delivered to its webhook. */
export type Delivery = (update: Update) => Promise<void>;

/**
 * Every message the bot sent, split per chat as it arrives. The fake's own waitFor scans the whole history
 * for each waiter, which is quadratic at this scale; this reads each message once.
 */
export class ChatLog {
  readonly byChat = new Map<number, SentMessage[]>();
  private cursor = 0;
  private readonly waiters = new Set<{
    chat: number;
    from: number;
    expected: string | RegExp;
    resolve: (m: SentMessage) => void;
    reject: (err: Error) => void;
  }>();
  private readonly timer: NodeJS.Timeout;
  private readonly fake: FakeTelegram;

  constructor(fake: FakeTelegram) {
    this.fake = fake;
    this.timer = setInterval(() => this.drain(), 5);
  }

  messages(chat: number): SentMessage[] {
    let list = this.byChat.get(chat);
    if (!list) {
      list = [];
      this.byChat.set(chat, list);
    }
    return list;
  }

  private drain(): void {
    const sent = this.fake.sent;
    for (; this.cursor < sent.length; this.cursor++) {
      const m = sent[this.cursor] as SentMessage;
      this.messages(m.chat_id).push(m);
    }
    for (const w of this.waiters) {
      const list = this.messages(w.chat);
      const after = list.slice(w.from);
      const failed = after.find((m) => (m.text ?? '').includes(INTERNAL_ERROR_TEXT));
      if (failed) {
        this.waiters.delete(w);
        w.reject(
          new Error(
            `chat ${String(w.chat)}: the bot answered "${failed.text ?? ''}" instead of ${String(w.expected)}`,
          ),
        );
        continue;
      }
      const found = after.find((m) => matches(m, w.expected));
      if (found) {
        this.waiters.delete(w);
        w.resolve(found);
      }
    }
  }

  /** The first message to `chat` at index `from` or later that shows `expected`. */
  waitFor(chat: number, from: number, expected: string | RegExp, timeoutMs: number): Promise<SentMessage> {
    return new Promise<SentMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.messages(chat)
          .map((m, i) => `  ${String(i)}. ${m.method}: ${(m.text ?? '').slice(0, 100)}`)
          .join('\n');
        reject(
          new Error(
            `chat ${String(chat)}: no reply showing ${String(expected)} within ${String(timeoutMs)} ms ` +
              `(after message ${String(from)}); the chat holds:\n${seen}`,
          ),
        );
      }, timeoutMs);
      const waiter = {
        chat,
        from,
        expected,
        resolve: (m: SentMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Reads what has arrived so far; call before looking at `byChat` at the end. */
  flush(): void {
    this.drain();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function matches(m: SentMessage, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? (m.text ?? '').includes(expected) : expected.test(m.text ?? '');
}

/** A lawyer whose session failed: which chat, and the updates it had sent, for reading the bot's log. */
export class SessionFailure extends Error {
  override name = 'SessionFailure';
  readonly chat: number;
  readonly updateIds: readonly number[];
  constructor(chat: number, updateIds: readonly number[], cause: unknown) {
    super(
      `${cause instanceof Error ? cause.message : String(cause)}\nupdates sent in chat ${String(chat)}: ${updateIds.join(', ')}`,
      { cause },
    );
    this.chat = chat;
    this.updateIds = updateIds;
  }
}

/** Another lawyer's session failed: this one stops before its next step. */
class RunStopped extends Error {}

export interface RunFigures {
  lawyers: number;
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  latenciesMs: number[];
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

type Answer = { type: string } | { press: string };

function answerFor(criterion: CriterionId, spec: FieldSpec, value: FieldValue | undefined): Answer {
  if (value === undefined) return { press: 'Skip' };
  if (typeof value === 'boolean') return { press: value ? 'Yes' : 'No' };
  if (spec.kind === 'choice') {
    const option = spec.options?.find((o) => o.value === value);
    if (!option) throw new Error(`${spec.key}: no option ${String(value)}`);
    return { press: english.t('en', fieldOptionKey(criterion, spec.key, option.value)) };
  }
  return { type: String(value) };
}

/** The exhibit every simulated lawyer adds: one of the shorter question walks. */
const CRITERION: CriterionId = 'membership';

/**
 * Runs every lawyer's session at once (each started at a random moment within the ramp) and returns the
 * figures. Rejects with the first lawyer's failure, naming the step and what the chat held.
 */
export async function runLawyers(
  fake: FakeTelegram,
  log: ChatLog,
  lawyers: readonly FakeUser[],
  deliver: Delivery,
): Promise<RunFigures> {
  const latencies: number[] = [];
  let updates = 0;

  async function session(person: FakeUser): Promise<void> {
    const sentIds: number[] = [];
    try {
      await script(person, sentIds);
    } catch (err) {
      if (err instanceof RunStopped) throw err;
      throw new SessionFailure(person.id, sentIds, err);
    }
  }

  async function script(person: FakeUser, sentIds: number[]): Promise<void> {
    const chat = person.id;
    async function exchange(update: () => Update, expected: string | RegExp): Promise<SentMessage> {
      if (stopped) throw new RunStopped();
      const from = log.messages(chat).length;
      const started = Date.now();
      const answered = log.waitFor(chat, from, expected, LOAD_REPLY_MS);
      updates++;
      const sent = update();
      sentIds.push(sent.update_id);
      await deliver(sent);
      const reply = await answered;
      latencies.push(reply.at - started);
      return reply;
    }
    const say = (text: string, expected: string | RegExp) =>
      exchange(() => fake.sendText(person, text), expected);
    const press = (shown: SentMessage, label: string, expected: string | RegExp) => {
      const button = shown.buttons.find((b) => b.text === label);
      if (!button || !('callback_data' in button)) {
        throw new Error(`chat ${String(chat)}: no button "${label}" under "${shown.text ?? ''}"`);
      }
      return exchange(() => fake.clickButton(person, shown, button.callback_data), expected);
    };

    await say('/newcase', 'What is the client’s name?');
    await say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
    await say('Machine learning for medical imaging', 'Case opened for Jane Doe');

    const fields = evidenceFactory(CRITERION).fields as Readonly<Record<string, FieldValue | undefined>>;
    const steps: Array<{ prompt: string; answer: Answer }> = [
      ...EVIDENCE_FIELDS[CRITERION].map((spec: FieldSpec) => ({
        prompt: english.t('en', fieldQuestionKey(CRITERION, spec.key)),
        answer: answerFor(CRITERION, spec, fields[spec.key]),
      })),
      { prompt: 'Is the original document in English?', answer: { press: 'Yes' } },
      { prompt: 'Is this exhibit a letter', answer: { press: 'No' } },
    ];
    const menu = await say('/evidence', 'Which criterion does it support?');
    let question = await press(menu, criterionLabel(CRITERION), steps[0]?.prompt ?? '');
    for (const [index, step] of steps.entries()) {
      const next = steps[index + 1]?.prompt ?? 'Send documents for Exhibit 1 now';
      question =
        'press' in step.answer
          ? await press(question, step.answer.press, next)
          : await say(step.answer.type, next);
    }
    await press(question, 'Done', 'Exhibit 1 is saved. What next?');
    await say('/analyze', 'Next actions, most important first');
  }

  // The first failure stops every other lawyer at their next step, so the report is about it alone and
  // nothing is still talking to the processes when the test stops them.
  let stopped = false;
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    lawyers.map(async (person) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * RAMP_MS));
      try {
        await session(person);
      } catch (err) {
        stopped = true;
        throw err;
      }
    }),
  );
  const failure = outcomes.find((o) => o.status === 'rejected' && !(o.reason instanceof RunStopped));
  if (failure?.status === 'rejected') throw failure.reason;
  const seconds = (Date.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    lawyers: lawyers.length,
    updates,
    seconds,
    updatesPerSecond: updates / seconds,
    latenciesMs: sorted,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/** One chat as comparable text: each message the bot sent or edited, in order, with how it was sent. */
export function transcript(messages: readonly SentMessage[]): string[] {
  return messages.map((m) => `${m.method}: ${m.text ?? ''}`);
}

/**
 * Chats whose transcript differs from the first lawyer's, with the first differing line; every lawyer ran
 * the same script, so a lost, duplicated or reordered reply makes its chat stand out.
 */
export function divergentChats(log: ChatLog, lawyers: readonly FakeUser[]): string[] {
  const [first] = lawyers;
  if (!first) return [];
  const reference = transcript(log.messages(first.id));
  const problems: string[] = [];
  for (const person of lawyers.slice(1)) {
    const own = transcript(log.messages(person.id));
    const at = own.findIndex((line, i) => line !== reference[i]);
    if (own.length !== reference.length || at !== -1) {
      const i = at === -1 ? Math.min(own.length, reference.length) : at;
      problems.push(
        `chat ${String(person.id)}: ${String(own.length)} messages (reference ${String(reference.length)}); ` +
          `first difference at ${String(i)}: "${(own[i] ?? '(none)').slice(0, 120)}" instead of "${(reference[i] ?? '(none)').slice(0, 120)}"`,
      );
    }
  }
  return problems;
}

/** Log lines of a bot process at warning level or above (pino JSON: 40 warn, 50 error, 60 fatal). */
export function warningsAndErrors(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(40|50|60)\b/.test(line));
}

export function printFigures(title: string, figures: RunFigures): void {
  console.log(
    `[load] ${title}: ${String(figures.lawyers)} lawyers, ${String(figures.updates)} updates in ` +
      `${figures.seconds.toFixed(1)} s = ${figures.updatesPerSecond.toFixed(1)} updates/s; reply latency ` +
      `p50 ${String(figures.p50Ms)} ms, p95 ${String(figures.p95Ms)} ms, max ${String(figures.maxMs)} ms`,
  );
}
