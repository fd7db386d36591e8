import { describe, expect, it } from 'vitest';
import { Secret } from '../../../core/config/secret.ts';
import { CaseNotFoundError, DatabaseError } from '../../../core/errors.ts';
import { createLogger } from '../../../core/logging/logger.ts';
import { isSensitiveKey, redact, REDACTED, scrubText } from '../../../core/logging/redact.ts';
import { captureLog } from './captured-log.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const BOT_TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ';
const OPENAI_KEY = 'sk-proj-a1b2c3d4e5f6g7h8i9j0';
const EVIDENCE = 'Dr. Rivera received the 2021 Lasker Award for her work on CRISPR';

describe('log redaction', () => {
  it('hides Authorization, cookies and API key headers of a request and keeps the rest of it', () => {
    const { log, lines, text } = captureLog();
    log.info(
      {
        req: {
          method: 'POST',
          url: '/admin/v1/users',
          headers: {
            host: 'api.example',
            authorization: `Bearer ${JWT}`,
            Cookie: 'session=abc123session',
            'x-api-key': 'mk_live_0123456789',
            'X-Telegram-Bot-Api-Secret-Token': 'webhook-shared-secret',
          },
        },
      },
      'request received',
    );
    expect(text()).not.toMatch(/abc123session|mk_live_0123456789|webhook-shared-secret|eyJhbGci/);
    expect(lines()[0]?.req).toEqual({
      method: 'POST',
      url: '/admin/v1/users',
      headers: {
        host: 'api.example',
        authorization: REDACTED,
        Cookie: REDACTED,
        'x-api-key': REDACTED,
        'X-Telegram-Bot-Api-Secret-Token': REDACTED,
      },
    });
  });

  it('hides secrets in a configuration object, plain strings or Secret wrappers, at any depth', () => {
    const { log, lines, text } = captureLog();
    log.info(
      {
        config: {
          security: { jwtSecretKey: 'jwt-signing-key-0123456789abcdef', apiKeys: ['admin-key-1'] },
          telegram: { botToken: BOT_TOKEN, mode: { kind: 'webhook', secret: new Secret('hook-secret-42') } },
          llm: { openaiApiKey: new Secret(OPENAI_KEY), anthropic: { api_key: 'anthropic-raw-key' } },
          database: { url: 'postgres://megaagent:db-pass-9@db.internal:5432/prod', poolSize: 10 },
          redis: { password: 'redis-pass-7', host: 'cache' },
        },
      },
      'configuration loaded',
    );
    expect(text()).not.toMatch(
      /jwt-signing-key|admin-key-1|AAHdqTcv|hook-secret-42|sk-proj|anthropic-raw-key|db-pass-9|redis-pass-7/,
    );
    const config = lines()[0]?.config as Record<string, Record<string, unknown>>;
    expect(config.security).toEqual({ jwtSecretKey: REDACTED, apiKeys: REDACTED });
    expect(config.telegram).toEqual({ botToken: REDACTED, mode: { kind: 'webhook', secret: REDACTED } });
    expect(config.database).toEqual({
      url: `postgres://megaagent:${REDACTED}@db.internal:5432/prod`,
      poolSize: 10,
    });
    expect(config.redis).toEqual({ password: REDACTED, host: 'cache' });
  });

  it('hides what lawyers sent: evidence text, intake answers, chat messages and LLM prompts', () => {
    const { log, lines, text } = captureLog();
    log.info(
      {
        evidence: { id: 'ev-1', exhibitNumber: 7, evidenceText: EVIDENCE, extracted_text: EVIDENCE },
        update: {
          update_id: 991,
          message: { message_id: 5, from: { id: 4242 }, text: EVIDENCE, caption: EVIDENCE },
        },
        intake: { step: 'awards', answer: EVIDENCE },
        llm: { model: 'gpt-x', messages: [{ role: 'user', content: EVIDENCE }], maxTokens: 800 },
      },
      'evidence received',
    );
    expect(text()).not.toContain('Lasker');
    const line = lines()[0] ?? {};
    expect(line.evidence).toEqual({
      id: 'ev-1',
      exhibitNumber: 7,
      evidenceText: REDACTED,
      extracted_text: REDACTED,
    });
    expect(line.update).toEqual({
      update_id: 991,
      message: { message_id: 5, from: { id: 4242 }, text: REDACTED, caption: REDACTED },
    });
    expect(line.intake).toEqual({ step: 'awards', answer: REDACTED });
    expect(line.llm).toEqual({
      model: 'gpt-x',
      messages: [{ role: 'user', content: REDACTED }],
      maxTokens: 800,
    });
  });

  it('logs errors with type, message, stack, code and context, but redacts their context and causes', () => {
    const { log, lines, text } = captureLog();
    const cause = new Error('password authentication failed: postgres://app:pg-secret-1@db/prod');
    const err = new DatabaseError({ host: 'db', password: 'pg-secret-2' }, { cause });
    log.error(err);
    log.error(
      {
        err: new CaseNotFoundError({
          caseId: 'c-1',
          evidenceText: EVIDENCE,
          headers: { Authorization: 'x' },
        }),
      },
      'lookup failed',
    );
    expect(text()).not.toMatch(/pg-secret|Lasker/);
    const [first, second] = lines();
    expect(first?.err).toMatchObject({
      type: 'DatabaseError',
      code: 3000,
      category: 'storage',
      context: { host: 'db', password: REDACTED },
      cause: { type: 'Error', message: `password authentication failed: postgres://app:${REDACTED}@db/prod` },
    });
    expect((first?.err as { stack?: string }).stack).toContain('DatabaseError');
    expect(second?.msg).toBe('lookup failed');
    expect(second?.err).toMatchObject({
      type: 'CaseNotFoundError',
      context: { caseId: 'c-1', evidenceText: REDACTED, headers: { Authorization: REDACTED } },
    });
  });

  it('hides secrets given to a child logger as bindings, at every generation', () => {
    const { log, lines, text } = captureLog();
    log
      .child({ component: 'llm', apiKey: 'child-key-1' })
      .child({ auth: { token: 'grandchild-token' } })
      .info('calling provider');
    expect(text()).not.toMatch(/child-key-1|grandchild-token/);
    expect(lines()[0]).toMatchObject({ component: 'llm', apiKey: REDACTED, auth: REDACTED });
  });

  it('scrubs credentials from free-text messages', () => {
    const { log, text } = captureLog();
    log.warn(`GET https://api.telegram.org/bot${BOT_TOKEN}/getMe failed`);
    log.warn('retrying with Authorization: Bearer %s', JWT);
    log.warn(`connecting to redis://:redis-pass-3@cache:6379 with ${OPENAI_KEY}`);
    expect(text()).not.toMatch(/AAHdqTcv|eyJhbGci|redis-pass-3|sk-proj/);
    expect(text()).toContain(`https://api.telegram.org/bot${REDACTED}/getMe failed`);
  });

  it('does not hide ordinary fields that merely look similar', () => {
    const { log, lines } = captureLog();
    const fields = {
      context: 'intake',
      caseId: 'case-9',
      cacheKey: 'flags:v1',
      promptTokens: 120,
      tokensUsed: 300,
      textLength: 42,
      author: 'Jane',
      questionId: 'q-awards',
    };
    log.info(fields, 'ok');
    expect(lines()[0]).toMatchObject(fields);
  });

  it('redacts the same way in the pretty format', () => {
    const written: string[] = [];
    const log = createLogger({
      level: 'info',
      format: 'pretty',
      destination: { write: (line: string) => void written.push(line) },
    });
    log.info({ user: { password: 'pretty-pass-1' }, evidence: { evidenceText: EVIDENCE } }, 'pretty line');
    const output = written.join('');
    expect(output).toContain('pretty line');
    expect(output).toContain(REDACTED);
    expect(output).not.toMatch(/pretty-pass-1|Lasker/);
  });

  it('summarizes file bytes and survives cycles', () => {
    const { log, lines } = captureLog();
    const node: Record<string, unknown> = { name: 'loop' };
    node.self = node;
    log.info({ upload: { fileName: 'cv.pdf', bytes: Buffer.alloc(2048) }, node }, 'upload');
    expect(lines()[0]).toMatchObject({
      upload: { fileName: 'cv.pdf', bytes: '[Binary 2048 bytes]' },
      node: { name: 'loop', self: '[Circular]' },
    });
  });
});

describe('redact and scrubText', () => {
  it('classifies keys by meaning, not by spelling', () => {
    for (const key of [
      'password',
      'jwtSecretKey',
      'BOT_TOKEN',
      'x-api-key',
      'set-cookie',
      'evidenceText',
      'answers',
    ]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of ['context', 'caseId', 'maxTokens', 'tokenType', 'cacheKey', 'author', 'contentType']) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });

  it('scrubs strings inside values only when asked (audit details)', () => {
    const details = { note: `see postgres://a:b-secret@h/db`, nested: [{ token: 't' }] };
    expect(redact(details)).toEqual({
      note: 'see postgres://a:b-secret@h/db',
      nested: [{ token: REDACTED }],
    });
    expect(redact(details, { scrubStrings: true })).toEqual({
      note: `see postgres://a:${REDACTED}@h/db`,
      nested: [{ token: REDACTED }],
    });
  });

  it('scrubs our own API keys from free text', () => {
    const key = `mga_${'Ab3_-x'.repeat(7)}Q`;
    expect(scrubText(`rejected key ${key} for /admin/users`)).toBe(
      `rejected key ${REDACTED} for /admin/users`,
    );
  });

  it('leaves text without credentials unchanged', () => {
    const plain = 'Case 42: exhibit 7 (https://example.org/award) analysed at 10:30';
    expect(scrubText(plain)).toBe(plain);
  });
});
