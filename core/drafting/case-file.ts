// What drafting reads of a case, gathered once: the case, its exhibits with their claims, the intake
// answers and profile, the analysis that decides what may be argued, and the material a writer may draw
// on beyond the structured facts: the lawyer's notes on the case and the text read from each exhibit's
// documents. Ownership is checked by the analysis service before anything else of the case is read.
//
// Notes and document text are material to write from, never facts to state: they reach the writer only
// as labelled data (see caseMaterial), never the template, and a draft still states only what the case's
// facts hold (core/llm/draft-check.ts).
import type { NoteStore } from '../ask/notes.ts';
import type { DocumentTextStore } from '../documents/texts.ts';
import type { AnalysisService } from '../eb1a/analysis-service.ts';
import type { CaseAnalysis, CaseProfile } from '../eb1a/analysis.ts';
import type { EvidenceStore, StoredEvidence } from '../eb1a/evidence-store.ts';
import type { IntakeStore } from '../eb1a/intake-store.ts';

/** The lawyer's newest notes a draft reads: enough for the case's strategy, few enough to send. */
const NOTES_READ = 20;
/** Characters of one document's text a writer gets: the opening pages, where a document says what it is. */
export const DOCUMENT_TEXT_SENT = 4_000;
/** Characters of document text one request carries in all: a section citing every exhibit stays sendable. */
export const DOCUMENT_TEXT_SENT_TOTAL = 24_000;

export interface CaseNoteMaterial {
  text: string;
  createdAt: Date;
}

/** The text read from one document of an exhibit. */
export interface ExhibitDocumentText {
  exhibitNumber: number;
  fileName: string;
  text: string;
}

export interface CaseFile {
  caseId: string;
  clientName: string;
  /** The field of endeavor: the intake's definition, else the one given when the case was opened. */
  field: string;
  profile: CaseProfile;
  /** Intake answers by question id (recommenders are read from here). */
  answers: Readonly<Record<string, string>>;
  /** Every exhibit of the case, by exhibit number. */
  exhibits: readonly StoredEvidence[];
  analysis: CaseAnalysis;
  /** The lawyer's notes on the case, newest first. */
  notes: readonly CaseNoteMaterial[];
  /** The text of each exhibit's documents that have been read, by exhibit number. */
  documents: readonly ExhibitDocumentText[];
}

export interface CaseFileSources {
  analysis: Pick<AnalysisService, 'forCase'>;
  evidence: Pick<EvidenceStore, 'list'>;
  intake: Pick<IntakeStore, 'answers' | 'profile'>;
  notes: Pick<NoteStore, 'list'>;
  documentTexts: Pick<DocumentTextStore, 'get'>;
}

async function documentTexts(
  sources: CaseFileSources,
  exhibits: readonly StoredEvidence[],
): Promise<ExhibitDocumentText[]> {
  const read: ExhibitDocumentText[] = [];
  for (const exhibit of exhibits) {
    for (const file of exhibit.files) {
      // A document not read yet (or refused) has no text: the exhibit's recorded facts still stand.
      const stored = await sources.documentTexts.get(file.sha256);
      if (stored === null || stored.text.trim() === '') continue;
      read.push({ exhibitNumber: exhibit.exhibitNumber, fileName: file.fileName, text: stored.text });
    }
  }
  return read;
}

export async function readCaseFile(
  sources: CaseFileSources,
  lawyerId: string,
  caseId: string,
): Promise<CaseFile> {
  const { case: owned, analysis } = await sources.analysis.forCase(lawyerId, caseId);
  const [exhibits, answers, profile, notes] = await Promise.all([
    sources.evidence.list(lawyerId, caseId),
    sources.intake.answers(lawyerId, caseId),
    sources.intake.profile(lawyerId, caseId),
    sources.notes.list(lawyerId, caseId, NOTES_READ),
  ]);
  return {
    caseId,
    clientName: profile.clientName ?? owned.clientName,
    field: profile.field ?? owned.fieldOfEndeavor,
    profile,
    answers,
    exhibits,
    analysis,
    notes: notes.map((note) => ({ text: note.text, createdAt: note.createdAt })),
    documents: await documentTexts(sources, exhibits),
  };
}

/**
 * The case material a writer gets as labelled data beside the facts: the text of the documents of the
 * exhibits the text cites (all of them when `exhibits` is omitted), then the lawyer's notes. The labels
 * say what each piece is and that it is not a fact to state.
 */
export function caseMaterial(
  file: Pick<CaseFile, 'notes' | 'documents'>,
  exhibits?: readonly number[],
): Array<{ label: string; text: string }> {
  const cited = exhibits === undefined ? null : new Set(exhibits);
  const documents: Array<{ label: string; text: string }> = [];
  let sent = 0;
  for (const doc of file.documents) {
    if (cited !== null && !cited.has(doc.exhibitNumber)) continue;
    const room = Math.min(DOCUMENT_TEXT_SENT, DOCUMENT_TEXT_SENT_TOTAL - sent);
    // Past the total, the exhibits' recorded facts (always sent) speak for the rest.
    if (room <= 0) break;
    sent += Math.min(doc.text.length, room);
    documents.push({
      label: `Exhibit ${String(doc.exhibitNumber)}, text of the document ${doc.fileName} (material to read, not a fact to state)`,
      text: doc.text.length > room ? `${doc.text.slice(0, room)} […]` : doc.text,
    });
  }
  const notes = file.notes.map((note) => ({
    label: `The lawyer's note on the case, ${note.createdAt.toISOString().slice(0, 10)} (background for the writer, not a fact to state)`,
    text: note.text,
  }));
  return [...documents, ...notes];
}
