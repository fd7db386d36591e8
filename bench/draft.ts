// /draft on the template path: the petition letter of a 50-exhibit case composed, written (templates) and
// packed as a Word file, beside a bare baseline in the same run (an empty Word document packed by the same
// library). Target: the brief in < 500 ms. Prints figures; asserts nothing. Tune with BENCH_RUNS (default 20).
import { performance } from 'node:perf_hooks';
import { Document, Packer, Paragraph } from 'docx';
import { composeBrief } from '../core/drafting/brief.ts';
import { briefDocx, coverLetterDocx, exhibitIndexDocx } from '../core/drafting/brief-files.ts';
import { CRITERION_IDS } from '../core/eb1a/criteria.ts';
import type { Evidence } from '../core/eb1a/evidence.ts';
import { templateWriter } from '../core/llm/grounded.ts';
import { caseFileOf } from '../test/support/drafting-case.ts';
import { evidenceFactory, numberExhibits, strongPetition } from '../test/support/factories.ts';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const EXHIBITS = 50;

/** Fifty exhibits across the ten criteria, each meeting its criterion, titled apart. */
function fiftyExhibitCase() {
  const { profile } = strongPetition();
  const evidence = numberExhibits(
    Array.from({ length: EXHIBITS }, (_, index): Evidence => {
      const criterion = CRITERION_IDS[index % CRITERION_IDS.length] ?? 'awards';
      return evidenceFactory(criterion, {
        title: `Exhibit document ${String(index + 1)} (${criterion})`,
      }) as Evidence;
    }),
  );
  return caseFileOf(profile, evidence);
}

async function timed(work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm-up: module and JIT costs are not what a lawyer waits for on the tenth draft
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const at = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const file = fiftyExhibitCase();
const writer = templateWriter();

const baseline = await timed(() =>
  Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('')] }] })),
);
let briefBytes = 0;
const brief = await timed(async () => {
  const plan = composeBrief(file);
  const written = [];
  for (const section of plan.sections) {
    const text = await writer.write({
      task: `brief:${section.id}`,
      instructions: '',
      data: [],
      grounding: plan.grounding,
      template: section.template,
    });
    written.push({ id: section.id, text: text.text, source: text.source });
  }
  const bytes = await briefDocx({
    plan,
    written,
    firm: { name: 'Bench LLP', addressLines: ['1 Main St'] },
    date: new Date(),
  });
  briefBytes = bytes.length;
});
const plan = composeBrief(file);
const allThree = await timed(async () => {
  await coverLetterDocx(plan, null, new Date());
  await exhibitIndexDocx(plan, new Map(), null);
});

console.log(
  `case: ${String(EXHIBITS)} exhibits, ${String(plan.argued.length)} criteria argued, ${String(plan.sections.length)} sections`,
);
console.log(
  `bare baseline (empty Word document packed): median ${ms(at(baseline, 0.5))}, p95 ${ms(at(baseline, 0.95))}`,
);
console.log(
  `brief (compose + template sections + Word, ${String(Math.round(briefBytes / 1024))} KiB): median ${ms(at(brief, 0.5))}, p95 ${ms(at(brief, 0.95))} (target < 500 ms)`,
);
console.log(`cover letter + exhibit index: median ${ms(at(allThree, 0.5))}, p95 ${ms(at(allThree, 0.95))}`);
console.log(
  `ratio brief / baseline (median): ${(at(brief, 0.5) / Math.max(0.001, at(baseline, 0.5))).toFixed(1)}x`,
);
