// `megaagent chat` as a person uses it: the real process, typed lines on stdin, the chat read off stdout.
// Nothing configured (ENV unset, no token), only a temporary DATA_DIR.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { NOT_UNDERSTOOD_TEXT } from '../../bot/features/unhandled.ts';
import { textPdf } from '../support/document-fixtures.ts';

const root = resolve(import.meta.dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'bin/megaagent.ts');
// Upper bounds, not waits: the first start creates the embedded database (initdb), which takes seconds
// on an idle machine and over 20 s on a busy CI runner.
const READY_TIMEOUT_MS = 120_000;
const ANSWER_TIMEOUT_MS = 30_000;

interface Chat {
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  transcript(): string;
  /** Resolves once the whole output matches `expected`. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<void>;
  /**
   * Types `line` and resolves with what the chat showed from the echo of that line on, once it matches
   * `expected`. Lines are handled one at a time, so everything after the echo belongs to this line.
   */
  say(line: string, expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Closes stdin, as Ctrl-D does. */
  end(): void;
  exited: Promise<number | null>;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'megaagent-chat-'));
  dirs.push(dir);
  return dir;
}

const running: Array<() => void> = [];
afterEach(() => {
  for (const kill of running.splice(0)) kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const matches = (text: string, expected: string | RegExp) =>
  typeof expected === 'string' ? text.includes(expected) : expected.test(text);

function startChat(env: Record<string, string>, cwd: string): Chat {
  const child = spawn(node, [cli, 'chat'], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  running.push(() => child.kill('SIGKILL'));
  onTestFailed(() => {
    console.log(`--- megaagent chat transcript ---\n${output}\n--- end of transcript ---`);
  });

  async function until(seen: () => string | null, what: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = seen();
      if (found !== null) return found;
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(
          `${what} did not appear${child.exitCode === null ? '' : ' (the chat exited)'}; transcript:\n${output}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return {
    transcript: () => output,
    async waitFor(expected, timeoutMs = ANSWER_TIMEOUT_MS) {
      await until(() => (matches(output, expected) ? output : null), String(expected), timeoutMs);
    },
    async say(line, expected, timeoutMs = ANSWER_TIMEOUT_MS) {
      const mark = output.length;
      child.stdin.write(`${line}\n`);
      // The chat echoes piped lines without their control characters (they never reach the screen).
      // eslint-disable-next-line no-control-regex
      const echo = `you › ${line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')}`;
      return until(
        () => {
          const at = output.indexOf(echo, mark);
          const shown = at < 0 ? null : output.slice(at + echo.length);
          return shown !== null && matches(shown, expected) ? shown : null;
        },
        `the answer to "${line}" (${String(expected)})`,
        timeoutMs,
      );
    },
    end: () => child.stdin.end(),
    exited,
  };
}

describe('megaagent chat', { tags: ['slow'] }, () => {
  it(
    'runs the real bot in the terminal: menu buttons by number, a new case, a document, garbage, Ctrl-D; the case is there next time',
    { timeout: 400_000 },
    async () => {
      const cwd = tempDir();
      const dataDir = join(cwd, 'data');
      const chat = startChat({ DATA_DIR: dataDir }, cwd);

      await chat.waitFor('/quit or Ctrl-D', READY_TIMEOUT_MS);
      expect(chat.transcript()).toContain('MegaAgent Pro — terminal chat');
      expect(chat.transcript()).toContain('“Terminal lawyer” (Telegram id 1), on the allow-list as an admin');
      expect(chat.transcript()).toContain(join(dataDir, 'chat'));

      const welcome = await chat.say('/start', '[5] Analyze');
      expect(welcome).toContain('Hello, Terminal lawyer.');
      expect(welcome).toContain('[1] New case  [2] My cases');
      expect(welcome).not.toMatch(/<\/?b>|&amp;/); // HTML rendered
      expect(welcome).not.toContain('\u001b['); // no colours when stdout is not a terminal

      const myCases = await chat.say('2', 'You have no cases yet.');
      expect(myCases).toContain('(pressed “My cases”');

      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      const opened = await chat.say('machine learning for medical imaging', 'Case opened for Jane Doe');
      expect(opened).toContain('[1] Start the intake  [2] My cases');

      const shown = await chat.say('/case', 'Field: machine learning for medical imaging');
      expect(shown).toContain('Jane Doe (your active case)');

      // Garbage: control characters, markup, an escape sequence, a button number nothing shows.
      const garbage = await chat.say(
        '\u0001\u0007<b>&amp;</b> \u001b[2J ¯\\_(ツ)_/¯ }{',
        NOT_UNDERSTOOD_TEXT,
      );
      expect(garbage).not.toContain('\u001b[2J');
      await chat.say('99', NOT_UNDERSTOOD_TEXT);

      const pdf = join(cwd, 'evidence.pdf');
      writeFileSync(
        pdf,
        await textPdf([
          [
            'CERTIFICATE',
            'The Association for Computing Machinery (ACM)',
            'presents the ACM Doctoral Dissertation Award 2021 to Jane Doe',
          ],
        ]),
      );
      // Read by the job worker the chat runs in process; the buttons are printed last, so waiting for
      // them means the whole proposal is on screen.
      const document = await chat.say(`/file ${pdf}`, '[5] Not evidence', 120_000);
      expect(document).toContain('(sent evidence.pdf, application/pdf');
      expect(document).toContain('Reading your documents: 0 of 1');
      expect(document).toContain(
        '“evidence.pdf”, 1 page. Looks like (i) Awards: ACM Doctoral Dissertation Award, ACM, 2021.',
      );
      expect(document).toContain('[1] ✅ Confirm');
      await chat.say('5', '“evidence.pdf” is not kept as evidence.');

      // The bot really downloaded and inspected the bytes: a text file named .pdf is refused for its content.
      const fake = join(cwd, 'not-really.pdf');
      writeFileSync(fake, 'just some words\n');
      await chat.say(`/file ${fake}`, '“not-really.pdf” is not a real PDF file');

      await chat.say(`/file ${join(cwd, 'missing.pdf')}`, 'Could not send');
      await chat.say('/case', 'Jane Doe (your active case)');

      chat.end();
      expect(await chat.exited).toBe(0);
      expect(chat.transcript()).toContain('Chat ended.');
      expect(existsSync(join(dataDir, 'chat', 'pglite'))).toBe(true);

      // Next time: the same local lawyer, the same case; /quit leaves cleanly.
      const again = startChat({ DATA_DIR: dataDir }, cwd);
      await again.waitFor('/quit or Ctrl-D', READY_TIMEOUT_MS);
      await again.say('/case', 'Jane Doe (your active case)');
      await again.say('/quit', 'Chat ended.');
      expect(await again.exited).toBe(0);
    },
  );

  it('refuses to run with ENV=production, before opening any storage', async () => {
    const cwd = tempDir();
    const chat = startChat({ ENV: 'production', DATA_DIR: join(cwd, 'data') }, cwd);
    expect(await chat.exited).toBe(2);
    expect(chat.transcript()).toContain('does not run with ENV=production');
    expect(chat.transcript()).not.toContain('    at '); // a message, not a stack trace
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });
});
