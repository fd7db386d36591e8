// The context every bot handler sees: the core services, a per-update logger, and the lawyer.
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { BotUser } from '../core/access/users.ts';
import type { App } from '../core/app.ts';
import type { BotUpdateOutcome } from '../core/metrics.ts';

export interface BotFlavor {
  app: App;
  /** Child logger carrying update id, user id and (once known) case id. */
  log: Logger;
  /** Set by the allow-list middleware; every handler after it may rely on it. */
  lawyer: BotUser;
  /** Why the update was not handled, set with `stopUpdate` (middleware/update-metrics.ts); absent when it was. */
  stoppedAs?: Exclude<BotUpdateOutcome, 'handled'>;
}

export type BotContext = ConversationFlavor<Context & BotFlavor & I18nFlavor>;
/** Inside a conversation (conversations v2 builds its own context objects). */
export type ConversationContext = Context & BotFlavor & I18nFlavor;
