// The one list of the bot's features, in the order they see an update. A feature is a function that
// builds one Composer from the app's services; the first feature that handles an update ends its journey.
//
// To add a feature: write `bot/features/<name>.ts` (or, for a feature of several concerns, a folder with an
// `index.ts`) exporting `<name>Feature(app): Composer<BotContext>` and add it to FEATURES. A feature with a
// conversation registers it at the top of its own composer with `feature.use(createConversation(builder,
// 'id'))` (see bot/create-bot.ts on conversations).
import type { Composer } from 'grammy';
import type { App } from '../../core/app.ts';
import type { BotContext } from '../context.ts';
import { analyzeFeature } from './analyze.ts';
import { apiKeyFeature } from './apikey.ts';
import { askFeature } from './ask.ts';
import { broadcastFeature } from './broadcast.ts';
import { casesFeature } from './cases.ts';
import { draftingFeature } from './drafting.ts';
import { evidenceFeature } from './evidence/index.ts';
import { intakeFeature } from './intake.ts';
import { languageFeature } from './language.ts';
import { packetFeature } from './packet.ts';
import { publicationsFeature } from './publications.ts';
import { startFeature } from './start.ts';
import { unhandledFeature } from './unhandled.ts';

export type Feature = (app: App) => Composer<BotContext>;

/**
 * /start, /help and /cancel come first so they work even while a conversation is waiting for an answer.
 * The intake takes free text as answers while it runs, so it sits before any feature that reads free text.
 * /publications waits for a pasted list or a list file, so it sits before the intake and /evidence (which
 * would otherwise take the text as an answer, or the file as an exhibit's document).
 */
export const FEATURES: readonly Feature[] = [
  startFeature,
  languageFeature,
  casesFeature,
  publicationsFeature,
  intakeFeature,
  evidenceFeature,
  analyzeFeature,
  askFeature,
  packetFeature,
  draftingFeature,
  apiKeyFeature,
  broadcastFeature,
];

/** Every feature composer in order, the catch-all last. */
export function featureComposers(app: App, features: readonly Feature[] = FEATURES): Composer<BotContext>[] {
  return [...features.map((feature) => feature(app)), unhandledFeature()];
}
