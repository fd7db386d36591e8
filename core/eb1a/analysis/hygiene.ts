// Evidence hygiene: what makes an exhibit carry no or little weight however strong its content. Checked once
// per exhibit number, whatever the number of criteria it is claimed under.
import { isForeignLanguage } from '../evidence.ts';
import { finding } from './findings.ts';
import { missingLetterParts } from './rules.ts';
import type { AnalysisItem, HygieneIssue } from './types.ts';

function missingPublicationParts(claims: readonly AnalysisItem[]): string[] {
  const published = claims.find((claim) => claim.criterion === 'published_material');
  if (published?.criterion !== 'published_material') return [];
  const parts: string[] = [];
  if (published.fields.headline === undefined) parts.push('title');
  if (published.fields.publicationDate === undefined) parts.push('date');
  if (published.fields.author === undefined) parts.push('author');
  return parts;
}

/** The claims grouped by exhibit number, in exhibit order. */
function claimsByExhibit(evidence: readonly AnalysisItem[]): Map<number, AnalysisItem[]> {
  const groups = new Map<number, AnalysisItem[]>();
  for (const item of [...evidence].sort((a, b) => a.exhibitNumber - b.exhibitNumber)) {
    groups.set(item.exhibitNumber, [...(groups.get(item.exhibitNumber) ?? []), item]);
  }
  return groups;
}

export function checkHygiene(evidence: readonly AnalysisItem[]): HygieneIssue[] {
  const issues: HygieneIssue[] = [];
  for (const [exhibitNumber, claims] of claimsByExhibit(evidence)) {
    const exhibits = [exhibitNumber];
    const criteria = new Set<string>();
    for (const claim of claims) {
      // One exhibit may serve several criteria, but not the same criterion twice under one number.
      if (criteria.has(claim.criterion)) {
        issues.push({
          exhibitNumber,
          problem: 'duplicate_exhibit_number',
          finding: finding('hygiene.duplicate_exhibit_number', exhibits, {}, claim.criterion),
        });
      }
      criteria.add(claim.criterion);
    }
    const untranslated = claims.find(
      (claim) => isForeignLanguage(claim) && claim.certifiedTranslation !== true,
    );
    if (untranslated) {
      issues.push({
        exhibitNumber,
        problem: 'missing_translation',
        finding: finding('hygiene.missing_translation', exhibits, { language: untranslated.language ?? '' }),
      });
    }
    const publication = missingPublicationParts(claims);
    if (publication.length > 0) {
      issues.push({
        exhibitNumber,
        problem: 'incomplete_publication_details',
        finding: finding('hygiene.incomplete_publication_details', exhibits, { parts: publication }),
      });
    }
    const letter = claims.find((claim) => claim.letter !== undefined)?.letter;
    const letterParts = missingLetterParts(letter);
    if (letterParts.length > 0) {
      issues.push({
        exhibitNumber,
        problem: 'incomplete_letter',
        finding: finding('hygiene.incomplete_letter', exhibits, {
          parts: letterParts,
          experience: letter?.letterKind === 'experience' ? 'yes' : 'no',
        }),
      });
    }
  }
  return issues;
}
