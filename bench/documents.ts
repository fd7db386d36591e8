// Reading documents: the text of a 20-page PDF (target < 1 s) and OCR of one page image (target < 2 s on
// one core), each next to a bare baseline in the same run (copying the same bytes), through the document
// reader a worker keeps (warm parser thread, warm OCR engine). Prints figures; asserts nothing.
//
// Two figures per case: wall-clock time and the process's CPU time (the PDF parses in a worker thread and
// tesseract runs in another, so the process figure counts all of it; on a busy machine it is the figure
// that says what one core needs). Each figure is the median of BENCH_ROUNDS rounds (default 5) after one
// warm-up. The first reads, which start the threads, are printed apart.
import { createDocumentReader } from '../core/documents/read-document.ts';
import { printedTextPng, textPdf } from '../test/support/document-fixtures.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

interface Figure {
  wallMs: number;
  cpuMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function measure(run: () => Promise<unknown>): Promise<Figure> {
  await run(); // warm-up
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await run();
    walls.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wallMs: median(walls), cpuMs: median(cpus) };
}

const SENTENCES = [
  'The Association for Computing Machinery presents this award for the best doctoral dissertation.',
  'Her work on distributed consensus is deployed by every major cloud provider in production today.',
  'The committee of senior researchers reviewed one hundred and twelve nominations from thirty countries.',
  'Citations of the thesis chapters exceed four thousand according to the index of scholarly literature.',
];
const pdfPages = Array.from({ length: 20 }, (_, page) =>
  Array.from(
    { length: 40 },
    (_, line) => `${String(page + 1)}.${String(line + 1)} ${SENTENCES[line % 4] ?? ''}`,
  ),
);
const pdf = await textPdf(pdfPages);

// A page image of printed capitals: 30 lines of 50 characters, about 1,300 × 1,300 pixels.
const WORDS = [
  'AWARD',
  'CERTIFICATE',
  'BEST',
  'PAPER',
  'ROBOTICS',
  'NATIONAL',
  'SCIENCE',
  'YEAR',
  '2021',
  'PRIZE',
];
const pageLines = Array.from({ length: 30 }, (_, line) => {
  let text = '';
  for (let word = line; text.length < 44; word += 3) text += `${WORDS[word % WORDS.length] ?? ''} `;
  return text.trim();
});
const page = printedTextPng(pageLines);

const reader = createDocumentReader();
try {
  const timed = async (run: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const coldPdfMs = await timed(() => reader.read(pdf, { fileName: 'exhibit.pdf' }));
  const coldOcrMs = await timed(() => reader.read(page, { fileName: 'page.png' }));

  const cases: Array<{ name: string; target?: number; figure: Figure }> = [
    {
      name: `baseline: copy the PDF bytes (${String(pdf.length)} B)`,
      figure: await measure(() => Promise.resolve(Buffer.from(pdf))),
    },
    {
      name: 'text of a 20-page PDF',
      target: 1_000,
      figure: await measure(() => reader.read(pdf, { fileName: 'exhibit.pdf' })),
    },
    {
      name: `baseline: copy the page image (${String(page.length)} B)`,
      figure: await measure(() => Promise.resolve(Buffer.from(page))),
    },
    {
      name: 'OCR of one page image (warm engine)',
      target: 2_000,
      figure: await measure(() => reader.read(page, { fileName: 'page.png' })),
    },
  ];

  console.log(`documents bench: median of ${String(rounds)} rounds after one warm-up`);
  console.log(`  ${'case'.padEnd(46)} ${'wall'.padStart(10)} ${'CPU'.padStart(10)}   target`);
  for (const { name, target, figure } of cases) {
    const verdict =
      target === undefined
        ? ''
        : `< ${String(target)} ms: wall ${figure.wallMs < target ? 'met' : 'missed'}, CPU ${figure.cpuMs < target ? 'met' : 'missed'}`;
    console.log(
      `  ${name.padEnd(46)} ${`${figure.wallMs.toFixed(1)} ms`.padStart(10)} ${`${figure.cpuMs.toFixed(1)} ms`.padStart(10)}   ${verdict}`,
    );
  }
  console.log(
    `  first reads, thread start included (once per worker process): PDF ${coldPdfMs.toFixed(0)} ms, OCR ${coldOcrMs.toFixed(0)} ms`,
  );
} finally {
  await reader.close();
}
