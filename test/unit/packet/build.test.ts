// The exhibit packet builder: one PDF with the index, a tab page per exhibit, each exhibit's documents in
// order (PDF pages copied, images placed on Letter pages), bookmarks and "Page X of Y" on every page;
// what cannot be included is listed, never silently dropped, and never stops the rest.
import {
  decodePDFRawStream,
  degrees,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  type PDFPage,
} from 'pdf-lib';
import { extractImages, extractText, getDocumentProxy } from 'unpdf';
import { deflateSync } from 'node:zlib';
import { pngChunk, PNG_SIGNATURE } from '../../../core/documents/png.ts';
import { describe, expect, it } from 'vitest';
import { buildPacket, LETTER, type PacketDocument, type PacketExhibit } from '../../../core/packet/build.ts';
import { readBookmarks } from '../../../core/packet/outline.ts';
import { splitPacket } from '../../../core/packet/split.ts';
import {
  blankPng,
  encryptedPdf,
  jpegDeclaring,
  textPdf,
  wordDocument,
} from '../../support/document-fixtures.ts';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function document(fileName: string, mimeType: string, bytes: () => Promise<Buffer> | Buffer): PacketDocument {
  return { fileName, mimeType, read: async () => bytes() };
}

/** A packet of one exhibit made of `documents`. */
function oneExhibitPacket(documents: PacketDocument[]) {
  return buildPacket({
    beneficiary: 'Jane Doe',
    exhibits: [{ exhibitNumber: 1, title: 'Scans', criterion: '(i) Awards', documents }],
  });
}

/** A PDF whose pages say which document and page they are, so order can be read back. */
function labelledPdf(label: string, pages: number): Promise<Buffer> {
  return textPdf(Array.from({ length: pages }, (_, i) => [`${label} page ${String(i + 1)}`]));
}

async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

/** The images drawn on a page: their pixel size. */
function imagesOn(doc: PDFDocument, pageIndex: number): Array<{ width: number; height: number }> {
  const page = doc.getPage(pageIndex);
  const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xObjects) return [];
  return xObjects.keys().flatMap((name) => {
    const stream = xObjects.lookup(name);
    if (!(stream instanceof PDFRawStream)) return [];
    if (stream.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) return [];
    return [
      {
        width: Number(stream.dict.get(PDFName.of('Width'))?.toString()),
        height: Number(stream.dict.get(PDFName.of('Height'))?.toString()),
      },
    ];
  });
}

/** Where the page's image is drawn: the scale and position of the "cm" just before its "Do". */
function drawnImageBox(page: PDFPage): { x: number; y: number; width: number; height: number } {
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const text = streams
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => new TextDecoder().decode(decodePDFRawStream(stream).decode()))
    .join('\n');
  // The drawing matrix in force at the image's "Do": the product of the "cm"s since the page began,
  // following "q"/"Q"; an unrotated image's box is its translation and scale.
  type Matrix = [number, number, number, number, number, number];
  const times = (m: Matrix, n: Matrix): Matrix => [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
  let current: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  const operands: string[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    if (token === 'q') saved.push(current);
    else if (token === 'Q') current = saved.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (token === 'cm') current = times(operands.slice(-6).map(Number) as Matrix, current);
    else if (token === 'Do') return { x: current[4], y: current[5], width: current[0], height: current[3] };
    if (['q', 'Q', 'cm', 'Do'].includes(token)) operands.length = 0;
    else operands.push(token);
  }
  throw new Error(`no image drawn on the page:\n${text}`);
}

/** Paeth predictor of the PNG specification. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * A PNG as cameras and editors write them: each row with its own filter (None, Sub, Up, Average, Paeth in
 * turn), grey (colour type 0), RGB (2) or palette (3) samples of 8 bits.
 */
function filteredPng(
  width: number,
  height: number,
  colorType: 0 | 2 | 3,
  samples: Uint8Array,
  palette?: Buffer,
) {
  const bpp = colorType === 2 ? 3 : 1;
  const rowBytes = width * bpp;
  const raw: number[] = [];
  for (let y = 0; y < height; y += 1) {
    const filter = y % 5;
    raw.push(filter);
    for (let x = 0; x < rowBytes; x += 1) {
      const value = samples[y * rowBytes + x] ?? 0;
      const left = x >= bpp ? (samples[y * rowBytes + x - bpp] ?? 0) : 0;
      const up = y > 0 ? (samples[(y - 1) * rowBytes + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= bpp ? (samples[(y - 1) * rowBytes + x - bpp] ?? 0) : 0;
      const predicted = [0, left, up, Math.floor((left + up) / 2), paeth(left, up, upLeft)][filter] ?? 0;
      raw.push((value - predicted + 256) & 0xff);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colorType;
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    ...(palette ? [pngChunk('PLTE', palette)] : []),
    pngChunk('IDAT', deflateSync(Buffer.from(raw))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the exhibit packet', () => {
  it('puts the index, then each exhibit’s tab and documents in exhibit order, with a bookmark per exhibit and page numbers on every page', async () => {
    const exhibits: PacketExhibit[] = [
      {
        exhibitNumber: 1,
        title: 'Best Paper Award (IEEE, 2021)',
        criterion: '(i) Awards',
        documents: [
          document('certificate.pdf', PDF, () => labelledPdf('AWARD', 2)),
          document('jury.pdf', PDF, () => labelledPdf('JURY', 1)),
        ],
      },
      {
        exhibitNumber: 2,
        title: 'Senior Member, IEEE',
        criterion: '(ii) Membership',
        documents: [document('bylaws.pdf', PDF, () => labelledPdf('BYLAWS', 3))],
      },
      { exhibitNumber: 3, title: 'Reviews for NeurIPS (2022)', criterion: '(iv) Judging', documents: [] },
    ];
    const progress: Array<[number, number]> = [];
    const built = await buildPacket(
      { beneficiary: 'Jane Doe', exhibits },
      { onExhibit: (done, total) => void progress.push([done, total]) },
    );

    const packet = await PDFDocument.load(built.bytes);
    const documentPages = 2 + 1 + 3;
    expect(built.indexPageCount).toBe(1);
    expect(packet.getPageCount()).toBe(built.indexPageCount + exhibits.length + documentPages);
    expect(built.pageCount).toBe(packet.getPageCount());
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);

    const texts = await pageTexts(built.bytes);
    const order = texts.map((text) => {
      const tab = /^\s*Exhibit (\d+)/.exec(text);
      const page = /([A-Z]+) page (\d)/.exec(text);
      if (text.includes('Exhibit Index')) return 'index';
      if (page) return `${page[1] ?? ''} ${page[2] ?? ''}`;
      return tab ? `tab ${tab[1] ?? ''}` : '?';
    });
    expect(order).toEqual([
      'index',
      'tab 1',
      'AWARD 1',
      'AWARD 2',
      'JURY 1',
      'tab 2',
      'BYLAWS 1',
      'BYLAWS 2',
      'BYLAWS 3',
      'tab 3',
    ]);
    texts.forEach((text, index) => expect(text).toContain(`Page ${String(index + 1)} of 10`));

    // The index names each exhibit with its criterion and page range, and the missing one as missing.
    const index = texts[0] ?? '';
    expect(index).toContain('Beneficiary: Jane Doe');
    expect(index).toContain('Best Paper Award (IEEE, 2021)');
    expect(index).toContain('(ii) Membership');
    expect(index).toMatch(/2\s*–\s*5/);
    expect(index).toMatch(/6\s*–\s*9/);
    expect(index).toContain('Missing: no document has been provided for this exhibit.');
    expect(texts[9]).toContain('Missing: no document has been provided');

    expect(readBookmarks(packet)).toEqual([
      { title: 'Exhibit 1: Best Paper Award (IEEE, 2021)', pageIndex: 1 },
      { title: 'Exhibit 2: Senior Member, IEEE', pageIndex: 5 },
      { title: 'Exhibit 3: Reviews for NeurIPS (2022)', pageIndex: 9 },
    ]);
    expect(built.exhibits.map((e) => [e.tabPage, e.lastPage, e.missing])).toEqual([
      [2, 5, false],
      [6, 9, false],
      [10, 10, true],
    ]);
  });

  it('runs the index over several pages for a long case and still points each exhibit at its tab', async () => {
    const exhibits: PacketExhibit[] = Array.from({ length: 60 }, (_, i) => ({
      exhibitNumber: i + 1,
      title: `Letter from an independent expert about the original contribution number ${String(i + 1)}, with its citations and adoption`,
      criterion: '(v) Original contributions',
      documents: [],
    }));
    const built = await buildPacket({ beneficiary: 'Jane Doe', exhibits });
    expect(built.indexPageCount).toBeGreaterThan(1);
    const packet = await PDFDocument.load(built.bytes);
    expect(packet.getPageCount()).toBe(built.indexPageCount + 60);
    const bookmarks = readBookmarks(packet);
    expect(bookmarks.map((b) => b.pageIndex)).toEqual(exhibits.map((_, i) => built.indexPageCount + i));
    const texts = await pageTexts(built.bytes);
    // Every exhibit is in the index exactly once, across its pages, with the page of its tab.
    const index = texts.slice(0, built.indexPageCount).join('\n');
    for (const placement of built.exhibits) {
      expect(texts[placement.tabPage - 1]).toContain(`Exhibit ${String(placement.exhibitNumber)}`);
    }
    expect(index.match(/contribution\s+number\s+\d+,/g)).toHaveLength(60);
    expect(texts[1]).toContain('Criterion');
  });

  it('stamps the page number at the bottom, reading left to right, on pages scanned sideways or upside down', async () => {
    const rotated = await PDFDocument.create();
    for (const angle of [0, 90, 180, 270]) rotated.addPage([612, 792]).setRotation(degrees(angle));
    const built = await oneExhibitPacket([
      document('rotated.pdf', PDF, async () => Buffer.from(await rotated.save())),
    ]);
    const pdf = await getDocumentProxy(new Uint8Array(built.bytes));
    for (const pageNumber of [3, 4, 5, 6]) {
      const page = await pdf.getPage(pageNumber);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const stamp = content.items.find(
        (item): item is typeof item & { str: string; transform: number[] } =>
          'str' in item && item.str === `Page ${String(pageNumber)} of 6`,
      );
      expect(stamp, `page ${String(pageNumber)}`).toBeDefined();
      const [a = 0, b = 0, , , e = 0, f = 0] = stamp?.transform ?? [];
      const [x, y] = viewport.convertToViewportPoint(e, f) as [number, number];
      const [vx, vy] = viewport.convertToViewportPoint(e + a, f + b) as [number, number];
      // As the page is shown: near the bottom edge, around the middle, and running rightwards.
      expect(viewport.height - y).toBeGreaterThan(10);
      expect(viewport.height - y).toBeLessThan(30);
      expect(x).toBeGreaterThan(viewport.width / 2 - 60);
      expect(x).toBeLessThan(viewport.width / 2);
      expect(vx - x).toBeGreaterThan(0);
      expect(Math.abs(vy - y)).toBeLessThan(0.01);
    }
  });

  it('places JPEG and PNG images on their own Letter pages, scaled to fit inside the margins', async () => {
    const built = await buildPacket({
      beneficiary: 'Jane Doe',
      exhibits: [
        {
          exhibitNumber: 1,
          title: 'Photographs of the exhibition',
          criterion: '(vii) Artistic exhibitions',
          documents: [
            document('portrait.jpg', 'image/jpeg', () => jpegDeclaring(1200, 3000)),
            document('wide.png', 'image/png', () => blankPng(900, 300)),
          ],
        },
      ],
    });
    const packet = await PDFDocument.load(built.bytes);
    expect(packet.getPageCount()).toBe(1 + 1 + 2);
    const portrait = packet.getPage(2);
    const wide = packet.getPage(3);
    expect([portrait.getWidth(), portrait.getHeight()]).toEqual(LETTER);
    // A landscape image goes on a landscape page.
    expect([wide.getWidth(), wide.getHeight()]).toEqual([LETTER[1], LETTER[0]]);
    expect(imagesOn(packet, 2)).toEqual([{ width: 1200, height: 3000 }]);
    expect(imagesOn(packet, 3)).toEqual([{ width: 900, height: 300 }]);
    // Scaled to fit inside the page's margins, keeping the image's proportions.
    for (const [pageIndex, ratio] of [
      [2, 1200 / 3000],
      [3, 900 / 300],
    ] as const) {
      const page = packet.getPage(pageIndex);
      const drawn = drawnImageBox(page);
      expect(drawn.x).toBeGreaterThanOrEqual(36);
      expect(drawn.y).toBeGreaterThanOrEqual(36);
      expect(drawn.x + drawn.width).toBeLessThanOrEqual(page.getWidth() - 36);
      expect(drawn.y + drawn.height).toBeLessThanOrEqual(page.getHeight() - 36);
      expect(drawn.width / drawn.height).toBeCloseTo(ratio, 3);
      expect(
        Math.max(drawn.width / (page.getWidth() - 108), drawn.height / (page.getHeight() - 150)),
      ).toBeGreaterThan(0.9);
    }
  });

  it('shows a PNG’s pixels exactly as they are, whatever its row filters, in grey, colour and palette', async () => {
    const [width, height] = [37, 23];
    const grey = Uint8Array.from({ length: width * height }, (_, i) => (i * 7 + (i % width) * 3) & 0xff);
    const rgb = Uint8Array.from(
      { length: width * height * 3 },
      (_, i) => (i * 13 + Math.floor(i / 97)) & 0xff,
    );
    const palette = Buffer.from([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 250, 250, 250]);
    const indices = Uint8Array.from(
      { length: width * height },
      (_, i) => (i * 3 + Math.floor(i / width)) % 5,
    );
    const built = await oneExhibitPacket([
      document('grey.png', 'image/png', () => filteredPng(width, height, 0, grey)),
      document('colour.png', 'image/png', () => filteredPng(width, height, 2, rgb)),
      document('palette.png', 'image/png', () => filteredPng(width, height, 3, indices, palette)),
    ]);
    const pdf = await getDocumentProxy(new Uint8Array(built.bytes));
    // The PDF reader hands every image back as RGB.
    const expected = [
      Uint8Array.from([...grey].flatMap((value) => [value, value, value])),
      rgb,
      Uint8Array.from([...indices].flatMap((index) => [...palette.subarray(index * 3, index * 3 + 3)])),
    ];
    for (const [offset, pixels] of expected.entries()) {
      const [image] = await extractImages(pdf, 3 + offset);
      expect(image).toBeDefined();
      expect([image?.width, image?.height, image?.channels]).toEqual([width, height, 3]);
      expect(Buffer.from(image?.data ?? []).equals(Buffer.from(pixels))).toBe(true);
    }
  });

  it('lists an encrypted PDF, a damaged PDF and a Word file as not included and still builds the rest', async () => {
    const built = await buildPacket({
      beneficiary: 'Jane Doe',
      exhibits: [
        {
          exhibitNumber: 1,
          title: 'Salary statements',
          criterion: '(ix) High remuneration',
          documents: [
            document('locked.pdf', PDF, () => encryptedPdf()),
            document('broken.pdf', PDF, () => Buffer.from('%PDF-1.7\nthis is not a PDF body')),
            document('letter.docx', DOCX, () => wordDocument(['A letter'])),
            document('payslip.pdf', PDF, () => labelledPdf('PAYSLIP', 1)),
          ],
        },
        {
          exhibitNumber: 2,
          title: 'Offer letter',
          criterion: '(viii) Leading or critical role',
          documents: [document('offer.pdf', PDF, () => labelledPdf('OFFER', 2))],
        },
      ],
    });
    expect(built.exhibits[0]?.leftOut).toEqual([
      { fileName: 'locked.pdf', reason: 'encrypted' },
      { fileName: 'broken.pdf', reason: 'unreadable' },
      { fileName: 'letter.docx', reason: 'convert-to-pdf' },
    ]);
    expect(built.exhibits[0]?.documentPages).toBe(1);
    expect(built.exhibits[1]?.documentPages).toBe(2);
    const texts = await pageTexts(built.bytes);
    expect(texts).toHaveLength(1 + 2 + 1 + 2);
    expect(texts[0]).toContain('Not included: locked.pdf (password-protected PDF)');
    expect(texts[0]).toContain('Not included: broken.pdf (damaged or unreadable PDF)');
    expect(texts[0]).toContain('Not included: letter.docx (convert it to PDF)');
    expect(texts[1]).toContain('Not included: locked.pdf');
    expect(texts[2]).toContain('PAYSLIP page 1');
    expect(texts[4]).toContain('OFFER page 1');
  });

  it('reads each document only when its exhibit is placed, one at a time', async () => {
    const events: string[] = [];
    const tracked = (label: string): PacketDocument => ({
      fileName: `${label}.pdf`,
      mimeType: PDF,
      read: async () => {
        events.push(`read ${label}`);
        return labelledPdf(label, 1);
      },
    });
    await buildPacket(
      {
        beneficiary: 'Jane Doe',
        exhibits: [1, 2, 3].map((n) => ({
          exhibitNumber: n,
          title: `Exhibit title ${String(n)}`,
          criterion: '(i) Awards',
          documents: [tracked(`E${String(n)}A`), tracked(`E${String(n)}B`)],
        })),
      },
      { onExhibit: (done) => void events.push(`placed ${String(done)}`) },
    );
    expect(events).toEqual([
      'read E1A',
      'read E1B',
      'placed 1',
      'read E2A',
      'read E2B',
      'placed 2',
      'read E3A',
      'read E3B',
      'placed 3',
    ]);
  });

  it('keeps titles it cannot print in the standard fonts readable instead of failing', async () => {
    const built = await buildPacket({
      beneficiary: 'Zoë Šimek',
      exhibits: [
        { exhibitNumber: 1, title: 'Премия «Лучшая статья» – Łódź', criterion: '(i) Awards', documents: [] },
      ],
    });
    const texts = await pageTexts(built.bytes);
    // Š and ë are in the standard fonts; Ł and Cyrillic are spelled in Latin letters; the rest is "?".
    expect(texts[0]).toContain('Beneficiary: Zoë Šimek');
    expect(texts[0]).toContain('Premiya «Luchshaya statya» – Lódz');
    // The bookmark is Unicode: it keeps the title exactly.
    expect(readBookmarks(await PDFDocument.load(built.bytes))[0]?.title).toBe(
      'Exhibit 1: Премия «Лучшая статья» – Łódź',
    );
  });

  it('splits a packet over the upload limit into parts at exhibit boundaries, keeping page numbers and bookmarks', async () => {
    const exhibits: PacketExhibit[] = [1, 2, 3, 4].map((n) => ({
      exhibitNumber: n,
      title: `Exhibit title ${String(n)}`,
      criterion: '(i) Awards',
      documents: [document(`e${String(n)}.png`, 'image/png', () => blankPng(600 + n, 800))],
    }));
    const built = await buildPacket({ beneficiary: 'Jane Doe', exhibits });
    const whole = await splitPacket(built);
    expect(whole).toHaveLength(1);
    expect(whole[0]?.bytes).toBe(built.bytes);

    const limit = Math.ceil(built.bytes.length / 2);
    const parts = await splitPacket(built, limit);
    expect(parts.length).toBeGreaterThan(1);
    let nextPage = 1;
    const bookmarks: string[] = [];
    for (const part of parts) {
      expect(part.bytes.length).toBeLessThanOrEqual(limit);
      expect(part.firstPage).toBe(nextPage);
      nextPage = part.lastPage + 1;
      const doc = await PDFDocument.load(part.bytes);
      expect(doc.getPageCount()).toBe(part.lastPage - part.firstPage + 1);
      const texts = await pageTexts(part.bytes);
      expect(texts[0]).toContain(`Page ${String(part.firstPage)} of ${String(built.pageCount)}`);
      // Every part after the first starts at an exhibit's tab page.
      if (part.firstPage > 1) expect(built.exhibits.map((e) => e.tabPage)).toContain(part.firstPage);
      bookmarks.push(...readBookmarks(doc).map((b) => b.title));
    }
    expect(nextPage - 1).toBe(built.pageCount);
    expect(bookmarks).toEqual(exhibits.map((e) => `Exhibit ${String(e.exhibitNumber)}: ${e.title}`));
  });
});
