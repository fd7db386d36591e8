// The exhibit packet: 50 exhibits / 300 document pages (generated PDFs with text and scanned pages, and
// PNG images) built into one PDF (target < 10 s, worker RSS < 400 MB while building), next to a bare
// baseline in the same process: pdf-lib copying the same pages and placing the same images, with no index,
// tab pages, bookmarks or page numbers. Documents are read from disk one at a time, as the worker reads
// them from the database. Prints figures; asserts nothing.
//
// Each time is the median of BENCH_ROUNDS rounds (default 3) after one warm-up; RSS is sampled every
// 10 ms while building and its peak printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from 'pdf-lib';
import { buildPacket, LETTER, type PacketExhibit } from '../core/packet/build.ts';
import { encodePng } from '../core/documents/png.ts';
import { embedPngDirect } from '../core/packet/png-image.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const EXHIBITS = 50;
/** Per exhibit: a 5-page PDF (4 text pages, 1 scanned page) and one photo: 6 pages, 300 in all. */
const TEXT_PAGES = 4;

/** A greyscale "scan": paper-coloured noise, so it weighs what a real scan does (~250 KB a page). */
function scanPng(width: number, height: number, seed: number): Buffer {
  const data = new Uint8Array(width * height);
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    data[i] = 220 + (state >>> 30) * 8;
  }
  return encodePng({ width, height, channels: 1, data });
}

async function exhibitPdf(exhibit: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let page = 0; page < TEXT_PAGES; page += 1) {
    const sheet = pdf.addPage(LETTER);
    for (let line = 0; line < 45; line += 1) {
      sheet.drawText(
        `Exhibit ${String(exhibit)}, page ${String(page + 1)}, line ${String(line + 1)}: the committee reviewed the nominations.`,
        { x: 54, y: 740 - line * 15, size: 10, font },
      );
    }
  }
  const scan = await pdf.embedPng(scanPng(850, 1100, exhibit));
  pdf.addPage(LETTER).drawImage(scan, { x: 0, y: 0, width: LETTER[0], height: LETTER[1] });
  return pdf.save();
}

const dir = mkdtempSync(join(tmpdir(), 'megaagent-bench-packet-'));
try {
  const exhibits: PacketExhibit[] = [];
  let sourceBytes = 0;
  for (let n = 1; n <= EXHIBITS; n += 1) {
    const pdfPath = join(dir, `exhibit-${String(n)}.pdf`);
    const photoPath = join(dir, `photo-${String(n)}.png`);
    const pdf = await exhibitPdf(n);
    const photo = scanPng(1200, 900, n + 1_000);
    writeFileSync(pdfPath, pdf);
    writeFileSync(photoPath, photo);
    sourceBytes += pdf.length + photo.length;
    exhibits.push({
      exhibitNumber: n,
      title: `Evidence item ${String(n)}: letter from the award committee and photographs of the ceremony`,
      criterion: '(i) Awards',
      documents: [
        { fileName: `exhibit-${String(n)}.pdf`, mimeType: 'application/pdf', read: () => readFile(pdfPath) },
        { fileName: `photo-${String(n)}.png`, mimeType: 'image/png', read: () => readFile(photoPath) },
      ],
    });
  }

  /** The same pages with nothing added: what pdf-lib alone costs. */
  async function baseline(): Promise<{ pages: number; bytes: number }> {
    const out = await PDFDocument.create();
    for (const exhibit of exhibits) {
      for (const document of exhibit.documents) {
        const bytes = await document.read();
        if (document.mimeType === 'application/pdf') {
          const source = await PDFDocument.load(bytes);
          for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
        } else {
          // The same direct PNG embedding the packet uses: the baseline differs only by what the packet adds.
          const image = embedPngDirect(out, bytes);
          if (!image) throw new Error(`${document.fileName}: not embeddable directly`);
          const page = out.addPage([LETTER[1], LETTER[0]]);
          const name = page.node.newXObject('Image', image.ref);
          page.pushOperators(
            pushGraphicsState(),
            concatTransformationMatrix(684, 0, 0, 504, 54, 54),
            drawObject(name),
            popGraphicsState(),
          );
        }
      }
    }
    const saved = await out.save({ objectsPerTick: 2_000 });
    return { pages: out.getPageCount(), bytes: saved.length };
  }

  async function packet(): Promise<{ pages: number; bytes: number }> {
    const built = await buildPacket({ beneficiary: 'Jane Doe', exhibits });
    return { pages: built.pageCount, bytes: built.bytes.length };
  }

  const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

  async function measure(run: () => Promise<{ pages: number; bytes: number }>) {
    await run(); // warm-up
    const times: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 10);
    let last = { pages: 0, bytes: 0 };
    try {
      for (let round = 0; round < rounds; round += 1) {
        const started = performance.now();
        last = await run();
        times.push(performance.now() - started);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    } finally {
      clearInterval(sampler);
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
    return { ms: median, peakRss, ...last };
  }

  const startRss = process.memoryUsage().rss;
  const bare = await measure(baseline);
  const full = await measure(packet);
  console.log(
    `packet bench: ${String(EXHIBITS)} exhibits, ${String(EXHIBITS * (TEXT_PAGES + 2))} document pages, sources ${mb(sourceBytes)} on disk; median of ${String(rounds)} rounds after one warm-up`,
  );
  console.log(`  RSS before building: ${mb(startRss)}`);
  for (const [name, figure, target] of [
    ['baseline: pdf-lib copies the pages only', bare, ''],
    [
      'exhibit packet (index, tabs, bookmarks, page numbers)',
      full,
      `< 10000 ms: ${full.ms < 10_000 ? 'met' : 'missed'}; RSS < 400 MB: ${full.peakRss < 400 * 1024 * 1024 ? 'met' : 'missed'}`,
    ],
  ] as const) {
    console.log(
      `  ${name.padEnd(56)} ${`${figure.ms.toFixed(0)} ms`.padStart(9)}  ${String(figure.pages).padStart(4)} pages  ${mb(figure.bytes).padStart(9)}  peak RSS ${mb(figure.peakRss)}   ${target}`,
    );
  }
  console.log(`  packet / baseline time: ${(full.ms / bare.ms).toFixed(2)}×`);

  // Why photos are embedded without decoding: one photo through pdf-lib's own PNG embedding, and directly.
  const photo = await readFile(join(dir, 'photo-1.png'));
  const once = async (embed: (doc: PDFDocument) => Promise<unknown>) => {
    const doc = await PDFDocument.create();
    const started = performance.now();
    await embed(doc);
    await doc.save();
    return performance.now() - started;
  };
  const decoded = await once((doc) => doc.embedPng(photo));
  const direct = await once((doc) => Promise.resolve(embedPngDirect(doc, photo)));
  console.log(
    `  one ${mb(photo.length)} photo: pdf-lib embedPng ${decoded.toFixed(0)} ms, direct ${direct.toFixed(0)} ms (${(decoded / direct).toFixed(0)}×)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
