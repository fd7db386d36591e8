// Where a half-finished conversation waits for the lawyer's next message.
import { uniformStorage, type ConversationData } from '@grammyjs/conversations';
import { Context } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { openMemoryCache } from '../../../core/cache/memory.ts';
import { botUserFromGetMe } from '../../../bot/transports/bot-api-stand-in.ts';
import {
  CONVERSATION_KEY_PREFIX,
  CONVERSATION_STATE_TTL_MS,
  CONVERSATION_STATE_VERSION,
  conversationStorage,
} from '../../../bot/conversation-storage.ts';

const me = botUserFromGetMe({ id: 1, first_name: 'bot', username: 'bot' });
const contextIn = (update: Partial<Update>) => new Context({ update_id: 1, ...update }, null as never, me);
const messageIn = (chatId: number) =>
  contextIn({
    message: {
      message_id: 1,
      date: 1,
      chat: { id: chatId, type: 'private', first_name: 'A' },
      from: { id: chatId, is_bot: false, first_name: 'A' },
      text: 'x',
    },
  });

const state: ConversationData = { intake: [{ replay: { send: [], receive: [] }, interrupts: [3] }] };

describe('conversation storage', () => {
  it('keeps one versioned state per chat, with an expiry', async () => {
    let now = 0;
    const cache = openMemoryCache({ now: () => now });
    const storageOf = uniformStorage(conversationStorage<Context>(cache));

    await storageOf(messageIn(42)).write(state);
    expect(await storageOf(messageIn(42)).read()).toEqual(state);
    expect(await storageOf(messageIn(43)).read()).toBeUndefined();
    expect(JSON.parse((await cache.get(`${CONVERSATION_KEY_PREFIX}42`)) ?? 'null')).toEqual({
      version: [0, CONVERSATION_STATE_VERSION],
      state,
    });

    now += CONVERSATION_STATE_TTL_MS + 1;
    expect(await storageOf(messageIn(42)).read()).toBeUndefined();
    await cache.close();
  });

  it('discards state saved by another version of the conversations instead of replaying it', async () => {
    const cache = openMemoryCache();
    await cache.set(
      `${CONVERSATION_KEY_PREFIX}42`,
      JSON.stringify({ version: [0, CONVERSATION_STATE_VERSION - 1], state }),
    );
    expect(await uniformStorage(conversationStorage<Context>(cache))(messageIn(42)).read()).toBeUndefined();
    await cache.close();
  });

  it('stores nothing for updates without a chat, rather than under one shared key', async () => {
    const cache = openMemoryCache();
    const storage = uniformStorage(conversationStorage<Context>(cache))(
      contextIn({
        inline_query: { id: '1', from: { id: 5, is_bot: false, first_name: 'A' }, query: '', offset: '' },
      }),
    );
    await storage.write(state);
    expect(await cache.get(`${CONVERSATION_KEY_PREFIX}undefined`)).toBeNull();
    expect(await storage.read()).toBeUndefined();
    await cache.close();
  });

  it('deletes the state when the conversation ends', async () => {
    const cache = openMemoryCache();
    const storage = uniformStorage(conversationStorage<Context>(cache))(messageIn(7));
    await storage.write(state);
    await storage.delete();
    expect(await cache.get(`${CONVERSATION_KEY_PREFIX}7`)).toBeNull();
    await cache.close();
  });
});
