// What the worker-handover tests share: a fake Telegram, an isolated Postgres schema, a job queue this test
// process reads (or enqueues on), and spawned `megaagent` processes that are stopped at the end. Call it
// inside a suite; it registers its own beforeAll and afterAll.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { JOB_KINDS } from '../../core/jobs/kinds.ts';
import { createJobQueue, type JobQueue } from '../../core/jobs/queue.ts';
import { spawnBot, type BotProcess } from './bot-process.ts';
import { startFakeTelegram, type FakeTelegram, type FloodLimit } from './fake-telegram.ts';
import { openServerStorage, silentLogger, testPostgresOptions, type ServerStorage } from './fixtures.ts';

export interface WorkerHandover {
  storage: ServerStorage;
  fake: FakeTelegram;
  db: Database;
  queue: JobQueue<typeof JOB_KINDS>;
  /** Spawns `megaagent <args>` on this schema and fake Telegram; it is stopped after the suite. */
  start(args: string[]): BotProcess;
}

export function workerHandover(options: {
  /** Migrate from this process (when no spawned bot does it before the test needs the tables). */
  migrate: boolean;
  floodLimit?: FloodLimit;
  allowedUsers?: readonly number[];
  env?: Record<string, string>;
}): WorkerHandover {
  const processes: BotProcess[] = [];
  const handover = {
    start(args: string[]): BotProcess {
      const child = spawnBot({
        fake: handover.fake,
        args,
        ...(options.allowedUsers ? { allowedUsers: options.allowedUsers } : {}),
        env: {
          ...handover.storage.env,
          SECURITY_JWT_SECRET_KEY: randomBytes(32).toString('hex'),
          ...options.env,
        },
      });
      processes.push(child);
      return child;
    },
  } as WorkerHandover;

  beforeAll(async () => {
    handover.fake = await startFakeTelegram(options.floodLimit ? { floodLimit: options.floodLimit } : {});
    handover.storage = await openServerStorage();
    handover.db = await openPostgres(testPostgresOptions(handover.storage.schema), silentLogger());
    if (options.migrate) await migrate(handover.db, silentLogger());
    handover.queue = createJobQueue({
      kinds: JOB_KINDS,
      db: handover.db,
      postgresUrl: handover.storage.env.DATABASE_URL,
      log: silentLogger(),
    });
  }, 60_000);

  afterAll(async () => {
    for (const child of processes) await child.stop();
    await handover.queue?.stop(1_000);
    await handover.db?.close();
    await handover.fake?.close();
    await handover.storage?.drop();
  });

  return handover;
}
