// What a writer gets beside the facts: the documents of the exhibits a text cites, clipped so a request
// stays sendable, and the lawyer's notes, each labelled as material rather than a fact to state.
import { describe, expect, it } from 'vitest';
import {
  caseMaterial,
  DOCUMENT_TEXT_SENT,
  DOCUMENT_TEXT_SENT_TOTAL,
  type ExhibitDocumentText,
} from '../../../core/drafting/case-file.ts';

const doc = (exhibitNumber: number, text: string): ExhibitDocumentText => ({
  exhibitNumber,
  fileName: `exhibit-${String(exhibitNumber)}.pdf`,
  text,
});

describe('case material for the writer', () => {
  const note = { text: 'Lead with the judging.', createdAt: new Date('2026-12-01T09:00:00Z') };

  it('sends the documents of the cited exhibits only, then the notes, each labelled', () => {
    const material = caseMaterial(
      { notes: [note], documents: [doc(1, 'Award letter'), doc(2, 'Roster')] },
      [2],
    );
    expect(material).toEqual([
      {
        label: 'Exhibit 2, text of the document exhibit-2.pdf (material to read, not a fact to state)',
        text: 'Roster',
      },
      {
        label: "The lawyer's note on the case, 2026-12-01 (background for the writer, not a fact to state)",
        text: 'Lead with the judging.',
      },
    ]);
    expect(caseMaterial({ notes: [], documents: [doc(1, 'a'), doc(2, 'b')] }).map((m) => m.text)).toEqual([
      'a',
      'b',
    ]);
  });

  it('clips a long document and stops adding documents past the total', () => {
    const long = 'x'.repeat(DOCUMENT_TEXT_SENT * 2);
    const documents = Array.from({ length: 10 }, (_, i) => doc(i + 1, long));
    const material = caseMaterial({ notes: [note], documents });
    const texts = material.filter((m) => m.label.startsWith('Exhibit')).map((m) => m.text);
    expect(texts).toHaveLength(DOCUMENT_TEXT_SENT_TOTAL / DOCUMENT_TEXT_SENT);
    expect(texts[0]).toBe(`${'x'.repeat(DOCUMENT_TEXT_SENT)} […]`);
    // The notes still go, after the documents.
    expect(material.at(-1)?.text).toBe('Lead with the judging.');
  });
});
