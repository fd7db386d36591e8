// The checked writer: what checking an LLM draft against the case costs. Prints (1) drafts checked per
// second for a brief section of about 2,000 words beside a bare baseline (lowercasing and collapsing the
// whitespace of the same text) in the same run, and (2) the median and p95 time of one writer.write()
// through the fake LLM server beside a bare completeObject() of the same reply, so the figure is the
// writer's own overhead (prompt building, delimiting, checking), not the network's. Asserts nothing.
// Tune with BENCH_DURATION_MS (per round, default 1000), BENCH_ROUNDS (default 3), BENCH_CALLS (default 200).
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { z } from 'zod';
import { Secret } from '../core/config/secret.ts';
import { checkDraft, type DraftGrounding } from '../core/llm/draft-check.ts';
import { createGroundedWriter, type GroundedRequest } from '../core/llm/grounded.ts';
import { createLlmClient, llmDependencyName, llmPolicyOptions, type LlmSettings } from '../core/llm/llm.ts';
import { createPolicyRegistry } from '../core/resilience/policies.ts';
import { startFakeLlm } from '../test/support/fake-llm.ts';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 1_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const calls = Number(process.env.BENCH_CALLS ?? 200);

const GROUNDING: DraftGrounding = {
  exhibits: Array.from({ length: 50 }, (_, i) => i + 1),
  criteria: ['awards', 'judging', 'scholarly_articles'],
  facts: [
    'Beneficiary: Dr. Jane Doe',
    'Employer: Stanford University',
    'Award: ACM Gordon Bell Prize, 2021',
    'Reviewed 35 papers for the IEEE Transactions on Computers',
    'Published 42 articles cited 3,150 times',
  ],
};
const SENTENCES = [
  'In 2021, Dr. Jane Doe of Stanford University received the ACM Gordon Bell Prize [Exhibit 3].',
  'She reviewed 35 papers for the IEEE Transactions on Computers, a judge of the work of others [Exhibit 12].',
  'Her 42 articles have been cited 3,150 times [Exhibit 27] [8 CFR 204.5(h)(3)(vi)].',
  'The prize is among the nationally recognized prizes or awards for excellence in the field [Exhibit 4].',
];
const TEMPLATE = SENTENCES.join(' ');
/** About 2,000 words: a long brief section. */
const LONG_DRAFT = Array.from({ length: 28 }, () => SENTENCES.join(' ')).join('\n\n');

function perSecond(work: () => unknown): number {
  let best = 0;
  let sink = 0;
  for (let round = 0; round < rounds; round += 1) {
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < durationMs) {
      if (work() !== undefined) sink += 1;
      done += 1;
    }
    best = Math.max(best, done / ((performance.now() - start) / 1_000));
  }
  if (sink < 0) console.log(sink);
  return best;
}

const words = LONG_DRAFT.split(/\s+/).length;
const problems = checkDraft(LONG_DRAFT, GROUNDING, TEMPLATE);
if (problems.length > 0)
  throw new Error(`the bench draft should pass the check: ${JSON.stringify(problems)}`);
const checked = perSecond(() => checkDraft(LONG_DRAFT, GROUNDING, TEMPLATE));
const bare = perSecond(() => LONG_DRAFT.toLowerCase().replace(/\s+/g, ' '));
console.log(
  `draft check, ${String(words)} words: ${checked.toFixed(0)} drafts/s (${(1_000 / checked).toFixed(2)} ms each); ` +
    `bare baseline ${bare.toFixed(0)}/s; ratio ${(bare / checked).toFixed(1)}x`,
);

const fake = await startFakeLlm();
try {
  const settings: LlmSettings = {
    providers: ['openai'],
    openaiApiKey: new Secret('sk-bench'),
    anthropicApiKey: null,
    geminiApiKey: null,
    cohereApiKey: null,
    baseUrl: fake.baseUrl,
    timeoutMs: 10_000,
    maxConcurrentCalls: 4,
    models: {},
    providerBaseUrls: {},
  };
  const log = pino({ level: 'silent' });
  const policies = createPolicyRegistry(
    { [llmDependencyName('openai')]: llmPolicyOptions(settings) },
    { log },
  );
  const llm = createLlmClient(settings, { log, policyFor: (p) => policies.get(llmDependencyName(p)) });
  if (llm === null) throw new Error('unreachable: one provider is configured');
  const writer = createGroundedWriter({ llm, flags: { isEnabled: () => true }, log });
  fake.replyWith(JSON.stringify({ text: TEMPLATE }));
  const request: GroundedRequest = {
    task: 'bench',
    instructions: 'Write the awards section.',
    data: [{ label: 'Exhibit 3 — document text', text: LONG_DRAFT }],
    grounding: GROUNDING,
    template: TEMPLATE,
  };
  const Draft = z.object({ text: z.string() });
  const bareCall = () => llm.completeObject({ messages: [{ role: 'user', content: LONG_DRAFT }] }, Draft);

  async function timings(work: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
    for (let i = 0; i < 20; i += 1) await work(); // warm up connections and JIT
    const samples: number[] = [];
    for (let i = 0; i < calls; i += 1) {
      const start = performance.now();
      await work();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return {
      median: samples[Math.floor(samples.length / 2)] ?? 0,
      p95: samples[Math.floor(samples.length * 0.95)] ?? 0,
    };
  }

  const written = await timings(async () => {
    const result = await writer.write(request);
    if (result.source !== 'llm')
      throw new Error(`the bench draft was not used: ${result.rejections.join('; ')}`);
  });
  const raw = await timings(bareCall);
  console.log(
    `writer.write via the fake LLM: median ${written.median.toFixed(2)} ms, p95 ${written.p95.toFixed(2)} ms; ` +
      `bare completeObject median ${raw.median.toFixed(2)} ms, p95 ${raw.p95.toFixed(2)} ms; ` +
      `overhead ${(written.median - raw.median).toFixed(2)} ms (ratio ${(written.median / raw.median).toFixed(2)}x)`,
  );
  policies.dispose();
} finally {
  await fake.close();
}
