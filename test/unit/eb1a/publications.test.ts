// Publication lists: BibTeX, CSV and pasted references or DOIs become one scholarly-article item per
// article, the client found among the authors in any spelling, duplicates skipped, fields valid.
import { describe, expect, it } from 'vitest';
import { EVIDENCE_FIELD_SCHEMAS } from '../../../core/eb1a/evidence.ts';
import {
  authorPosition,
  detectFormat,
  isClient,
  nameSkeleton,
  parsePublicationList,
} from '../../../core/eb1a/publications.ts';
import type { ClientName } from '../../../core/eb1a/publications.ts';

const ANNA: ClientName = { given: 'Anna', family: 'Ivanova', variants: ['Иванова Анна'] };

const BIBTEX = String.raw`
@article{ivanova2019quantum,
  title   = {Quantum dots in {III-V} solar cells},
  author  = {Ivanova, Anna and Smith, John and Lee, Kim},
  journal = {Physical Review B},
  year    = 2019,
  volume  = {99},
  doi     = {10.1103/PhysRevB.99.041301}
}
@inproceedings{smith2021,
  author    = "Smith, John and Ivanova, A.",
  title     = "Sparse attention for protein folding",
  booktitle = {Proceedings of the 38th International Conference on Machine Learning},
  year      = {2021}
}
@misc{ivanova2023scaling,
  title  = {Scaling laws for sparse models},
  author = {Lee, Kim and Chen, Wei and Ivanova, Anna},
  eprint = {2301.01234},
  year   = {2023}
}
@article{dup,
  title   = {Quantum Dots in III–V Solar Cells},
  author  = {Ivanova, A. and Smith, J.},
  journal = {Phys. Rev. B},
  year    = {2019}
}
`;

const CSV = `Title;Journal;Year;Authors;DOI;Type
"Deep learning; a survey";Nature Methods;2020;"Chen W.; Ivanova A.";10.1038/s41592-020-0001-1;Journal article
Методы оптимизации;Вестник МГУ;2018;Иванова А.Б.;;
"Deep learning, a survey (again)";Nature Methods;2020;Chen W.;10.1038/S41592-020-0001-1;
`;

const REFERENCES = `1. Иванова А.Б., Петров П.П. Методы оптимизации в биоинформатике // Вестник МГУ. 2020. № 3. С. 10–20.
2. Smith, J., & Ivanova, A. (2018). Protein structure prediction at scale. Bioinformatics, 34(5), 100–110. https://doi.org/10.1093/bioinformatics/bty001
[3] K. Lee, A. Ivanova, and J. Smith, "Learning to fold," in Proceedings of NeurIPS, 2022, pp. 1–9.
10.1016/j.cell.2020.01.001
https://doi.org/10.1093/bioinformatics/bty001
lorem ipsum dolor
`;

describe('names', () => {
  it('reduces transliterations of the same name to one skeleton', () => {
    expect(nameSkeleton('Иванова')).toBe(nameSkeleton('Ivanova'));
    expect(nameSkeleton('Юрий')).toBe(nameSkeleton('Yuriy'));
    expect(nameSkeleton('Iurii')).toBe(nameSkeleton('Yury'));
    expect(nameSkeleton('Хабибуллина')).toBe(nameSkeleton('Khabibullina'));
    expect(nameSkeleton('Ivanova')).not.toBe(nameSkeleton('Ivanov'));
  });

  it.each([
    'Ivanova, A.',
    'A. Ivanova',
    'Иванова А.',
    'Иванова А.Б.',
    'Anna Ivanova',
    'Ivanova, Anna',
    'Ivanova',
  ])('recognises “%s” as the client', (author) => {
    expect(isClient(author, ANNA)).toBe(true);
  });

  it.each(['Ivanova, B.', 'Boris Ivanov', 'Petrova, A.', 'Smith J.'])(
    'does not take “%s” for the client',
    (author) => {
      expect(isClient(author, ANNA)).toBe(false);
    },
  );

  it('finds the position among the authors, from 1', () => {
    expect(authorPosition(['Chen W.', 'Ivanova A.', 'Lee K.'], ANNA)).toBe(2);
    expect(authorPosition(['Chen W.'], ANNA)).toBeUndefined();
  });
});

describe('parsePublicationList', () => {
  it('reads Vancouver references, with initials written without dots, and APA without an issue number', () => {
    const list = parsePublicationList(
      `Senior AW, Evans R, Ivanova A. Improved protein structure prediction. Nature. 2020;577(7792):706-710.
Ivanova A, Smith J. Folding at scale. In: Proceedings of ICML; 2020. p. 1-9.
Chen W, Ivanova A, Lee K, et al. Sparse transformers. Nat Mach Intell. 2022;4:100-110.
Lee, K., & Ivanova, A. (2021). Deep learning for genomics. Nature Methods, 18, 100–110.`,
      ANNA,
    );
    expect(list.skipped).toEqual([]);
    expect(list.articles.map((article) => [article.fields, article.clientPosition])).toEqual([
      [
        {
          articleTitle: 'Improved protein structure prediction',
          venue: 'Nature',
          year: 2020,
          publicationType: 'journal',
          peerReviewed: true,
          authorRole: 'senior',
        },
        3,
      ],
      [
        {
          articleTitle: 'Folding at scale',
          venue: 'Proceedings of ICML',
          year: 2020,
          publicationType: 'conference_proceedings',
          peerReviewed: true,
          authorRole: 'lead',
        },
        1,
      ],
      [
        {
          articleTitle: 'Sparse transformers',
          venue: 'Nat Mach Intell',
          year: 2022,
          publicationType: 'journal',
          peerReviewed: true,
          authorRole: 'co_author',
        },
        2,
      ],
      [
        {
          articleTitle: 'Deep learning for genomics',
          venue: 'Nature Methods',
          year: 2021,
          publicationType: 'journal',
          peerReviewed: true,
          authorRole: 'co_author',
        },
        2,
      ],
    ]);
  });

  it('detects the format', () => {
    expect(detectFormat(BIBTEX)).toBe('bibtex');
    expect(detectFormat(CSV)).toBe('csv');
    expect(detectFormat(REFERENCES)).toBe('references');
  });

  it('reads BibTeX: one item per article, peer review from the entry type, duplicates skipped', () => {
    const list = parsePublicationList(BIBTEX, ANNA);
    expect(list.articles.map((article) => article.fields)).toEqual([
      {
        articleTitle: 'Quantum dots in III-V solar cells',
        venue: 'Physical Review B',
        year: 2019,
        publicationType: 'journal',
        peerReviewed: true,
        authorRole: 'lead',
      },
      {
        articleTitle: 'Sparse attention for protein folding',
        venue: 'Proceedings of the 38th International Conference on Machine Learning',
        year: 2021,
        publicationType: 'conference_proceedings',
        peerReviewed: true,
        authorRole: 'co_author',
      },
      {
        articleTitle: 'Scaling laws for sparse models',
        venue: 'arXiv',
        year: 2023,
        publicationType: 'preprint',
        peerReviewed: false,
        authorRole: 'senior',
      },
    ]);
    expect(list.articles[0]?.doi).toBe('10.1103/physrevb.99.041301');
    expect(list.articles.map((article) => article.clientPosition)).toEqual([1, 2, 3]);
    expect(list.skipped).toEqual([
      { source: expect.stringContaining('@article{dup') as unknown, reason: 'duplicate' },
    ]);
  });

  it('reads a CSV with quoted cells, the client in Cyrillic, a duplicate DOI in other case skipped', () => {
    const list = parsePublicationList(CSV, ANNA);
    expect(list.articles).toHaveLength(2);
    expect(list.articles[0]).toMatchObject({
      fields: {
        articleTitle: 'Deep learning; a survey',
        venue: 'Nature Methods',
        year: 2020,
        publicationType: 'journal',
        authorRole: 'co_author',
      },
      authors: ['Chen W.', 'Ivanova A.'],
      clientPosition: 2,
    });
    expect(list.articles[1]?.fields).toMatchObject({
      articleTitle: 'Методы оптимизации',
      authorRole: 'sole',
    });
    expect(list.skipped.map((entry) => entry.reason)).toEqual(['duplicate']);
  });

  it('reads pasted references in GOST, APA and IEEE styles, and bare DOIs', () => {
    const list = parsePublicationList(REFERENCES, ANNA);
    expect(list.articles.map((article) => article.fields)).toEqual([
      {
        articleTitle: 'Методы оптимизации в биоинформатике',
        venue: 'Вестник МГУ',
        year: 2020,
        publicationType: 'journal',
        peerReviewed: true,
        authorRole: 'lead',
      },
      {
        articleTitle: 'Protein structure prediction at scale',
        venue: 'Bioinformatics',
        year: 2018,
        // "34(5), 100–110": a volume and issue are how a journal is cited.
        publicationType: 'journal',
        peerReviewed: true,
        authorRole: 'co_author',
      },
      {
        articleTitle: 'Learning to fold',
        venue: 'Proceedings of NeurIPS',
        year: 2022,
        publicationType: 'conference_proceedings',
        peerReviewed: true,
        authorRole: 'co_author',
      },
      {},
    ]);
    expect(list.articles[3]?.doi).toBe('10.1016/j.cell.2020.01.001');
    expect(list.skipped).toEqual([
      { source: 'https://doi.org/10.1093/bioinformatics/bty001', reason: 'duplicate' },
      { source: 'lorem ipsum dolor', reason: 'unreadable' },
    ]);
  });

  it('gives fields that validate against the scholarly-articles schema, in full once the rest is confirmed', () => {
    const schema = EVIDENCE_FIELD_SCHEMAS.scholarly_articles;
    for (const text of [BIBTEX, CSV, REFERENCES]) {
      for (const article of parsePublicationList(text, ANNA).articles) {
        const completed = {
          articleTitle: 'confirmed',
          venue: 'confirmed',
          year: 2020,
          publicationType: 'journal',
          peerReviewed: true,
          authorRole: 'co_author',
          ...article.fields,
        };
        expect(schema.safeParse(completed).success, article.source).toBe(true);
      }
    }
  });

  it('leaves the role out when the client is not among the authors', () => {
    const list = parsePublicationList(BIBTEX, { given: 'Boris', family: 'Petrov' });
    expect(list.articles.every((article) => article.fields.authorRole === undefined)).toBe(true);
    expect(list.articles.every((article) => article.clientPosition === undefined)).toBe(true);
  });
});
