// Admin passwords: scrypt (node:crypto) at the OWASP-recommended cost, stored as a self-describing PHC
// string so the cost can be raised later without breaking stored hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash). */
export const SCRYPT_COST = { log2N: 17, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Node refuses scrypt above 32 MiB by default; N=2^17, r=8 needs 128 MiB. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/**
 * Each hash holds 128 MiB for its duration; without a bound, a burst of logins on all of libuv's threads
 * would hold half a gigabyte and could push a pod over its memory limit.
 */
const MAX_CONCURRENT_HASHES = 2;

const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing one is not a denial of service. */
export const MAX_PASSWORD_LENGTH = 1024;

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

interface Cost {
  log2N: number;
  r: number;
  p: number;
}

let running = 0;
const waiting: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, cost: Cost, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.log2N, r: cost.r, p: cost.p, maxmem: MAX_MEMORY_BYTES };
  return withHashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, length, options, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

/** A new hash of `password` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, SCRYPT_COST, HASH_BYTES);
  return `$scrypt$ln=${SCRYPT_COST.log2N},r=${SCRYPT_COST.r},p=${SCRYPT_COST.p}$${b64(salt)}$${b64(hash)}`;
}

function parse(stored: string): { cost: Cost; salt: Buffer; hash: Buffer } | null {
  const match = PHC.exec(stored);
  if (!match) return null;
  const cost = { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  // Bounds on what we agree to compute: a corrupted or planted row must not cost gigabytes per login.
  if (cost.log2N < 14 || cost.log2N > 20 || cost.r < 1 || cost.r > 16 || cost.p < 1 || cost.p > 4)
    return null;
  return {
    cost,
    salt: Buffer.from(match[4] as string, 'base64'),
    hash: Buffer.from(match[5] as string, 'base64'),
  };
}

/** True when `password` matches the stored hash; false for a wrong password or a hash we cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length < 16) return false;
  const candidate = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash was made at a lower cost than today's: rehash it at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const { log2N, r, p } = parsed.cost;
  return log2N < SCRYPT_COST.log2N || r < SCRYPT_COST.r || p < SCRYPT_COST.p;
}

/**
 * A well-formed hash of no one's password. Signing in with an unknown email verifies against it, so the
 * answer takes as long as for a known email and response times do not reveal which emails have accounts.
 */
export const DUMMY_PASSWORD_HASH =
  '$scrypt$ln=17,r=8,p=1$bWVnYWFnZW50LWR1bW15IQ$Sm9VBEF0PDE5HpgEGsaYqflZhHjbCJ0XWZ1Rj6qWJb4';

/** What is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (password.trim() !== password) return 'must not start or end with spaces';
  return null;
}
