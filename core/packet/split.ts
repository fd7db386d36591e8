// A packet too large to send in one Telegram message (bots may upload at most 50 MB) goes out in parts,
// "Part 1 of K", each cut at an exhibit's tab page where possible, keeping the packet's page numbers
// (so the index, in part 1, still points at the right pages) and its bookmarks for the exhibits it holds.
import { PDFDocument } from 'pdf-lib';
import type { BuiltPacket } from './build.ts';
import { FILING_TEXT } from './filing-text.ts';
import { setBookmarks } from './outline.ts';

/** What Telegram lets a bot upload in one file. */
export const TELEGRAM_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export interface PacketPart {
  bytes: Uint8Array;
  /** 1-based packet page numbers this part holds. */
  firstPage: number;
  lastPage: number;
}

/**
 * The packet as parts of at most `limitBytes` each, in page order; the packet itself when it fits. A part
 * over the limit is cut again (at the exhibit boundary nearest its middle, or mid-exhibit when it holds
 * one exhibit), down to single pages, which uploads of at most 20 MB each always fit.
 */
export async function splitPacket(
  built: Pick<BuiltPacket, 'bytes' | 'pageCount' | 'exhibits'>,
  limitBytes: number = TELEGRAM_UPLOAD_LIMIT_BYTES,
): Promise<PacketPart[]> {
  const { bytes, pageCount, exhibits } = built;
  if (bytes.length <= limitBytes) return [{ bytes, firstPage: 1, lastPage: pageCount }];
  const packet = await PDFDocument.load(bytes, { updateMetadata: false });
  // Where a part may start: an exhibit's tab page (the index stays with the first exhibit).
  const boundaries = exhibits.map((exhibit) => exhibit.tabPage).filter((page) => page > 1);

  async function makePart(firstPage: number, lastPage: number): Promise<Uint8Array> {
    const part = await PDFDocument.create();
    part.setTitle(packet.getTitle() ?? '');
    part.setProducer('MegaAgent Pro');
    const indices = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage - 1 + i);
    const pages = await part.copyPages(packet, indices);
    for (const page of pages) part.addPage(page);
    setBookmarks(
      part,
      exhibits.flatMap((exhibit) => {
        const page = pages[exhibit.tabPage - firstPage];
        return exhibit.tabPage >= firstPage && exhibit.tabPage <= lastPage && page
          ? [{ title: FILING_TEXT.bookmark(exhibit.exhibitNumber, exhibit.title), page }]
          : [];
      }),
    );
    return part.save({ objectsPerTick: 2_000 });
  }

  async function partsOf(firstPage: number, lastPage: number): Promise<PacketPart[]> {
    const partBytes = await makePart(firstPage, lastPage);
    if (partBytes.length <= limitBytes || firstPage === lastPage) {
      return [{ bytes: partBytes, firstPage, lastPage }];
    }
    const middle = (firstPage + lastPage + 1) / 2;
    const inside = boundaries.filter((page) => page > firstPage && page <= lastPage);
    const cut =
      inside.length > 0
        ? inside.reduce((best, page) => (Math.abs(page - middle) < Math.abs(best - middle) ? page : best))
        : Math.floor(middle);
    return [...(await partsOf(firstPage, cut - 1)), ...(await partsOf(cut, lastPage))];
  }

  return partsOf(1, pageCount);
}
