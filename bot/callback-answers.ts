// Answering a button press that may have been answered already: Telegram delivers an update again after a
// crash or a lost confirmation, and refuses a second answer to the same query. The lawyer saw the first.
import { GrammyError, type Context } from 'grammy';
import type { Logger } from 'pino';

/** Answers the callback query, treating "already answered / too old" as done (logged), anything else as an error. */
export async function answerCallbackOnce(
  ctx: Context & { log: Logger },
  options: { text?: string; show_alert?: boolean },
): Promise<void> {
  try {
    await ctx.answerCallbackQuery(options);
  } catch (err) {
    if (!(err instanceof GrammyError && /query is too old|query ID is invalid/i.test(err.description)))
      throw err;
    ctx.log.info({ updateId: ctx.update.update_id }, 'button press answered before (redelivered update)');
  }
}
