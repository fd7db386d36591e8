// Load: 200 lawyers at once (MEGAAGENT_LOAD_LAWYERS) each opening a case, adding an exhibit and asking for
// the analysis, against the real bot on Postgres and Redis — once polling, once as two `megaagent api`
// replicas behind a webhook. Nothing may be lost, duplicated or reordered; the per-lawyer flood limit stays
// on and may only make lawyers wait; no process logs a warning or an error. Prints updates/s and p95 reply
// latency for the CI log.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SECRET_TOKEN_HEADER, TELEGRAM_WEBHOOK_PATH } from '../../api/routes/telegram-webhook.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { freePort, openServerStorage, type ServerStorage } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';
import {
  ChatLog,
  divergentChats,
  LAWYERS,
  loadLawyers,
  printFigures,
  runLawyers,
  SLOW_DOWN_TEXT,
  TOO_MANY_TEXT,
  warningsAndErrors,
  type RunFigures,
} from './support/lawyers.ts';

const lawyers = loadLawyers(LAWYERS);
const ids = lawyers.map((l) => l.id);
/** Time for late, wrong, replies (a duplicate) to arrive before the chats are compared. */
const SETTLE_MS = 1_500;

integrationSuite(
  `${String(LAWYERS)} lawyers at once`,
  ['postgres', 'redis'],
  () => {
    let fake: FakeTelegram;
    let storage: ServerStorage;
    let log: ChatLog;
    const processes: BotProcess[] = [];
    const servers: Server[] = [];

    beforeEach(async () => {
      fake = await startFakeTelegram();
      storage = await openServerStorage();
      log = new ChatLog(fake);
    });

    afterEach(async (context) => {
      log.stop();
      // The failed lawyer's chat, when a session failed (a SessionFailure keeps it through vitest's copy).
      const failed = context.task.result?.errors?.find((e) => e.name === 'SessionFailure') as
        { chat?: number } | undefined;
      const chat = String(failed?.chat ?? 'none');
      if (context.task.result?.state === 'fail') {
        for (const child of processes) {
          console.error(
            `[load] warnings and errors of a process:\n${warningsAndErrors(child.output()).slice(0, 20).join('\n')}`,
          );
          const chatLines = child
            .output()
            .split('\n')
            .filter((line) => line.includes(chat));
          console.error(`[load] its lines about the failed chat:\n${chatLines.slice(-30).join('\n')}`);
        }
        const calls = fake.calls.filter((c) => String(c.body.chat_id) === chat);
        console.error(
          `[load] API calls to the failed chat:\n${calls.map((c) => `${c.method} ${String(c.status)} ${JSON.stringify(c.body).slice(0, 200)}`).join('\n')}`,
        );
      }
      for (const child of processes.splice(0)) await child.stop();
      for (const server of servers.splice(0)) {
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      }
      await fake.close();
      await storage.drop();
    });

    const start = (args: string[], env: Record<string, string>): BotProcess => {
      const child = spawnBot({ fake, args, allowedUsers: ids, env: { ...storage.env, ...env } });
      processes.push(child);
      return child;
    };

    /** What every run must show, whatever the transport. */
    async function expectEveryReplyOnceInOrder(figures: RunFigures): Promise<void> {
      await sleep(SETTLE_MS);
      log.flush();
      expect(divergentChats(log, lawyers)).toEqual([]);
      const all = [...log.byChat.values()].flat();
      expect(all.filter((m) => (m.text ?? '').includes(TOO_MANY_TEXT))).toEqual([]);
      // Waiting under the flood limit is allowed, but this script is paced by the replies: it never floods.
      expect(all.filter((m) => (m.text ?? '').includes(SLOW_DOWN_TEXT))).toEqual([]);
      // Every call the bot made to Telegram succeeded (no 400 from a bad message, no retried failure).
      expect(
        fake.calls.filter((c) => c.error !== undefined).map((c) => `${c.method}: ${c.error ?? ''}`),
      ).toEqual([]);
      expect(figures.updates).toBe(lawyers.length * 15);
      expect(figures.latenciesMs).toHaveLength(figures.updates);
    }

    it('polling: every lawyer gets every reply once, in order', async () => {
      const bot = start(['bot'], {});
      await bot.polling(60_000);
      let lastUpdateId = 0;
      const figures = await runLawyers(fake, log, lawyers, (update) => {
        lastUpdateId = Math.max(lastUpdateId, update.update_id);
        return Promise.resolve();
      });
      printFigures('polling, one bot process', figures);
      await expectEveryReplyOnceInOrder(figures);
      // Telegram learned that every update was handled: a later poll confirmed past the last one.
      expect(fake.calls.some((c) => c.method === 'getUpdates' && Number(c.body.offset) > lastUpdateId)).toBe(
        true,
      );
      expect(await bot.stop()).toBe(0);
      expect(warningsAndErrors(bot.output())).toEqual([]);
    });

    it('webhook: two api replicas behind one URL; every lawyer gets every reply once, in order', async () => {
      const secret = randomBytes(24).toString('base64url');
      const [portA, portB] = [String(await freePort()), String(await freePort())];
      const replicas = [portA, portB].map((p) => `http://127.0.0.1:${p}${TELEGRAM_WEBHOOK_PATH}`);
      // The ingress Telegram knows: hands each delivery to the next replica in turn.
      let turn = 0;
      const ingress = createServer((req, res) => {
        const target = replicas[turn++ % replicas.length] ?? '';
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          fetch(target, {
            method: 'POST',
            headers: {
              'content-type': req.headers['content-type'] ?? 'application/json',
              [SECRET_TOKEN_HEADER]: String(req.headers[SECRET_TOKEN_HEADER] ?? ''),
            },
            body: Buffer.concat(chunks),
          })
            .then(async (answer) => {
              const body = Buffer.from(await answer.arrayBuffer());
              res.writeHead(answer.status, {
                'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
              });
              res.end(body);
            })
            .catch((err: unknown) => {
              console.error('[load] ingress could not reach a replica', err);
              res.writeHead(502).end();
            });
        });
      });
      servers.push(ingress);
      await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
      const ingressUrl = `http://127.0.0.1:${String((ingress.address() as AddressInfo).port)}${TELEGRAM_WEBHOOK_PATH}`;

      const env = {
        ENV: 'production',
        HOST: '127.0.0.1',
        DATABASE_POOL_SIZE: '8',
        SECURITY_JWT_SECRET_KEY: randomBytes(32).toString('hex'),
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: ingressUrl,
        TELEGRAM_WEBHOOK_SECRET: secret,
      };
      const migrated = start(['migrate'], env);
      expect(await migrated.exited).toBe(0);
      const a = start(['api'], { ...env, PORT: portA });
      await a.waitForOutput('Telegram webhook registered', 60_000);
      const b = start(['api'], { ...env, PORT: portB });
      await b.waitForOutput('Telegram webhook already registered', 60_000);

      const figures = await runLawyers(fake, log, lawyers, async (update) => {
        const delivered = await fake.deliverToWebhook(update);
        if (delivered.status !== 200) {
          throw new Error(`webhook answered ${String(delivered.status)}: ${delivered.body}`);
        }
      });
      printFigures('webhook, two api replicas', figures);
      await expectEveryReplyOnceInOrder(figures);
      for (const child of [a, b]) expect(await child.stop()).toBe(0);
      expect(warningsAndErrors(a.output() + b.output())).toEqual([]);
    });
  },
  ['slow'],
);
