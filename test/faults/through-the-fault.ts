// What every fault scenario asks of the running bot process: the lawyer's messages answered once each, in
// the order sent, and /readiness telling the truth about which dependency is failing.
import { expect } from 'vitest';
import type { BotProcess } from '../support/bot-process.ts';
import type { FakeTelegram, FakeUser } from '../support/fake-telegram.ts';
import { waitUntil } from '../support/fixtures.ts';

/** The process's HTTP address, from its "API listening" log line. */
export async function addressOf(child: BotProcess): Promise<string> {
  await child.waitForOutput('"msg":"API listening"', 60_000);
  const match = /"address":"(http:\/\/[^"]+)","msg":"API listening"/.exec(child.output());
  if (!match?.[1]) throw new Error(`no address in the process output:\n${child.output()}`);
  return match[1];
}

export interface Readiness {
  status: number;
  /** The checks whose status is not "pass", by name (e.g. `cache:responseTime`). */
  failing: string[];
}

interface ReadinessBody {
  checks?: Record<string, Array<{ status: string }>>;
}

export async function readiness(base: string): Promise<Readiness> {
  const response = await fetch(new URL('/readiness', base), { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as ReadinessBody;
  const failing = Object.entries(body.checks ?? {})
    .filter(([, list]) => list.some((check) => check.status === 'fail'))
    .map(([name]) => name);
  return { status: response.status, failing };
}

/** Waits until /readiness answers `status` (failing exactly `failing`), polling as a kubelet would. */
export async function readinessBecomes(
  base: string,
  status: 200 | 503,
  failing: string[],
  timeoutMs = 30_000,
): Promise<void> {
  let last: Readiness | undefined;
  try {
    await waitUntil(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 200)); // a kubelet's pace, not a busy loop
        last = await readiness(base);
        return last.status === status && last.failing.join() === failing.join();
      },
      `readiness ${String(status)}`,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(
      `readiness never became ${String(status)} failing [${failing.join()}]; last: ${JSON.stringify(last)}`,
      {
        cause: err,
      },
    );
  }
}

/** Texts of the messages the bot sent (not edits) to `person`, in the order Telegram accepted them. */
export function textsTo(fake: FakeTelegram, person: FakeUser): string[] {
  return fake.sent
    .filter((m) => m.chat_id === person.id && m.method === 'sendMessage')
    .map((m) => m.text ?? '');
}

/**
 * Asserts that the messages to `person` from index `mark` of fake.sent match `expected` one to one, in
 * order: each answer once, nothing missing, nothing extra.
 */
export function expectAnswersInOrder(
  fake: FakeTelegram,
  person: FakeUser,
  mark: number,
  expected: Array<string | RegExp>,
): void {
  const texts = fake.sent
    .slice(mark)
    .filter((m) => m.chat_id === person.id && m.method === 'sendMessage')
    .map((m) => m.text ?? '');
  expect(texts, texts.join('\n---\n')).toHaveLength(expected.length);
  expected.forEach((want, index) => {
    if (typeof want === 'string') expect(texts[index]).toContain(want);
    else expect(texts[index]).toMatch(want);
  });
}
