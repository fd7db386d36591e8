// A case file for drafting built in memory from factory evidence, analysed by the real engine: what the
// drafting composition, its unit tests and its bench read without a database.
import { analyzeCase, type CaseProfile } from '../../core/eb1a/analysis.ts';
import { analysisItems, type StoredEvidence } from '../../core/eb1a/evidence-store.ts';
import type { Evidence } from '../../core/eb1a/evidence.ts';
import type { CaseFile } from '../../core/drafting/case-file.ts';
import { evidenceFactory } from './factories.ts';

const CREATED = new Date('2025-01-15T10:00:00Z');

/** Each factory exhibit as the store keeps it: one primary claim, no documents. */
export function storedExhibits(evidence: readonly Evidence[]): StoredEvidence[] {
  return evidence.map((item) => ({
    id: item.id,
    caseId: 'case-1',
    exhibitNumber: item.exhibitNumber,
    title: item.title,
    claims: [
      {
        criterion: item.criterion,
        fields: item.fields,
        primary: true,
        createdAt: CREATED,
        updatedAt: CREATED,
      },
    ] as StoredEvidence['claims'],
    ...(item.letter !== undefined && { letter: item.letter }),
    candidateId: null,
    files: [],
    createdAt: CREATED,
    updatedAt: CREATED,
  }));
}

export function caseFileOf(
  profile: CaseProfile,
  evidence: readonly Evidence[],
  answers: Record<string, string> = {},
): CaseFile {
  const exhibits = storedExhibits(evidence);
  return {
    caseId: 'case-1',
    clientName: profile.clientName ?? 'Client',
    field: profile.field ?? 'the field',
    profile,
    answers,
    exhibits,
    analysis: analyzeCase({ evidence: analysisItems(exhibits), profile, asOfYear: 2025 }),
    notes: [],
    documents: [],
  };
}

/**
 * Two exhibits a brief must never argue: an employer's internal award and a fee-paid membership (the only
 * membership claim, so that criterion is claimed but not supported).
 */
export function draftingTraps(): Evidence[] {
  return [
    evidenceFactory('awards', {
      title: 'Employee of the Year certificate',
      fields: {
        name: 'Employee of the Year',
        issuer: 'Acme Imaging Ltd.',
        scope: 'employer',
        recognitionDocumented: false,
      },
    }),
    evidenceFactory('membership', {
      title: 'Membership card, Imaging Society',
      fields: {
        association: 'Imaging Society',
        level: 'Member',
        admissionBasis: 'fee',
        judgedByRecognizedExperts: false,
      },
    }),
  ];
}
