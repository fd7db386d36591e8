// An intake survives the process: a new app and bot on the same embedded data directory (a restart or a
// redeploy) continue at the exact question, and the active case is still the one the lawyer chose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { createBot } from '../../../bot/create-bot.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';

let fake: FakeTelegram;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  dataDir = mkdtempSync(join(tmpdir(), 'megaagent-intake-restart-'));
});

afterAll(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One process's worth of app and bot over the shared data directory. */
async function boot() {
  const config = loadConfig({
    ENV: 'test',
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
  });
  const app: App = await createApp(config);
  const bot = createBot(app, { botInfo: fake.botUser, rateLimit: { windowMs: 1_000, limit: 1_000 } });
  return { app, bot };
}

const lawyer = { id: 6_100_000_001, first_name: 'Maria' };
const lastText = () => fake.sent.filter((m) => m.chat_id === lawyer.id).at(-1)?.text ?? '';

it('resumes the intake at the next question after a restart on the same data', async () => {
  const first = await boot();
  await first.app.users.upsert({ telegramId: lawyer.id, role: 'lawyer' });
  // The name and field given at /newcase are not asked again: the intake starts at question 3.
  for (const text of ['/newcase', 'Jane Doe', 'Medical imaging', '/intake', 'Canada']) {
    await first.bot.handleUpdate(fake.sendText(lawyer, text));
  }
  expect(lastText()).toMatch(/^Saved\.\n\nQuestion 4 of/);
  await first.app.close('restart');

  const second = await boot();
  try {
    // No /intake: the next text is the answer to question 4, as the lawyer expects.
    await second.bot.handleUpdate(fake.sendText(lawyer, 'Boston, H-1B'));
    expect(lastText()).toMatch(/^Saved\.\n\nQuestion 5 of \d+ · Education/);
    const user = await second.app.users.get(lawyer.id);
    const active = await second.app.cases.active(user?.id ?? '');
    expect(active?.clientName).toBe('Jane Doe');
    expect(await second.app.intake.answers(user?.id ?? '', active?.id ?? '')).toEqual({
      'background.client_name': 'Jane Doe',
      'background.field': 'Medical imaging',
      'background.citizenship': 'Canada',
      'background.current_status': 'Boston, H-1B',
    });
  } finally {
    await second.app.close('test done');
  }
}, 60_000); // two boots of the embedded database
