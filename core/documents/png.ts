// A minimal PNG encoder: turns the raw pixels of an image found in a scanned PDF page into a file the OCR
// engine reads. Filter 0 on every row and zlib compression; nothing else is needed for OCR.
import { crc32, deflateSync } from 'node:zlib';

export interface RawImage {
  width: number;
  height: number;
  /** 1 (grey), 3 (RGB) or 4 (RGBA) bytes per pixel, rows top to bottom. */
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE: Readonly<Record<RawImage['channels'], number>> = { 1: 0, 3: 2, 4: 6 };

/** One PNG chunk: length, type, data and the CRC of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function encodePng(image: RawImage): Buffer {
  const { width, height, channels, data } = image;
  const rowBytes = width * channels;
  if (data.length !== rowBytes * height) throw new RangeError('pixel data does not match the dimensions');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = COLOR_TYPE[channels];
  const scanlines = Buffer.alloc((rowBytes + 1) * height);
  const pixels = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let row = 0; row < height; row += 1) {
    pixels.copy(scanlines, row * (rowBytes + 1) + 1, row * rowBytes, (row + 1) * rowBytes);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
