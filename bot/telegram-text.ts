// Telegram HTML for every reply: one escaping rule, a tagged template that applies it, and splitting of
// long texts into messages that each stay valid HTML under Telegram's 4096-character limit.
import { InputFile, type Context } from 'grammy';

export const TELEGRAM_MESSAGE_LIMIT = 4096;
/** Above this many messages a reply arrives as one .txt document instead of a wall of messages. */
export const MAX_MESSAGES_PER_REPLY = 4;

/** Escapes text for Telegram's HTML parse mode (also safe inside a double-quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A fragment already in Telegram HTML: `html` inserts it as it is. Only for HTML we built ourselves. */
export class TrustedHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** Marks HTML built by `html` (or by our own code) so another `html` template does not escape it again. */
export function raw(fragment: string): TrustedHtml {
  return new TrustedHtml(fragment);
}

type Interpolation = string | number | bigint | boolean | null | undefined | TrustedHtml;

function render(value: Interpolation | readonly Interpolation[]): string {
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  if (value instanceof TrustedHtml) return value.value;
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template for replies: every interpolated value is escaped unless wrapped in `raw()`; arrays
 * are concatenated (each element escaped or raw). Client names and evidence titles come from users,
 * so this is the only way text reaches Telegram's HTML parser.
 */
export function html(
  strings: TemplateStringsArray,
  ...values: Array<Interpolation | readonly Interpolation[]>
): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return out;
}

/** Plain text of a Telegram HTML string: tags dropped, entities decoded (for .txt documents). */
export function htmlToPlainText(source: string): string {
  return source
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(lt|gt|quot|amp|#(\d+)|#x([0-9a-f]+));/gi,
      (_all, name: string, dec?: string, hex?: string) => {
        if (dec) return String.fromCodePoint(Number(dec));
        if (hex) return String.fromCodePoint(parseInt(hex, 16));
        return { lt: '<', gt: '>', quot: '"', amp: '&' }[name.toLowerCase()] ?? '';
      },
    );
}

interface OpenTag {
  name: string;
  /** The opening tag as written, attributes included, so it can be reopened in the next message. */
  open: string;
}

const TAG = /<(\/?)([a-z][a-z0-9-]*)\b[^>]*>/gi;

/** Which tags are still open after `segment`, starting from `open`. */
function tagsOpenAfter(open: readonly OpenTag[], segment: string): OpenTag[] {
  const stack = [...open];
  for (const match of segment.matchAll(TAG)) {
    const [whole, slash, rawName] = match;
    const name = (rawName ?? '').toLowerCase();
    if (slash) {
      const at = stack.map((t) => t.name).lastIndexOf(name);
      if (at >= 0) stack.splice(at);
    } else if (!whole.endsWith('/>')) {
      stack.push({ name, open: whole });
    }
  }
  return stack;
}

const closingTags = (open: readonly OpenTag[]) =>
  [...open]
    .reverse()
    .map((t) => `</${t.name}>`)
    .join('');

/** Positions in `text[0..end]` where a cut leaves every tag, entity and surrogate pair whole. */
function safeCutPositions(text: string, end: number): boolean[] {
  const safe = new Array<boolean>(end + 1).fill(true);
  let inTag = false;
  let entityStart = -1;
  for (let i = 0; i < end; i++) {
    const ch = text[i];
    if (inTag) {
      safe[i] = false;
      if (ch === '>') inTag = false;
      continue;
    }
    if (entityStart >= 0) {
      safe[i] = false;
      if (ch === ';' || i - entityStart > 10) entityStart = -1;
      continue;
    }
    if (ch === '<') inTag = true;
    else if (ch === '&') entityStart = i;
    else {
      const code = text.charCodeAt(i);
      if (code >= 0xdc00 && code <= 0xdfff) safe[i] = false; // between the halves of an emoji
    }
  }
  if (inTag || entityStart >= 0) safe[end] = false;
  if (end < text.length) {
    const code = text.charCodeAt(end);
    if (code >= 0xdc00 && code <= 0xdfff) safe[end] = false;
  }
  return safe;
}

/** Where to cut `text` so the first part has at most `budget` characters; prefers paragraphs, then lines, then words. */
function chooseCut(text: string, budget: number): { cut: number; skip: number } {
  if (text.length <= budget) return { cut: text.length, skip: 0 };
  const safe = safeCutPositions(text, budget);
  for (const separator of ['\n\n', '\n', ' ']) {
    let at = text.lastIndexOf(separator, budget - 1);
    while (at > 0) {
      if (safe[at]) return { cut: at, skip: separator.length };
      at = text.lastIndexOf(separator, at - 1);
    }
  }
  let cut = budget;
  while (cut > 1 && !safe[cut]) cut--;
  return { cut: Math.max(cut, 1), skip: 0 };
}

/**
 * Splits Telegram HTML into messages of at most `limit` characters, at paragraph, then line, then word
 * boundaries. A tag open at a cut is closed at the end of one message and reopened at the start of the next.
 */
export function splitForTelegram(source: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let rest = source;
  let carried: OpenTag[] = [];
  while (rest.length > 0) {
    const prefix = carried.map((t) => t.open).join('');
    let budget = limit - prefix.length;
    for (;;) {
      if (budget <= 0) {
        // The reopened tags alone fill a message (absurdly long attributes): give up on reopening them.
        carried = [];
        budget = limit;
      }
      const { cut, skip } = chooseCut(rest, budget);
      const piece = rest.slice(0, cut);
      const open = tagsOpenAfter(carried, piece);
      const body = carried.map((t) => t.open).join('') + piece + closingTags(open);
      if (body.length > limit && cut > 1) {
        budget = Math.min(budget - 1, cut - (body.length - limit));
        continue;
      }
      if (htmlToPlainText(body).trim() !== '') messages.push(body);
      rest = rest.slice(cut + skip);
      carried = open;
      break;
    }
  }
  return messages;
}

/**
 * Sends a long HTML reply: one or a few messages, or above MAX_MESSAGES_PER_REPLY messages a single
 * .txt document (a lawyer can save or forward a long analysis as one file).
 */
export async function replyLong(
  ctx: Context,
  text: string,
  options: { filename?: string; caption?: string } = {},
): Promise<void> {
  const messages = splitForTelegram(text);
  if (messages.length > MAX_MESSAGES_PER_REPLY) {
    const file = new InputFile(Buffer.from(htmlToPlainText(text), 'utf8'), options.filename ?? 'reply.txt');
    await ctx.replyWithDocument(file, {
      caption: options.caption ?? 'The answer is long, so here it is as a document.',
    });
    return;
  }
  for (const message of messages) {
    await ctx.reply(message, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  }
}
