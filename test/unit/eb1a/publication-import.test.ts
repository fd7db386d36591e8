// A publication list before the lawyer confirms it: ready and incomplete articles, unreadable lines, duplicates
// within the list (across pasted parts too) and of exhibits already in the case, the cap, and stable keys.
import { describe, expect, it } from 'vitest';
import {
  MAX_LIST_ARTICLES,
  REQUIRED_ARTICLE_FIELDS,
  clientNameOf,
  previewPublicationImport,
  publicationSourceKey,
} from '../../../core/eb1a/publication-import.ts';
import { authorPosition } from '../../../core/eb1a/publications.ts';

const PART_ONE = `Ivanova, A., & Smith, J. (2018). Protein structure prediction at scale. Journal of Computational Biology, 34(5), 100–110.
K. Lee, A. Ivanova, and J. Smith, "Learning to fold," in Proceedings of NeurIPS, 2022, pp. 1–9.`;
const PART_TWO = `K. Lee, A. Ivanova, and J. Smith, "Learning to fold," in Proceedings of NeurIPS, 2022, pp. 1–9.
10.1016/j.cell.2020.01.001
not a reference at all`;

describe('clientNameOf', () => {
  it('finds the client written given-name first or family-name first, in Latin or Cyrillic', () => {
    const anna = clientNameOf('Anna Ivanova');
    expect(authorPosition(['Smith J.', 'Ivanova A.'], anna ?? { given: '', family: '' })).toBe(2);
    const russian = clientNameOf('Иванова Анна Сергеевна');
    expect(authorPosition(['Smith J.', 'Ivanova, A.'], russian ?? { given: '', family: '' })).toBe(2);
    expect(clientNameOf('   ')).toBeUndefined();
  });
});

describe('previewPublicationImport', () => {
  it('sorts a list sent in two parts into ready, incomplete, unreadable and duplicate lines', () => {
    const preview = previewPublicationImport([PART_ONE, PART_TWO], clientNameOf('Anna Ivanova'), []);
    expect(preview.ready.map((article) => article.fields.articleTitle)).toEqual([
      'Protein structure prediction at scale',
      'Learning to fold',
    ]);
    expect(preview.incomplete).toHaveLength(1);
    expect(preview.incomplete[0]?.doi).toBe('10.1016/j.cell.2020.01.001');
    expect(preview.incomplete[0]?.missing).toEqual(REQUIRED_ARTICLE_FIELDS);
    expect(preview.unreadable).toEqual(['not a reference at all']);
    expect(preview.duplicates).toEqual([{ source: expect.stringContaining('Learning to fold') as string }]);
    expect(preview.overCap).toBe(0);
  });

  it('names the exhibit an article already is, matching the title whatever its case and punctuation', () => {
    const preview = previewPublicationImport([PART_ONE], clientNameOf('Anna Ivanova'), [
      { exhibitNumber: 7, articleTitle: 'LEARNING TO FOLD.', year: 2022 },
      { exhibitNumber: 8, articleTitle: 'Protein structure prediction at scale', year: 2017 },
    ]);
    expect(preview.duplicates).toEqual([
      { source: expect.stringContaining('Learning to fold') as string, exhibitNumber: 7 },
    ]);
    // Same title, another year: another article (a reprint is the lawyer's call, not a silent skip).
    expect(preview.ready.map((article) => article.fields.year)).toEqual([2018]);
  });

  it('leaves an article whose authors do not include the client incomplete, for want of an author role', () => {
    const preview = previewPublicationImport([PART_ONE], clientNameOf('Boris Petrov'), []);
    expect(preview.ready).toEqual([]);
    expect(preview.incomplete.map((article) => article.missing)).toEqual([['authorRole'], ['authorRole']]);
  });

  it('reads the rows of a CSV paste that Telegram split into several messages under its first header', () => {
    const header = 'Title,Journal,Year,Authors,Type';
    const row = (n: number) =>
      `Study ${String(n)} of folding,Journal of Folding,2020,"Lee K.; Ivanova A.",Journal article`;
    const preview = previewPublicationImport(
      [`${header}\n${row(1)}\n${row(2)}`, `${row(3)}\n${row(4)}`],
      clientNameOf('Anna Ivanova'),
      [],
    );
    expect(preview.unreadable).toEqual([]);
    expect(preview.ready.every((article) => article.clientPosition === 2)).toBe(true);
    expect(preview.ready.map((article) => article.fields.articleTitle)).toEqual([
      'Study 1 of folding',
      'Study 2 of folding',
      'Study 3 of folding',
      'Study 4 of folding',
    ]);
  });

  it('reads at most MAX_LIST_ARTICLES articles and counts the rest', () => {
    const lines = Array.from(
      { length: MAX_LIST_ARTICLES + 3 },
      (_, i) => `Ivanova, A. (2019). Study ${String(i)} of folding. Journal of Folding, 1(2), 3–4.`,
    );
    const preview = previewPublicationImport([lines.join('\n')], clientNameOf('Anna Ivanova'), []);
    expect(preview.ready).toHaveLength(MAX_LIST_ARTICLES);
    expect(preview.overCap).toBe(3);
  });
});

describe('publicationSourceKey', () => {
  it('gives an article the same key every time, by DOI when it has one, else by title and year', () => {
    const a = publicationSourceKey({ doi: '10.1/x', fields: { articleTitle: 'A' } });
    expect(publicationSourceKey({ doi: '10.1/x', fields: { articleTitle: 'B' } })).toBe(a);
    const byTitle = publicationSourceKey({ fields: { articleTitle: 'Learning to Fold', year: 2022 } });
    expect(publicationSourceKey({ fields: { articleTitle: 'learning to fold', year: 2022 } })).toBe(byTitle);
    expect(publicationSourceKey({ fields: { articleTitle: 'learning to fold', year: 2023 } })).not.toBe(
      byTitle,
    );
    expect(byTitle).toMatch(/^publication:[0-9a-f]{40}$/);
  });
});
