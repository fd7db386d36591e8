// Where /ask looks in a lawyer's case: each source (intake answers, exhibits, notes; document text joins
// at merge) returns its best passages for a question with the citation an answer gives for each. Every
// source filters by the lawyer and the case in its own SQL, so another lawyer's case is never read.
import type { Database } from '../db/database.ts';
import { isCaseId } from '../eb1a/cases.ts';
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

/** Stored codes (`major_media`, `true`) say nothing quoted; facts the title already gives are not repeated. */
const CODE_VALUE = /^(true|false|[a-z]+(_[a-z]+)*)$/;

/** An exhibit as quoted: its title, then the facts a lawyer entered that the title does not already say. */
function exhibitPassage(title: string, facts: readonly string[]): string {
  const shown = [...new Set(facts.map((fact) => fact.trim()))].filter(
    (fact) => !CODE_VALUE.test(fact) && !title.includes(fact),
  );
  return clipPassage(shown.length === 0 ? title : `${title} — ${shown.join('; ')}`);
}

export function evidenceCaseSource(db: Database): CaseSource {
  return {
    name: 'evidence',
    async search({ lawyerId, caseId, question, limit }) {
      if (!isCaseId(caseId)) return [];
      const language = questionLanguage(question);
      // An exhibit is found by its title, the criteria it is claimed under and the facts of its claims.
      const { rows } = await db.query<{
        exhibit_number: number;
        title: string;
        facts: string[];
        score: number;
      }>(
        `WITH q AS (SELECT ${anyWordQuery(language, '$3')} AS query),
         exhibits AS (
           SELECT e.exhibit_number, e.title,
                  coalesce((SELECT array_agg(v.value ORDER BY cl.is_primary DESC, cl.criterion, v.key)
                              FROM evidence_claims cl, jsonb_each_text(cl.fields) v
                             WHERE cl.evidence_id = e.id AND btrim(v.value) <> ''), '{}') AS facts,
                  coalesce((SELECT string_agg(replace(cl.criterion, '_', ' '), ' ')
                              FROM evidence_claims cl WHERE cl.evidence_id = e.id), '') AS criteria
             FROM evidence e JOIN cases c ON c.id = e.case_id
            WHERE e.case_id = $1 AND c.lawyer_id = $2
         )
         SELECT exhibit_number, title, facts,
                ts_rank(to_tsvector('${language}', title || ' ' || criteria || ' ' || array_to_string(facts, ' ')), q.query) AS score
           FROM exhibits, q
          WHERE to_tsvector('${language}', title || ' ' || criteria || ' ' || array_to_string(facts, ' ')) @@ q.query
          ORDER BY score DESC, exhibit_number
          LIMIT $4`,
        [caseId, lawyerId, question.slice(0, QUESTION_MAX_LENGTH), limit],
      );
      return rows.map((row) => ({
        citation: exhibitCitation(row.exhibit_number),
        text: exhibitPassage(row.title, row.facts),
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
