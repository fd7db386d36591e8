// /broadcast in `megaagent chat` does what it does in Telegram: the announcement goes to every active user
// of the chat's database, and the admin at the keyboard sees it arrive and reads the delivery report. A
// user the terminal cannot show (nobody else types here) is refused as Telegram refuses a chat the bot
// never had: the report counts them, nothing is drawn as if it were theirs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { runTerminalChat } from '../../../bin/chat.ts';
import { createApp } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { waitUntil } from '../../support/fixtures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-chat-broadcast-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

it('delivers /broadcast to the chat’s users and shows the admin the delivery report', async () => {
  // A colleague on the chat's allow-list (as `megaagent users` would add one), who never wrote to the bot.
  const seeding = await createApp(loadConfig({ ENV: 'test', DATA_DIR: join(dataDir, 'chat') }));
  try {
    await seeding.users.upsert({ telegramId: 424_242, role: 'lawyer', displayName: 'Colleague' });
  } finally {
    await seeding.close('seeded');
  }

  const input = new PassThrough();
  let screen = '';
  const output = Object.assign(new PassThrough(), { isTTY: false });
  output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const logs: string[] = [];
  const chat = runTerminalChat(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), {
    input,
    output,
    color: false,
    logOutput: { write: (line: string) => logs.push(line) },
  });
  const shows = (text: string, what: string) =>
    waitUntil(() => screen.includes(text), `the chat shows ${what}`, 60_000);

  await shows('/quit or Ctrl-D', 'its usage');
  input.write('/broadcast The office is closed on Friday.\n');
  await shows('queued for 2 users', 'that the announcement is queued');
  await shows('Announcement sent', 'the delivery report');

  const announced = screen.slice(screen.indexOf('queued for 2 users'));
  expect(announced).toContain('bot › The office is closed on Friday.');
  expect(announced).toMatch(
    /Announcement sent to 1 of 2 users\.\s+Blocked the bot: 0\. Refused by Telegram: 1\./,
  );
  expect(announced).toContain('Telegram user 424242');
  input.end();
  expect(await chat).toBe(0);
  expect(logs.join('')).not.toMatch(/update failed/);
}, 180_000);
