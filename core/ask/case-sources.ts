// Where /ask looks in a lawyer's case: each source (intake answers, exhibits, notes, the text of the case's
// documents) returns its best passages for a question with the citation an answer gives for each. Every
// source filters by the lawyer and the case in its own SQL, so another lawyer's case is never read.
import type { Database } from '../db/database.ts';
import type { DocumentTextStore } from '../documents/texts.ts';
import { isCaseId } from '../eb1a/cases.ts';
import { isCriterionId } from '../eb1a/criteria.ts';
import { fieldLabelKey, fieldOptionKey } from '../eb1a/evidence.ts';
import { isIntakeQuestionId, questionTextKey } from '../eb1a/intake-questions.ts';
import type { Locale, Translator } from '../i18n/i18n.ts';
import type { NoteStore } from './notes.ts';
import { anyWordQuery, clipPassage, questionLanguage, QUESTION_MAX_LENGTH } from './search.ts';

export interface CaseQuery {
  lawyerId: string;
  caseId: string;
  question: string;
  /** The lawyer's language, for citation labels ("Intake: …" / "Анкета: …"). */
  locale: Locale;
  limit: number;
}

export interface CasePassage {
  /** As an answer cites it in brackets: "Exhibit 4", "Intake: Current position", "Note, 2026-12-06". */
  citation: string;
  text: string;
  score: number;
  /** The exhibit the passage comes from, when it does. */
  exhibitNumber?: number;
}

export interface CaseSource {
  readonly name: string;
  search(query: CaseQuery): Promise<CasePassage[]>;
}

/** The exhibit citation, English in every language as the brief and the exhibit index are. */
export const exhibitCitation = (exhibitNumber: number): string => `Exhibit ${String(exhibitNumber)}`;

/** The start of an intake question, as short as still recognisable: up to its first colon or question mark. */
function shortQuestion(text: string): string {
  const head = text.split(/[:?]/)[0] ?? text;
  return clipPassage(head, 70);
}

export function intakeCaseSource(db: Database, translator: Translator): CaseSource {
  return {
    name: 'intake',
    async search({ lawyerId, caseId, question, locale, limit }) {
      if (!isCaseId(caseId)) return [];
      const language = questionLanguage(question);
      const { rows } = await db.query<{ question_id: string; answer: string; score: number }>(
        `WITH q AS (SELECT ${anyWordQuery(language, '$3')} AS query)
         SELECT a.question_id, a.answer, ts_rank(to_tsvector('${language}', a.answer), q.query) AS score
           FROM intake_answers a JOIN cases c ON c.id = a.case_id, q
          WHERE a.case_id = $1 AND c.lawyer_id = $2 AND to_tsvector('${language}', a.answer) @@ q.query
          ORDER BY score DESC, a.question_id
          LIMIT $4`,
        [caseId, lawyerId, question.slice(0, QUESTION_MAX_LENGTH), limit],
      );
      return rows.map((row) => {
        const label = isIntakeQuestionId(row.question_id)
          ? shortQuestion(translator.t(locale, questionTextKey(row.question_id)))
          : row.question_id;
        return {
          citation: translator.t(locale, 'ask-cite-intake', { question: label }),
          text: clipPassage(row.answer),
          score: Number(row.score),
        };
      });
    },
  };
}

/** One fact of an exhibit's claim as stored. */
interface Fact {
  criterion: string;
  key: string;
  value: string;
}

/** Yes/no facts read as "true"/"false" out of context; they are searched but not quoted. */
const YES_NO = /^(true|false)$/;

/**
 * An exhibit as quoted: its title, then each fact the title does not already say, with its label in the
 * lawyer's language ("Review count: 24"); a stored option code is shown as its option's wording.
 */
function exhibitPassage(
  translator: Translator,
  locale: Locale,
  title: string,
  facts: readonly Fact[],
): string {
  const shown: string[] = [];
  for (const { criterion, key, value } of facts) {
    const text = value.trim();
    if (YES_NO.test(text) || title.includes(text) || !isCriterionId(criterion)) continue;
    const labelKey = fieldLabelKey(criterion, key);
    const optionKey = fieldOptionKey(criterion, key, text);
    const shownValue = translator.has(locale, optionKey) ? translator.t(locale, optionKey) : text;
    const line = translator.has(locale, labelKey)
      ? `${translator.t(locale, labelKey)}: ${shownValue}`
      : shownValue;
    if (!shown.includes(line)) shown.push(line);
  }
  return clipPassage(shown.length === 0 ? title : `${title} — ${shown.join('; ')}`);
}

export function evidenceCaseSource(db: Database, translator: Translator): CaseSource {
  return {
    name: 'evidence',
    async search({ lawyerId, caseId, question, locale, limit }) {
      if (!isCaseId(caseId)) return [];
      const language = questionLanguage(question);
      // An exhibit is found by its title, the criteria it is claimed under and the facts of its claims.
      const { rows } = await db.query<{
        exhibit_number: number;
        title: string;
        facts: Fact[];
        score: number;
      }>(
        `WITH q AS (SELECT ${anyWordQuery(language, '$3')} AS query),
         exhibits AS (
           SELECT e.exhibit_number, e.title,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('criterion', cl.criterion, 'key', v.key, 'value', v.value)
                                             ORDER BY cl.is_primary DESC, cl.criterion, v.key)
                              FROM evidence_claims cl, jsonb_each_text(cl.fields) v
                             WHERE cl.evidence_id = e.id AND btrim(v.value) <> ''), '[]') AS facts,
                  e.title || ' ' ||
                  coalesce((SELECT string_agg(replace(cl.criterion, '_', ' ') || ' ' ||
                                        coalesce((SELECT string_agg(v.value, ' ') FROM jsonb_each_text(cl.fields) v), ''), ' ')
                              FROM evidence_claims cl WHERE cl.evidence_id = e.id), '') AS searched
             FROM evidence e JOIN cases c ON c.id = e.case_id
            WHERE e.case_id = $1 AND c.lawyer_id = $2
         )
         SELECT exhibit_number, title, facts, ts_rank(to_tsvector('${language}', searched), q.query) AS score
           FROM exhibits, q
          WHERE to_tsvector('${language}', searched) @@ q.query
          ORDER BY score DESC, exhibit_number
          LIMIT $4`,
        [caseId, lawyerId, question.slice(0, QUESTION_MAX_LENGTH), limit],
      );
      return rows.map((row) => ({
        citation: exhibitCitation(row.exhibit_number),
        text: exhibitPassage(translator, locale, row.title, row.facts),
        score: Number(row.score),
        exhibitNumber: row.exhibit_number,
      }));
    },
  };
}

export function notesCaseSource(notes: NoteStore, translator: Translator): CaseSource {
  return {
    name: 'notes',
    async search({ lawyerId, caseId, question, locale, limit }) {
      if (!isCaseId(caseId)) return [];
      const found = await notes.search(lawyerId, caseId, question, limit);
      return found.map((note) => ({
        citation: translator.t(locale, 'ask-cite-note', { date: note.createdAt.toISOString().slice(0, 10) }),
        text: clipPassage(note.text),
        score: note.score,
      }));
    },
  };
}

/** Matched words come back between guillemets; a quoted passage shows the document's own text. */
const MATCH_MARKS = /[«»]/g;

/**
 * The text read from the case's documents: a document attached to an exhibit is cited as that exhibit (as
 * the brief cites it), one still waiting as a proposal by its file name. The passage names the file, so
 * the lawyer knows which of an exhibit's documents says it.
 */
export function documentTextCaseSource(
  texts: Pick<DocumentTextStore, 'search'>,
  translator: Translator,
): CaseSource {
  return {
    name: 'documents',
    async search({ lawyerId, caseId, question, locale, limit }) {
      if (!isCaseId(caseId)) return [];
      const hits = await texts.search(lawyerId, caseId, question.slice(0, QUESTION_MAX_LENGTH), limit, 'any');
      return hits.map((hit) => ({
        citation:
          hit.exhibitNumber === null
            ? translator.t(locale, 'ask-cite-document', { fileName: hit.fileName })
            : exhibitCitation(hit.exhibitNumber),
        text: clipPassage(`${hit.fileName}: ${hit.excerpt.replace(MATCH_MARKS, '')}`),
        score: hit.rank,
        ...(hit.exhibitNumber !== null && { exhibitNumber: hit.exhibitNumber }),
      }));
    },
  };
}
