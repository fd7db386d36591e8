// API keys are recognisable, carry 256 random bits, and are stored only as a digest; roles rank admin over
// service over user.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyDigest, looksLikeApiKey, newApiKeySecret } from '../../../core/auth/api-keys.ts';
import { AUTH_ROLES, isAuthRole, roleAllows } from '../../../core/auth/roles.ts';

describe('API key secrets', () => {
  it('are mga_ followed by 32 random bytes in base64url, never repeating', () => {
    const keys = Array.from({ length: 200 }, newApiKeySecret);
    for (const key of keys) {
      expect(key).toMatch(/^mga_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
      expect(looksLikeApiKey(key)).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are told apart from JWTs and near misses by their shape', () => {
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe(false);
    expect(looksLikeApiKey(`mga_${'a'.repeat(42)}`)).toBe(false);
    expect(looksLikeApiKey(`mgb_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeApiKey(`mga_${'a'.repeat(42)}=`)).toBe(false);
  });

  it('are stored as their SHA-256 digest', () => {
    const key = newApiKeySecret();
    expect(apiKeyDigest(key).toString('hex')).toBe(createHash('sha256').update(key).digest('hex'));
  });
});

describe('roles', () => {
  it('let a higher role do what a lower one may, never the reverse', () => {
    const allowed = AUTH_ROLES.flatMap((held) =>
      AUTH_ROLES.filter((needed) => roleAllows(held, needed)).map((needed) => `${held}>=${needed}`),
    );
    expect(allowed.sort()).toEqual([
      'admin>=admin',
      'admin>=service',
      'admin>=user',
      'service>=service',
      'service>=user',
      'user>=user',
    ]);
  });

  it('are only the three names', () => {
    expect(AUTH_ROLES.every(isAuthRole)).toBe(true);
    expect(isAuthRole('lawyer')).toBe(false);
    expect(isAuthRole('Admin')).toBe(false);
  });
});
