// The updates of one chat go through the steps that wait (the lawyer's language, de-duplication, the
// allow-list) in the order they arrived. Without this a chat's later message could overtake an earlier
// one still waiting on the cache, and a dialogue would take the answers in the wrong order. The stretch
// ends before the rate limiter, which keeps its own first-come queue per lawyer (bounded, refusing beyond
// it), and the one-update-at-a-time-per-chat step after that keeps the order from there on.
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

export interface ChatOrder {
  /** Waits for the chat's earlier updates to leave the ordered stretch. */
  enter: MiddlewareFn<BotContext>;
  /** Ends the ordered stretch for this update (an update stopped before it leaves when it finishes). */
  leave: MiddlewareFn<BotContext>;
}

export function chatOrder(): ChatOrder {
  /** Per chat, the promise the next update to arrive waits on. */
  const tails = new Map<string, Promise<void>>();
  const leaving = new WeakMap<object, () => void>();

  return {
    async enter(ctx, next) {
      const key = ctx.chatId?.toString();
      if (key === undefined) return next();
      const before = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      tails.set(key, mine);
      const leave = () => {
        release();
        if (tails.get(key) === mine) tails.delete(key);
      };
      leaving.set(ctx, leave);
      try {
        await before;
        await next();
      } finally {
        leave();
      }
    },
    leave(ctx, next) {
      leaving.get(ctx)?.();
      return next();
    },
  };
}
