// Telegram HTML: what a client's name or a document title can do to a reply, and how long replies split.
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../bot/context.ts';
import {
  MAX_MESSAGES_PER_REPLY,
  escapeHtml,
  html,
  htmlToPlainText,
  raw,
  replyLong,
  splitForTelegram,
} from '../../../bot/telegram-text.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

describe('escapeHtml and html``', () => {
  it('escapes the characters Telegram parses, so a name cannot inject markup', () => {
    expect(escapeHtml('Smith & Sons <b>"Ltd"</b>')).toBe(
      'Smith &amp; Sons &lt;b&gt;&quot;Ltd&quot;&lt;/b&gt;',
    );
  });

  it('escapes every interpolated value but keeps the template and raw() fragments', () => {
    const client = '<i>Jane</i> & co';
    const bold = html`<b>${client}</b>`;
    expect(bold).toBe('<b>&lt;i&gt;Jane&lt;/i&gt; &amp; co</b>');
    expect(
      html`Client: ${raw(bold)}; exhibits: ${[1, '<2>', raw('<i>3</i>')]}; none: ${null}${undefined}`,
    ).toBe('Client: <b>&lt;i&gt;Jane&lt;/i&gt; &amp; co</b>; exhibits: 1&lt;2&gt;<i>3</i>; none: ');
  });

  it('keeps an attribute value inside its quotes', () => {
    expect(html`<a href="${'https://x.test/?a=1&b="2"'}">link</a>`).toBe(
      '<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">link</a>',
    );
  });

  it('turns HTML back into the text a lawyer reads', () => {
    expect(htmlToPlainText('<b>A &amp; B</b> &lt;3&gt; &quot;q&quot; &#233;&#x41;')).toBe('A & B <3> "q" éA');
  });
});

/** Tags opened and closed in order: what Telegram's parser requires of every single message. */
function balanced(message: string): boolean {
  const stack: string[] = [];
  for (const [, slash, name] of message.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (!slash) stack.push(name ?? '');
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('splitForTelegram', () => {
  it('keeps a short text as one message', () => {
    expect(splitForTelegram('<b>Case 7</b> opened.')).toEqual(['<b>Case 7</b> opened.']);
  });

  it('splits at paragraph boundaries first', () => {
    const paragraph = (n: number) => `Paragraph ${n}. ${'word '.repeat(30).trim()}`;
    const text = [1, 2, 3, 4].map(paragraph).join('\n\n');
    const parts = splitForTelegram(text, 400);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(400);
      expect(part).toMatch(/^Paragraph \d\./);
      expect(part.endsWith('word')).toBe(true);
    }
    expect(parts.join('\n\n')).toBe(text);
  });

  it('falls back to lines, then words, and never cuts inside a tag, an entity or an emoji', () => {
    const line = 'Exhibit <a href="https://example.test/a b">A&amp;B</a> 📎 &lt;signed&gt; ';
    const text = Array.from({ length: 60 }, (_, i) => `${i}: ${line.repeat(3)}`).join('\n');
    for (const limit of [97, 150, 333, 4096]) {
      const parts = splitForTelegram(text, limit);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(balanced(part)).toBe(true);
        expect(part).not.toMatch(/<[^>]*$|&[a-z#0-9]*$/); // no tag or entity cut at the end
        expect(part).not.toMatch(/^[^<]*>|^[a-z#0-9]*;/); // ... or at the start
        expect(part.charCodeAt(part.length - 1)).not.toSatisfy((c: number) => c >= 0xd800 && c <= 0xdbff);
      }
      // Nothing is lost: the words of every message together are the words of the text.
      const words = (s: string) => htmlToPlainText(s).split(/\s+/).filter(Boolean);
      expect(parts.flatMap(words)).toEqual(words(text));
    }
  });

  it('closes a tag left open at a cut and reopens it in the next message', () => {
    const text = `<blockquote expandable><b>${'Strong evidence of original contributions. '.repeat(20)}</b></blockquote>`;
    const parts = splitForTelegram(text, 300);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(300);
      expect(part.startsWith('<blockquote expandable><b>')).toBe(true);
      expect(part.endsWith('</b></blockquote>')).toBe(true);
    }
  });

  it('cuts a single unbroken word that is longer than a message', () => {
    const parts = splitForTelegram('x'.repeat(10_000));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
  });
});

describe('replyLong', () => {
  let h: BotHarness;
  const longText = (paragraphs: number) =>
    Array.from(
      { length: paragraphs },
      (_, i) => html`<b>Criterion ${i + 1}</b> ${'evidence & argument '.repeat(60)}`,
    ).join('\n\n');

  beforeAll(async () => {
    const replies = () => {
      const feature = new Composer<BotContext>();
      feature.command('short', (ctx) => replyLong(ctx, longText(6)));
      feature.command('huge', (ctx) => replyLong(ctx, longText(40), { filename: 'analysis.txt' }));
      return feature;
    };
    h = await startBotHarness({ bot: { features: [replies] } });
  }, 60_000);

  afterAll(async () => {
    await h.close();
  });

  it('sends a long answer as a few valid HTML messages', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/short'));
    const sent = h.sentTo(lawyer.id);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_REPLY);
    expect(sent.every((m) => m.method === 'sendMessage' && m.parse_mode === 'HTML')).toBe(true);
    expect(sent[0]?.text).toMatch(/^Criterion 1 evidence & argument/);
  });

  it('sends a very long answer as one .txt document in plain text', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/huge'));
    const sent = h.sentTo(lawyer.id);
    expect(sent).toHaveLength(1);
    const document = sent[0]?.document;
    expect(document?.file_name).toBe('analysis.txt');
    const body = document?.bytes.toString('utf8') ?? '';
    expect(body).toContain('Criterion 40 evidence & argument');
    expect(body).not.toContain('<b>');
  });
});
