// Documents of an exhibit: sending them right after the questions, attaching more later, and sending a
// stored document back. (A document sent on its own is read into a proposal: proposals.ts.)
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import type { BotContext, ConversationContext } from '../../context.ts';
import { loadExhibit } from './adding.ts';
import { Asking, type EvidenceConversation } from './asking.ts';
import { acceptedFilesText, attachDocument } from './downloads.ts';
import { afterSaveKeyboard, exhibitName, type ExhibitSnapshot } from './rendering.ts';
import { keepingErrors } from '../../conversation-external.ts';

/** Buttons per list message: Telegram allows 100; a long list is better read than scrolled. */
export const MAX_LIST_BUTTONS = 40;

/** "Send documents for Exhibit 3, or press Done": attaches each document as it arrives. */
export async function collectDocuments(
  asking: Asking,
  ctx: ConversationContext,
  exhibit: Pick<ExhibitSnapshot, 'id' | 'exhibitNumber'>,
): Promise<void> {
  const accepted = await asking.conversation.external(
    keepingErrors((outer) => acceptedFilesText(outer, outer.app.files.policy)),
  );
  let current = ctx;
  let prompt = current.t('evidence-send-documents', {
    exhibit: exhibitName(current, exhibit.exhibitNumber),
    accepted,
  });
  for (;;) {
    asking.nextToken();
    await current.reply(prompt, {
      reply_markup: new InlineKeyboard().text(current.t('evidence-button-done'), asking.button('done')),
    });
    const reply = await asking.reply();
    if (reply.kind === 'button') {
      if (reply.action !== 'done') continue;
      await reply.ctx.reply(
        reply.ctx.t('evidence-saved-what-next', { exhibit: exhibitName(reply.ctx, exhibit.exhibitNumber) }),
        {
          reply_markup: afterSaveKeyboard(reply.ctx),
        },
      );
      return;
    }
    // Anything other than a document means the lawyer has moved on: let the rest of the bot answer it.
    if (reply.kind === 'text') return asking.conversation.halt({ next: true });
    current = reply.ctx;
    const result = await asking.conversation.external(
      keepingErrors((outer) => attachDocument(outer, exhibit.id, reply.document)),
    );
    if (!result.ok) {
      prompt = result.message;
      continue;
    }
    const params = { name: result.fileName, exhibit: exhibitName(current, result.exhibitNumber) };
    prompt = current.t(
      result.attached ? 'evidence-document-attached-more' : 'evidence-document-already-attached',
      params,
    );
  }
}

export async function attachConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  evidenceId: string,
): Promise<void> {
  const loaded = await loadExhibit(conversation, evidenceId);
  if (!loaded.ok) {
    await ctx.reply(loaded.message);
    return;
  }
  await collectDocuments(await Asking.start(conversation), ctx, loaded.exhibit);
}

/** Sends a stored document of the exhibit back to the lawyer. */
export function documentHandlers(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(/^ev:file:([^:]+):([0-9a-f]+)$/, async (ctx) => {
    const exhibit = await ctx.app.evidence.get(ctx.lawyer.id, ctx.match[1] ?? '');
    const file = exhibit.files.find((candidate) => candidate.sha256.startsWith(ctx.match[2] ?? '-'));
    if (!file) {
      await ctx.answerCallbackQuery({ text: ctx.t('evidence-document-gone') });
      return;
    }
    const content = await ctx.app.evidence.readFile(ctx.lawyer.id, exhibit.id, file.sha256);
    await ctx.answerCallbackQuery();
    await ctx.replyWithDocument(new InputFile(content.bytes, content.fileName), {
      caption: `${exhibitName(ctx, exhibit.exhibitNumber)}: ${exhibit.title}`.slice(0, 1024),
    });
  });
  return feature;
}
