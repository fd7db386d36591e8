// The reading job: an accepted upload is read (text layer, Word, OCR), its text kept and searchable, the
// criterion it supports and the facts it states proposed, and the lawyer gets one message: the proposal
// with [Confirm] [Other criterion] [Edit a fact] [Not evidence], or why the file could not be read and
// what to do. Documents sent at once share one progress message ("N of 20"), edited at most every ~2 s.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { FieldProposer } from '../documents/llm-fields.ts';
import type { DocumentReader } from '../documents/read-document.ts';
import {
  DOCUMENT_REFUSAL_KEYS,
  isDocumentRefusal,
  type DocumentRefusalReason,
} from '../documents/refusal.ts';
import type { DocumentProposal, ProposalStore } from '../documents/proposals.ts';
import type { DocumentTextStore } from '../documents/texts.ts';
import { classifyEvidenceText } from '../eb1a/classify.ts';
import { CRITERION_IDS, type CriterionId } from '../eb1a/criteria.ts';
import {
  criterionNameKey,
  EVIDENCE_FIELDS,
  fieldLabelKey,
  fieldOptionKey,
  type FieldSpec,
  type FieldValue,
} from '../eb1a/evidence.ts';
import { proposeFields } from '../eb1a/propose.ts';
import { escapeHtml } from '../eb1a/render-analysis.ts';
import type { FileStore } from '../files.ts';
import type { ProductJobKinds } from './kinds.ts';
import type { InlineButtons, ProgressReporter, TelegramMessenger } from './progress.ts';
import { progressBar } from './progress.ts';
import type { FailedJob } from './queue.ts';
import { FailureToldToLawyer, type FailedKindHandler, type JobContext, type KindHandler } from './worker.ts';

export interface ReadDocumentServices {
  db: Database;
  reader: DocumentReader;
  files: FileStore;
  texts: DocumentTextStore;
  proposals: ProposalStore;
  /** Edits a burst's progress message; null where no bot token is configured. */
  telegram: TelegramMessenger | null;
  /** Messages in the lawyer's language (proposals.ftl) for the burst's progress. */
  translate(locale: 'en' | 'ru', key: string, params: Record<string, string | number>): string;
  log: Logger;
  /** Least time between two edits of a burst's progress message (default 2000 ms). */
  burstEditIntervalMs?: number;
  /** Adds the facts an LLM read that the text states (core/documents/llm-fields.ts); absent: offline only. */
  fieldProposer?: FieldProposer;
}

/** What the job recorded: the proposal was made, or the document was refused (and why). */
export type ReadDocumentResult =
  | { outcome: 'proposed'; proposalId: string }
  | { outcome: 'refused'; proposalId: string; reason: string }
  | { outcome: 'gone'; proposalId: string };

/** Callback data of the proposal's buttons (the bot's handlers read the same prefixes). */
export const PROPOSAL_BUTTONS = {
  confirm: (id: string) => `dp:ok:${id}`,
  other: (id: string) => `dp:other:${id}`,
  edit: (id: string) => `dp:edit:${id}`,
  attach: (id: string) => `dp:att:${id}`,
  reject: (id: string) => `dp:no:${id}`,
} as const;

/** The message of each step-1 trap a text gives away: why the exhibit will not count. */
const TRAP_KEYS: Readonly<Record<string, string>> = {
  'award.employer_internal': 'proposals-trap-award-employer-internal',
  'award.school_only': 'proposals-trap-award-school-only',
  'award.local': 'proposals-trap-award-local',
  'membership.admission_basis': 'proposals-trap-membership-admission-basis',
  'published.about_employer': 'proposals-trap-published-about-employer',
  'published.paid': 'proposals-trap-published-paid',
  'judging.invitation_only': 'proposals-trap-judging-invitation-only',
  'contribution.pending_patent': 'proposals-trap-contribution-pending-patent',
  'article.preprint': 'proposals-trap-article-preprint',
  'article.blog_post': 'proposals-trap-article-blog-post',
  'exhibition.not_artistic': 'proposals-trap-exhibition-not-artistic',
  'leading.ordinary_role': 'proposals-trap-leading-ordinary-role',
  'salary.converted_currency': 'proposals-trap-salary-converted-currency',
  'salary.self_reported': 'proposals-trap-salary-self-reported',
  'salary.broad_occupation': 'proposals-trap-salary-broad-occupation',
  'commercial.not_performing_arts': 'proposals-trap-commercial-not-performing-arts',
  'commercial.no_sales': 'proposals-trap-commercial-no-sales',
};

/** A proposed fact as the lawyer reads it: an option's label, Yes/No, or the value as stated. */
function factText(t: ProgressReporter['t'], criterion: CriterionId, key: string, value: FieldValue): string {
  const spec = (EVIDENCE_FIELDS[criterion] as readonly FieldSpec[]).find((s) => s.key === key);
  if (typeof value === 'boolean') return t(value ? 'evidence-answer-yes' : 'evidence-answer-no');
  if (spec?.kind === 'choice') return t(fieldOptionKey(criterion, key, String(value)));
  return String(value);
}

/**
 * The proposal message (HTML): what the document is, what it looks like, traps, translation, and what the
 * lawyer can do next (left out once it is answered).
 */
export function renderProposal(
  t: ProgressReporter['t'],
  proposal: DocumentProposal,
  options: { whatNext?: boolean } = {},
): string {
  const name = escapeHtml(proposal.fileName);
  const pages = proposal.pageCount ?? 1;
  const lines: string[] = [];
  const criterion = proposal.criterion;
  if (criterion) {
    const facts = proposal.fields.map((fact) => escapeHtml(factText(t, criterion, fact.key, fact.value)));
    lines.push(
      t(facts.length > 0 ? 'proposals-looks-like' : 'proposals-looks-like-no-facts', {
        name,
        pages,
        criterion: escapeHtml(t(criterionNameKey(criterion))),
        facts: facts.join(', '),
      }),
    );
    if (proposal.fields.length > 0) {
      lines.push(
        proposal.fields
          .map((fact, i) => `• ${escapeHtml(t(fieldLabelKey(criterion, fact.key)))}: ${facts[i]}`)
          .join('\n'),
      );
    }
  } else {
    lines.push(t('proposals-no-criterion', { name, pages }));
  }
  for (const trap of proposal.traps) {
    const key = TRAP_KEYS[trap.code];
    if (key) lines.push(`⚠️ ${t(key, { phrase: escapeHtml(trap.phrase) })}`);
  }
  if (proposal.needsTranslation) lines.push(t('documents-translation-required', { name }));
  if (options.whatNext !== false)
    lines.push(t(criterion ? 'proposals-what-next' : 'proposals-what-next-no-criterion'));
  return lines.join('\n\n');
}

/** The proposal message once confirmed: "Exhibit 7 — “award.pdf”, 1 page. Looks like (i) Awards: …". */
export function renderConfirmedProposal(
  t: ProgressReporter['t'],
  proposal: DocumentProposal,
  exhibit: string,
): string {
  return t('proposals-confirmed-as', {
    exhibit: escapeHtml(exhibit),
    proposal: renderProposal(t, proposal, { whatNext: false }),
  });
}

export function proposalButtons(t: ProgressReporter['t'], proposal: DocumentProposal): InlineButtons {
  const { id } = proposal;
  return {
    inline_keyboard: [
      ...(proposal.criterion
        ? [[{ text: t('proposals-button-confirm'), callback_data: PROPOSAL_BUTTONS.confirm(id) }]]
        : []),
      [
        {
          text: t(
            proposal.criterion ? 'proposals-button-other-criterion' : 'proposals-button-pick-criterion',
          ),
          callback_data: PROPOSAL_BUTTONS.other(id),
        },
      ],
      ...(proposal.fields.length > 0
        ? [[{ text: t('proposals-button-edit-fact'), callback_data: PROPOSAL_BUTTONS.edit(id) }]]
        : []),
      [{ text: t('proposals-button-attach'), callback_data: PROPOSAL_BUTTONS.attach(id) }],
      [{ text: t('proposals-button-not-evidence'), callback_data: PROPOSAL_BUTTONS.reject(id) }],
    ],
  };
}

/** Reads the proposal's document and stores what it found; a refusal is stored as the outcome, not thrown. */
async function readAndPropose(
  services: ReadDocumentServices,
  proposal: DocumentProposal & { sha256: string },
  signal: AbortSignal,
  onPages: (done: number, total: number) => void,
): Promise<ReadDocumentResult> {
  const { reader, files, texts, proposals, db } = services;
  const file = await files.read(proposal.sha256);
  let read;
  try {
    read = await reader.read(
      file.bytes,
      { mimeType: proposal.mimeType, fileName: proposal.fileName },
      {
        signal,
        onProgress: (progress) => {
          if (progress.step === 'ocr') onPages(progress.done, progress.total);
        },
      },
    );
  } catch (err) {
    // The worker stopping (or the attempt taken back) is not the document's fault: it is retried.
    if (!isDocumentRefusal(err) || signal.aborted) throw err;
    services.log.info({ proposal: proposal.id, reason: err.reason }, 'document refused');
    await proposals.refuse(proposal.id, err.reason);
    return { outcome: 'refused', proposalId: proposal.id, reason: err.reason };
  }
  const classification = classifyEvidenceText(read.text);
  const criterion = classification?.criterion ?? null;
  const proposed = criterion ? proposeFields(criterion, read.text) : null;
  const fields =
    criterion && proposed && services.fieldProposer
      ? await services.fieldProposer.propose(criterion, read.text, proposed.fields)
      : (proposed?.fields ?? []);
  await db.transaction(async (tx) => {
    await texts.save(
      {
        sha256: proposal.sha256,
        text: read.text,
        pageCount: read.pageCount,
        ocrPageCount: read.ocrPageCount,
        language: read.language,
        needsTranslation: read.needsTranslation,
      },
      tx,
    );
    await proposals.propose(
      proposal.id,
      {
        criterion,
        alternatives: classification?.alternatives ?? [],
        fields,
        traps: proposed?.traps ?? [],
        pageCount: read.pageCount,
        language: read.language,
        needsTranslation: read.needsTranslation,
      },
      tx,
    );
  });
  return { outcome: 'proposed', proposalId: proposal.id };
}

/** What an earlier attempt already stored, when it died before recording its result. */
function resultOf(proposal: DocumentProposal): ReadDocumentResult | null {
  if (proposal.status === 'reading') return null;
  if (proposal.status === 'refused')
    return { outcome: 'refused', proposalId: proposal.id, reason: proposal.refusal ?? 'corrupt' };
  return { outcome: 'proposed', proposalId: proposal.id };
}

function refusalKey(reason: string): string {
  return DOCUMENT_REFUSAL_KEYS[reason as DocumentRefusalReason] ?? DOCUMENT_REFUSAL_KEYS.corrupt;
}

/** Shows the burst's progress: at most one edit per interval, and always its final state. */
async function showBurstProgress(
  services: ReadDocumentServices,
  burstId: string,
  locale: 'en' | 'ru',
): Promise<void> {
  const { telegram, proposals } = services;
  if (!telegram) return;
  const interval = services.burstEditIntervalMs ?? 2_000;
  for (let attempt = 0; attempt < 20; attempt++) {
    const progress = await proposals.burstProgress(burstId);
    if (progress?.messageId == null) return;
    if (await proposals.claimBurstEdit(burstId, interval)) {
      // Read again after the claim: the state shown is the latest, not the one before the wait.
      const latest = (await proposals.burstProgress(burstId)) ?? progress;
      try {
        await telegram.editMessageText(
          latest.chatId,
          progress.messageId,
          burstProgressText((l, key, params) => services.translate(l, key, params))(
            locale,
            latest.done,
            latest.total,
          ),
          { parse_mode: 'HTML' },
        );
      } catch (err) {
        // Progress is a courtesy: the proposals themselves went out already.
        if (!(err instanceof Error && err.message.includes('message is not modified')))
          services.log.warn({ err, burstId }, 'could not update the progress of a burst of documents');
      }
      return;
    }
    // Another document's job edited just now; a later one will show a later state. The last document of
    // the burst has no later one, so it waits for the next slot.
    if (progress.done < progress.total) return;
    await sleep(Math.ceil(interval / 4));
  }
}

/** The burst's progress line, with a bar: "Reading documents: 7 of 20 ▰▰▰▱▱▱▱▱▱▱". */
export function burstProgressText(
  t: ReadDocumentServices['translate'],
): (locale: 'en' | 'ru', done: number, total: number) => string {
  return (locale, done, total) =>
    t(locale, done >= total ? 'proposals-burst-done' : 'proposals-burst-progress', {
      done,
      total,
      bar: progressBar(done, total),
    });
}

interface PagesRead {
  done: number;
  total: number;
}

interface PageProgress {
  update(done: number, total: number): void;
  /** Stops showing pages; resolves once the last edit is done. */
  stop(): Promise<void>;
}

/**
 * A long scan sent on its own shows its pages as they are OCR'd ("page 3 of 10") in the burst's message,
 * within the same edit allowance as the burst; in a burst of several documents the count of documents
 * is what moves.
 */
function showPages(
  services: ReadDocumentServices,
  burstId: string,
  locale: 'en' | 'ru',
  name: string,
): PageProgress {
  const { telegram, proposals } = services;
  const interval = services.burstEditIntervalMs ?? 2_000;
  let latest: PagesRead | null = null;
  let shown: PagesRead | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function write(state: PagesRead): Promise<void> {
    if (!telegram) return;
    const burst = await proposals.burstProgress(burstId);
    if (burst?.messageId == null || burst.total !== 1) return;
    if (!(await proposals.claimBurstEdit(burstId, interval))) return;
    await telegram.editMessageText(
      burst.chatId,
      burst.messageId,
      services.translate(locale, 'proposals-reading-pages', {
        name: escapeHtml(name),
        done: state.done,
        total: state.total,
        bar: progressBar(state.done, state.total),
      }),
      { parse_mode: 'HTML' },
    );
  }

  const timer = setInterval(
    () => {
      const state = latest;
      if (!state || state === shown) return;
      shown = state;
      writing = writing
        .then(() => write(state))
        .catch((err: unknown) => {
          // Progress is a courtesy: the reading goes on, and its result is sent whatever happens here.
          services.log.warn({ err, burstId }, 'could not show the pages read of a document');
        });
    },
    Math.ceil(interval / 2),
  );
  timer.unref();

  return {
    update(done, total) {
      if (total >= 2) latest = { done, total };
    },
    async stop() {
      clearInterval(timer);
      await writing;
    },
  };
}

export function readDocumentJob(
  services: ReadDocumentServices,
): KindHandler<ProductJobKinds, 'read-document'> {
  return async (job, context) => {
    const { proposalId, lawyer } = job.data;
    const proposal = await services.proposals.getForJob(proposalId);
    const readWithPages = async (found: DocumentProposal, sha256: string): Promise<ReadDocumentResult> => {
      const pages = found.burstId ? showPages(services, found.burstId, lawyer.locale, found.fileName) : null;
      try {
        return await readAndPropose(services, { ...found, sha256 }, job.signal, (done, total) =>
          pages?.update(done, total),
        );
      } finally {
        await pages?.stop();
      }
    };
    let result = await context.results.get<ReadDocumentResult>(job.id);
    // Set when the reading failed on its last attempt: the lawyer is told which file, then the job fails.
    let failedForGood: unknown = null;
    if (!result) {
      let found: ReadDocumentResult;
      try {
        // Gone with its case (deleted meanwhile): nothing to read, nobody to tell.
        found = !proposal
          ? { outcome: 'gone', proposalId }
          : (resultOf(proposal) ??
            (proposal.sha256 === null
              ? { outcome: 'gone', proposalId }
              : await readWithPages(proposal, proposal.sha256)));
      } catch (err) {
        // A worker stopping hands the job back; only the last attempt of a failing reading gives up.
        if (!job.isLastAttempt || job.signal.aborted || !proposal) throw err;
        found = await giveUp(services, proposalId, err);
        failedForGood = err;
      }
      result = (await context.results.record(job.id, job.kind, found)).value;
    }
    await deliverResult(services, context, result);
    if (proposal?.burstId) await showBurstProgress(services, proposal.burstId, lawyer.locale);
    if (failedForGood !== null) throw new FailureToldToLawyer(failedForGood);
  };
}

/** Sends the lawyer the job's one result message (the proposal, or the refusal naming the file), once. */
async function deliverResult(
  services: ReadDocumentServices,
  context: JobContext,
  outcome: ReadDocumentResult,
): Promise<void> {
  await context.deliverOnce(async () => {
    if (outcome.outcome === 'gone') return;
    const current = await services.proposals.getForJob(outcome.proposalId);
    if (!current) return;
    const t: ProgressReporter['t'] = (key, params) => context.progress.t(key, params);
    if (outcome.outcome === 'refused') {
      await context.progress.send(t(refusalKey(outcome.reason), { name: escapeHtml(current.fileName) }));
      return;
    }
    await context.progress.send(renderProposal(t, current), proposalButtons(t, current));
  });
}

/**
 * A reading job failed for good without its handler's last attempt telling the lawyer: every attempt
 * threw before it could, ran past its expiry, or died with its worker. The lawyer is told which file
 * could not be read and what to do, once, and the proposal lets its file go; a proposal an earlier
 * attempt did finish is sent as it is.
 */
export function readDocumentFailed(
  services: ReadDocumentServices,
): FailedKindHandler<ProductJobKinds, 'read-document'> {
  return async (failed, context) => {
    const { proposalId, lawyer } = failed.data;
    let result = await context.results.get<ReadDocumentResult>(failed.id);
    const proposal = await services.proposals.getForJob(proposalId);
    if (!result) {
      const found: ReadDocumentResult = !proposal
        ? { outcome: 'gone', proposalId }
        : (resultOf(proposal) ?? (await giveUpAfterFailure(services, proposalId, failed)));
      result = (await context.results.record(failed.id, failed.kind, found)).value;
    }
    await deliverResult(services, context, result);
    if (proposal?.burstId) await showBurstProgress(services, proposal.burstId, lawyer.locale);
  };
}

/** Marks the proposal refused (`read_failed`) unless another outcome was stored meanwhile. */
async function giveUpAfterFailure(
  services: ReadDocumentServices,
  proposalId: string,
  failed: FailedJob<unknown>,
): Promise<ReadDocumentResult> {
  services.log.error(
    { job: failed.id, proposal: proposalId, retries: failed.retries, lastError: failed.lastError },
    'a document could not be read on any attempt',
  );
  if (await services.proposals.refuse(proposalId, 'read_failed'))
    return { outcome: 'refused', proposalId, reason: 'read_failed' };
  const current = await services.proposals.getForJob(proposalId);
  return (current && resultOf(current)) ?? { outcome: 'gone', proposalId };
}

/**
 * The reading failed on every attempt for a reason of ours: the proposal is marked refused (`read_failed`)
 * and lets its file go, so nothing is held for a document nobody will confirm, and the burst counts it as
 * done. Throws the reading's error when the proposal was not being read any more (its own outcome stands).
 */
async function giveUp(
  services: ReadDocumentServices,
  proposalId: string,
  err: unknown,
): Promise<ReadDocumentResult> {
  services.log.error({ err, proposal: proposalId }, 'a document could not be read on any attempt');
  if (!(await services.proposals.refuse(proposalId, 'read_failed'))) throw err;
  return { outcome: 'refused', proposalId, reason: 'read_failed' };
}

/** The criteria in regulation order with the proposal's ranking first, for "Other criterion". */
export function criteriaForChoice(
  proposal: Pick<DocumentProposal, 'criterion' | 'alternatives'>,
): CriterionId[] {
  const ranked = proposal.alternatives.filter((c) => c !== proposal.criterion);
  return [...ranked, ...CRITERION_IDS.filter((c) => c !== proposal.criterion && !ranked.includes(c))];
}
