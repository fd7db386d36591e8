#!/usr/bin/env node
// The one CLI entry point: megaagent <start|bot|api|worker|chat|migrate|config check|admin ...>.
// This is the only place that wires transports (bot/, api/) to the core.
import { readFileSync } from 'node:fs';
import { createApp, openAppDatabase, type App } from '../core/app.ts';
import { createLogger } from '../core/logging/logger.ts';
import { ConfigError, describeConfig, loadConfig, type Config } from '../core/config/config.ts';
import { migrate } from '../core/db/migrate.ts';
import { ConfigurationError } from '../core/errors.ts';

const USAGE = `Usage: megaagent <command>

Commands:
  start          bot (long polling) + admin API + probes in one process (the default)
  migrate        apply database migrations and exit
  config check   validate the environment and print the effective configuration (secrets redacted)
`;

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

function configOrExit(): Config {
  try {
    return loadConfig(process.env, version);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n\nFix the variables above (see README.md, "Configuration") and start again.\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Stops the app on SIGTERM/SIGINT; a second signal exits at once. */
function exitOnSignals(app: App): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      app
        .close(signal)
        .then(({ clean }) => process.exit(clean ? 0 : 1))
        .catch((err: unknown) => {
          process.stderr.write(`shutdown failed: ${String(err)}\n`);
          process.exit(1);
        });
    });
  }
}

async function start(config: Config): Promise<void> {
  const app = await createApp(config);
  exitOnSignals(app);
  const seeded = await app.users.seed(config.telegram.allowedUsers, config.telegram.adminUsers);
  app.log.info(
    {
      profile: config.app.profile,
      database: app.db.kind,
      cache: app.cache.kind,
      dataDir: app.embeddedDataDir,
      seededUsers: seeded.inserted,
    },
    app.embeddedDataDir
      ? `embedded mode: PGlite data in ${app.embeddedDataDir}, in-process cache`
      : 'connected to Postgres and Redis',
  );
  // Keeps the process up until a signal arrives, even when no transport is configured.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  app.lifecycle.onShutdown('keep-alive', 'stop-intake', () => {
    clearInterval(keepAlive);
    return Promise.resolve();
  });
}

async function runMigrations(config: Config): Promise<void> {
  const log = createLogger({ level: config.observability.logLevel, format: config.observability.logFormat });
  const db = await openAppDatabase(config, log);
  try {
    const { applied } = await migrate(db, log);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(configOrExit());
    case 'migrate':
      return runMigrations(configOrExit());
    case 'config':
      if (rest[0] !== 'check') break;
      process.stdout.write(`${JSON.stringify(describeConfig(configOrExit()), null, 2)}\nconfiguration is valid\n`);
      return;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
  }
  process.stderr.write(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  process.exitCode = 64;
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  // Start-up failures an operator can fix get their message alone; anything else gets the detail too.
  process.stderr.write(
    err instanceof ConfigurationError ? `${err.message}\n` : `megaagent failed to start: ${String((err as Error).stack ?? err)}\n`,
  );
  process.exit(err instanceof ConfigurationError ? 2 : 1);
}
