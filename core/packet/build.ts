// Builds the exhibit packet, one PDF ready to file: the exhibit index, then for each exhibit in order a
// tab page and the exhibit's own documents (PDF pages copied, JPEG and PNG images placed on Letter
// pages), a bookmark per exhibit and "Page X of Y" on every page.
//
// Memory stays bounded by the packet itself: exhibits are built one at a time and each document's bytes
// are read only when its turn comes, then dropped. Word and text documents are not rendered (a
// re-typeset copy would not be the document the lawyer uploaded): they are listed on the exhibit's tab
// and in the index as "convert it to PDF", and the lawyer is told. Encrypted or unreadable PDFs are
// listed the same way and the rest of the packet is still built.
import {
  concatTransformationMatrix,
  drawObject,
  ParseSpeeds,
  popGraphicsState,
  pushGraphicsState,
  PDFDocument,
  StandardFonts,
  degrees,
  rgb,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib';
import { drawableText, FILING_TEXT, type LeftOutReason } from './filing-text.ts';
import { setBookmarks } from './outline.ts';
import { embedPngDirect } from './png-image.ts';

/** US Letter, in points: what USCIS filings are printed on. */
export const LETTER: [number, number] = [612, 792];
const MARGIN = 54;
/** Room kept at the bottom of generated pages for the page number. */
const FOOTER_SPACE = 36;
const FOOTER_OFFSET = 18;
const FOOTER_SIZE = 9;

export interface PacketDocument {
  fileName: string;
  mimeType: string;
  /** Reads the document's bytes; called once, when the document's turn comes. */
  read(): Promise<Uint8Array>;
}

export interface PacketExhibit {
  exhibitNumber: number;
  title: string;
  /** The criterion the index lists it under, e.g. "(i) Awards". */
  criterion: string;
  documents: readonly PacketDocument[];
}

export interface PacketInput {
  /** The beneficiary, named on the index. */
  beneficiary: string;
  exhibits: readonly PacketExhibit[];
}

export interface LeftOutDocument {
  fileName: string;
  reason: LeftOutReason;
}

/** Where an exhibit landed in the packet, and what of it could not be included. */
export interface ExhibitPlacement {
  exhibitNumber: number;
  title: string;
  /** 1-based page number of its tab page. */
  tabPage: number;
  /** 1-based page number of its last page (the tab page when no document was included). */
  lastPage: number;
  /** Pages of its own documents (the tab page not counted). */
  documentPages: number;
  /** True when the exhibit has no document at all. */
  missing: boolean;
  leftOut: LeftOutDocument[];
}

export interface BuiltPacket {
  bytes: Uint8Array;
  pageCount: number;
  indexPageCount: number;
  exhibits: ExhibitPlacement[];
}

export interface BuildOptions {
  /** Told after each exhibit is placed (1-based), for the lawyer's progress message. */
  onExhibit?: (done: number, total: number) => Promise<void> | void;
  /** Stops the build between documents (the job was taken back). */
  signal?: AbortSignal;
}

/** The fonts and what they can draw. */
interface Typeface {
  regular: PDFFont;
  bold: PDFFont;
  characters: ReadonlySet<number>;
}

function drawable(face: Typeface, text: string): string {
  return drawableText(text, face.characters);
}

/** Splits `text` into lines no wider than `width`; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

type Placed = { pages: number } | { leftOut: LeftOutReason };

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);

async function placePdf(packet: PDFDocument, bytes: Uint8Array): Promise<Placed> {
  let pages: PDFPage[];
  try {
    // Loaded even when encrypted, to tell the lawyer it is password-protected rather than "unreadable".
    const source = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      parseSpeed: ParseSpeeds.Fastest,
    });
    if (source.isEncrypted) return { leftOut: 'encrypted' };
    // A damaged file can parse into a document with no catalog or no pages: unreadable, like one that
    // does not parse. Pages are only added once all are copied, so a file is never half in the packet.
    if (source.getPageCount() === 0) return { leftOut: 'unreadable' };
    pages = await packet.copyPages(source, source.getPageIndices());
  } catch {
    return { leftOut: 'unreadable' };
  }
  for (const page of pages) packet.addPage(page);
  return { pages: pages.length };
}

/**
 * The bytes in a buffer of their own: pdf-lib's JPEG reader reads the whole underlying ArrayBuffer from 0,
 * and a small Node Buffer is a slice of a shared pool, where it would read another buffer's bytes.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);
}

/** An image ready to draw: its pixel size and how to put it on a page. */
interface PlaceableImage {
  width: number;
  height: number;
  draw(page: PDFPage, box: { x: number; y: number; width: number; height: number }): void;
}

async function embedImage(packet: PDFDocument, bytes: Uint8Array, mimeType: string): Promise<PlaceableImage> {
  if (mimeType === 'image/png') {
    const direct = embedPngDirect(packet, bytes);
    if (direct) {
      return {
        width: direct.width,
        height: direct.height,
        draw(page, box) {
          const name = page.node.newXObject('Image', direct.ref);
          page.pushOperators(
            pushGraphicsState(),
            concatTransformationMatrix(box.width, 0, 0, box.height, box.x, box.y),
            drawObject(name),
            popGraphicsState(),
          );
        },
      };
    }
  }
  const own = ownBuffer(bytes);
  const image: PDFImage = mimeType === 'image/png' ? await packet.embedPng(own) : await packet.embedJpg(own);
  return { width: image.width, height: image.height, draw: (page, box) => page.drawImage(image, box) };
}

async function placeImage(packet: PDFDocument, bytes: Uint8Array, mimeType: string): Promise<Placed> {
  let image: PlaceableImage;
  try {
    image = await embedImage(packet, bytes, mimeType);
  } catch {
    return { leftOut: 'unreadable' };
  }
  // A landscape photo goes on a landscape page, so it is as large as the paper allows.
  const [width, height] = image.width > image.height ? [LETTER[1], LETTER[0]] : LETTER;
  const page = packet.addPage([width, height]);
  const boxWidth = width - 2 * MARGIN;
  const boxHeight = height - MARGIN - FOOTER_SPACE - MARGIN / 2;
  const scale = Math.min(boxWidth / image.width, boxHeight / image.height);
  const drawnWidth = image.width * scale;
  const drawnHeight = image.height * scale;
  image.draw(page, {
    x: (width - drawnWidth) / 2,
    y: FOOTER_SPACE + MARGIN / 2 + (boxHeight - drawnHeight) / 2,
    width: drawnWidth,
    height: drawnHeight,
  });
  return { pages: 1 };
}

async function placeDocument(packet: PDFDocument, document: PacketDocument): Promise<Placed> {
  const isPdf = document.mimeType === 'application/pdf';
  if (!isPdf && !IMAGE_TYPES.has(document.mimeType)) return { leftOut: 'convert-to-pdf' };
  const bytes = await document.read();
  return isPdf ? placePdf(packet, bytes) : placeImage(packet, bytes, document.mimeType);
}

function drawTab(
  page: PDFPage,
  face: Typeface,
  exhibit: PacketExhibit,
  missing: boolean,
  leftOut: readonly LeftOutDocument[],
): void {
  const [width, height] = LETTER;
  const heading = FILING_TEXT.tabHeading(exhibit.exhibitNumber);
  const headingSize = 32;
  let y = height * 0.6;
  page.drawText(heading, {
    x: (width - face.bold.widthOfTextAtSize(heading, headingSize)) / 2,
    y,
    size: headingSize,
    font: face.bold,
  });
  y -= 36;
  for (const line of wrap(drawable(face, exhibit.title), face.regular, 14, width - 2 * MARGIN)) {
    page.drawText(line, {
      x: (width - face.regular.widthOfTextAtSize(line, 14)) / 2,
      y,
      size: 14,
      font: face.regular,
    });
    y -= 18;
  }
  const criterion = drawable(face, exhibit.criterion);
  y -= 6;
  page.drawText(criterion, {
    x: (width - face.regular.widthOfTextAtSize(criterion, 11)) / 2,
    y,
    size: 11,
    font: face.regular,
    color: rgb(0.3, 0.3, 0.3),
  });
  const notes = [
    ...(missing ? [FILING_TEXT.missing] : []),
    ...leftOut.map((item) => FILING_TEXT.leftOut(drawable(face, item.fileName), item.reason)),
  ];
  y -= 30;
  for (const note of notes) {
    for (const line of wrap(note, face.regular, 11, width - 2 * MARGIN)) {
      page.drawText(line, {
        x: (width - face.regular.widthOfTextAtSize(line, 11)) / 2,
        y,
        size: 11,
        font: face.regular,
        color: rgb(0.6, 0, 0),
      });
      y -= 14;
    }
  }
}

// The index table: number, exhibit (title and any note), criterion, pages.
const COLUMN = {
  number: { x: MARGIN, width: 36 },
  exhibit: { x: MARGIN + 40, width: 290 },
  criterion: { x: MARGIN + 336, width: 120 },
  pages: { x: MARGIN + 460, width: LETTER[0] - 2 * MARGIN - 460 },
};
const ROW_SIZE = 10;
const NOTE_SIZE = 9;
const LINE = 13;
const ROW_GAP = 6;

interface IndexRow {
  number: string;
  exhibit: string[];
  notes: string[];
  criterion: string[];
  pages: string;
  height: number;
}

function indexRows(
  face: Typeface,
  placements: readonly ExhibitPlacement[],
  exhibits: readonly PacketExhibit[],
) {
  return placements.map((placement, index): IndexRow => {
    const exhibit = exhibits[index];
    const exhibitLines = wrap(drawable(face, placement.title), face.regular, ROW_SIZE, COLUMN.exhibit.width);
    const notes = [
      ...(placement.missing ? [FILING_TEXT.missing] : []),
      ...placement.leftOut.map((item) => FILING_TEXT.leftOut(drawable(face, item.fileName), item.reason)),
    ].flatMap((note) => wrap(note, face.regular, NOTE_SIZE, COLUMN.exhibit.width));
    const criterion = wrap(
      drawable(face, exhibit?.criterion ?? ''),
      face.regular,
      ROW_SIZE,
      COLUMN.criterion.width,
    );
    const lines = Math.max(exhibitLines.length + notes.length, criterion.length, 1);
    return {
      number: String(placement.exhibitNumber),
      exhibit: exhibitLines,
      notes,
      criterion,
      pages: '',
      height: lines * LINE + ROW_GAP,
    };
  });
}

const TABLE_TOP_FIRST = LETTER[1] - MARGIN - 60;
const TABLE_TOP = LETTER[1] - MARGIN - 20;
const TABLE_BOTTOM = MARGIN + FOOTER_SPACE - 18;

/** Which rows go on which index page. */
function paginate(rows: readonly IndexRow[]): IndexRow[][] {
  const pages: IndexRow[][] = [[]];
  let y = TABLE_TOP_FIRST;
  for (const row of rows) {
    const current = pages[pages.length - 1] ?? [];
    if (y - row.height < TABLE_BOTTOM && current.length > 0) {
      pages.push([row]);
      y = TABLE_TOP - row.height;
    } else {
      current.push(row);
      y -= row.height;
    }
  }
  return pages;
}

function drawIndexPage(
  page: PDFPage,
  face: Typeface,
  rows: readonly IndexRow[],
  first: boolean,
  beneficiary: string,
) {
  let y = TABLE_TOP;
  if (first) {
    page.drawText(FILING_TEXT.indexHeading, {
      x: MARGIN,
      y: LETTER[1] - MARGIN - 8,
      size: 18,
      font: face.bold,
    });
    page.drawText(drawable(face, FILING_TEXT.beneficiary(beneficiary)), {
      x: MARGIN,
      y: LETTER[1] - MARGIN - 30,
      size: 11,
      font: face.regular,
    });
    y = TABLE_TOP_FIRST;
  }
  const header = (text: string, x: number) =>
    page.drawText(text, { x, y: y + 6, size: ROW_SIZE, font: face.bold });
  header(FILING_TEXT.columns.number, COLUMN.number.x);
  header(FILING_TEXT.columns.exhibit, COLUMN.exhibit.x);
  header(FILING_TEXT.columns.criterion, COLUMN.criterion.x);
  header(FILING_TEXT.columns.pages, COLUMN.pages.x);
  page.drawLine({
    start: { x: MARGIN, y: y + 2 },
    end: { x: LETTER[0] - MARGIN, y: y + 2 },
    thickness: 0.75,
  });
  y -= LINE;
  for (const row of rows) {
    const text = (value: string, x: number, at: number, size = ROW_SIZE, red = false) =>
      page.drawText(value, {
        x,
        y: at,
        size,
        font: face.regular,
        ...(red && { color: rgb(0.6, 0, 0) }),
      });
    text(row.number, COLUMN.number.x, y);
    row.exhibit.forEach((line, i) => text(line, COLUMN.exhibit.x, y - i * LINE));
    row.notes.forEach((line, i) =>
      text(line, COLUMN.exhibit.x, y - (row.exhibit.length + i) * LINE, NOTE_SIZE, true),
    );
    row.criterion.forEach((line, i) => text(line, COLUMN.criterion.x, y - i * LINE));
    text(row.pages, COLUMN.pages.x, y);
    y -= row.height;
  }
}

/** "Page X of Y" at the visual bottom of a page, whichever way the page is rotated. */
function stampPageNumber(page: PDFPage, font: PDFFont, text: string): void {
  const box = page.getCropBox();
  const textWidth = font.widthOfTextAtSize(text, FOOTER_SIZE);
  const angle = ((page.getRotation().angle % 360) + 360) % 360;
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  const at =
    angle === 90
      ? { x: box.x + box.width - FOOTER_OFFSET, y: centreY - textWidth / 2, rotate: 90 }
      : angle === 180
        ? { x: centreX + textWidth / 2, y: box.y + box.height - FOOTER_OFFSET, rotate: 180 }
        : angle === 270
          ? { x: box.x + FOOTER_OFFSET, y: centreY + textWidth / 2, rotate: 270 }
          : { x: centreX - textWidth / 2, y: box.y + FOOTER_OFFSET, rotate: 0 };
  page.drawText(text, {
    x: at.x,
    y: at.y,
    size: FOOTER_SIZE,
    font,
    rotate: degrees(at.rotate),
    color: rgb(0.2, 0.2, 0.2),
  });
}

export async function buildPacket(input: PacketInput, options: BuildOptions = {}): Promise<BuiltPacket> {
  const packet = await PDFDocument.create();
  packet.setTitle(FILING_TEXT.documentTitle(input.beneficiary));
  packet.setProducer('MegaAgent Pro');
  packet.setCreator('MegaAgent Pro');
  const regular = await packet.embedFont(StandardFonts.Helvetica);
  const face: Typeface = {
    regular,
    bold: await packet.embedFont(StandardFonts.HelveticaBold),
    characters: new Set(regular.getCharacterSet()),
  };

  // The exhibits first (their page counts are only known once placed), the index inserted before them.
  const placements: ExhibitPlacement[] = [];
  const tabPages: PDFPage[] = [];
  const total = input.exhibits.length;
  for (const exhibit of input.exhibits) {
    options.signal?.throwIfAborted();
    const tab = packet.addPage(LETTER);
    const tabIndex = packet.getPageCount() - 1;
    const leftOut: LeftOutDocument[] = [];
    let documentPages = 0;
    for (const document of exhibit.documents) {
      options.signal?.throwIfAborted();
      const placed = await placeDocument(packet, document);
      if ('pages' in placed) documentPages += placed.pages;
      else leftOut.push({ fileName: document.fileName, reason: placed.leftOut });
    }
    const missing = exhibit.documents.length === 0;
    drawTab(tab, face, exhibit, missing, leftOut);
    tabPages.push(tab);
    placements.push({
      exhibitNumber: exhibit.exhibitNumber,
      title: exhibit.title,
      tabPage: tabIndex + 1,
      lastPage: tabIndex + 1 + documentPages,
      documentPages,
      missing,
      leftOut,
    });
    await options.onExhibit?.(placements.length, total);
  }

  const rows = indexRows(face, placements, input.exhibits);
  const indexPages = paginate(rows);
  const indexPageCount = indexPages.length;
  for (const [index, placement] of placements.entries()) {
    placement.tabPage += indexPageCount;
    placement.lastPage += indexPageCount;
    const row = rows[index];
    if (row) row.pages = FILING_TEXT.pageRange(placement.tabPage, placement.lastPage);
  }
  indexPages.forEach((pageRows, index) => {
    const page = packet.insertPage(index, LETTER);
    drawIndexPage(page, face, pageRows, index === 0, input.beneficiary);
  });

  const pages = packet.getPages();
  pages.forEach((page, index) =>
    stampPageNumber(page, face.regular, FILING_TEXT.pageFooter(index + 1, pages.length)),
  );
  setBookmarks(
    packet,
    placements.flatMap((placement, index) => {
      const page = tabPages[index];
      return page ? [{ title: FILING_TEXT.bookmark(placement.exhibitNumber, placement.title), page }] : [];
    }),
  );

  // Large batches per tick: the packet is built in a worker, where a faster save matters more than
  // yielding to other jobs every few objects.
  const bytes = await packet.save({ objectsPerTick: 2_000 });
  return { bytes, pageCount: pages.length, indexPageCount, exhibits: placements };
}
