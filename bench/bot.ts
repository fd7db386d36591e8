// Bot throughput: updates per second through the full middleware chain and features (createBot over the
// embedded App, allow-listed lawyers) against a bare grammY bot with one command, on the same update mix.
// Prints figures; asserts nothing. Target: full at least half of bare.
//
// Both bots answer every update with one sendMessage to the fake Telegram Bot API of the e2e tests. The fake
// runs in a worker thread, so its own work (parsing the HTML of the replies) is not counted against either
// bot. Two figures per bot: wall-clock updates/s with `BENCH_CONCURRENCY` updates in flight, and the bot
// thread's CPU time per update (1 / that is what one core could handle).
// Tune with BENCH_DURATION_MS (per round, default 3000), BENCH_ROUNDS (default 3), BENCH_CONCURRENCY
// (default 32), BENCH_LAWYERS (distinct senders, default 8).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Bot, type Context } from 'grammy';
import { pino } from 'pino';
import type { Update, UserFromGetMe } from 'grammy/types';
import { createBot } from '../bot/create-bot.ts';
import { createApp } from '../core/app.ts';
import { loadConfig } from '../core/config/config.ts';
import { startFakeTelegram } from '../test/support/fake-telegram.ts';

interface FakeReady {
  apiRoot: string;
  token: string;
  botUser: UserFromGetMe;
}

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 3_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const lawyerCount = Number(process.env.BENCH_LAWYERS ?? 8);

if (!isMainThread) {
  await serveFakeTelegram(workerData as { lawyers: number[] });
} else {
  await runBench();
}

/** The worker: a fake Bot API that knows the lawyers' chats (it refuses to send to chats it has never seen). */
async function serveFakeTelegram({ lawyers }: { lawyers: number[] }): Promise<void> {
  const fake = await startFakeTelegram();
  for (const id of lawyers) fake.sendText({ id, first_name: 'Bench' }, '/start');
  // The list of sent messages would grow by one per update; the bench only needs the answers.
  setInterval(() => fake.sent.splice(0), 1_000).unref();
  setInterval(() => fake.calls.splice(0), 1_000).unref();
  parentPort?.on('message', (message: unknown) => {
    if (message !== 'close') return;
    fake.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
  parentPort?.postMessage({
    apiRoot: fake.apiRoot,
    token: fake.token,
    botUser: fake.botUser,
  } satisfies FakeReady);
}

async function runBench(): Promise<void> {
  const lawyers = Array.from({ length: lawyerCount }, (_, i) => 7_100_000_001 + i);
  const worker = new Worker(new URL(import.meta.url), { workerData: { lawyers } });
  const fake = await new Promise<FakeReady>((resolve, reject) => {
    worker.once('message', (ready: FakeReady) => resolve(ready));
    worker.once('error', reject);
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-bench-bot-'));
  // Logs as in production (JSON at info, so the cost of any line per update counts) but not on screen.
  const app = await createApp(
    loadConfig({
      ENV: 'test',
      DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
    }),
    { log: pino({ level: 'info' }, pino.destination('/dev/null')) },
  );
  try {
    for (const id of lawyers)
      await app.users.upsert({ telegramId: id, role: 'lawyer', displayName: 'Bench' });

    // The flood limit stays in the chain (its counting is part of the figure) with a ceiling never reached.
    const full = createBot(app, {
      botInfo: fake.botUser,
      rateLimit: { windowMs: 60_000, limit: Number.MAX_SAFE_INTEGER },
    });
    const bare = new Bot(fake.token, { botInfo: fake.botUser, client: { apiRoot: fake.apiRoot } });
    bare.command(['start', 'help'], (ctx) => ctx.reply('hi'));

    let nextUpdateId = 900_000_001;
    let nextMessageId = 1;
    /** /start and /help in turn, from the lawyers in turn: the same mix for both bots. */
    const nextUpdate = (): Update => {
      const updateId = nextUpdateId++;
      const id = lawyers[updateId % lawyers.length] ?? 0;
      const text = updateId % 2 === 0 ? '/start' : '/help';
      return {
        update_id: updateId,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id, type: 'private', first_name: 'Bench' },
          from: { id, is_bot: false, first_name: 'Bench' },
          text,
          entities: [{ type: 'bot_command', offset: 0, length: text.length }],
        },
      };
    };

    const bots = { bare, full } as const;
    type Which = keyof typeof bots;
    // A figure counts only if every update got its proper answer: a chain that failed or dropped updates
    // cheaply (an error reply, a refusal) would look fast.
    const answered = { bare: 0, full: 0 };
    for (const which of ['bare', 'full'] as const) {
      bots[which].api.config.use(async (prev, method, payload, signal) => {
        const result = await prev(method, payload, signal);
        const text = 'text' in payload ? String(payload.text) : '';
        if (method === 'sendMessage' && result.ok && /^(hi|Hello, Bench\.|<b>What I can do)/.test(text))
          answered[which]++;
        return result;
      });
    }
    const measure = async (which: Which, ms: number) => {
      const bot = bots[which] as Bot<Context>;
      answered[which] = 0;
      const cpuBefore = process.threadCpuUsage();
      const started = performance.now();
      let handled = 0;
      let failed = 0;
      // Bounded concurrency: each lane feeds the next update as soon as its previous one is handled.
      const lane = async () => {
        while (performance.now() - started < ms) {
          try {
            await bot.handleUpdate(nextUpdate());
            handled++;
          } catch (err) {
            failed++;
            if (failed === 1) console.error(`${which}: ${String(err)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const elapsed = performance.now() - started;
      const cpu = process.threadCpuUsage(cpuBefore);
      return {
        perSecond: (handled * 1000) / elapsed,
        cpuMicros: (cpu.user + cpu.system) / Math.max(1, handled),
        failed: failed + (handled - answered[which]),
      };
    };

    for (const which of ['bare', 'full'] as const) await measure(which, Math.min(1_000, durationMs)); // warm up

    // Rounds interleave the bots so drift (other load on the machine) hits both alike; each figure's best round counts.
    const best = { bare: { perSecond: 0, cpuMicros: Infinity }, full: { perSecond: 0, cpuMicros: Infinity } };
    for (let round = 0; round < rounds; round++) {
      for (const which of ['bare', 'full'] as const) {
        const result = await measure(which, durationMs);
        if (result.failed > 0)
          throw new Error(`${which}: ${String(result.failed)} updates failed or went unanswered`);
        best[which] = {
          perSecond: Math.max(best[which].perSecond, result.perSecond),
          cpuMicros: Math.min(best[which].cpuMicros, result.cpuMicros),
        };
      }
    }

    console.log(
      `bot bench: ${String(rounds)} rounds of ${String(durationMs)} ms, ${String(concurrency)} updates in flight, ` +
        `${String(lawyerCount)} lawyers, /start and /help; best round per figure`,
    );
    console.log(
      `  ${'bot'.padEnd(44)} ${'updates/s'.padStart(10)}   ${'CPU/update'.padStart(11)} ${'per core/s'.padStart(11)}`,
    );
    const label = { bare: 'bare grammY, one command', full: 'full chain + features (embedded App)' };
    for (const which of ['bare', 'full'] as const) {
      const { perSecond, cpuMicros } = best[which];
      console.log(
        `  ${label[which].padEnd(44)} ${Math.round(perSecond).toString().padStart(10)}   ${`${cpuMicros.toFixed(0)} µs`.padStart(11)} ${Math.round(
          1e6 / cpuMicros,
        )
          .toString()
          .padStart(11)}`,
      );
    }
    const wallRatio = best.full.perSecond / best.bare.perSecond;
    const cpuRatio = best.bare.cpuMicros / best.full.cpuMicros;
    console.log(
      `  full / bare: ${wallRatio.toFixed(2)} wall-clock, ${cpuRatio.toFixed(2)} per core (target ≥ 0.50)`,
    );
  } finally {
    await app.close('bench done');
    worker.postMessage('close');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
