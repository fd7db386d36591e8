// Full-text search shared by the corpus and the case sources: which Postgres text-search configuration a
// question is read with, and the query that matches any of its words (ranked by how many match), the
// same SQL on Postgres and PGlite.

/** The text-search configurations questions are read with: English, or Russian for Cyrillic text. */
export type SearchLanguage = 'english' | 'russian';

const CYRILLIC = /[\u0400-\u04ff]/;

/**
 * A question with Cyrillic letters is read as Russian (stemmed and stop-worded as Russian), anything else
 * as English. The corpus is English, so a Russian question finds only the case text written in Russian.
 */
export function questionLanguage(question: string): SearchLanguage {
  return CYRILLIC.test(question) ? 'russian' : 'english';
}

/**
 * SQL for a tsquery matching any word of the question ($n): plainto_tsquery drops stop words and stems,
 * then its ANDs become ORs, since a lawyer's question rarely has every word in one passage. ts_rank then
 * favours passages that match more of the words. `language` is one of two literals, never user input.
 */
export function anyWordQuery(language: SearchLanguage, parameter: string): string {
  return `replace(plainto_tsquery('${language}', ${parameter})::text, ' & ', ' | ')::tsquery`;
}

/** Longest question searched: a longer one is cut here (Telegram allows 4096 characters). */
export const QUESTION_MAX_LENGTH = 1000;

/** Shortens a passage for quoting in an answer, at a word boundary. */
export function clipPassage(text: string, max = 600): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  const cut = oneLine.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${cut.slice(0, lastSpace > max / 2 ? lastSpace : max)}…`;
}
