// Publication lists in bulk: a BibTeX file, a CSV, or pasted references or DOIs become one scholarly-article
// item per article, with the client's place among the authors found by name (initials and Cyrillic or
// Latin spellings alike) and duplicates skipped. Offline: a bare DOI is kept and its details asked for.
import type { z } from 'zod';
import { EVIDENCE_FIELD_SCHEMAS } from './evidence.ts';
import type { ScholarlyArticleFields } from './evidence.ts';

export type PublicationListFormat = 'bibtex' | 'csv' | 'references';

/** The client as authors' lists spell them; `variants` adds other spellings (e.g. "Иванова Анна"). */
export interface ClientName {
  given: string;
  family: string;
  variants?: readonly string[];
}

export interface PublicationEntry {
  /** The scholarly-article fields the entry states; they validate against the criterion's schema. */
  fields: Partial<ScholarlyArticleFields>;
  authors: string[];
  doi?: string;
  /** The client's place among the authors, from 1; absent when the client's name was not found. */
  clientPosition?: number;
  /** The start of the entry as given, to show the lawyer which line it came from. */
  source: string;
}

export interface SkippedEntry {
  source: string;
  reason: 'duplicate' | 'unreadable';
}

export interface PublicationList {
  format: PublicationListFormat;
  articles: PublicationEntry[];
  skipped: SkippedEntry[];
}

interface RawEntry {
  title?: string;
  venue?: string;
  year?: number;
  authors: string[];
  doi?: string;
  /** BibTeX entry type or a CSV "type" column, when given. */
  kind?: string;
  source: string;
}

// --- names -----------------------------------------------------------------------------------------

export const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
};

/**
 * One spelling for the many transliterations of a name: "Иванова", "Ivanova"; "Юрий", "Yuriy", "Iurii",
 * "Yury" all reduce to the same skeleton.
 */
export function nameSkeleton(name: string): string {
  const latin = [
    ...name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, ''),
  ]
    .map((char) => CYRILLIC[char] ?? char)
    .join('');
  return latin
    .replace(/[^a-z]/g, '')
    .replace(/shch|sch/g, 'sh')
    .replace(/kh/g, 'h')
    .replace(/ts|tz/g, 'c')
    .replace(/x/g, 'ks')
    .replace(/j/g, 'y')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/[iy]([aeou])/g, 'y$1')
    .replace(/(iy|yy|ii|ij|y|i)$/, 'y')
    .replace(/ye/g, 'e')
    .replace(/yo/g, 'e')
    .replace(/(.)\1+/g, '$1');
}

interface AuthorName {
  family: string;
  given: string;
}

/** "Ivanova, A.", "A. Ivanova", "Иванова А.Б.", "Anna Ivanova" → family name and given names or initials. */
export function splitAuthorName(raw: string): AuthorName {
  const name = raw.replace(/\s+/g, ' ').replace(/[{}]/g, '').trim();
  if (name.includes(',')) {
    const [family = '', given = ''] = name.split(',', 2);
    return { family: family.trim(), given: given.trim() };
  }
  const parts = name.split(' ');
  // "A.B." and, in Vancouver style, "AB" without dots.
  const initialsAfter = /^(\p{Lu}\.\s?-?)+$|^\p{Lu}{1,3}$/u;
  const last = parts.at(-1) ?? '';
  // "Иванова А.Б.", "Ivanova A." and "Ivanova A" put the initials last.
  if (parts.length > 1 && initialsAfter.test(last))
    return { family: parts.slice(0, -1).join(' '), given: last };
  return { family: last, given: parts.slice(0, -1).join(' ') };
}

function namesOf(client: ClientName): AuthorName[] {
  return [{ family: client.family, given: client.given }, ...(client.variants ?? []).map(splitAuthorName)];
}

/** Whether an author's name in a list is the client: same family name, and the same first initial if given. */
export function isClient(author: string, client: ClientName): boolean {
  const candidate = splitAuthorName(author);
  const family = nameSkeleton(candidate.family);
  if (family === '') return false;
  const initial = nameSkeleton(candidate.given).charAt(0);
  return namesOf(client).some(
    (name) =>
      nameSkeleton(name.family) === family &&
      (initial === '' || nameSkeleton(name.given).charAt(0) === initial),
  );
}

/** The client's place among the authors, from 1, or undefined. */
export function authorPosition(authors: readonly string[], client: ClientName): number | undefined {
  const index = authors.findIndex((author) => isClient(author, client));
  return index === -1 ? undefined : index + 1;
}

function authorRoleOf(position: number, count: number): ScholarlyArticleFields['authorRole'] {
  if (count === 1) return 'sole';
  if (position === 1) return 'lead';
  if (position === count && count > 2) return 'senior';
  return 'co_author';
}

// --- venues ----------------------------------------------------------------------------------------

type VenueFields = Pick<ScholarlyArticleFields, 'publicationType'> &
  Partial<Pick<ScholarlyArticleFields, 'peerReviewed'>>;

/** The publication type the venue (or the entry's type) states, and peer review when that type implies it. */
function venueTypeOf(venue: string | undefined, kind: string | undefined): VenueFields | undefined {
  const text = `${kind ?? ''} ${venue ?? ''}`.toLowerCase();
  if (/\b(arxiv|biorxiv|medrxiv|ssrn|preprint|unpublished)\b|препринт/.test(text))
    return { publicationType: 'preprint', peerReviewed: false };
  if (/\b(inproceedings|conference|proceedings|symposium|workshop)\b|конференци/.test(text))
    return { publicationType: 'conference_proceedings', peerReviewed: true };
  if (
    /\b(article|journal|review|letters|transactions|annals|bulletin)\b|журнал|вестник|известия|доклады/.test(
      text,
    )
  )
    return { publicationType: 'journal', peerReviewed: true };
  return undefined;
}

// --- formats ---------------------------------------------------------------------------------------

/** Which kind of list the text is: BibTeX entries, a CSV with a header, or one reference or DOI a line. */
export function detectFormat(text: string): PublicationListFormat {
  if (/@\w+\s*\{/.test(text)) return 'bibtex';
  const header = text.trimStart().split(/\r?\n/, 1)[0]?.toLowerCase() ?? '';
  if (/\btitle\b/.test(header) && /[,;\t]/.test(header) && !/\/\//.test(header)) return 'csv';
  return 'references';
}

function cleanLatex(value: string): string {
  return value
    .replace(/\\[a-zA-Z]+\s*/g, '')
    .replace(/\\./g, '')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function yearIn(value: string | undefined): number | undefined {
  const match = /(?<![\w.-])(19\d{2}|20\d{2})(?!\w)/.exec(value ?? '');
  return match ? Number(match[1]) : undefined;
}

const DOI = /\b(10\.\d{4,9}\/[^\s"<>,;]+[^\s"<>,;.)\]])/i;

function doiIn(value: string | undefined): string | undefined {
  return DOI.exec(value ?? '')?.[1]?.toLowerCase();
}

/** Reads BibTeX entries; each field's value may be braced (nested braces allowed), quoted or a bare number. */
export function parseBibtex(text: string): RawEntry[] {
  const entries: RawEntry[] = [];
  const start = /@(\w+)\s*\{\s*([^,\s]*)\s*,/g;
  let head: RegExpExecArray | null;
  while ((head = start.exec(text)) !== null) {
    const kind = (head[1] ?? '').toLowerCase();
    if (kind === 'comment' || kind === 'string' || kind === 'preamble') continue;
    const fields: Record<string, string> = {};
    let index = start.lastIndex;
    for (;;) {
      const name = /^\s*([\w-]+)\s*=\s*/.exec(text.slice(index));
      if (!name) break;
      index += name[0].length;
      let value: string;
      const open = text[index];
      if (open === '{' || open === '"') {
        const close = open === '{' ? '}' : '"';
        let depth = 0;
        let end = index + 1;
        for (; end < text.length; end += 1) {
          const char = text[end];
          if (char === '{' && open === '{') depth += 1;
          else if (char === close && depth === 0) break;
          else if (char === '}') depth -= 1;
        }
        value = text.slice(index + 1, end);
        index = end + 1;
      } else {
        const bare = /^[^,}\s]*/.exec(text.slice(index))?.[0] ?? '';
        value = bare;
        index += bare.length;
      }
      fields[(name[1] ?? '').toLowerCase()] = cleanLatex(value);
      const comma = /^\s*,/.exec(text.slice(index));
      if (!comma) break;
      index += comma[0].length;
    }
    start.lastIndex = index;
    const venue =
      fields.journal ?? fields.booktitle ?? fields.publisher ?? fields.howpublished ?? fields.archiveprefix;
    entries.push({
      title: fields.title,
      venue: venue === undefined && fields.eprint !== undefined ? 'arXiv' : venue,
      year: yearIn(fields.year ?? fields.date),
      authors: (fields.author ?? '')
        .split(/\s+and\s+/i)
        .map((author) => author.trim())
        .filter(Boolean),
      doi: doiIn(fields.doi),
      kind,
      source: head[0].trim(),
    });
  }
  return entries;
}

function csvRows(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((cells) => cells.some((value) => value.trim() !== ''));
}

const CSV_COLUMNS: Readonly<Record<string, RegExp>> = {
  title: /^(title|article title|название)$/,
  venue: /^(venue|journal|source|source title|publication|booktitle|conference|журнал)$/,
  year: /^(year|publication year|date|год)$/,
  authors: /^(authors?|author full names|авторы)$/,
  doi: /^doi$/,
  kind: /^(type|document type|publication type|тип)$/,
};

/** Reads a CSV with a header row (comma, semicolon or tab separated); authors separated by ";" or " and ". */
export function parseCsv(text: string): RawEntry[] {
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0] ?? '';
  const separator = [';', '\t', ','].find((candidate) => firstLine.includes(candidate)) ?? ',';
  const [header = [], ...rows] = csvRows(text.trim(), separator);
  const columns = header.map((name) => name.trim().toLowerCase());
  const column = (key: string): number => columns.findIndex((name) => CSV_COLUMNS[key]?.test(name) === true);
  const at = (row: string[], key: string): string | undefined => {
    const value = row[column(key)]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  return rows.map((row) => ({
    title: at(row, 'title'),
    venue: at(row, 'venue'),
    year: yearIn(at(row, 'year')),
    authors: (at(row, 'authors') ?? '').split(/\s*;\s*|\s+and\s+/).filter(Boolean),
    doi: doiIn(at(row, 'doi')),
    kind: at(row, 'kind'),
    source: row.join(separator).slice(0, 120),
  }));
}

/** Authors written "Ivanova A., Smith J." or "Ivanova, A., & Smith, J." or "A. Ivanova, J. Smith". */
function splitAuthors(list: string): string[] {
  const text = list
    .replace(/\bet al\.?/g, '')
    .replace(/\s*(&|\band\b|\bи\b)\s*/g, ', ')
    .trim();
  // "Ivanova, A., Smith, J." pairs a family name with the initials after it.
  const pairs = text.match(/[^,]+,\s*(?:\p{Lu}\.\s?-?)+/gu);
  if (pairs && pairs.join('').replace(/[\s,]/g, '') === text.replace(/[\s,]/g, ''))
    return pairs.map((pair) => pair.trim());
  return text
    .split(/\s*,\s*/)
    .map((author) => author.trim())
    .filter(Boolean);
}

// "34(5), 100–110", "vol. 12", "№ 3": a volume or issue number is how journals cite, proceedings rarely do.
// "2020;36:12-20" (Vancouver) and "Nature Methods, 18, 100–110" (APA without an issue) cite journals too.
const JOURNAL_CITATION =
  /\b\d+\s?\(\d+(?:[-–]\d+)?\)|\bvol\.\s?\d|\bno\.\s?\d|№\s?\d|\bт\.\s?\d|;\s?\d+:\s?\d|,\s?\d+,\s?\d+\s?[-–]\s?\d+/i;

// Vancouver (PubMed, ICMJE): "Senior AW, Evans R, Ivanova A. Title. Nature. 2020;577:706-10."
const VANCOUVER =
  /^(\p{Lu}[\p{L}'’ -]*? \p{Lu}{1,3}(?:, \p{Lu}[\p{L}'’ -]*? \p{Lu}{1,3})*(?:,? et al)?)\.\s+(.+?[.?!])\s+(?:In:\s*)?([^.;]+?)[.;]\s+((?:19|20)\d{2})\b/u;

/**
 * One reference a line: GOST ("… // Venue. 2019."), APA ("… (2019). Title. Venue, …"), Vancouver ("Ivanova A,
 * Lee K. Title. Venue. 2019;…"), IEEE (quoted title) or a DOI.
 */
export function parseReferences(text: string): RawEntry[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(\[\d+\]|\d{1,3}[.)])\s+/, '').trim())
    .filter(Boolean);
  return lines.map((line): RawEntry => {
    const doi = doiIn(line);
    const source = line.slice(0, 120);
    const kind = JOURNAL_CITATION.test(line) ? 'article' : undefined;
    const gost = /^(.+?(?:\p{Lu}\.\s?){1,2})\s+(.+?)\s+\/\/\s+([^.]+(?:\.\s?\p{Lu}(?=\.))?)\.?(.*)$/u.exec(
      line,
    );
    if (gost) {
      return {
        authors: splitAuthors(gost[1] ?? ''),
        title: gost[2],
        venue: gost[3]?.trim(),
        year: yearIn(gost[4]),
        doi,
        source,
        ...(kind === undefined ? {} : { kind }),
      };
    }
    const apa = /^(.+?)\s*\((\d{4})[a-z]?\)\.\s*(.+?[.?!])\s+([^,.]+)/.exec(line);
    if (apa) {
      return {
        authors: splitAuthors(apa[1] ?? ''),
        year: Number(apa[2]),
        title: (apa[3] ?? '').replace(/\.$/, ''),
        venue: apa[4]?.trim(),
        doi,
        source,
        ...(kind === undefined ? {} : { kind }),
      };
    }
    const vancouver = VANCOUVER.exec(line);
    if (vancouver) {
      return {
        authors: (vancouver[1] ?? '')
          .replace(/,? et al$/, '')
          .split(/,\s*/)
          .filter(Boolean),
        title: (vancouver[2] ?? '').replace(/\.$/, ''),
        venue: vancouver[3]?.trim(),
        year: Number(vancouver[4]),
        doi,
        source,
        ...(kind === undefined ? {} : { kind }),
      };
    }
    const ieee = /^(.+?),?\s*["“](.+?)[,.]?["”],?\s*(?:in\s+)?([^,]+)/.exec(line);
    if (ieee) {
      return {
        authors: splitAuthors(ieee[1] ?? ''),
        title: ieee[2],
        venue: ieee[3]?.trim(),
        year: yearIn(line),
        doi,
        source,
        ...(kind === undefined ? {} : { kind }),
      };
    }
    return { authors: [], doi, source };
  });
}

// --- the list ----------------------------------------------------------------------------------------

function titleKey(title: string, year: number | undefined): string {
  return `${title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()}|${year ?? ''}`;
}

const partialArticleSchema = (EVIDENCE_FIELD_SCHEMAS.scholarly_articles as unknown as z.ZodObject).partial();

function toEntry(raw: RawEntry, client: ClientName | undefined): PublicationEntry {
  const fields: Partial<ScholarlyArticleFields> = {};
  if (raw.title !== undefined && raw.title.trim() !== '') fields.articleTitle = raw.title.trim();
  if (raw.venue !== undefined && raw.venue.trim() !== '') fields.venue = raw.venue.trim();
  if (raw.year !== undefined) fields.year = raw.year;
  Object.assign(fields, venueTypeOf(raw.venue, raw.kind));
  const position = client ? authorPosition(raw.authors, client) : undefined;
  if (position !== undefined) fields.authorRole = authorRoleOf(position, raw.authors.length);
  const checked = partialArticleSchema.parse(fields) as Partial<ScholarlyArticleFields>;
  return {
    fields: checked,
    authors: raw.authors,
    ...(raw.doi === undefined ? {} : { doi: raw.doi }),
    ...(position === undefined ? {} : { clientPosition: position }),
    source: raw.source,
  };
}

/**
 * One scholarly-article item per article in a BibTeX file, a CSV or a pasted list of references or DOIs.
 * Duplicates (same DOI, or the same title and year) are skipped; lines that name neither a title nor a DOI
 * are reported as unreadable rather than dropped.
 */
export function parsePublicationList(
  text: string,
  client?: ClientName,
  format: PublicationListFormat = detectFormat(text),
): PublicationList {
  const raw =
    format === 'bibtex' ? parseBibtex(text) : format === 'csv' ? parseCsv(text) : parseReferences(text);
  const seen = new Set<string>();
  const articles: PublicationEntry[] = [];
  const skipped: SkippedEntry[] = [];
  for (const entry of raw) {
    const hasTitle = entry.title !== undefined && entry.title.trim() !== '';
    if (!hasTitle && entry.doi === undefined) {
      skipped.push({ source: entry.source, reason: 'unreadable' });
      continue;
    }
    const keys = [
      ...(entry.doi === undefined ? [] : [`doi:${entry.doi}`]),
      ...(hasTitle ? [`title:${titleKey(entry.title ?? '', entry.year)}`] : []),
    ];
    if (keys.some((key) => seen.has(key))) {
      skipped.push({ source: entry.source, reason: 'duplicate' });
      continue;
    }
    for (const key of keys) seen.add(key);
    articles.push(toEntry(entry, client));
  }
  return { format, articles, skipped };
}
