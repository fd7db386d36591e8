// The packet's bookmarks (the PDF outline a reader shows beside the pages): one per exhibit, opening its
// tab page. pdf-lib has no outline API, so the /Outlines tree is written from its low-level objects, and
// read back the same way (tests and the bench check what a PDF reader would show).
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFPage,
} from 'pdf-lib';

export interface Bookmark {
  title: string;
  page: PDFPage;
}

/** Replaces the document's outline with a flat list of bookmarks, in order, each opening its page. */
export function setBookmarks(doc: PDFDocument, bookmarks: readonly Bookmark[]): void {
  const { context } = doc;
  const outlinesRef = context.nextRef();
  const itemRefs = bookmarks.map(() => context.nextRef());

  bookmarks.forEach((bookmark, index) => {
    const item = context.obj({});
    item.set(PDFName.of('Title'), PDFHexString.fromText(bookmark.title));
    item.set(PDFName.of('Parent'), outlinesRef);
    // Open the page whole in the window ("Fit"), where the exhibit's tab is.
    item.set(PDFName.of('Dest'), context.obj([bookmark.page.ref, PDFName.of('Fit')]));
    const previous = itemRefs[index - 1];
    const next = itemRefs[index + 1];
    if (previous) item.set(PDFName.of('Prev'), previous);
    if (next) item.set(PDFName.of('Next'), next);
    const ref = itemRefs[index];
    if (ref) context.assign(ref, item);
  });

  const outlines = context.obj({});
  outlines.set(PDFName.of('Type'), PDFName.of('Outlines'));
  const first = itemRefs[0];
  const last = itemRefs[itemRefs.length - 1];
  if (first && last) {
    outlines.set(PDFName.of('First'), first);
    outlines.set(PDFName.of('Last'), last);
  }
  outlines.set(PDFName.of('Count'), PDFNumber.of(bookmarks.length));
  context.assign(outlinesRef, outlines);

  doc.catalog.set(PDFName.of('Outlines'), outlinesRef);
  // Readers open with the bookmarks panel showing, so the lawyer and the officer see the exhibits at once.
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

export interface ReadBookmark {
  title: string;
  /** 0-based index of the page the bookmark opens, or -1 when it names no page of the document. */
  pageIndex: number;
}

function textOf(value: unknown): string {
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : '';
}

/** The document's top-level bookmarks as a reader lists them. */
export function readBookmarks(doc: PDFDocument): ReadBookmark[] {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return [];
  const pageRefs = doc.getPages().map((page) => page.ref);
  const found: ReadBookmark[] = [];
  const seen = new Set<PDFDict>();
  let item = outlines.lookupMaybe(PDFName.of('First'), PDFDict);
  while (item && !seen.has(item)) {
    seen.add(item);
    const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray);
    const target = dest?.get(0);
    found.push({
      title: textOf(item.lookup(PDFName.of('Title'))),
      pageIndex: target instanceof PDFRef ? pageRefs.findIndex((ref) => ref === target) : -1,
    });
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  return found;
}
