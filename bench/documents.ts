// Reading documents: the text of a 20-page PDF (target < 1 s) and OCR of one page image (target < 2 s on
// one core), each next to a bare baseline in the same run (copying the same bytes), through the document
// reader a worker keeps (warm parser thread, warm OCR engine). Then the same page scanned at 600 dpi into
// a PDF: the engine on the image as scanned and on the 300 dpi image the reader makes of it, in turns
// round by round, and the whole PDF through the reader. Prints figures; asserts nothing.
//
// Two figures per case: wall-clock time and the process's CPU time (the PDF parses in a worker thread and
// tesseract runs in another, so the process figure counts all of it; on a busy machine it is the figure
// that says what one core needs). Each figure is the median of BENCH_ROUNDS rounds (default 5) after one
// warm-up. The first reads, which start the threads, are printed apart.
//
// Then twenty documents in one burst through the job queue as `megaagent start` runs it on the embedded
// PGlite (the product worker: stores, proposals, one job per document), from the twenty proposals queued
// to the last one read, beside the bare baseline of the same reader reading the same twenty PDFs one after
// another in this process: the ratio is what the queue, the stores and the classifier add.
// On PGlite there is no LISTEN/NOTIFY: the queue wakes this process's own workers when it enqueues and
// after each job, so a burst is not paced by the 2 s polling interval.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../core/app.ts';
import { loadConfig } from '../core/config/config.ts';
import { DEFAULT_DOCUMENT_LIMITS } from '../core/documents/limits.ts';
import { createOcrEngine } from '../core/documents/ocr.ts';
import { readPdf } from '../core/documents/pdf.ts';
import { createDocumentReader } from '../core/documents/read-document.ts';
import { runProductWorker } from '../core/jobs/product-worker.ts';
import { printedTextPng, scanAtDpi, textPdf } from '../test/support/document-fixtures.ts';

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

/** Two cases taken in turns, round by round, so that a change in the machine's load falls on both. */
async function measurePair(
  first: { name: string; run: () => Promise<unknown> },
  second: { name: string; run: () => Promise<unknown> },
): Promise<Array<{ name: string; figure: Figure }>> {
  await first.run(); // warm-up
  await second.run();
  const samples = [first, second].map(() => ({ walls: [] as number[], cpus: [] as number[] }));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await [first, second][index]?.run();
      samples[index]?.walls.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuBefore);
      samples[index]?.cpus.push((cpu.user + cpu.system) / 1000);
    }
  }
  return [first, second].map(({ name }, index) => ({
    name,
    figure: { wallMs: median(samples[index]?.walls ?? []), cpuMs: median(samples[index]?.cpus ?? []) },
  }));
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
// The same page scanned at 600 dpi: every dot twice as wide and high.
const pageAt600 = printedTextPng(pageLines, 8);
const pdfAt600 = await scanAtDpi(pageAt600, 600);
// What the reader hands the OCR engine for that PDF's page: the scan brought down to 300 dpi.
const pageAt300 = (await readPdf(Buffer.from(pdfAt600), DEFAULT_DOCUMENT_LIMITS)).pages[0]?.scans[0];
if (!pageAt300) throw new Error('the 600 dpi scan PDF has no scanned page');

const reader = createDocumentReader();
const engine = createOcrEngine({ pageTimeoutMs: 60_000 });
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
    {
      name: `baseline: copy the 600 dpi scan PDF (${String(pdfAt600.length)} B)`,
      figure: await measure(() => Promise.resolve(Buffer.from(pdfAt600))),
    },
    ...(await measurePair(
      { name: 'engine: the 600 dpi image as scanned', run: () => engine.recognize(pageAt600) },
      { name: 'engine: the same image at 300 dpi', run: () => engine.recognize(pageAt300) },
    )),
    {
      name: '600 dpi scan PDF through the reader',
      target: 2_000,
      figure: await measure(() => reader.read(pdfAt600, { fileName: 'scan-600dpi.pdf' })),
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
  await Promise.all([reader.close(), engine.close()]);
}

// --- twenty documents in one burst, through the queue on PGlite ------------------------------------
const BURST = 20;
const burstPdfs = await Promise.all(
  Array.from({ length: BURST }, (_, n) =>
    textPdf([
      [
        'AWARD CERTIFICATE',
        `The Association for Computing Machinery presents the Best Paper Award ${String(2000 + n)}`,
        `to Dr. Maria Lopez, certificate number ${String(1000 + n)}.`,
      ],
    ]),
  ),
);

const bare = createDocumentReader();
let bareMs: number;
try {
  await bare.read(burstPdfs[0] ?? Buffer.alloc(0), { fileName: 'warm-up.pdf' });
  const started = performance.now();
  for (const [n, bytes] of burstPdfs.entries())
    await bare.read(bytes, { fileName: `award-${String(n)}.pdf` });
  bareMs = performance.now() - started;
} finally {
  await bare.close();
}

const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-bench-documents-'));
const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: pino({ level: 'warn' }) });
try {
  await runProductWorker(app, null);
  const chatId = 930_000_020;
  const lawyer = await app.users.upsert({ telegramId: chatId, role: 'lawyer', displayName: 'Bench' });
  const opened = await app.cases.create(lawyer.id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Robotics' });
  const started = performance.now();
  let burstId: string | null = null;
  for (const [n, bytes] of burstPdfs.entries()) {
    const { sha256 } = await app.files.put({
      bytes,
      mimeType: 'application/pdf',
      originalName: `award-${String(n)}.pdf`,
    });
    const { proposal } = await app.documentProposals.create({
      lawyerId: lawyer.id,
      caseId: opened.id,
      chatId,
      sourceKey: `bench:${String(n)}`,
      sha256,
      fileName: `award-${String(n)}.pdf`,
      mimeType: 'application/pdf',
    });
    burstId ??= proposal.burstId;
    await app.jobs.enqueue(
      'read-document',
      { lawyer: { chatId, locale: 'en' }, proposalId: proposal.id },
      { singletonKey: `document:bench-${String(n)}` },
    );
  }
  const queuedMs = performance.now() - started;
  if (burstId === null) throw new Error('the burst bench made no burst');
  for (;;) {
    const progress = await app.documentProposals.burstProgress(burstId);
    if (progress && progress.done >= progress.total) {
      if (progress.total !== BURST)
        throw new Error(`the burst holds ${String(progress.total)} documents, not ${String(BURST)}`);
      break;
    }
    if (performance.now() - started > 300_000) throw new Error('the burst was not read within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const burstMs = performance.now() - started;
  console.log(`\n  twenty documents in one burst (text PDFs, 1 page each), one run`);
  console.log(
    `  ${'baseline: the bare reader, 20 PDFs in a row'.padEnd(46)} ${`${bareMs.toFixed(0)} ms`.padStart(10)}`,
  );
  console.log(
    `  ${'through the queue on PGlite, all 20 proposed'.padEnd(46)} ${`${burstMs.toFixed(0)} ms`.padStart(10)}   ` +
      `${(burstMs / bareMs).toFixed(1)}× the baseline; ${(BURST / (burstMs / 1000)).toFixed(1)} documents/s; queued in ${queuedMs.toFixed(0)} ms`,
  );
} finally {
  await app.close('bench done');
  rmSync(dataDir, { recursive: true, force: true });
}
