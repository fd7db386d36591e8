// A logger whose JSON lines land in memory, so tests can read exactly what production would write.
import { createLogger, type Logger } from '../../../core/logging/logger.ts';

export interface CapturedLog {
  log: Logger;
  /** Every line written so far, parsed. */
  lines: () => Array<Record<string, unknown>>;
  /** Every line written so far, raw: what a log shipper would see. */
  text: () => string;
}

export function captureLog(level = 'trace'): CapturedLog {
  const raw: string[] = [];
  const log = createLogger({
    level,
    format: 'json',
    destination: {
      write: (line: string) => {
        raw.push(line);
      },
    },
  });
  return {
    log,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => raw.join(''),
  };
}
