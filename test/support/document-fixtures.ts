// Documents generated on the fly for the reading tests and the bench: PDFs (text, scanned, encrypted, too
// long), Word documents (real and zip bombs), PNGs of printed text drawn with a small bitmap font, and
// images whose headers claim impossible sizes. Nothing binary is committed.
import { crc32, deflateRawSync } from 'node:zlib';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { encodePng, PNG_SIGNATURE, pngChunk } from '../../core/documents/png.ts';

export async function textPdf(pages: ReadonlyArray<readonly string[]>): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 18, size: 12, font }));
  }
  return Buffer.from(await pdf.save());
}

/** A PDF whose first page has a text layer and whose second is only an image of printed text (a scan). */
export async function scannedPdf(
  firstPage: readonly string[],
  scannedLines: readonly string[],
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const first = pdf.addPage([612, 792]);
  firstPage.forEach((line, i) => first.drawText(line, { x: 72, y: 720 - i * 18, size: 12, font }));
  const scan = await pdf.embedPng(printedTextPng(scannedLines));
  const second = pdf.addPage([612, 792]);
  const width = 540;
  const height = (scan.height / scan.width) * width;
  second.drawImage(scan, { x: 36, y: 756 - height, width, height });
  return Buffer.from(await pdf.save());
}

/** A one-page PDF that is only the given PNG, as a scanner makes it. */
export async function imagePdf(png: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  pdf.addPage([612, 792]).drawImage(image, { x: 36, y: 36, width: 540, height: 720 });
  return Buffer.from(await pdf.save());
}

/** A one-page PDF whose page is exactly the PNG, scanned at `dpi` dots per inch. */
export async function scanAtDpi(png: Buffer, dpi: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  const width = (image.width / dpi) * 72;
  const height = (image.height / dpi) * 72;
  pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  return Buffer.from(await pdf.save());
}

/** A PDF of scanned pages only, each an image of its printed lines (OCR reads every page). */
export async function scannedPagesPdf(pages: ReadonlyArray<readonly string[]>): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const lines of pages) {
    const image = await pdf.embedPng(printedTextPng(lines));
    pdf
      .addPage([612, 792])
      .drawImage(image, { x: 36, y: 400, width: 540, height: 540 * (image.height / image.width) });
  }
  return Buffer.from(await pdf.save());
}

export async function blankPagesPdf(count: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < count; i += 1) pdf.addPage([612, 792]);
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/**
 * A PDF protected by a user password (standard security handler, RC4 40-bit). The password checks in the
 * dictionary match no password at all, which for a reader is the same as one it was not given.
 */
export async function encryptedPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([612, 792]);
  const context = pdf.context;
  const encrypt = context.obj({
    Filter: 'Standard',
    V: 1,
    R: 2,
    O: PDFHexString.of('a1'.repeat(32)),
    U: PDFHexString.of('b2'.repeat(32)),
    P: PDFNumber.of(-44),
  });
  context.trailerInfo.Encrypt = context.register(encrypt);
  const id = PDFHexString.of('0123456789abcdef0123456789abcdef');
  context.trailerInfo.ID = context.obj([id, id]);
  // The standard handler needs the name, not a string.
  encrypt.set(PDFName.of('Filter'), PDFName.of('Standard'));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

export async function wordDocument(paragraphs: readonly string[]): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: paragraphs.map((text) => new Paragraph({ children: [new TextRun(text)] })) }],
  });
  return Packer.toBuffer(document);
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** What the directory claims the entry inflates to; the truth when left out. */
  declaredSize?: number;
}

/** A deflated zip written by hand, so a test can make its directory tell the truth or lie. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    directory.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const ROOT_RELATIONSHIPS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);

/** A Word document (by its signature) whose body is the given XML, optionally lying about its size. */
export function wordDocumentWithBody(body: Buffer, declaredSize?: number, extraEntries = 0): Buffer {
  const filler = Array.from({ length: extraEntries }, (_, i) => ({
    name: `word/media/part${i}.xml`,
    data: Buffer.from('<x/>'),
  }));
  return zipArchive([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELATIONSHIPS },
    { name: 'word/document.xml', data: body, ...(declaredSize === undefined ? {} : { declaredSize }) },
    ...filler,
  ]);
}

/** WordprocessingML with `paragraphs` copies of one paragraph: megabytes of XML that deflate to almost nothing. */
export function repeatedParagraphsXml(paragraphs: number): Buffer {
  const paragraph = '<w:p><w:r><w:t>Repeated paragraph of the same words.</w:t></w:r></w:p>';
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      paragraph.repeat(paragraphs) +
      '</w:body></w:document>',
  );
}

/** A PNG whose header declares the given size; its pixel data is a stub no decoder should ever reach. */
export function pngDeclaring(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG whose start-of-frame declares the given size (after an APP0 segment, as cameras write them). */
export function jpegDeclaring(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const frame = Buffer.alloc(19);
  frame.writeUInt16BE(0xffc0, 0);
  frame.writeUInt16BE(17, 2);
  frame[4] = 8;
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  frame[9] = 3;
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, frame, Buffer.from([0xff, 0xd9])]);
}

// A 5 × 7 bitmap font: '#' is ink. Enough letters and digits for the printed-text fixtures.
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['.###.', '#....', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '....#', '.###.'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

/**
 * Black printed capitals on white, as a greyscale PNG: each font dot is `scale` pixels square, letters one
 * dot apart, lines three dots apart, and a margin like a scanned page's.
 */
export function printedTextPng(lines: readonly string[], scale = 4): Buffer {
  const columns = Math.max(...lines.map((line) => line.length));
  const margin = 10 * scale;
  const width = margin * 2 + columns * 6 * scale;
  const height = margin * 2 + lines.length * 10 * scale;
  const pixels = new Uint8Array(width * height).fill(255);
  lines.forEach((line, row) => {
    [...line.toUpperCase()].forEach((character, column) => {
      const glyph = GLYPHS[character];
      if (!glyph) throw new RangeError(`no glyph for ${character}`);
      glyph.forEach((dots, dy) => {
        [...dots].forEach((dot, dx) => {
          if (dot !== '#') return;
          const left = margin + (column * 6 + dx) * scale;
          const top = margin + (row * 10 + dy) * scale;
          for (let y = top; y < top + scale; y += 1)
            pixels.fill(0, y * width + left, y * width + left + scale);
        });
      });
    });
  });
  return encodePng({ width, height, channels: 1, data: pixels });
}

/** A white image with nothing printed on it: a scan nobody can read. */
export function blankPng(width = 400, height = 300): Buffer {
  return encodePng({ width, height, channels: 1, data: new Uint8Array(width * height).fill(255) });
}
