// A drafting summary longer than one Telegram message is sent as several, split between whole lines, so
// Telegram never refuses it as too long and no HTML tag is cut in half.
import { describe, expect, it } from 'vitest';
import { summaryMessages } from '../../../core/drafting/jobs.ts';

describe('summary messages', () => {
  it('sends a summary that fits as one message, unchanged', () => {
    const html = '<b>Drafts for Jane Doe</b>\n\n• (i) Awards\n• (iv) Judging';
    expect(summaryMessages(html)).toEqual([html]);
  });

  it('splits a long summary between lines, each message within the limit, nothing lost', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `<i>Section ${String(i)}</i>: reason &amp; more`);
    const messages = summaryMessages(lines.join('\n'), 500);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(500);
      // Every message opens and closes its own tags.
      expect(message.split('<i>')).toHaveLength(message.split('</i>').length);
    }
    expect(messages.join('\n')).toBe(lines.join('\n'));
  });

  it('cuts a single line longer than a message as plain text, never in the middle of an entity', () => {
    const line = `<i>${'a'.repeat(95)} &amp; more</i>`;
    const [message] = summaryMessages(line, 100);
    expect(message).toBe(`${'a'.repeat(95)} `);
  });
});
