// Where conversations (intake, new case, ...) keep their place between a lawyer's messages: the shared
// cache (Redis in production, so any replica can continue a conversation; in-process when embedded).
// The state is versioned: bump CONVERSATION_STATE_VERSION when a conversation's steps change in a way
// that old saved state would replay wrongly, and conversations in progress restart instead of misbehaving.
import type { ConversationData, ConversationStorage, VersionedState } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Cache } from '../core/cache/cache.ts';

export const CONVERSATION_STATE_VERSION = 1;
export const CONVERSATION_KEY_PREFIX = 'conversation:';
/** A lawyer may leave an intake for weeks; past this the half-finished conversation is forgotten. */
export const CONVERSATION_STATE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

type StoredState = VersionedState<ConversationData>;

/** The conversations plugin's key-value adapter over our cache: JSON values with an expiry. */
function conversationStateAdapter(cache: Cache, ttlMs = CONVERSATION_STATE_TTL_MS) {
  return {
    async read(key: string): Promise<StoredState | undefined> {
      const stored = await cache.get(key);
      return stored === null ? undefined : (JSON.parse(stored) as StoredState);
    },
    async write(key: string, state: StoredState): Promise<void> {
      await cache.set(key, JSON.stringify(state), ttlMs);
    },
    async delete(key: string): Promise<void> {
      await cache.delete(key);
    },
  };
}

/**
 * The `storage` option of `conversations()`: one state per chat (private chats only, so one per lawyer).
 * A context storage rather than the plugin's key storage: that one builds its key as `prefix + key`, so
 * an update without a chat (an inline query) would read and write the one shared key "undefined".
 */
export function conversationStorage<C extends Context>(
  cache: Cache,
  ttlMs = CONVERSATION_STATE_TTL_MS,
): ConversationStorage<C, ConversationData> {
  const byKey = conversationStateAdapter(cache, ttlMs);
  const keyOf = (ctx: C) =>
    ctx.chatId === undefined ? undefined : `${CONVERSATION_KEY_PREFIX}${ctx.chatId}`;
  return {
    type: 'context',
    version: CONVERSATION_STATE_VERSION,
    adapter: {
      read: (ctx) => {
        const key = keyOf(ctx);
        return key === undefined ? undefined : byKey.read(key);
      },
      write: async (ctx, state) => {
        const key = keyOf(ctx);
        if (key !== undefined) await byKey.write(key, state);
      },
      delete: async (ctx) => {
        const key = keyOf(ctx);
        if (key !== undefined) await byKey.delete(key);
      },
    },
  };
}

/** Conversation state as it was read at the start of each update still being handled. */
export interface ConversationRewind<C extends Context> {
  storage: ConversationStorage<C, ConversationData>;
  /**
   * Puts the chat's conversation state back as the update found it. For an update that failed for a reason
   * outside it (the database went away) and will be handled again: the conversations plugin has already
   * saved the failed step as the end of the conversation.
   */
  rewind(ctx: C): Promise<void>;
}

export function rewindableConversationStorage<C extends Context>(
  cache: Cache,
  ttlMs = CONVERSATION_STATE_TTL_MS,
): ConversationRewind<C> {
  const inner = conversationStorage<C>(cache, ttlMs);
  if (inner.type !== 'context') throw new Error('conversationStorage is a context storage');
  const { adapter } = inner;
  const asRead = new WeakMap<object, StoredState | undefined>();
  return {
    storage: {
      ...inner,
      adapter: {
        ...adapter,
        read: async (ctx: C) => {
          const state = await adapter.read(ctx);
          // A copy: the plugin changes the state it was given in place.
          asRead.set(ctx.update, structuredClone(state));
          return state;
        },
      },
    },
    async rewind(ctx) {
      if (!asRead.has(ctx.update)) return; // no conversation state was read: nothing to put back
      const state = asRead.get(ctx.update);
      if (state === undefined) await adapter.delete(ctx);
      else await adapter.write(ctx, state);
    },
  };
}
