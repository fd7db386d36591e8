// The "slow down" notice of the rate limit is a courtesy: when Telegram refuses it, the lawyer's message is
// still worked through at the limited pace, and the lost notice is logged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FEATURES } from '../../../bot/features/index.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { capturingLogger, type CapturedLog } from '../../support/fixtures.ts';

const RATE_LIMIT = { windowMs: 1_000, limit: 2 };
const SLOW_DOWN = 'You are sending messages faster than I can handle.';

let h: BotHarness;
let captured: CapturedLog;

beforeAll(async () => {
  captured = capturingLogger('info');
  h = await startBotHarness({ bot: { features: FEATURES, rateLimit: RATE_LIMIT }, log: captured.log });
}, 60_000);

afterAll(async () => {
  await h.close();
});

it('handles a message at the limited pace when the slow-down notice cannot be sent, and logs the lost notice', async () => {
  const lawyer = await h.addUser();
  await h.say(lawyer, '/help');
  await h.say(lawyer, '/help');
  // The bucket is empty now. Telegram's flood control refuses the notice for longer than a reply waits.
  h.fake.failNext('sendMessage', { status: 429, retryAfter: 120 });
  await h.say(lawyer, '/help');

  const toLawyer = h.fake.calls.filter(
    (call) => call.method === 'sendMessage' && Number(call.body.chat_id) === lawyer.id,
  );
  // The refused notice first, then the third answer: the message waited for its turn and was handled.
  expect(toLawyer.map((call) => [call.status, String(call.body.text).slice(0, SLOW_DOWN.length)])).toEqual([
    [200, expect.stringContaining('What I can do')],
    [200, expect.stringContaining('What I can do')],
    [429, SLOW_DOWN],
    [200, expect.stringContaining('What I can do')],
  ]);
  expect(captured.lines.filter((line) => line.msg === 'update failed')).toEqual([]);
  const lost = captured.lines.find((line) => line.msg?.includes('slow-down notice'));
  expect(lost?.level).toBe(40);
  expect(JSON.stringify(lost?.err)).toContain('Too Many Requests');
}, 30_000);
