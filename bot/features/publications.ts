// /publications: the client's publication list, pasted or sent as a .bib, .csv or .txt file, shown back as
// the bot read it (title, venue, year, authors, peer review, the client's place among the authors), with
// the lines it could not read and the duplicates named, then added with one Confirm as one scholarly-article
// exhibit per article. Confirming twice, or a redelivered Confirm, adds nothing more; Cancel adds nothing.
import { createConversation } from '@grammyjs/conversations';
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import { fieldLabelKey } from '../../core/eb1a/evidence.ts';
import {
  MAX_LIST_ARTICLES,
  MAX_LIST_CHARACTERS,
  clientNameOf,
  previewPublicationImport,
} from '../../core/eb1a/publication-import.ts';
import type { ExistingArticle, ImportArticle, ImportPreview } from '../../core/eb1a/publication-import.ts';
import type { BotContext, ConversationContext } from '../context.ts';
import { escapeHtml, splitForTelegram } from '../telegram-text.ts';
import { activeCaseOrExplain } from './cases.ts';
import { Asking, type EvidenceConversation } from './evidence/asking.ts';
import { downloadTelegramFile, type IncomingDocument } from './evidence/downloads.ts';
import { keepingErrors } from '../conversation-external.ts';

const PUBLICATIONS_CONVERSATION = 'publication-list';

/** A list file is read whole, so it is held to the same size as a pasted list. */
export const MAX_LIST_FILE_BYTES = MAX_LIST_CHARACTERS;

const LIST_FILE_EXTENSIONS = /\.(bib|bibtex|csv|tsv|txt|ris)$/i;

/** Authors shown per article before "and N more". */
const AUTHORS_SHOWN = 4;

interface CaseRef {
  caseId: string;
  clientName: string;
}

type Speaker = Pick<ConversationContext, 't'>;

// ---------------------------------------------------------------------------------------------
// Reading a list file from Telegram
// ---------------------------------------------------------------------------------------------

type FileText = { ok: true; text: string } | { ok: false; message: string };

/** Downloads a list file within MAX_LIST_FILE_BYTES and decodes it as UTF-8 text, or says what is wrong. */
async function readListFile(outer: BotContext, document: IncomingDocument): Promise<FileText> {
  const name = document.name;
  if (!LIST_FILE_EXTENSIONS.test(name)) {
    return { ok: false, message: outer.t('publications-file-wrong-type', { name }) };
  }
  const tooLarge = {
    ok: false,
    message: outer.t('publications-file-too-large', { name, limit: MAX_LIST_FILE_BYTES / 1024 }),
  } as const;
  // The shared download (retries, the size limit checked before and while reading), with this list's limit.
  const downloaded = await downloadTelegramFile(outer.app, outer.api, document, MAX_LIST_FILE_BYTES);
  if (!downloaded.ok) {
    return downloaded.reason === 'too_large'
      ? tooLarge
      : { ok: false, message: outer.t('publications-file-download-failed', { name }) };
  }
  const bytes = downloaded.bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: outer.t('publications-file-not-text', { name }) };
  }
  // A NUL byte never occurs in a text export; it means a binary file renamed to .txt or .bib.
  if (text.includes('\u0000')) return { ok: false, message: outer.t('publications-file-not-text', { name }) };
  return { ok: true, text: text.replace(/^\uFEFF/, '') };
}

// ---------------------------------------------------------------------------------------------
// The preview, in the lawyer's language
// ---------------------------------------------------------------------------------------------

function articleLines(ctx: Speaker, article: ImportArticle, number: number, client: string): string[] {
  const unknown = ctx.t('publications-unknown');
  const { fields } = article;
  const lines = [
    ctx.t('publications-line', {
      number,
      title: escapeHtml(fields.articleTitle ?? unknown),
      venue: escapeHtml(fields.venue ?? unknown),
      year: fields.year === undefined ? unknown : String(fields.year),
    }),
  ];
  const details: string[] = [];
  if (article.authors.length > 0) {
    const shown = article.authors.slice(0, AUTHORS_SHOWN).join(', ');
    const more = article.authors.length - AUTHORS_SHOWN;
    details.push(
      more > 0
        ? ctx.t('publications-line-authors-more', { authors: escapeHtml(shown), more })
        : ctx.t('publications-line-authors', { authors: escapeHtml(shown) }),
    );
  }
  details.push(
    article.clientPosition === undefined
      ? ctx.t('publications-line-position-unknown', { client: escapeHtml(client) })
      : ctx.t('publications-line-position', {
          client: escapeHtml(client),
          position: article.clientPosition,
          count: article.authors.length,
        }),
  );
  details.push(
    fields.peerReviewed === undefined
      ? ctx.t('publications-line-peer-review-unknown')
      : ctx.t(
          fields.peerReviewed ? 'publications-line-peer-reviewed' : 'publications-line-not-peer-reviewed',
        ),
  );
  lines.push(`   ${details.join(' · ')}`);
  return lines;
}

function incompleteLine(ctx: Speaker, article: ImportArticle, client: string): string {
  const source = escapeHtml(article.fields.articleTitle ?? article.doi ?? article.source);
  const clientMissing = article.authors.length > 0 && article.clientPosition === undefined;
  if (clientMissing) {
    return ctx.t('publications-incomplete-client', {
      source,
      client: escapeHtml(client),
      authors: escapeHtml(article.authors.slice(0, AUTHORS_SHOWN).join(', ')),
    });
  }
  const missing = article.missing.map((key) => ctx.t(fieldLabelKey('scholarly_articles', key))).join(', ');
  return ctx.t('publications-incomplete-line', { source, missing: escapeHtml(missing) });
}

/** The whole preview as Telegram HTML: the articles to add, then what will not be added and why. */
export function renderPreview(ctx: Speaker, preview: ImportPreview, client: string): string {
  const lines = [
    `<b>${ctx.t('publications-heading', { client: escapeHtml(client), ready: preview.ready.length })}</b>`,
    '',
  ];
  preview.ready.forEach((article, index) => lines.push(...articleLines(ctx, article, index + 1, client)));
  if (preview.incomplete.length > 0) {
    lines.push(
      '',
      `<b>${ctx.t('publications-incomplete-heading', { count: preview.incomplete.length })}</b>`,
    );
    lines.push(...preview.incomplete.map((article) => incompleteLine(ctx, article, client)));
    lines.push(ctx.t('publications-incomplete-hint'));
  }
  if (preview.unreadable.length > 0) {
    lines.push(
      '',
      `<b>${ctx.t('publications-unreadable-heading', { count: preview.unreadable.length })}</b>`,
    );
    lines.push(
      ...preview.unreadable.map((source) =>
        ctx.t('publications-unreadable-line', { source: escapeHtml(source) }),
      ),
    );
  }
  if (preview.duplicates.length > 0) {
    lines.push(
      '',
      `<b>${ctx.t('publications-duplicates-heading', { count: preview.duplicates.length })}</b>`,
    );
    lines.push(
      ...preview.duplicates.map((duplicate) =>
        duplicate.exhibitNumber === undefined
          ? ctx.t('publications-duplicate-of-list', { source: escapeHtml(duplicate.source) })
          : ctx.t('publications-duplicate-of-exhibit', {
              source: escapeHtml(duplicate.source),
              exhibit: ctx.t('evidence-exhibit', { number: duplicate.exhibitNumber }),
            }),
      ),
    );
  }
  if (preview.overCap > 0) {
    lines.push('', ctx.t('publications-over-cap', { max: MAX_LIST_ARTICLES, count: preview.overCap }));
  }
  return lines.join('\n');
}

/** "Exhibits 5–12, Exhibit 14": consecutive numbers as one range, so forty articles fit one line. */
function exhibitRanges(ctx: Speaker, numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j += 1;
    const from = sorted[i] ?? 0;
    const to = sorted[j] ?? 0;
    ranges.push(
      from === to
        ? ctx.t('evidence-exhibit', { number: from })
        : ctx.t('publications-exhibit-range', { from, to }),
    );
    i = j + 1;
  }
  return ranges.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Reading the case and adding the articles
// ---------------------------------------------------------------------------------------------

async function existingArticles(outer: BotContext, caseId: string): Promise<ExistingArticle[]> {
  const exhibits = await outer.app.evidence.list(outer.lawyer.id, caseId);
  return exhibits.flatMap((exhibit) =>
    exhibit.claims.flatMap((claim) =>
      claim.criterion === 'scholarly_articles'
        ? [
            {
              exhibitNumber: exhibit.exhibitNumber,
              articleTitle: claim.fields.articleTitle,
              year: claim.fields.year,
            },
          ]
        : [],
    ),
  );
}

/** One exhibit per article, each keyed by the article so a second Confirm finds the first one's exhibits. */
async function addArticles(
  outer: BotContext,
  caseId: string,
  articles: readonly ImportArticle[],
): Promise<{ created: number[]; before: number }> {
  const created: number[] = [];
  let before = 0;
  for (const article of articles) {
    const result = await outer.app.evidence.add(
      outer.lawyer.id,
      caseId,
      { criterion: 'scholarly_articles', fields: article.fields },
      { sourceKey: article.sourceKey },
    );
    if (result.created) created.push(result.evidence.exhibitNumber);
    else before += 1;
  }
  outer.log.info({ caseId, created: created.length, before }, 'publication list added');
  return { created, before };
}

// ---------------------------------------------------------------------------------------------
// The conversation
// ---------------------------------------------------------------------------------------------

async function importConversation(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  caseRef: CaseRef,
  firstText: string,
): Promise<void> {
  const asking = await Asking.start(conversation);
  const client = caseRef.clientName;
  const clientName = clientNameOf(client);
  const texts: string[] = [];
  let current = ctx;
  let preview: ImportPreview | null = null;
  let incoming = firstText.trim() === '' ? null : firstText;
  if (incoming === null) {
    asking.nextToken();
    await ctx.reply(ctx.t('publications-ask', { client, max: MAX_LIST_ARTICLES }), {
      reply_markup: new InlineKeyboard().text(ctx.t('publications-button-cancel'), asking.button('cancel')),
    });
  }
  for (;;) {
    if (incoming !== null) {
      const size = texts.reduce((sum, text) => sum + text.length, incoming.length);
      if (size > MAX_LIST_CHARACTERS) {
        await current.reply(current.t('publications-too-long', { size, max: MAX_LIST_ARTICLES }));
      } else {
        const existing = await conversation.external(
          keepingErrors((outer) => existingArticles(outer, caseRef.caseId)),
        );
        const next = previewPublicationImport([...texts, incoming], clientName, existing);
        if (next.ready.length + next.incomplete.length + next.duplicates.length === 0) {
          await current.reply(current.t('publications-empty'));
        } else {
          texts.push(incoming);
          preview = next;
          await showPreview(current, asking, preview, client);
        }
      }
      incoming = null;
    }
    const reply = await asking.reply();
    current = reply.ctx;
    if (reply.kind === 'text') {
      incoming = reply.text;
      continue;
    }
    if (reply.kind === 'document') {
      const document = reply.document;
      const read = await conversation.external(keepingErrors((outer) => readListFile(outer, document)));
      if (read.ok) incoming = read.text;
      else await current.reply(read.message);
      continue;
    }
    if (reply.action === 'cancel') {
      await current.reply(current.t('publications-cancelled'));
      return;
    }
    if (reply.action === 'confirm' && preview !== null && preview.ready.length > 0) {
      const articles = preview.ready;
      const { created, before } = await conversation.external(
        keepingErrors((outer) => addArticles(outer, caseRef.caseId, articles)),
      );
      const lines: string[] = [];
      if (created.length > 0) {
        lines.push(
          current.t('publications-added', {
            created: created.length,
            client,
            exhibits: exhibitRanges(current, created),
          }),
        );
      }
      if (before > 0) lines.push(current.t('publications-added-before', { count: before }));
      lines.push(current.t('publications-added-next'));
      await current.reply(lines.join('\n'));
      return;
    }
  }
}

/** The preview in as many messages as it needs, then the Confirm and Cancel buttons under the last one. */
async function showPreview(
  ctx: ConversationContext,
  asking: Asking,
  preview: ImportPreview,
  client: string,
): Promise<void> {
  for (const message of splitForTelegram(renderPreview(ctx, preview, client))) {
    await ctx.reply(message, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  }
  asking.nextToken();
  const keyboard = new InlineKeyboard();
  const count = preview.ready.length;
  if (count > 0) keyboard.text(ctx.t('publications-button-confirm', { count }), asking.button('confirm'));
  keyboard.text(ctx.t('publications-button-cancel'), asking.button('cancel'));
  await ctx.reply(
    count > 0 ? ctx.t('publications-confirm-prompt', { count }) : ctx.t('publications-nothing-to-add'),
    { reply_markup: keyboard },
  );
}

export function publicationsFeature(_app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(importConversation, PUBLICATIONS_CONVERSATION));

  // "/publications" alone asks for the list; "/publications <list>" reads the list pasted after it.
  feature.command('publications', async (ctx) => {
    const active = await activeCaseOrExplain(ctx.app, ctx);
    if (!active) return;
    if (Object.keys(ctx.conversation.active()).length > 0) await ctx.conversation.exitAll();
    const caseRef: CaseRef = { caseId: active.id, clientName: active.clientName };
    await ctx.conversation.enter(PUBLICATIONS_CONVERSATION, caseRef, ctx.match);
  });

  return feature;
}
