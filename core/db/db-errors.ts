// What a database failure means for the caller, the same for node-postgres and PGlite: the server being
// unreachable or going away becomes DatabaseConnectionError (503, naming `postgres`, retried by the caller
// later; the pool opens new connections by itself when the server is back), and a value Postgres refuses
// as data (a NUL character, invalid Unicode, a number out of range) becomes ValidationError (400), never a 500.
import { DatabaseConnectionError, ValidationError, isAppError } from '../errors.ts';

/** Socket-level failures of reaching or keeping a connection to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is gone or not accepting work: connection exceptions (class 08), shutdown
 * and start-up (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a dropped or timed-out connection with these messages and no code. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended',
];

/** SQLSTATE class 22 (data exception) and 54000 (a value too large for an index): bad input, not a fault. */
function isDataException(code: string): boolean {
  return code.startsWith('22') || code === '54000';
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code } = err as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** True when `err` says the database server cannot be reached or dropped the connection. */
function isConnectionFailure(err: unknown): boolean {
  if (err instanceof DatabaseConnectionError) return true;
  const code = codeOf(err);
  if (code !== undefined) {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  // Node's connect reports every address it tried (IPv4 and IPv6) in one AggregateError.
  if (err instanceof AggregateError) return err.errors.some(isConnectionFailure);
  if (err instanceof Error) {
    if (CONNECTION_MESSAGES.some((message) => err.message.includes(message))) return true;
    if (err.cause !== undefined && err.cause !== err) return isConnectionFailure(err.cause);
  }
  return false;
}

/**
 * The project's error for a failed database call: DatabaseConnectionError when the server is unreachable,
 * ValidationError when Postgres refused a value as data, else the original error (a bug: reported as 500).
 */
export function toDatabaseError(err: unknown): unknown {
  if (isAppError(err)) return err;
  if (isConnectionFailure(err)) {
    return new DatabaseConnectionError(
      { code: codeOf(err) ?? null },
      { cause: err, message: `Postgres is unavailable: ${err instanceof Error ? err.message : String(err)}` },
    );
  }
  const code = codeOf(err);
  if (code !== undefined && isDataException(code)) {
    return new ValidationError(
      [],
      { sqlstate: code },
      {
        cause: err,
        userMessage:
          'A value could not be stored: it is out of range or holds characters that are not allowed.',
      },
    );
  }
  return err;
}
