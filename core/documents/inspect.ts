// Looking at a file's headers before decoding it: an image's dimensions and a zip's table of contents,
// so that a 20,000 × 20,000 image or a zip bomb is refused before it costs any memory.
import type { DocumentLimits } from './limits.ts';
import { DocumentRefusedError } from './refusal.ts';

export interface ImageSize {
  width: number;
  height: number;
}

/** Width and height from a PNG's IHDR chunk, or null when the header is not there. */
function pngSize(bytes: Buffer): ImageSize | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// Markers that stand alone, with no length after them.
function isStandaloneMarker(marker: number): boolean {
  return marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7);
}

// Start-of-frame markers carry the dimensions; C4 (Huffman tables), C8 and CC (arithmetic coding) do not.
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Width and height from a JPEG's start-of-frame segment, walking the segments before the image data. */
function jpegSize(bytes: Buffer): ImageSize | null {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (isStandaloneMarker(marker)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame
    const length = bytes.readUInt16BE(offset + 2);
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return null;
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

/** The dimensions a PNG or JPEG declares; refuses a damaged header. */
export function imageSize(bytes: Buffer, mimeType: 'image/png' | 'image/jpeg'): ImageSize {
  const size = mimeType === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size || size.width === 0 || size.height === 0) throw new DocumentRefusedError('corrupt', { mimeType });
  return size;
}

/** Refuses an image larger than the limits allow. */
export function requireImageWithinLimits(size: ImageSize, limits: DocumentLimits): void {
  if (
    size.width > limits.maxImageSide ||
    size.height > limits.maxImageSide ||
    size.width * size.height > limits.maxImagePixels
  ) {
    throw new DocumentRefusedError('image_too_large', { width: size.width, height: size.height });
  }
}

export interface ZipSummary {
  entries: number;
  compressedBytes: number;
  uncompressedBytes: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_OF_DIRECTORY_SIZE = 22;
const MAX_COMMENT = 0xffff;
// An entry this small cannot hurt whatever its ratio (XML of a few kilobytes compresses very well).
const RATIO_FLOOR_BYTES = 1024 * 1024;

function findEndOfDirectory(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - END_OF_DIRECTORY_SIZE - MAX_COMMENT);
  for (let offset = bytes.length - END_OF_DIRECTORY_SIZE; offset >= lowest; offset -= 1) {
    if (bytes.readUInt32LE(offset) === END_OF_DIRECTORY) return offset;
  }
  return -1;
}

/**
 * Reads a zip's central directory (what each entry declares it holds) without inflating anything, and
 * refuses one that lists too many entries, declares too many bytes, or expands too steeply.
 */
export function inspectZip(bytes: Buffer, limits: DocumentLimits): ZipSummary {
  const end = findEndOfDirectory(bytes);
  if (end < 0) throw new DocumentRefusedError('corrupt', { zip: 'no end of central directory' });
  const declaredEntries = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  // Zip64 markers: a Word document never needs them below our size limits.
  if (declaredEntries === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new DocumentRefusedError('zip_bomb', { zip: 'zip64' });
  }
  if (declaredEntries > limits.maxZipEntries) {
    throw new DocumentRefusedError('zip_bomb', { entries: declaredEntries });
  }
  if (directoryOffset + directorySize > end) {
    throw new DocumentRefusedError('corrupt', { zip: 'central directory out of bounds' });
  }
  const summary: ZipSummary = { entries: 0, compressedBytes: 0, uncompressedBytes: 0 };
  let offset = directoryOffset;
  while (offset + 46 <= directoryOffset + directorySize) {
    if (bytes.readUInt32LE(offset) !== DIRECTORY_ENTRY) {
      throw new DocumentRefusedError('corrupt', { zip: 'bad central directory entry' });
    }
    const compressed = bytes.readUInt32LE(offset + 20);
    const uncompressed = bytes.readUInt32LE(offset + 24);
    summary.entries += 1;
    summary.compressedBytes += compressed;
    summary.uncompressedBytes += uncompressed;
    if (summary.entries > limits.maxZipEntries) {
      throw new DocumentRefusedError('zip_bomb', { entries: summary.entries });
    }
    if (summary.uncompressedBytes > limits.maxUncompressedBytes) {
      throw new DocumentRefusedError('zip_bomb', { uncompressedBytes: summary.uncompressedBytes });
    }
    if (uncompressed > RATIO_FLOOR_BYTES && uncompressed > compressed * limits.maxCompressionRatio) {
      throw new DocumentRefusedError('zip_bomb', { compressed, uncompressed });
    }
    offset +=
      46 +
      bytes.readUInt16LE(offset + 28) +
      bytes.readUInt16LE(offset + 30) +
      bytes.readUInt16LE(offset + 32);
  }
  if (summary.entries !== declaredEntries) {
    throw new DocumentRefusedError('corrupt', { zip: 'entry count differs from the directory' });
  }
  return summary;
}
