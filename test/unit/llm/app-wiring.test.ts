// The app starts with or without an LLM: none configured means no client (the analysis works offline),
// configured providers are tried in the order given, each with a breaker that health and metrics see.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { ConfigurationError } from '../../../core/errors.ts';
import { startFakeLlm, type FakeLlm } from '../../support/fake-llm.ts';
import { capturingLogger } from '../../support/fixtures.ts';
import { ASK, KEYS } from './harness.ts';

let fake: FakeLlm;
let dataDir: string;
const apps: App[] = [];

beforeEach(async () => {
  fake = await startFakeLlm();
  dataDir = mkdtempSync(join(tmpdir(), 'megaagent-llm-test-'));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close('test done');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startApp(env: Record<string, string>) {
  const captured = capturingLogger('debug');
  const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir, ...env }), { log: captured.log });
  apps.push(app);
  return { app, lines: captured.lines };
}

// Opening the embedded database takes seconds on a busy machine.
describe('createApp', { tags: ['llm'], timeout: 30_000 }, () => {
  it('has no LLM client and no LLM policies when no provider is configured', async () => {
    const { app, lines } = await startApp({});

    expect(app.llm).toBeNull();
    expect(Object.keys(app.policies.states())).toEqual(['telegram-files']);
    expect(lines.map((l) => l.msg)).toContain(
      'no LLM provider configured: drafting and classification use the offline engine only',
    );
  });

  it('tries the configured providers in order, each behind its own policy, and logs which without keys', async () => {
    const { app, lines } = await startApp({
      LLM_PROVIDERS: 'anthropic,openai',
      LLM_OPENAI_API_KEY: KEYS.openai,
      LLM_ANTHROPIC_API_KEY: KEYS.anthropic,
      LLM_OPENAI_MODEL: 'gpt-4.1-mini',
      LLM_BASE_URL: fake.baseUrl,
    });

    expect(app.llm?.providers()).toEqual(['anthropic', 'openai']);
    expect(app.policies.states()).toEqual({
      'telegram-files': 'closed',
      'llm:anthropic': 'closed',
      'llm:openai': 'closed',
    });

    fake.failNext({ status: 400 }, { provider: 'anthropic' });
    const reply = await app.llm?.complete(ASK);
    expect(reply?.provider).toBe('openai');
    expect(fake.requests.map((r) => r.provider)).toEqual(['anthropic', 'openai']);
    expect(fake.requests.map((r) => (r.body as { model?: string }).model)).toEqual([
      'claude-sonnet-4-5',
      'gpt-4.1-mini',
    ]);

    const started = lines.find((l) => l.msg === 'LLM providers configured, tried in this order');
    const host = new URL(fake.baseUrl).host;
    expect(started?.providers).toEqual([
      { name: 'anthropic', model: 'claude-sonnet-4-5', host },
      { name: 'openai', model: 'gpt-4.1-mini', host },
    ]);
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(KEYS.openai);
    expect(everything).not.toContain(KEYS.anthropic);
  });

  it('refuses a model name that is not one, naming the variable', () => {
    expect(() =>
      loadConfig({ ENV: 'test', DATA_DIR: dataDir, LLM_GEMINI_MODEL: 'gemini 2.5 flash!' }),
    ).toThrow(/LLM_GEMINI_MODEL/);
  });

  it('refuses to start when a listed provider has no key, naming the variable', async () => {
    const config = loadConfig({
      ENV: 'test',
      DATA_DIR: dataDir,
      LLM_PROVIDERS: 'openai,gemini',
      LLM_OPENAI_API_KEY: KEYS.openai,
    });

    const err = await createApp(config, { log: capturingLogger().log }).then(
      () => Promise.reject(new Error('expected createApp to refuse')),
      (e: unknown) => e,
    );

    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).message).toBe(
      'LLM_PROVIDERS lists gemini but LLM_GEMINI_API_KEY is not set',
    );
  });
});
