// The process logger (pino): JSON lines in production, pretty in development. Every line names the current
// request, update, lawyer and case (from the AsyncLocalStorage context) and carries no secrets or case content.
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import pino from 'pino';
import type { DestinationStream, Logger as PinoLogger, LoggerOptions as PinoLoggerOptions } from 'pino';
import type * as PinoPretty from 'pino-pretty';
import { currentContext } from './context.ts';
import { redact, scrubText, secretValueScrubber } from './redact.ts';

export type Logger = PinoLogger;

export interface LoggerOptions {
  /** pino level name: fatal, error, warn, info, debug, trace or silent. */
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go (tests capture them here); stdout when absent. */
  destination?: DestinationStream;
  /** Fields on every line, e.g. `{ role: 'worker' }`; pid and hostname are always there. */
  base?: object;
  /**
   * The configured secret values (bot token, passwords, keys): removed from every line whatever their
   * shape, also where they hide inside an error message (a fetch error names the Bot API URL, token and all).
   */
  secrets?: Iterable<string>;
}

const PRETTY_OPTIONS = { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } as const;

export function createLogger(opts: LoggerOptions): Logger {
  const scrubSecrets = secretValueScrubber(opts.secrets ?? []);
  const options: PinoLoggerOptions = {
    level: opts.level,
    base: { pid: process.pid, hostname: hostname(), ...opts.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A fresh object each call: pino merges the line's own fields into what mixin returns.
    mixin: () => currentContext(),
    formatters: {
      // Runs before pino's serializers, so errors anywhere in the line are redacted as plain objects.
      log: (fields) => redact(fields) as Record<string, unknown>,
      bindings: (bindings) => redact(bindings) as Record<string, unknown>,
      // Level names read better than numbers in log search; pino-pretty wants the numbers.
      ...(opts.format === 'json' ? { level: (label: string) => ({ level: label }) } : {}),
    },
    // `redact` has already serialized errors; pino's own serializer would rename their type to Object.
    serializers: { err: (value: unknown) => value },
    // Messages and error texts are free text: scrub credentials from the finished line.
    hooks: { streamWrite: (line) => scrubText(scrubSecrets(line)) },
  };

  return redactChildBindings(openLogger(options, opts));
}

function openLogger(options: PinoLoggerOptions, opts: LoggerOptions): Logger {
  if (opts.format === 'pretty') {
    if (opts.destination) {
      // An explicit destination is written synchronously, in-process (tests, the terminal chat mode).
      // Required here, not imported at the top: JSON logs (production) never load the formatter.
      const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
      const prettify = prettyFactory({ ...PRETTY_OPTIONS, colorize: false });
      const destination = opts.destination;
      return pino(options, { write: (line: string) => destination.write(prettify(line)) });
    }
    // The transport formats in a worker thread, off the event loop that serves lawyers.
    return pino({ ...options, transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } });
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/**
 * pino applies `formatters.bindings` to the root only, so `log.child({ apiKey })` would print the key.
 * Children are created with `Object.create(parent)`, so wrapping `child` on the root covers every
 * descendant.
 */
function redactChildBindings(root: Logger): Logger {
  type ChildFn = (this: Logger, bindings: unknown, ...rest: unknown[]) => Logger;
  const createChild = Reflect.get(root, 'child') as unknown as ChildFn;
  const redactedChild: ChildFn = function (this: Logger, bindings, ...rest) {
    return createChild.call(this, redact(bindings), ...rest);
  };
  root.child = redactedChild as unknown as Logger['child'];
  return root;
}
