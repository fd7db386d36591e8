// Admin passwords are stored so that a stolen table does not give them away: scrypt at the OWASP cost,
// salted, in a format that names its own cost.
import { scrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DUMMY_PASSWORD_HASH,
  SCRYPT_COST,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword,
} from '../../../core/auth/passwords.ts';

const PASSWORD = 'correct horse battery staple';

function scryptAt(password: string, salt: Buffer, log2N: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N: 2 ** log2N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

describe('password hashing', () => {
  it('stores a PHC string with scrypt N=2^17, r=8, p=1, a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword(PASSWORD);
    const match = /^\$scrypt\$ln=17,r=8,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
    expect(match).not.toBeNull();
    expect(Buffer.from(match?.[1] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(match?.[2] ?? '', 'base64')).toHaveLength(32);
    expect(stored).not.toContain(PASSWORD);
    expect(SCRYPT_COST).toEqual({ log2N: 17, r: 8, p: 1 });
  });

  it('is the real scrypt of the password with the stored salt', async () => {
    const stored = await hashPassword(PASSWORD);
    const [, , , salt, hash] = stored.split('$');
    const expected = await scryptAt(PASSWORD, Buffer.from(salt ?? '', 'base64'), 17);
    expect(Buffer.from(hash ?? '', 'base64').equals(expected)).toBe(true);
  });

  it('verifies the right password and refuses a wrong one, and salts each hash differently', async () => {
    const [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(first).not.toBe(second);
    expect(await verifyPassword(PASSWORD, first)).toBe(true);
    expect(await verifyPassword(PASSWORD, second)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false);
  });

  it('refuses a tampered or unreadable hash instead of throwing', async () => {
    const stored = await hashPassword(PASSWORD);
    const tampered = stored.slice(0, -2) + (stored.endsWith('AA') ? 'BB' : 'AA');
    expect(await verifyPassword(PASSWORD, tampered)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'plain text')).toBe(false);
    // A planted row asking for gigabytes of memory is not computed.
    expect(await verifyPassword(PASSWORD, stored.replace('ln=17', 'ln=30'))).toBe(false);
  });

  it('verifies hashes made at a lower cost and asks for them to be rehashed', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const weak = `$scrypt$ln=14,r=8,p=1$${salt.toString('base64').replace(/=+$/, '')}$${(
      await scryptAt(PASSWORD, salt, 14)
    )
      .toString('base64')
      .replace(/=+$/, '')}`;
    expect(await verifyPassword(PASSWORD, weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
  });

  it('has a dummy hash at full cost, so an unknown email costs as much as a known one', async () => {
    expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword(PASSWORD, DUMMY_PASSWORD_HASH)).toBe(false);
  });

  it('accepts passphrases of 12 to 1024 characters without surrounding spaces', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(passwordProblem(' leading space ok?')).toMatch(/spaces/);
    expect(passwordProblem(PASSWORD)).toBeNull();
  });
});
