// The lawyer's way in: /start (welcome and the main menu), /help, /cancel, and the command menu
// Telegram shows next to the message field, in English and in Russian.
import { Composer, InlineKeyboard, type Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { App } from '../../core/app.ts';
import {
  DEFAULT_LOCALE,
  LOCALES,
  createTranslator,
  type Locale,
  type Translator,
} from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';
import { english } from '../english.ts';
import { inProgress } from '../in-progress.ts';
import { escapeHtml } from '../telegram-text.ts';

/** The commands in Telegram's menu, in the order a lawyer meets them, with their descriptions' keys. */
const COMMANDS: ReadonlyArray<{ command: string; description: string }> = [
  { command: 'start', description: 'start-command-start' },
  { command: 'newcase', description: 'start-command-newcase' },
  { command: 'cases', description: 'start-command-cases' },
  { command: 'case', description: 'start-command-case' },
  { command: 'intake', description: 'start-command-intake' },
  { command: 'evidence', description: 'start-command-evidence' },
  { command: 'publications', description: 'publications-command' },
  { command: 'analyze', description: 'start-command-analyze' },
  { command: 'ask', description: 'start-command-ask' },
  { command: 'note', description: 'start-command-note' },
  { command: 'notes', description: 'start-command-notes' },
  { command: 'packet', description: 'packet-command' },
  { command: 'draft', description: 'drafting-command-draft' },
  { command: 'letters', description: 'drafting-command-letters' },
  { command: 'drafts', description: 'drafting-command-drafts' },
  { command: 'language', description: 'start-command-language' },
  { command: 'apikey', description: 'start-command-apikey' },
  { command: 'cancel', description: 'start-command-cancel' },
  { command: 'help', description: 'start-command-help' },
];

type Translate = (key: string) => string;

/** The command menu worded by `t`. */
export function commandMenu(t: Translate): BotCommand[] {
  return COMMANDS.map(({ command, description }) => ({ command, description: t(description) }));
}

/** The command menu in English (Telegram's default for every language we do not speak). */
export const COMMAND_MENU: readonly BotCommand[] = commandMenu((key) => english(key));

/**
 * Callback data of the main menu buttons. Each is handled by its feature, the same as its command
 * (`menu:cases` does what /cases does).
 */
export const MENU = {
  newCase: 'menu:newcase',
  cases: 'menu:cases',
  intake: 'menu:intake',
  evidence: 'menu:evidence',
  analyze: 'menu:analyze',
} as const;

function mainMenu(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('start-button-new-case'), MENU.newCase)
    .text(t('start-button-my-cases'), MENU.cases)
    .row()
    .text(t('start-button-intake'), MENU.intake)
    .text(t('start-button-evidence'), MENU.evidence)
    .row()
    .text(t('start-button-analyze'), MENU.analyze);
}

/**
 * Sets Telegram's command menu, once when a transport starts: English for everyone, and each other
 * language for the lawyers whose Telegram speaks it.
 */
export async function setCommandMenu(api: Api, translator: Translator = createTranslator()): Promise<void> {
  const scope = { type: 'all_private_chats' } as const;
  for (const locale of LOCALES) {
    const commands = commandMenu((key) => translator.t(locale, key));
    if (locale === DEFAULT_LOCALE) await api.setMyCommands(commands, { scope });
    else await api.setMyCommands(commands, { scope, language_code: locale satisfies Locale });
  }
}

function helpText(t: Translate): string {
  const lines = commandMenu(t).map(({ command, description }) => `/${command} — ${escapeHtml(description)}`);
  return [
    `<b>${escapeHtml(t('start-help-heading'))}</b>`,
    '',
    ...lines,
    '',
    escapeHtml(t('start-help-privacy')),
  ].join('\n');
}

export function startFeature(_app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('start', async (ctx) => {
    const name = ctx.lawyer.displayName ?? ctx.from?.first_name ?? ctx.t('start-name-fallback');
    await ctx.reply(ctx.t('start-welcome', { name: escapeHtml(name) }), {
      parse_mode: 'HTML',
      reply_markup: mainMenu((key) => ctx.t(key)),
    });
  });

  feature.command('help', async (ctx) => {
    await ctx.reply(
      helpText((key) => ctx.t(key)),
      { parse_mode: 'HTML' },
    );
  });

  // One notion of what is in progress: a conversation ends, a running intake pauses at its question.
  feature.command('cancel', async (ctx) => {
    const current = await inProgress(ctx);
    const done = { reply_markup: { remove_keyboard: true } } as const;
    switch (current.kind) {
      case 'conversation':
        await ctx.conversation.exitAll();
        await ctx.reply(ctx.t('start-cancel-stopped'), done);
        return;
      case 'intake': {
        const paused = await ctx.app.intake.pause(ctx.lawyer.id, current.active.id);
        await ctx.reply(
          ctx.t('start-cancel-intake-paused', {
            position: paused.position?.position ?? current.state.position?.position ?? 0,
            total: paused.total,
          }),
          done,
        );
        return;
      }
      case 'nothing':
        await ctx.reply(ctx.t('start-cancel-nothing'), done);
        return;
    }
  });

  return feature;
}
