// /apikey: a lawyer issues an API key of their own for the lawyer API (their cases only), shown once;
// `/apikey revoke` revokes every key they hold.
import { Composer } from 'grammy';
import type { App } from '../../core/app.ts';
import type { BotContext } from '../context.ts';
import { html } from '../telegram-text.ts';

/** Keys a lawyer may hold at once: enough for a firm's systems, few enough to keep track of. */
const MAX_KEYS_PER_LAWYER = 5;

export function apiKeyFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('apikey', async (ctx) => {
    const lawyerId = ctx.lawyer.id;
    const actor = `lawyer:${lawyerId}`;
    const held = await app.auth.apiKeys.listForLawyer(lawyerId);

    if (ctx.match.trim().toLowerCase() === 'revoke') {
      for (const key of held) await app.auth.apiKeys.revoke(key.id, actor);
      await ctx.reply(ctx.t('apikey-revoked', { count: held.length }));
      return;
    }
    if (held.length >= MAX_KEYS_PER_LAWYER) {
      await ctx.reply(ctx.t('apikey-too-many', { count: held.length }));
      return;
    }
    const { key } = await app.auth.apiKeys.create({
      name: `Telegram /apikey ${new Date().toISOString().slice(0, 10)}`,
      role: 'lawyer',
      lawyerId,
      createdBy: actor,
    });
    await ctx.reply(
      ctx.t('apikey-issued', { key: html`${key}`, prefix: html`${app.config.app.apiPrefix}` }),
      {
        parse_mode: 'HTML',
      },
    );
  });

  return feature;
}
