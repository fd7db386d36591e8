#!/usr/bin/env node
// The one CLI: megaagent <start|bot|api|worker|chat|migrate|config check|admin ...>, run by the `megaagent`
// command (bin/megaagent.js) or directly. It loads nothing of the product itself: each command loads what it
// runs (bin/commands.ts).
const USAGE = `Usage: megaagent <command>

Commands:
  start          bot (long polling; webhook with TELEGRAM_MODE=webhook) + admin API + probes in one
                 process (the default)
  bot            the Telegram bot by long polling, with probes, metrics and the admin API; needs
                 TELEGRAM_BOT_TOKEN
  api            admin API + probes and metrics (Kubernetes API pods); with TELEGRAM_MODE=webhook also
                 the bot, fed by Telegram through POST /telegram/webhook (any number of replicas)
  worker         the job worker (documents, broadcasts, drafting) with probes and metrics; reports to
                 lawyers through the Bot API when TELEGRAM_BOT_TOKEN is set (any number of replicas)
  chat           the bot in this terminal: no Telegram, nothing to configure (embedded storage)
  migrate        apply database migrations and exit
  config check   validate the environment and print the effective configuration (secrets redacted)
  admin create --email E [--role R]
                 create an admin API account; the password is read from stdin or asked for
  admin create-key --name N --role admin|service|user [--expires-days D]
                 create an API key and print it once
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return (await import('./commands.ts')).startCommand();
    case 'bot':
      return (await import('./commands.ts')).botCommand();
    case 'chat':
      return (await import('./commands.ts')).chatCommand();
    case 'api':
      return (await import('./commands.ts')).apiCommand();
    case 'worker':
      return (await import('./commands.ts')).workerCommand();
    case 'migrate':
      return (await import('./commands.ts')).migrateCommand();
    case 'admin':
      return (await import('./commands.ts')).adminCommand(rest);
    case 'config':
      if (rest[0] !== 'check') break;
      return (await import('./commands.ts')).configCheckCommand();
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
  const { CacheError, ConfigurationError } = await import('../core/errors.ts');
  // Start-up failures an operator can fix get their message alone; anything else gets the detail too.
  // A dependency unreachable at start (CacheError names Redis and its URL) is also the operator's to fix.
  process.stderr.write(
    err instanceof ConfigurationError || err instanceof CacheError
      ? `${err.message}\n`
      : `megaagent failed to start: ${String((err as Error).stack ?? err)}\n`,
  );
  process.exit(err instanceof ConfigurationError ? 2 : 1);
}
