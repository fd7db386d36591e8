// PNG images into the packet without decoding them: a PNG's image data is a zlib stream of filtered rows,
// which a PDF reads as is (FlateDecode with the PNG predictor). pdf-lib's own embedding decodes and
// re-compresses every pixel in JavaScript, about ten times slower, so it is kept for what the direct
// path cannot carry: transparency (an alpha channel needs a separate mask) and interlaced images.
import { inflateSync } from 'node:zlib';
import { PDFName, PDFNumber, type PDFDocument, type PDFRef } from 'pdf-lib';

export interface EmbeddedPng {
  ref: PDFRef;
  width: number;
  height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1 };

interface PngParts {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  palette: Uint8Array | null;
  data: Buffer;
}

function readParts(bytes: Uint8Array): PngParts | null {
  if (bytes.length < 33 || SIGNATURE.some((value, i) => bytes[i] !== value)) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: Omit<PngParts, 'palette' | 'data'> | null = null;
  let palette: Uint8Array | null = null;
  const data: Buffer[] = [];
  while (offset + 8 <= view.length) {
    const length = view.readUInt32BE(offset);
    const type = view.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    if (start + length + 4 > view.length) return null;
    const body = view.subarray(start, start + length);
    if (type === 'IHDR' && length >= 13) {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8] ?? 0,
        colorType: body[9] ?? 0,
        interlaced: body[12] !== 0,
      };
    } else if (type === 'PLTE') {
      palette = body;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset = start + length + 4;
  }
  if (!header || data.length === 0) return null;
  return { ...header, palette, data: Buffer.concat(data) };
}

/**
 * Embeds the PNG's compressed rows directly when it is opaque, not interlaced, grey, colour or palette;
 * null when it is not such a PNG (the caller then lets pdf-lib decode it). The rows are inflated once
 * (natively, milliseconds) to check they are complete, so a damaged PNG is never put in the packet.
 */
export function embedPngDirect(doc: PDFDocument, bytes: Uint8Array): EmbeddedPng | null {
  const png = readParts(bytes);
  if (!png || png.interlaced || png.width === 0 || png.height === 0) return null;
  const channels = CHANNELS[png.colorType];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(png.bitDepth)) return null;
  if (png.colorType === 3 && (!png.palette || png.bitDepth === 16)) return null;
  if (png.colorType === 2 && png.bitDepth < 8) return null;
  const rowBytes = Math.ceil((png.width * channels * png.bitDepth) / 8);
  let rawLength: number;
  try {
    rawLength = inflateSync(png.data).length;
  } catch {
    return null;
  }
  if (rawLength !== png.height * (rowBytes + 1)) return null;

  const { context } = doc;
  const colorSpace =
    png.colorType === 3 && png.palette
      ? context.obj([
          PDFName.of('Indexed'),
          PDFName.of('DeviceRGB'),
          PDFNumber.of(png.palette.length / 3 - 1),
          context.register(context.flateStream(png.palette)),
        ])
      : PDFName.of(png.colorType === 2 ? 'DeviceRGB' : 'DeviceGray');
  const stream = context.stream(png.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    BitsPerComponent: png.bitDepth,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: channels, BitsPerComponent: png.bitDepth, Columns: png.width },
  });
  stream.dict.set(PDFName.of('ColorSpace'), colorSpace);
  return { ref: context.register(stream), width: png.width, height: png.height };
}
