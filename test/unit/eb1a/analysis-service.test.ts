// app.analysis.forCase: the case first (the ownership check), then its exhibits with their document counts
// and the intake profile, analyzed for the current year.
import { describe, expect, it } from 'vitest';
import { createAnalysisService } from '../../../core/eb1a/analysis-service.ts';
import type { Case } from '../../../core/eb1a/cases.ts';
import { analysisItems, type AttachedFile, type StoredEvidence } from '../../../core/eb1a/evidence-store.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { CaseNotFoundError } from '../../../core/errors.ts';

const CASE = { id: 'case-1', clientName: 'Jane Doe' } as Case;

const attached: AttachedFile = {
  sha256: 'a'.repeat(64),
  fileName: 'review.pdf',
  size: 10,
  mimeType: 'application/pdf',
  attachedAt: new Date('2025-01-01T00:00:00Z'),
};

/** An exhibit as the store returns it, claimed under each of `claims` (the first primary). */
function stored(claims: ReturnType<typeof evidenceFactory>[], files: AttachedFile[]): StoredEvidence {
  const [first] = claims;
  if (!first) throw new Error('an exhibit needs a claim');
  return {
    id: first.id,
    caseId: CASE.id,
    exhibitNumber: first.exhibitNumber,
    title: first.title,
    claims: claims.map((claim, i) => ({
      criterion: claim.criterion,
      fields: claim.fields,
      primary: i === 0,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    })),
    candidateId: null,
    files,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  } as StoredEvidence;
}

const record = [
  stored([evidenceFactory('judging', { exhibitNumber: 1, fields: { year: 2016 } })], [attached]),
  stored(
    [
      evidenceFactory('awards', { exhibitNumber: 2, fields: { year: 2017 } }),
      evidenceFactory('membership', { exhibitNumber: 2, fields: { sinceYear: 2017 } }),
    ],
    [],
  ),
];

describe('analysisItems', () => {
  it('gives each claim the number of documents attached to its exhibit', () => {
    expect(analysisItems(record).map((item) => [item.exhibitNumber, item.documentCount])).toEqual([
      [1, 1],
      [2, 0],
      [2, 0],
    ]);
  });
});

describe('forCase', () => {
  it('analyzes the lawyer’s case for the current year and counts an exhibit claimed twice once', async () => {
    const calls: string[] = [];
    const service = createAnalysisService({
      cases: { get: (lawyerId, caseId) => (calls.push(`case ${lawyerId} ${caseId}`), Promise.resolve(CASE)) },
      evidence: { list: () => (calls.push('evidence'), Promise.resolve(record)) },
      intake: { profile: () => (calls.push('profile'), Promise.resolve({ usPlanEvidence: 'job_offer' })) },
      now: () => new Date('2030-06-01T00:00:00Z'),
    });
    const result = await service.forCase('lawyer-1', 'case-1');
    expect(calls[0]).toBe('case lawyer-1 case-1');
    expect(result.case).toBe(CASE);
    expect(result.exhibitCount).toBe(2);
    expect(result.analysis.metCount).toBe(3);
    expect(result.analysis.continuingWork.satisfied).toBe(true);
    // The latest dated evidence is 2017: by 2030 the acclaim is stale.
    expect(result.analysis.finalMerits.find((signal) => signal.id === 'sustained')?.detail).toMatchObject({
      code: 'merits.sustained.stale',
      params: { last: 2017 },
    });
    const judging = result.analysis.criteria.find((assessment) => assessment.criterion === 'judging');
    expect(judging).toMatchObject({ verdict: 'met', documented: true });
  });

  it('reads nothing of a case that is not the lawyer’s', async () => {
    const calls: string[] = [];
    const service = createAnalysisService({
      cases: { get: () => Promise.reject(new CaseNotFoundError({ caseId: 'case-1', lawyerId: 'other' })) },
      evidence: { list: () => (calls.push('evidence'), Promise.resolve(record)) },
      intake: { profile: () => (calls.push('profile'), Promise.resolve({})) },
    });
    await expect(service.forCase('other', 'case-1')).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(calls).toEqual([]);
  });
});
