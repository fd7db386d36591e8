// The drafting jobs: /draft (the brief, the cover letter, the exhibit index) and /letters. Each records
// what it made once, then sends the files and a summary to the lawyer once, in the lawyer's language.
import { createAnalysisRenderer, escapeHtml } from '../eb1a/render-analysis.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from 'pino';
import type { Locale, Translator } from '../i18n/i18n.ts';
import type { ProductJobKinds } from '../jobs/kinds.ts';
import { caseJobFailed } from '../jobs/failed-for-good.ts';
import type { FailedKindHandler, JobContext, KindHandler } from '../jobs/worker.ts';
import type { CaseService } from '../eb1a/cases.ts';
import { CaseNotFoundError } from '../errors.ts';
import { describeWriterSource } from '../llm/grounded.ts';
import type { DeliverableSource } from './deliverables.ts';
import { criterionParam, draftBrief, type BriefDraft, type DraftingServices } from './draft-brief.ts';
import { draftLetters, type DraftedLetter } from './letters.ts';

interface DraftedFiles {
  deliverableIds: string[];
  /** The summary message, composed once in the lawyer's language. */
  html: string;
}

const SOURCE_KEY: Readonly<Record<DeliverableSource, string>> = {
  template: 'drafting-source-template',
  llm: 'drafting-source-llm',
  mixed: 'drafting-source-mixed',
  none: 'drafting-source-template',
};

/**
 * One line per distinct reason the LLM's drafts were not used, naming every section it applies to: a
 * provider that was down, or got every section wrong the same way, makes one line, not one per section.
 */
function explainedSections(translator: Translator, locale: Locale, draft: BriefDraft): string[] {
  const sectionsBySaid = new Map<string, string[]>();
  for (const section of draft.written) {
    if ((section.problems ?? []).length === 0) continue;
    const heading = draft.plan.sections.find((s) => s.id === section.id)?.heading ?? section.id;
    const said = describeWriterSource(translator, locale, {
      text: section.text,
      source: section.source,
      rejections: [],
      ...(section.provider !== undefined && { provider: section.provider }),
      ...(section.problems !== undefined && { problems: section.problems }),
    });
    sectionsBySaid.set(said, [...(sectionsBySaid.get(said) ?? []), heading]);
  }
  return [...sectionsBySaid].map(
    ([said, headings]) => `<i>${escapeHtml(headings.join(', '))}</i>: ${escapeHtml(said)}`,
  );
}

/** The summary of a drafted brief: what was argued, what was left out and why, what to do before filing. */
export function briefMessage(
  translator: Translator,
  locale: Locale,
  draft: BriefDraft,
  letterheadSet: boolean,
): string {
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, key, params);
  const { plan } = draft;
  const label = (criterion: string) => escapeHtml(t('analysis-criterion-label', { criterion }));
  const renderer = createAnalysisRenderer(translator, { locale, caseName: plan.clientName, format: 'html' });
  const brief = draft.saved.find((d) => d.kind === 'brief');
  const lines = [
    t('drafting-brief-ready', { clientName: escapeHtml(plan.clientName), version: brief?.version ?? 1 }),
    t(SOURCE_KEY[draft.source]),
    // A section whose LLM drafts were turned down (or never came) says why, as every drafted text does.
    ...explainedSections(translator, locale, draft),
    '',
  ];
  if (plan.argued.length > 0) {
    lines.push(t('drafting-argued-heading'), ...plan.argued.map((criterion) => `• ${label(criterion)}`));
  } else {
    lines.push(t('drafting-none-argued'));
  }
  if (plan.notArgued.length > 0) {
    lines.push(
      '',
      t('drafting-not-argued-heading'),
      ...plan.notArgued.map((criterion) => `• ${label(criterion)}`),
    );
  }
  if (plan.leftOut.length > 0) {
    lines.push(
      '',
      t('drafting-left-out-heading'),
      ...plan.leftOut.map(
        (item) =>
          `• ${t(item.wholeExhibit ? 'drafting-left-out-item' : 'drafting-left-out-claim', {
            exhibit: item.exhibitNumber,
            title: escapeHtml(item.title),
            criterion: label(item.criterion),
            reason: item.reasons.map((reason) => renderer.finding(reason)).join(' '),
          })}`,
      ),
    );
  }
  const notes = [
    ...(letterheadSet ? [] : [t('drafting-note-letterhead-unset')]),
    ...plan.notes.map((note) =>
      t(note.key, { ...note.params, ...criterionParam(translator, locale, note.params) }),
    ),
  ];
  if (notes.length > 0)
    lines.push('', t('drafting-notes-heading'), ...notes.map((note) => `• ${escapeHtml(note)}`));
  return lines.join('\n');
}

/** Telegram refuses a message longer than this (counted after the HTML is parsed, so this is on the safe side). */
const MESSAGE_LIMIT = 4096;

/**
 * The summary as Telegram messages: whole lines, as many as fit in each, so no tag is cut (every line of a
 * summary closes what it opens). A single line longer than a message, which no summary line should be, is
 * cut with its markup removed.
 */
export function summaryMessages(html: string, limit = MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = '';
  for (const line of html.split('\n')) {
    const fitted =
      line.length > limit
        ? line
            .replace(/<[^>]*>/g, '')
            .slice(0, limit)
            .replace(/&[#a-z0-9]*$/i, '')
        : line;
    if (current !== '' && current.length + 1 + fitted.length > limit) {
      messages.push(current);
      current = fitted;
    } else {
      current = current === '' ? fitted : `${current}\n${fitted}`;
    }
  }
  if (current.trim() !== '') messages.push(current);
  return messages;
}

async function sendSaved(
  services: DraftingServices,
  context: JobContext,
  lawyerId: string,
  files: DraftedFiles,
): Promise<void> {
  for (const id of files.deliverableIds) {
    const saved = await services.deliverables.get(lawyerId, id);
    await context.progress.sendFile({ bytes: saved.bytes, fileName: saved.fileName });
  }
  for (const message of summaryMessages(files.html)) await context.progress.send(message);
}

/**
 * Runs `work`; when the case was deleted (or never was the lawyer's) before the job ran, records that and
 * tells the lawyer once instead of retrying what can never succeed. Returns null then.
 */
async function unlessCaseGone<T>(
  translator: Translator,
  locale: Locale,
  job: { id: string; kind: string },
  context: JobContext,
  work: () => Promise<T>,
): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof CaseNotFoundError)) throw err;
    const { value } = await context.results.record(job.id, job.kind, { caseGone: true });
    if (value.caseGone)
      await context.deliverOnce(() => context.progress.send(translator.t(locale, 'drafting-case-gone')));
    return null;
  }
}

export function draftBriefJob(services: DraftingServices): KindHandler<ProductJobKinds, 'draft-brief'> {
  return async (job, context) => {
    const { lawyerId, caseId, lawyer } = job.data;
    const draft = await unlessCaseGone(services.translator, lawyer.locale, job, context, () =>
      draftBrief(services, { lawyerId, caseId, jobId: job.id }, (key, done, total) =>
        context.progress.step(key, done, total),
      ),
    );
    if (draft === null) return;
    const { value } = await context.results.record<DraftedFiles>(job.id, job.kind, {
      deliverableIds: draft.saved.map((saved) => saved.id),
      html: briefMessage(services.translator, lawyer.locale, draft, services.firm !== null),
    });
    await context.deliverOnce(() => sendSaved(services, context, lawyerId, value));
  };
}

export function lettersMessage(
  translator: Translator,
  locale: Locale,
  clientName: string,
  letters: readonly DraftedLetter[],
): string {
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, key, params);
  if (letters.length === 0)
    return t('drafting-letters-no-recommenders', { clientName: escapeHtml(clientName) });
  const lines = [
    t('drafting-letters-ready', { count: letters.length, clientName: escapeHtml(clientName) }),
    ...letters.map(
      (letter) =>
        `• ${t('drafting-letter-line', {
          name: escapeHtml(letter.recommender.name),
          kind: t(
            letter.recommender.independent
              ? 'drafting-letter-kind-independent'
              : 'drafting-letter-kind-collaborator',
          ),
          source: t(
            letter.source === 'llm' ? 'drafting-letter-source-llm' : 'drafting-letter-source-template',
          ),
        })}${letter.gaps.length > 0 ? ` — ${letter.gaps.map((gap) => t(gap)).join('; ')}` : ''}`,
    ),
  ];
  // A letter whose LLM drafts were turned down (or never came) says why, as every drafted text does.
  for (const letter of letters) {
    if ((letter.written.problems ?? []).length === 0) continue;
    const said = describeWriterSource(translator, locale, { ...letter.written, text: '' });
    lines.push('', `<i>${escapeHtml(letter.recommender.name)}</i>: ${escapeHtml(said)}`);
  }
  if (letters.some((letter) => letter.gaps.length > 0)) lines.push('', t('drafting-letters-gaps-intro'));
  return lines.join('\n');
}

export function draftLettersJob(services: DraftingServices): KindHandler<ProductJobKinds, 'draft-letters'> {
  return async (job, context) => {
    const { lawyerId, caseId, lawyer } = job.data;
    const drafted = await unlessCaseGone(services.translator, lawyer.locale, job, context, () =>
      draftLetters(services, { lawyerId, caseId, jobId: job.id }, (key, done, total) =>
        context.progress.step(key, done, total),
      ),
    );
    if (drafted === null) return;
    const { value } = await context.results.record<DraftedFiles>(job.id, job.kind, {
      deliverableIds: drafted.letters.map((letter) => letter.saved.id),
      html: lettersMessage(services.translator, lawyer.locale, drafted.clientName, drafted.letters),
    });
    await context.deliverOnce(() => sendSaved(services, context, lawyerId, value));
  };
}

/** What the drafting jobs' failure handlers read: the case (for its client's name) and the log. */
export type DraftingFailureServices = { cases: Pick<CaseService, 'get'>; log: Logger };

/**
 * When /draft's job failed for good (every attempt threw, ran past its expiry or died with its worker), the
 * lawyer is told once that the drafts for that client were not made and to send /draft again.
 */
export function draftBriefFailed(
  services: DraftingFailureServices,
): FailedKindHandler<ProductJobKinds, 'draft-brief'> {
  return caseJobFailed(services, { failedKey: 'drafting-brief-failed', caseGoneKey: 'drafting-case-gone' });
}

/** The same for /letters: the letters for that client were not drafted; send /letters again. */
export function draftLettersFailed(
  services: DraftingFailureServices,
): FailedKindHandler<ProductJobKinds, 'draft-letters'> {
  return caseJobFailed(services, { failedKey: 'drafting-letters-failed', caseGoneKey: 'drafting-case-gone' });
}

/** The App's services the drafting jobs are built from (the App itself satisfies it). */
export type DraftingSources = Omit<DraftingServices, 'firm' | 'log' | 'now'> & {
  config: Pick<Config, 'firm'>;
  log: Logger;
};

/** What the drafting jobs use: the case's readers, the writer, the deliverables, the letterhead. */
export function draftingServices(sources: DraftingSources): DraftingServices {
  const { firm } = sources.config;
  return {
    analysis: sources.analysis,
    evidence: sources.evidence,
    intake: sources.intake,
    notes: sources.notes,
    documentTexts: sources.documentTexts,
    deliverables: sources.deliverables,
    writer: sources.writer,
    translator: sources.translator,
    firm: firm.name === null ? null : { name: firm.name, addressLines: firm.addressLines },
    log: sources.log.child({ component: 'drafting' }),
  };
}
