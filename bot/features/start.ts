// The lawyer's way in: /start (welcome and the main menu), /help, /cancel, and the command menu
// Telegram shows next to the message field.
import { Composer, InlineKeyboard, type Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { App } from '../../core/app.ts';
import type { BotContext } from '../context.ts';
import { html } from '../telegram-text.ts';

/** The commands in Telegram's menu, in the order a lawyer meets them. */
export const COMMAND_MENU: readonly BotCommand[] = [
  { command: 'start', description: 'Welcome and main menu' },
  { command: 'newcase', description: 'Open a case for a new client' },
  { command: 'cases', description: 'Your cases' },
  { command: 'case', description: 'Show the case you are working on' },
  { command: 'intake', description: 'Guided intake questions for the current case' },
  { command: 'evidence', description: 'Add evidence to the current case' },
  { command: 'analyze', description: 'Analyze the case against the ten EB-1A criteria' },
  { command: 'cancel', description: 'Stop what is in progress' },
  { command: 'help', description: 'What I can do' },
];

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

export function mainMenu(): InlineKeyboard {
  return new InlineKeyboard()
    .text('New case', MENU.newCase)
    .text('My cases', MENU.cases)
    .row()
    .text('Intake', MENU.intake)
    .text('Add evidence', MENU.evidence)
    .row()
    .text('Analyze', MENU.analyze);
}

/** Sets Telegram's command menu; called once when a transport starts. */
export async function setCommandMenu(api: Api): Promise<void> {
  await api.setMyCommands([...COMMAND_MENU], { scope: { type: 'all_private_chats' } });
}

export function welcomeText(name: string): string {
  return html`Hello, ${name}. I help you prepare EB-1A petitions: open a case for each client, go through the intake, add evidence, and see how the case stands against the ten criteria.

Choose what to do, or send /help for the list of commands.`;
}

export function helpText(): string {
  const lines = COMMAND_MENU.map(({ command, description }) => html`/${command} — ${description}`);
  return `${html`<b>What I can do</b>`}\n\n${lines.join('\n')}\n\n${html`Only you see your cases. Nothing you send here is shared with other users.`}`;
}

export function startFeature(_app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('start', async (ctx) => {
    const name = ctx.lawyer.displayName ?? ctx.from?.first_name ?? 'there';
    await ctx.reply(welcomeText(name), { parse_mode: 'HTML', reply_markup: mainMenu() });
  });

  feature.command('help', async (ctx) => {
    await ctx.reply(helpText(), { parse_mode: 'HTML' });
  });

  feature.command('cancel', async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(
      active ? 'Stopped. Send /start for the menu.' : 'Nothing is in progress. Send /start for the menu.',
      { reply_markup: { remove_keyboard: true } },
    );
  });

  return feature;
}
