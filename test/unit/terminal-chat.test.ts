// The terminal chat's screen: messages read by the same Telegram stand-in as the tests' fake Telegram, drawn
// with styles but never with escape sequences a user smuggled in, and typed lines read as a person means them.
import { describe, expect, it } from 'vitest';
import {
  BotApiError,
  formatText,
  formattedParam,
  TEXT_LIMIT,
} from '../../bot/transports/bot-api-stand-in.ts';
import { parseLine, renderFormatted } from '../../bot/transports/terminal.ts';
import { html, splitForTelegram, TELEGRAM_MESSAGE_LIMIT } from '../../bot/telegram-text.ts';

const BOLD_ON = '\x1b[1m';
const BOLD_OFF = '\x1b[22m';

describe('the terminal draws what Telegram would show', () => {
  it('drops the markup, decodes entities and shows a link with its address', () => {
    const shown = formatText(
      '<b>Case</b> for &lt;Anna&gt; — <a href="https://www.uscis.gov/">USCIS</a>',
      'HTML',
      undefined,
    );
    expect(renderFormatted(shown, false)).toBe('Case for <Anna> — USCIS (https://www.uscis.gov/)');
  });

  it('shows bold as a terminal style only when colours are on', () => {
    const shown = formatText('<b>Exhibit 6</b> does not count', 'HTML', undefined);
    expect(renderFormatted(shown, true)).toBe(`${BOLD_ON}Exhibit 6${BOLD_OFF} does not count`);
    expect(renderFormatted(shown, false)).toBe('Exhibit 6 does not count');
  });

  it('never draws an escape sequence that came in the text, even inside bold text', () => {
    const shown = formatText('<b>&#27;[2J&#27;]0;title&#7;Anna</b>', 'HTML', undefined);
    const drawn = renderFormatted(shown, true);
    expect(drawn).toBe(`${BOLD_ON}[2J]0;titleAnna${BOLD_OFF}`);
  });

  it('refuses HTML that Telegram refuses, with the real wording', () => {
    expect(() => formatText('line<br>next', 'HTML', undefined)).toThrow(BotApiError);
    expect(() => formatText('line<br>next', 'HTML', undefined)).toThrow(
      /can't parse entities: Unsupported start tag "br"/,
    );
  });
});

describe('one message-length limit for the bot and the stand-in', () => {
  it('is the limit the bot splits long replies to', () => {
    expect(TEXT_LIMIT).toBe(TELEGRAM_MESSAGE_LIMIT);
  });

  it('accepts every piece of a long reply split by the bot, and refuses the unsplit reply', () => {
    const paragraph = html`<b>Criterion (iii)</b>: ${'membership in associations that require outstanding achievements & more'}\n`;
    const reply = paragraph.repeat(120);
    expect(() => formattedParam({ text: reply, parse_mode: 'HTML' }, 'text')).toThrow(/message is too long/);
    const pieces = splitForTelegram(reply);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(formattedParam({ text: piece, parse_mode: 'HTML' }, 'text').text.length).toBeLessThanOrEqual(
        TEXT_LIMIT,
      );
    }
  });
});

describe('a typed line', () => {
  it('is a button press when it is a number, and text when escaped with a backslash', () => {
    expect(parseLine(' 2 ')).toEqual({ kind: 'press', number: 2, text: '2' });
    expect(parseLine('\\2')).toEqual({ kind: 'text', text: '2' });
  });

  it('sends a file named in quotes, and asks which file when none is named', () => {
    expect(parseLine('/file "~/Award certificate.pdf"')).toEqual({
      kind: 'file',
      path: '~/Award certificate.pdf',
    });
    expect(parseLine('/file')).toEqual({ kind: 'file', path: undefined });
  });

  it('leaves on /quit or /exit and ignores blank lines; commands for the bot pass through', () => {
    expect(parseLine('/QUIT')).toEqual({ kind: 'quit' });
    expect(parseLine('/exit')).toEqual({ kind: 'quit' });
    expect(parseLine('   ')).toEqual({ kind: 'nothing' });
    expect(parseLine('/newcase Anna Petrova')).toEqual({ kind: 'text', text: '/newcase Anna Petrova' });
  });
});
