// Broadcasts stay under Telegram's flood limit and report every chat that did not get the message.
import { afterEach, describe, expect, it } from 'vitest';
import { BROADCAST_MESSAGES_PER_SECOND, broadcastPace, sendToAll } from '../../../core/broadcast.ts';
import type { Cache } from '../../../core/cache/cache.ts';
import { openMemoryCache } from '../../../core/cache/memory.ts';

const caches: Cache[] = [];
function cache(): Cache {
  const opened = openMemoryCache();
  caches.push(opened);
  return opened;
}
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
});

describe('sending a broadcast', () => {
  it('sends to every chat once, counting deliveries and failures with their reasons', async () => {
    const sent: number[] = [];
    const report = await sendToAll(
      [11, 12, 13, 14],
      'Office closed Friday',
      (chatId) => {
        if (chatId === 13) return Promise.reject(new Error('Forbidden: bot was blocked by the user'));
        sent.push(chatId);
        return Promise.resolve(true);
      },
      broadcastPace(cache()),
    );
    expect(sent).toEqual([11, 12, 14]);
    expect(report).toEqual({
      recipients: 4,
      delivered: 3,
      failed: 1,
      failures: [{ telegramId: 13, reason: 'Forbidden: bot was blocked by the user' }],
    });
  });

  it('paces sends at 25 a second after the first burst, under Telegram’s 30 a second', async () => {
    const pace = broadcastPace(cache());
    const sentAt: number[] = [];
    const chats = Array.from({ length: 40 }, (_, i) => i + 1);
    const started = Date.now();
    await sendToAll(chats, 'hi', () => Promise.resolve(sentAt.push(Date.now() - started)), pace);
    // 25 go at once (the bucket's burst); the other 15 need 15/25 s = 600 ms of refill.
    expect(BROADCAST_MESSAGES_PER_SECOND).toBe(25);
    expect(sentAt[39]).toBeGreaterThanOrEqual(560);
    // Within the first 100 ms: the burst of 25 plus at most 2.5 refilled, however slow the machine.
    expect(sentAt.filter((t) => t < 100).length).toBeLessThanOrEqual(27);
  });

  it('shares one pace between broadcasts on the same cache, as replicas share Redis', async () => {
    const shared = cache();
    const first = broadcastPace(shared);
    const second = broadcastPace(shared);
    const started = Date.now();
    const send = () => Promise.resolve(true);
    await Promise.all([
      sendToAll(
        Array.from({ length: 20 }, (_, i) => i),
        'a',
        send,
        first,
      ),
      sendToAll(
        Array.from({ length: 20 }, (_, i) => i),
        'b',
        send,
        second,
      ),
    ]);
    // 40 sends together: 25 at once, 15 after refill.
    expect(Date.now() - started).toBeGreaterThanOrEqual(560);
  });
});
