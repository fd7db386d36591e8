// Bringing a scanned page down to about 300 dpi before OCR. Tesseract reads print at 300 dpi as well as at
// 600, and a 600 dpi page has four times the pixels to binarise, lay out and rescale line by line.
import type { RawImage } from './png.ts';

/** What OCR is given at most: enough for 8-point print. */
export const OCR_DPI = 300;
// A page scanned a little above 300 dpi is left alone: resampling softens the print for a small saving.
const DOWNSCALE_ABOVE_DPI = 360;
const POINTS_PER_INCH = 72;

export interface PageSize {
  /** In PDF points (1/72 inch), as the page is shown. */
  width: number;
  height: number;
}

/**
 * The image's resolution were it to cover the whole page: a lower bound, since an image drawn smaller than
 * the page has more dots per inch. Sides are matched long to long, so a rotated page changes nothing.
 */
export function coveringDpi(image: { width: number; height: number }, page: PageSize): number {
  const [imageLong, imageShort] = [image.width, image.height].sort((a, b) => b - a) as [number, number];
  const [pageLong, pageShort] = [page.width, page.height].sort((a, b) => b - a) as [number, number];
  return Math.min(imageLong / (pageLong / POINTS_PER_INCH), imageShort / (pageShort / POINTS_PER_INCH));
}

/** The scan as OCR should read it: unchanged up to 360 dpi, averaged down to 300 dpi above that. */
export function atOcrResolution(image: RawImage, page: PageSize): RawImage {
  const dpi = coveringDpi(image, page);
  if (!(dpi > DOWNSCALE_ABOVE_DPI)) return image;
  return downscale(image, OCR_DPI / dpi);
}

/** For each target pixel along one axis: the first source pixel it covers and how much of each it covers. */
function coverage(sourceLength: number, targetLength: number): Array<{ from: number; weights: number[] }> {
  const step = sourceLength / targetLength;
  return Array.from({ length: targetLength }, (_, target) => {
    const start = target * step;
    const end = Math.min(sourceLength, start + step);
    const from = Math.floor(start);
    const weights: number[] = [];
    for (let source = from; source < end; source += 1) {
      weights.push((Math.min(end, source + 1) - Math.max(start, source)) / step);
    }
    return { from, weights };
  });
}

/**
 * Area-averaging (box filter) reduction by `factor` (0 < factor < 1). Row by row: besides the result it holds
 * two rows, so a 50-megapixel scan costs no more memory than its reduced copy.
 */
export function downscale(image: RawImage, factor: number): RawImage {
  const { width, height, channels, data } = image;
  const targetWidth = Math.max(1, Math.round(width * factor));
  const targetHeight = Math.max(1, Math.round(height * factor));
  const across = coverage(width, targetWidth);
  const down = coverage(height, targetHeight);
  const rowLength = targetWidth * channels;
  const narrowed = new Float32Array(rowLength);
  const averaged = new Float32Array(rowLength);
  const out = new Uint8ClampedArray(rowLength * targetHeight);

  /** One source row averaged across into `narrowed`. */
  function narrow(y: number): void {
    const sourceRow = y * width * channels;
    for (let x = 0; x < targetWidth; x += 1) {
      const { from, weights } = across[x] ?? { from: 0, weights: [] };
      for (let c = 0; c < channels; c += 1) {
        let sum = 0;
        for (let i = 0; i < weights.length; i += 1) {
          sum += (weights[i] ?? 0) * (data[sourceRow + (from + i) * channels + c] ?? 0);
        }
        narrowed[x * channels + c] = sum;
      }
    }
  }

  for (let y = 0; y < targetHeight; y += 1) {
    const { from, weights } = down[y] ?? { from: 0, weights: [] };
    averaged.fill(0);
    for (let i = 0; i < weights.length; i += 1) {
      narrow(from + i);
      const weight = weights[i] ?? 0;
      for (let k = 0; k < rowLength; k += 1) averaged[k] = (averaged[k] ?? 0) + weight * (narrowed[k] ?? 0);
    }
    out.set(averaged, y * rowLength); // Uint8ClampedArray rounds each average to the nearest level
  }
  return { width: targetWidth, height: targetHeight, channels, data: out };
}
