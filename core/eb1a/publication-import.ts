// A publication list on its way into a case: which articles are ready to become scholarly-article exhibits,
// which lack facts the criterion needs, which lines could not be read, and which repeat an article of the
// list or an exhibit already in the case. Pure: the bot shows the preview, and the lawyer confirms it once.
import { createHash } from 'node:crypto';
import { EVIDENCE_FIELDS } from './evidence.ts';
import type { ScholarlyArticleFields } from './evidence.ts';
import { detectFormat, parsePublicationList } from './publications.ts';
import type { ClientName, PublicationEntry } from './publications.ts';

/** Articles read from one list; a longer list is cut here and the lawyer told to send the rest separately. */
export const MAX_LIST_ARTICLES = 200;

/** A pasted list or a list file longer than this is refused before it is read (thousands of references). */
export const MAX_LIST_CHARACTERS = 512 * 1024;

type ArticleFieldKey = keyof ScholarlyArticleFields;

/** The facts an exhibit under (vi) must state, in the order of the criterion's questions. */
export const REQUIRED_ARTICLE_FIELDS: readonly ArticleFieldKey[] = EVIDENCE_FIELDS.scholarly_articles
  .filter((spec) => spec.required)
  .map((spec) => spec.key);

export interface ImportArticle extends PublicationEntry {
  /** Required facts of the criterion the list does not state; empty when the article is ready. */
  missing: ArticleFieldKey[];
  /** The same article always gets the same key, so confirming twice adds it once. */
  sourceKey: string;
}

export interface DuplicateLine {
  source: string;
  /** The exhibit of the case the line repeats; absent when it repeats an earlier line of the list. */
  exhibitNumber?: number;
}

export interface ImportPreview {
  /** Complete articles: one exhibit each on confirmation. */
  ready: ImportArticle[];
  /** Articles missing required facts: named to the lawyer, not added. */
  incomplete: ImportArticle[];
  /** Lines that name neither a title nor a DOI, as written. */
  unreadable: string[];
  duplicates: DuplicateLine[];
  /** Articles after the MAX_LIST_ARTICLES-th, not read. */
  overCap: number;
}

/** A scholarly-article exhibit already in the case, as far as duplicates are concerned. */
export interface ExistingArticle {
  exhibitNumber: number;
  articleTitle: string;
  year?: number;
}

function normalizedTitle(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** One key per article: its DOI when it has one, otherwise its title and year. */
export function publicationSourceKey(entry: Pick<PublicationEntry, 'doi' | 'fields'>): string {
  const identity =
    entry.doi !== undefined
      ? `doi:${entry.doi}`
      : `title:${normalizedTitle(entry.fields.articleTitle ?? '')}|${String(entry.fields.year ?? '')}`;
  return `publication:${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
}

/**
 * The client as author lists may spell them, from the case's client name: "Anna Ivanova" is searched as
 * Ivanova A. and, for names written family-first ("Иванова Анна Сергеевна"), as Иванова А. too.
 */
export function clientNameOf(caseClientName: string): ClientName | undefined {
  const parts = caseClientName
    .replace(/[,]/g, ' ')
    .split(/\s+/)
    .filter((part) => part !== '');
  const first = parts[0];
  const last = parts.at(-1);
  if (first === undefined || last === undefined) return undefined;
  if (parts.length === 1) return { given: '', family: first };
  return { given: first, family: last, variants: [`${first}, ${parts[1] ?? ''}`] };
}

function sameArticle(existing: ExistingArticle, entry: PublicationEntry): boolean {
  const title = entry.fields.articleTitle;
  if (title === undefined || normalizedTitle(title) !== normalizedTitle(existing.articleTitle)) return false;
  const year = entry.fields.year;
  return year === undefined || existing.year === undefined || year === existing.year;
}

/**
 * Reads each text (a paste may arrive in several messages, each parsed on its own so a BibTeX part and a
 * reference part both read) and sorts what it finds for the lawyer to confirm.
 */
export function previewPublicationImport(
  texts: readonly string[],
  client: ClientName | undefined,
  existing: readonly ExistingArticle[],
): ImportPreview {
  const preview: ImportPreview = { ready: [], incomplete: [], unreadable: [], duplicates: [], overCap: 0 };
  const seen = new Set<string>();
  let read = 0;
  let csvHeader: string | undefined;
  for (const text of texts) {
    const format = detectFormat(text);
    // Telegram splits a long paste into messages of 4,096 characters: the rows after the first message
    // of a CSV arrive without its header, so they are read under the header of the first.
    const continuesCsv = format === 'references' && csvHeader !== undefined;
    if (format === 'csv') csvHeader = text.trimStart().split(/\r?\n/, 1)[0];
    const list = continuesCsv
      ? parsePublicationList(`${csvHeader ?? ''}\n${text}`, client, 'csv')
      : parsePublicationList(text, client);
    for (const skipped of list.skipped) {
      if (skipped.reason === 'unreadable') preview.unreadable.push(skipped.source);
      else preview.duplicates.push({ source: skipped.source });
    }
    for (const entry of list.articles) {
      if (read >= MAX_LIST_ARTICLES) {
        preview.overCap += 1;
        continue;
      }
      const sourceKey = publicationSourceKey(entry);
      const titleKey = `title:${normalizedTitle(entry.fields.articleTitle ?? '')}|${String(entry.fields.year ?? '')}`;
      const keys = entry.fields.articleTitle === undefined ? [sourceKey] : [sourceKey, titleKey];
      if (keys.some((key) => seen.has(key))) {
        preview.duplicates.push({ source: entry.source });
        continue;
      }
      for (const key of keys) seen.add(key);
      const inCase = existing.find((article) => sameArticle(article, entry));
      if (inCase) {
        preview.duplicates.push({ source: entry.source, exhibitNumber: inCase.exhibitNumber });
        continue;
      }
      read += 1;
      const missing = REQUIRED_ARTICLE_FIELDS.filter((key) => entry.fields[key] === undefined);
      const article: ImportArticle = { ...entry, missing, sourceKey };
      (missing.length === 0 ? preview.ready : preview.incomplete).push(article);
    }
  }
  return preview;
}
