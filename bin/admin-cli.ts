// `megaagent admin ...`: the operator's way in before any admin exists. Creates admin API accounts (the
// password from stdin or a hidden prompt, never from the command line, where `ps` and shell history
// would keep it) and API keys (printed once).
import { parseArgs } from 'node:util';
import type { AuditLog } from '../core/logging/audit.ts';
import { isAppError } from '../core/errors.ts';
import type { AuthService } from '../core/auth/auth.ts';
import { MAX_KEY_LIFETIME_DAYS } from '../core/auth/api-keys.ts';
import { AUTH_ROLES, isAuthRole, type AuthRole } from '../core/auth/roles.ts';

export const ADMIN_USAGE = `Usage:
  megaagent admin create --email E [--role admin|service|user]
      Creates an admin API account (role admin by default). The password is read from stdin
      (e.g. printf '%s' "$PASSWORD" | megaagent admin create --email E), or asked for when stdin is a terminal.
  megaagent admin create-key --name N --role admin|service|user [--expires-days D]
      Creates an API key and prints it once on stdout. Store it then: it cannot be shown again.
`;

export interface AdminCliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** What the admin commands need from the App; opened only once the arguments are known to be good. */
export interface AdminCliServices {
  auth: AuthService;
  audit: AuditLog;
}

/** Exit codes (sysexits): 64 wrong usage, 65 refused input, 1 anything else. */
const USAGE_ERROR = 64;
const DATA_ERROR = 65;

class UsageError extends Error {}

/** Who ran the command, for the audit log. */
function cliActor(): string {
  return `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`;
}

/** The whole of stdin, without the one line break `echo` or a file adds at the end. */
async function readPiped(stdin: AdminCliIo['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function readHidden(io: AdminCliIo, prompt: string): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer | string) => {
      for (const char of data.toString()) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003' || char === '\u0004') return finish(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function readPassword(io: AdminCliIo): Promise<string> {
  if (!io.stdin.isTTY) return readPiped(io.stdin);
  const first = await readHidden(io, 'Password (12+ characters): ');
  const second = await readHidden(io, 'Same password again: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

function roleFrom(value: string | undefined, fallback?: AuthRole): AuthRole {
  const role = value ?? fallback;
  if (!isAuthRole(role)) throw new UsageError(`--role must be one of ${AUTH_ROLES.join(', ')}`);
  return role;
}

type Command =
  | { kind: 'create'; email: string; role: AuthRole }
  | { kind: 'create-key'; name: string; role: AuthRole; expiresInDays?: number };

/** Understands the arguments after `admin`; UsageError names what is wrong. */
export function parseAdminArgs(args: readonly string[]): Command {
  const [subcommand, ...rest] = args;
  const { values } = parseArgs({
    args: [...rest],
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'expires-days': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (subcommand === 'create') {
    if (!values.email) throw new UsageError('admin create needs --email');
    return { kind: 'create', email: values.email, role: roleFrom(values.role, 'admin') };
  }
  if (subcommand === 'create-key') {
    if (!values.name) throw new UsageError('admin create-key needs --name');
    if (values.role === undefined) throw new UsageError('admin create-key needs --role');
    const command: Command = { kind: 'create-key', name: values.name, role: roleFrom(values.role) };
    const days = values['expires-days'];
    if (days !== undefined) {
      if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > MAX_KEY_LIFETIME_DAYS) {
        throw new UsageError(`--expires-days must be a whole number from 1 to ${MAX_KEY_LIFETIME_DAYS}`);
      }
      command.expiresInDays = Number(days);
    }
    return command;
  }
  throw new UsageError(subcommand ? `unknown admin command "${subcommand}"` : 'admin needs a command');
}

/**
 * Runs `megaagent admin <args>`; returns the exit code. `open` is called only once the arguments (and,
 * for `create`, the password) are in hand, and `close` always runs after it.
 */
export async function runAdminCommand(
  args: readonly string[],
  io: AdminCliIo,
  open: () => Promise<{ services: AdminCliServices; close: () => Promise<unknown> }>,
): Promise<number> {
  let command: Command;
  let password = '';
  try {
    command = parseAdminArgs(args);
    if (command.kind === 'create') password = await readPassword(io);
  } catch (err) {
    // parseArgs reports unknown or malformed options as errors coded ERR_PARSE_ARGS_*.
    const badOption =
      err instanceof Error && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
    if (!(err instanceof UsageError) && !badOption) throw err;
    io.stderr.write(`${err.message}\n\n${ADMIN_USAGE}`);
    return USAGE_ERROR;
  }

  const { services, close } = await open();
  const actor = cliActor();
  try {
    if (command.kind === 'create') {
      const account = await services.auth.accounts.create({
        email: command.email,
        password,
        role: command.role,
      });
      await services.audit.record({
        actor,
        action: 'accounts.create',
        target: account.id,
        outcome: 'success',
        details: { email: account.email, role: account.role },
      });
      io.stdout.write(`created ${account.role} account ${account.email} (id ${account.id})\n`);
    } else {
      const { key, apiKey } = await services.auth.apiKeys.create({
        name: command.name,
        role: command.role,
        // The service writes the audit row (api-keys.create), as it does for the admin API.
        createdBy: actor,
        ...(command.expiresInDays === undefined ? {} : { expiresInDays: command.expiresInDays }),
      });
      io.stderr.write(
        `API key "${apiKey.name}" (role ${apiKey.role}, id ${apiKey.id}, ` +
          `${apiKey.expiresAt ? `expires ${apiKey.expiresAt.toISOString()}` : 'does not expire'}). ` +
          'It is shown once, below: store it now.\n',
      );
      io.stdout.write(`${key}\n`);
    }
    return 0;
  } catch (err) {
    if (!isAppError(err) || err.httpStatus >= 500) throw err;
    // A refusal the operator can act on (a weak password, an email already taken): its message alone.
    const fields =
      'fields' in err && Array.isArray(err.fields)
        ? (err.fields as Array<{ path: string; message: string }>)
        : [];
    io.stderr.write(`${[err.userMessage, ...fields.map((f) => `${f.path} ${f.message}`)].join('\n')}\n`);
    return DATA_ERROR;
  } finally {
    await close();
  }
}
