// The App's writer as production wires it, on real Postgres and Redis with the fake LLM server: LLM
// drafting follows FEATURE_ENABLE_LLM_DRAFTING as admins flip it at run time (on every process), and
// what the providers did shows in /metrics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import type { GroundedRequest } from '../../../core/llm/grounded.ts';
import { startFakeLlm, type FakeLlm } from '../../support/fake-llm.ts';
import {
  capturingLogger,
  eventually,
  openServerStorage,
  type ServerStorage,
} from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import { KEYS } from '../../unit/llm/harness.ts';

const TEMPLATE = 'Dr. Jane Doe received the ACM Gordon Bell Prize in 2021 [Exhibit 1].';
const GROUNDED = 'In 2021 Dr. Jane Doe was honoured with the ACM Gordon Bell Prize [Exhibit 1].';

const REQUEST: GroundedRequest = {
  task: 'brief:awards',
  instructions: 'Write the awards section of an EB-1A petition letter.',
  data: [{ label: 'Exhibit 1 — document text', text: 'The 2021 Gordon Bell Prize goes to Jane Doe.' }],
  grounding: {
    exhibits: [1],
    criteria: ['awards'],
    facts: ['Beneficiary: Dr. Jane Doe', 'Award: ACM Gordon Bell Prize, 2021'],
  },
  template: TEMPLATE,
};

integrationSuite(
  'the LLM writer in the App',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeLlm;
    const apps: App[] = [];

    beforeAll(async () => {
      storage = await openServerStorage();
      fake = await startFakeLlm();
    });
    afterAll(async () => {
      for (const app of apps) await app.close('test done');
      await fake?.close();
      await storage?.drop();
    });

    async function startApp(): Promise<App> {
      const config = loadConfig({
        ENV: 'test',
        ...storage.env,
        DATABASE_POOL_SIZE: '4',
        LLM_PROVIDERS: 'openai,anthropic',
        LLM_OPENAI_API_KEY: KEYS.openai,
        LLM_ANTHROPIC_API_KEY: KEYS.anthropic,
        LLM_BASE_URL: fake.baseUrl,
      });
      const app = await createApp(config, { log: capturingLogger('warn').log });
      apps.push(app);
      return app;
    }

    it('drafts with the LLM until an admin switches it off on another process, then uses the template without a request', async () => {
      const admin = await startApp();
      const worker = await startApp();
      fake.replyWith(JSON.stringify({ text: GROUNDED }));

      expect(await worker.writer.write(REQUEST)).toMatchObject({
        source: 'llm',
        provider: 'openai',
        text: GROUNDED,
      });
      expect(fake.requests).toHaveLength(1);

      await admin.flags.set('enableLlmDrafting', false, 'admin:test');
      await eventually(() => expect(worker.flags.isEnabled('enableLlmDrafting')).toBe(false));

      expect(await worker.writer.write(REQUEST)).toEqual({
        text: TEMPLATE,
        source: 'template',
        rejections: [],
      });
      expect(fake.requests).toHaveLength(1);

      await admin.flags.reset('enableLlmDrafting', 'admin:test');
      await eventually(() => expect(worker.flags.isEnabled('enableLlmDrafting')).toBe(true));
      fake.failNext({ status: 500 }, { provider: 'openai', times: 2 });
      expect(await worker.writer.write(REQUEST)).toMatchObject({ source: 'llm', provider: 'anthropic' });

      const metrics = await worker.metrics.render();
      expect(metrics).toMatch(/megaagent_llm_tokens_total\{provider="openai",direction="input"\} 21/);
      expect(metrics).toMatch(
        /megaagent_llm_call_duration_seconds_count\{provider="openai",outcome="failed"\} 1/,
      );
      expect(metrics).toMatch(/megaagent_grounded_writes_total\{source="template",reason="switched-off"\} 1/);
      expect(metrics).toMatch(/megaagent_grounded_writes_total\{source="llm",reason="accepted"\} 2/);
    });
  },
  ['llm'],
);
