// Access tokens: only what we signed, for our audience, from our issuer, unexpired, with HS256, is accepted.
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenService, tokenSettingsFrom, type TokenSettings } from '../../../core/auth/tokens.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { ConfigurationError, ExpiredTokenError, InvalidTokenError } from '../../../core/errors.ts';
import { capturingLogger } from '../../support/fixtures.ts';

const settings: TokenSettings = {
  secret: new TextEncoder().encode('a test signing key of at least thirty-two bytes'),
  issuer: 'megaagent-pro',
  audience: 'megaagent-admin',
  ttlSeconds: 900,
};
const tokens = createTokenService(settings);
const ACCOUNT = { id: '6f1c2a4e-0000-4000-8000-000000000001', role: 'admin' as const };

function sign(
  claims: { role?: string; iss?: string; aud?: string },
  options: { exp?: number | null; alg?: string; key?: Uint8Array } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: claims.role ?? 'admin' })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject(ACCOUNT.id)
    .setIssuer(claims.iss ?? settings.issuer)
    .setAudience(claims.aud ?? settings.audience)
    .setIssuedAt(now);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 60);
  return jwt.sign(options.key ?? settings.secret);
}

async function refusal(token: string): Promise<unknown> {
  return tokens.verify(token).then(
    () => null,
    (err: unknown) => err,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('access tokens', () => {
  it('round-trips an issued token to its account and role, expiring after the configured time', async () => {
    const issued = await tokens.issue(ACCOUNT);
    expect(issued.expiresInSeconds).toBe(900);
    const claims = await tokens.verify(issued.token);
    expect(claims).toEqual({ accountId: ACCOUNT.id, role: 'admin', expiresAt: issued.expiresAt });
    expect(Math.abs(issued.expiresAt.getTime() - Date.now() - 900_000)).toBeLessThan(2_000);
  });

  it('refuses an expired token as expired', async () => {
    const err = await refusal(await sign({}, { exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(err).toBeInstanceOf(ExpiredTokenError);
  });

  it.each([
    ['signed with another key', () => sign({}, { key: new TextEncoder().encode('x'.repeat(40)) })],
    ['HS512 instead of HS256', () => sign({}, { alg: 'HS512' })],
    ['no expiry', () => sign({}, { exp: null })],
    ['wrong audience', () => sign({ aud: 'megaagent-other' })],
    ['wrong issuer', () => sign({ iss: 'someone' })],
    ['a role that does not exist', () => sign({ role: 'superuser' })],
  ])('refuses a token %s', async (_name, make) => {
    expect(await refusal(await make())).toBeInstanceOf(InvalidTokenError);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({
      sub: ACCOUNT.id,
      role: 'admin',
      iss: settings.issuer,
      aud: settings.audience,
      iat: now,
      exp: now + 60,
    })}.`;
    expect(await refusal(unsigned)).toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token it verified before once that token has expired', async () => {
    const shortLived = createTokenService({ ...settings, ttlSeconds: 60 });
    const { token } = await shortLived.issue(ACCOUNT);
    await expect(shortLived.verify(token)).resolves.toMatchObject({ accountId: ACCOUNT.id });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 30_000);
    await expect(shortLived.verify(token)).resolves.toMatchObject({ accountId: ACCOUNT.id });
    vi.setSystemTime(Date.now() + 40_000); // 70 s after issue: past 60 s and the 5 s clock tolerance
    await expect(shortLived.verify(token)).rejects.toBeInstanceOf(ExpiredTokenError);
    await expect(shortLived.verify(token)).rejects.toBeInstanceOf(ExpiredTokenError);
  });

  it('refuses a signing key shorter than 32 bytes', () => {
    expect(() => createTokenService({ ...settings, secret: new Uint8Array(16) })).toThrow(RangeError);
  });
});

describe('the signing key from the configuration', () => {
  it('uses SECURITY_JWT_SECRET_KEY when it is set', async () => {
    const secret = 'k'.repeat(40);
    const config = loadConfig({
      ENV: 'test',
      SECURITY_JWT_SECRET_KEY: secret,
      SECURITY_JWT_AUDIENCE: 'aud-x',
    });
    const derived = tokenSettingsFrom(config, pino({ level: 'silent' }));
    expect(Buffer.from(derived.secret).toString()).toBe(secret);
    expect(derived.audience).toBe('aud-x');
    const issued = await createTokenService(derived).issue(ACCOUNT);
    await expect(
      createTokenService({ ...derived, secret: new TextEncoder().encode(secret) }).verify(issued.token),
    ).resolves.toBeTruthy();
  });

  it('outside production without one, makes a random key per process and warns', () => {
    const { log, lines } = capturingLogger('warn');
    const config = loadConfig({ ENV: 'development' });
    const first = tokenSettingsFrom(config, log);
    const second = tokenSettingsFrom(config, log);
    expect(first.secret.byteLength).toBe(32);
    expect(Buffer.from(first.secret).equals(Buffer.from(second.secret))).toBe(false);
    expect(
      lines.filter((line) => line.level === 40 && /SECURITY_JWT_SECRET_KEY is not set/.test(line.msg ?? '')),
    ).toHaveLength(2);
  });

  it('in production without one, refuses', () => {
    const config = loadConfig({ ENV: 'test' });
    const production = { ...config, app: { ...config.app, profile: 'production' as const } };
    expect(() => tokenSettingsFrom(production, pino({ level: 'silent' }))).toThrow(ConfigurationError);
  });
});
