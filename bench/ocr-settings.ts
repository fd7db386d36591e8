// The OCR engine's settings, tried on the documents bench's page image (30 printed lines, about 1,360 ×
// 1,220 pixels, which tesseract takes for 359 dpi): for each, the process's CPU time for one page (median of
// BENCH_ROUNDS rounds, default 3, after one warm-up, each setting on its own warm worker) beside the bare
// baseline of copying the image, and how many characters it got wrong against the printed text (edit
// distance). The shipped setting is the first row; the others are what was tried to make a page cheaper.
// Prints figures; asserts nothing. Nothing is downloaded: every language file is the installed package's.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { installedEnglishLanguagePath } from '../core/documents/ocr.ts';
import { printedTextPng } from '../test/support/document-fixtures.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

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
const printed = pageLines.join('\n');
const page = printedTextPng(pageLines);

/** Characters to insert, delete or replace to turn one text into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, replace));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const cpus: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const before = process.cpuUsage();
    await run();
    const used = process.cpuUsage(before);
    cpus.push((used.user + used.system) / 1000);
  }
  return median(cpus);
}

const lstmData = installedEnglishLanguagePath();
// The package's other folder: tessdata 4.0.0, the legacy engine's data with an LSTM model of its own.
const require = createRequire(import.meta.url);
const fullData = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');

interface Setting {
  name: string;
  oem: OEM;
  languagePath: string;
  /** Set once, when the worker starts (dictionaries are loaded then). */
  init?: Record<string, string>;
  parameters?: Record<string, string>;
  image?: Buffer;
}

const settings: Setting[] = [
  { name: 'as shipped: LSTM, best_int, automatic layout', oem: OEM.LSTM_ONLY, languagePath: lstmData },
  {
    name: 'one uniform block of text (PSM 6)',
    oem: OEM.LSTM_ONLY,
    languagePath: lstmData,
    parameters: { tessedit_pageseg_mode: PSM.SINGLE_BLOCK },
  },
  {
    name: 'no dictionaries',
    oem: OEM.LSTM_ONLY,
    languagePath: lstmData,
    init: { load_system_dawg: '0', load_freq_dawg: '0' },
  },
  {
    name: 'no retry of faint lines inverted',
    oem: OEM.LSTM_ONLY,
    languagePath: lstmData,
    parameters: { tessedit_do_invert: '0' },
  },
  { name: 'tessdata 4.0.0 LSTM model', oem: OEM.LSTM_ONLY, languagePath: fullData },
  { name: 'legacy engine (tessdata 4.0.0)', oem: OEM.TESSERACT_ONLY, languagePath: fullData },
  {
    name: 'page at half size (180 dpi)',
    oem: OEM.LSTM_ONLY,
    languagePath: lstmData,
    image: printedTextPng(pageLines, 2),
  },
];

const rows: Array<{ name: string; cpu: number; errors: number | null }> = [
  {
    name: `baseline: copy the page image (${String(page.length)} B)`,
    cpu: await cpuMs(() => Promise.resolve(Buffer.from(page))),
    errors: null,
  },
];
for (const setting of settings) {
  const worker: Worker = await createWorker(
    'eng',
    setting.oem,
    { langPath: setting.languagePath, gzip: true, cacheMethod: 'none', errorHandler: () => undefined },
    setting.init,
  );
  try {
    if (setting.parameters) await worker.setParameters(setting.parameters);
    const image = setting.image ?? page;
    const { data } = await worker.recognize(image);
    rows.push({
      name: setting.name,
      cpu: await cpuMs(() => worker.recognize(image)),
      errors: editDistance(data.text.trim(), printed),
    });
  } finally {
    await worker.terminate();
  }
}

console.log(`OCR settings bench: one page, CPU median of ${String(rounds)} rounds after one warm-up`);
console.log(
  `  ${'setting'.padEnd(46)} ${'CPU'.padStart(10)}   characters wrong of ${String(printed.length)}`,
);
for (const { name, cpu, errors } of rows) {
  console.log(
    `  ${name.padEnd(46)} ${`${cpu.toFixed(1)} ms`.padStart(10)}   ${errors === null ? '' : String(errors)}`,
  );
}
