// An error thrown by a conversation's outside work (`conversation.external`) reaches the error boundary as
// itself, so the lawyer reads what went wrong, not the general "something went wrong".
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer } from 'grammy';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BotContext, ConversationContext } from '../../../bot/context.ts';
import { keepingErrors } from '../../../bot/conversation-external.ts';
import { ValidationError } from '../../../core/errors.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

const SPECIFIC = 'That client name is already used by another of your cases.';

function feature(wrap: boolean): () => Composer<BotContext> {
  async function save(conversation: Conversation<BotContext, ConversationContext>, ctx: ConversationContext) {
    await ctx.reply('Name?');
    await conversation.waitFor('message:text');
    const task = () => {
      throw new ValidationError([], {}, { userMessage: SPECIFIC });
    };
    await conversation.external(wrap ? keepingErrors(task) : task);
  }
  const id = wrap ? 'kept' : 'plain';
  return () => {
    const composer = new Composer<BotContext>();
    composer.use(createConversation(save, id));
    composer.command(id, (ctx) => ctx.conversation.enter(id));
    return composer;
  };
}

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { features: [feature(true), feature(false)] } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

it('tells the lawyer the words of the error thrown in outside work', async () => {
  const lawyer = await h.addUser();
  await h.say(lawyer, '/kept');
  await h.say(lawyer, 'Jane Doe');
  expect(h.textsTo(lawyer.id)[1]).toContain(SPECIFIC);
});

it('without it, the plugin hands back a plain Error and the lawyer reads only the general message', async () => {
  const lawyer = await h.addUser();
  await h.say(lawyer, '/plain');
  await h.say(lawyer, 'Jane Doe');
  expect(h.textsTo(lawyer.id)[1]).not.toContain(SPECIFIC);
  expect(h.textsTo(lawyer.id)[1]).toMatch(/went wrong/);
});
