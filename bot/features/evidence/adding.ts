// Adding evidence: a new exhibit (criterion, that criterion's questions, language, letter), and another
// claim on an existing exhibit ("Also use this exhibit for…": only the new criterion's questions).
import { InlineKeyboard } from 'grammy';
import { classifyEvidenceText, recognizeTraps, TRAP_REASON_KEYS } from '../../../core/eb1a/classify.ts';
import { CRITERION_IDS, isCriterionId, type CriterionId } from '../../../core/eb1a/criteria.ts';
import {
  criterionRequirementKey,
  EVIDENCE_FIELDS,
  fieldLabelKey,
  LETTER_FIELDS,
  parseFieldAnswer,
  type FieldSpec,
  type FieldValue,
  type SupportLetter,
} from '../../../core/eb1a/evidence.ts';
import { AlreadyExistsError, isAppError, ValidationError } from '../../../core/errors.ts';
import type { ConversationContext } from '../../context.ts';
import { html, raw } from '../../telegram-text.ts';
import {
  answersUnder,
  Asking,
  exhibitQuestion,
  fieldQuestions,
  walkQuestions,
  type Answers,
  type DocumentReply,
  type EvidenceConversation,
} from './asking.ts';
import { attachPendingDocument, checkDocument, type Outcome, type PendingDocument } from './downloads.ts';
import { collectDocuments } from './documents.ts';
import { showExhibitOnProposal } from './proposals.ts';
import {
  answerText,
  clipLabel,
  criterionName,
  EVIDENCE_BUTTONS,
  exhibitCard,
  exhibitKeyboard,
  exhibitName,
  snapshot,
  type ExhibitSnapshot,
  type Speaker,
} from './rendering.ts';
import { keepingErrors } from '../../conversation-external.ts';

const MAX_CANDIDATE_BUTTONS = 8;

export interface CaseRef {
  caseId: string;
  clientName: string;
}

export interface AddStart extends CaseRef {
  candidateId?: string;
  pending?: PendingDocument[];
  /** A read upload the lawyer confirmed: its criterion and stated facts are known, its document stored. */
  proposal?: ConfirmedProposal;
}

/** What a confirmed proposal brings to a new exhibit (plain JSON: conversations replay it). */
export interface ConfirmedProposal {
  id: string;
  criterion: CriterionId;
  fields: Record<string, FieldValue>;
  /** True: the document is in English; false: it is not (language and translation are asked); null: unknown. */
  english: boolean | null;
  sha256: string;
  fileName: string;
  mimeType: string;
  /** The proposal message the lawyer confirmed from: it is edited to name the exhibit it became. */
  message?: { chatId: number; messageId: number };
}

interface CandidateChoice {
  id: string;
  criterion: CriterionId;
  title: string;
  fields: Record<string, unknown>;
}

/** The criterion's facts are answered under `f.`, the letter's under `l.`. */
const FACT = 'f.';
const LETTER = 'l.';

/** Which questions of a store refusal went wrong, named as the questions are, in the lawyer's language. */
export function refusalText(ctx: Speaker, err: ValidationError): string {
  const criterion = err.context.criterion;
  const names = err.fields.map((field) => {
    const [scope, key] = field.path.split('.');
    if (scope === 'fields' && key !== undefined && typeof criterion === 'string' && isCriterionId(criterion))
      return ctx.t(fieldLabelKey(criterion, key));
    if (scope === 'letter' && key !== undefined) return ctx.t(fieldLabelKey('letter', key));
    return field.path;
  });
  return ctx.t('evidence-invalid-answers', { questions: [...new Set(names)].join(', ') });
}

/** A value the intake already knows, if it fits the question. */
function prefilledValue(spec: FieldSpec, value: unknown): FieldValue | undefined {
  if (typeof value === 'boolean') return spec.kind === 'yesno' ? value : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseFieldAnswer(spec, String(value));
  return parsed.ok ? parsed.value : undefined;
}

function criterionKeyboard(
  ctx: Speaker,
  asking: Asking,
  criteria: readonly CriterionId[],
  candidates: readonly CandidateChoice[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  criteria.forEach((id, index) => {
    keyboard.text(criterionName(ctx, id), asking.button('c', id));
    if (index % 2 === 1) keyboard.row();
  });
  for (const candidate of candidates.slice(0, MAX_CANDIDATE_BUTTONS)) {
    keyboard
      .row()
      .text(
        clipLabel(ctx.t('evidence-button-from-intake', { title: candidate.title })),
        asking.button('k', candidate.id),
      );
  }
  return keyboard
    .row()
    .text(ctx.t('evidence-button-list'), EVIDENCE_BUTTONS.list)
    .text(ctx.t('evidence-button-cancel'), asking.button('cancel'));
}

type CriterionPick =
  | { kind: 'criterion'; criterion: CriterionId; ctx: ConversationContext }
  | { kind: 'candidate'; candidate: CandidateChoice; ctx: ConversationContext }
  | { kind: 'cancelled' };

/** Criterion by button, or described in words and proposed by the classifier, confirmed by a button. */
async function pickCriterion(
  asking: Asking,
  ctx: ConversationContext,
  question: string,
  criteria: readonly CriterionId[],
  candidates: readonly CandidateChoice[],
  onDocument?: (reply: DocumentReply) => Promise<void>,
): Promise<CriterionPick> {
  const classifierOn = await asking.conversation.external(
    keepingErrors((outer) => outer.app.flags.isEnabled('enableEvidenceClassifier')),
  );
  let prompt = classifierOn ? `${question}\n\n${html`${ctx.t('evidence-pick-or-describe')}`}` : question;
  let current = ctx;
  for (;;) {
    asking.nextToken();
    await current.reply(prompt, {
      parse_mode: 'HTML',
      reply_markup: criterionKeyboard(current, asking, criteria, candidates),
    });
    const reply = await asking.reply();
    current = reply.ctx;
    const again = html`${current.t('evidence-pick-again')}`;
    if (reply.kind === 'document') {
      if (onDocument) await onDocument(reply);
      else await current.reply(current.t('evidence-answer-first'));
      prompt = again;
      continue;
    }
    if (reply.kind === 'button') {
      if (reply.action === 'cancel') return { kind: 'cancelled' };
      if (reply.action === 'c' && isCriterionId(reply.arg) && criteria.includes(reply.arg))
        return { kind: 'criterion', criterion: reply.arg, ctx: reply.ctx };
      const candidate = reply.action === 'k' ? candidates.find((c) => c.id === reply.arg) : undefined;
      if (candidate) return { kind: 'candidate', candidate, ctx: reply.ctx };
      prompt = again;
      continue;
    }
    if (!classifierOn) {
      prompt = html`${current.t('evidence-pick-with-buttons')}`;
      continue;
    }
    const guess = classifyEvidenceText(reply.text);
    if (!guess || !criteria.includes(guess.criterion)) {
      prompt = html`${current.t('evidence-pick-unknown')}`;
      continue;
    }
    asking.nextToken();
    const proposal = new InlineKeyboard()
      .text(
        current.t('evidence-button-yes-criterion', { criterion: criterionName(current, guess.criterion) }),
        asking.button('c', guess.criterion),
      )
      .row();
    for (const alternative of guess.alternatives.filter((c) => criteria.includes(c)).slice(0, 2)) {
      proposal
        .text(
          current.t('evidence-button-no-criterion', { criterion: criterionName(current, alternative) }),
          asking.button('c', alternative),
        )
        .row();
    }
    proposal
      .text(current.t('evidence-button-pick-from-list'), asking.button('list'))
      .text(current.t('evidence-button-cancel'), asking.button('cancel'));
    // A text that gives a step-1 trap away says so now, before the lawyer answers any question.
    const warnings = recognizeTraps(reply.text, guess.criterion).map(
      (trap) => html`\n\n⚠️ ${current.t(TRAP_REASON_KEYS[trap.code], { phrase: trap.phrase })}`,
    );
    await current.reply(
      html`${current.t('evidence-sounds-like', {
        criterion: criterionName(current, guess.criterion),
        requirement: current.t(criterionRequirementKey(guess.criterion)),
      })}${warnings.map(raw)}`,
      { parse_mode: 'HTML', reply_markup: proposal },
    );
    const confirmation = await asking.reply();
    current = confirmation.ctx;
    if (confirmation.kind === 'button') {
      if (confirmation.action === 'cancel') return { kind: 'cancelled' };
      if (
        confirmation.action === 'c' &&
        isCriterionId(confirmation.arg) &&
        criteria.includes(confirmation.arg)
      ) {
        return { kind: 'criterion', criterion: confirmation.arg, ctx: confirmation.ctx };
      }
    }
    if (confirmation.kind === 'document' && onDocument) await onDocument(confirmation);
    prompt =
      confirmation.kind === 'text'
        ? html`${current.t('evidence-pick-with-buttons')}`
        : html`${current.t('evidence-pick-again')}`;
  }
}

/** Documents sent before the exhibit exists: checked now, attached right after it is saved. */
function keepForLater(asking: Asking, pending: PendingDocument[]) {
  return async (reply: DocumentReply): Promise<void> => {
    const checked = await asking.conversation.external(
      keepingErrors((outer) => checkDocument(outer, reply.document)),
    );
    if (!checked.ok) {
      await reply.ctx.reply(checked.message);
      return;
    }
    pending.push(checked.pending);
    await reply.ctx.reply(reply.ctx.t('evidence-document-kept', { name: checked.pending.name }));
  };
}

/** The introduction of a criterion's questions: what it requires, and what is already known. */
function criterionIntro(
  ctx: Speaker,
  criterion: CriterionId,
  known: Readonly<Record<string, FieldValue>>,
  lines: readonly string[],
): string {
  const facts = (EVIDENCE_FIELDS[criterion] as readonly FieldSpec[]).flatMap((spec) => {
    const value = known[spec.key];
    return value === undefined
      ? []
      : [html`• ${ctx.t(fieldLabelKey(criterion, spec.key))}: ${answerText(ctx, criterion, spec, value)}`];
  });
  return [
    html`<b>${criterionName(ctx, criterion)}</b> — ${ctx.t(criterionRequirementKey(criterion))}`,
    ...lines,
    facts.length > 0 ? `${html`${ctx.t('evidence-already-known')}`}\n${facts.join('\n')}` : '',
  ]
    .filter((line) => line !== '')
    .join('\n\n');
}

/** The questions of a new exhibit: the criterion's facts not known yet, the language, the letter. */
function newExhibitQuestions(
  criterion: CriterionId,
  known: Readonly<Record<string, FieldValue>>,
  english: boolean | null = null,
) {
  const specs = (EVIDENCE_FIELDS[criterion] as readonly FieldSpec[]).filter(
    (spec) => known[spec.key] === undefined,
  );
  const isLetter = (answers: Answers): boolean => answers.isLetter === true;
  const notEnglish = (answers: Answers): boolean => answers.english === false;
  // A document's language read from its text is not asked again; a foreign one still needs its name.
  const language =
    english === null
      ? [
          exhibitQuestion('english'),
          exhibitQuestion('language', notEnglish),
          exhibitQuestion('certifiedTranslation', notEnglish),
        ]
      : english
        ? []
        : [exhibitQuestion('language'), exhibitQuestion('certifiedTranslation')];
  return [
    ...fieldQuestions(criterion, specs, FACT),
    ...language,
    exhibitQuestion('isLetter'),
    ...fieldQuestions('letter', LETTER_FIELDS, LETTER, isLetter),
  ];
}

export async function addExhibit(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  start: AddStart,
): Promise<void> {
  const asking = await Asking.start(conversation);
  const pending: PendingDocument[] = [...(start.pending ?? [])];
  const onDocument = keepForLater(asking, pending);

  const candidates = await conversation.external(
    keepingErrors(async (outer): Promise<CandidateChoice[]> => {
      const open = await outer.app.intake.candidates(outer.lawyer.id, start.caseId, 'open');
      return open.map((c) => ({ id: c.id, criterion: c.criterion, title: c.title, fields: { ...c.fields } }));
    }),
  );

  let candidate = candidates.find((c) => c.id === start.candidateId);
  let proposal = start.proposal;
  let current = ctx;
  for (;;) {
    let criterion: CriterionId;
    if (proposal) {
      criterion = proposal.criterion;
    } else if (candidate) {
      criterion = candidate.criterion;
    } else {
      const pick = await pickCriterion(
        asking,
        current,
        html`${current.t('evidence-add-which-criterion', { client: start.clientName })}`,
        CRITERION_IDS,
        candidates,
        onDocument,
      );
      if (pick.kind === 'cancelled') {
        await current.reply(current.t('evidence-cancelled'));
        return;
      }
      current = pick.ctx;
      if (pick.kind === 'candidate') candidate = pick.candidate;
      criterion = pick.kind === 'candidate' ? pick.candidate.criterion : pick.criterion;
    }

    const known: Record<string, FieldValue> = {};
    for (const spec of EVIDENCE_FIELDS[criterion] as readonly FieldSpec[]) {
      const source = proposal?.fields ?? candidate?.fields;
      const value = source ? prefilledValue(spec, source[spec.key]) : undefined;
      if (value !== undefined) known[spec.key] = value;
    }
    await current.reply(
      criterionIntro(current, criterion, known, [
        proposal
          ? html`${current.t('proposals-completing', { name: proposal.fileName })}`
          : candidate
            ? html`${current.t('evidence-completing-candidate', { title: candidate.title })}`
            : '',
        html`${current.t('evidence-send-document-any-time')}`,
      ]),
      { parse_mode: 'HTML' },
    );

    const english = proposal?.english ?? null;
    const walk = await walkQuestions(asking, current, newExhibitQuestions(criterion, known, english), {
      heading: (position, total) => html`<b>${String(position)}/${String(total)}</b> `,
      // Back from the first question returns to the choice of criterion, unless the intake chose it.
      backFromFirst: start.candidateId === undefined,
      onDocument,
    });
    if (walk.kind === 'cancelled') {
      await current.reply(current.t('evidence-cancelled'));
      return;
    }
    current = walk.ctx;
    if (walk.kind === 'back') {
      candidate = undefined;
      proposal = undefined;
      continue;
    }
    await saveExhibit(
      asking,
      current,
      start,
      criterion,
      { ...known, ...answersUnder(walk.answers, FACT) },
      english === null ? walk.answers : { ...walk.answers, english },
      candidate,
      pending,
    );
    return;
  }
}

async function saveExhibit(
  asking: Asking,
  current: ConversationContext,
  start: AddStart,
  criterion: CriterionId,
  fields: Record<string, FieldValue>,
  answers: Answers,
  candidate: CandidateChoice | undefined,
  pending: readonly PendingDocument[],
): Promise<void> {
  const letter =
    answers.isLetter === true ? (answersUnder(answers, LETTER) as unknown as SupportLetter) : undefined;
  const language =
    answers.english === false
      ? { language: String(answers.language), certifiedTranslation: answers.certifiedTranslation === true }
      : {};
  // The update that finished the questions names the add: delivered twice, it still makes one exhibit.
  const sourceKey = `telegram:${String(current.update.update_id)}`;
  const saved = await asking.conversation.external(
    keepingErrors(async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot; created: boolean }>> => {
      try {
        // A confirmed proposal's document is stored already: the stored copy is linked in the same
        // transaction, its bytes neither read nor written again.
        const proposed = start.proposal;
        const { evidence, created } = await outer.app.evidence.add(
          outer.lawyer.id,
          start.caseId,
          { criterion, fields, ...(letter && { letter }), ...language },
          {
            sourceKey,
            ...(candidate && { candidateId: candidate.id }),
            ...(proposed && { storedFiles: [{ sha256: proposed.sha256, fileName: proposed.fileName }] }),
          },
        );
        if (proposed) await outer.app.documentProposals.confirm(outer.lawyer.id, proposed.id, evidence.id);
        return { ok: true, exhibit: snapshot(evidence), created };
      } catch (err) {
        if (err instanceof ValidationError) return { ok: false, message: refusalText(outer, err) };
        throw err;
      }
    }),
  );
  if (!saved.ok) {
    await current.reply(current.t('evidence-not-saved', { problem: saved.message }));
    return;
  }
  const exhibit = saved.exhibit;
  await current.reply(
    current.t('evidence-saved', {
      exhibit: exhibitName(current, exhibit.exhibitNumber),
      client: start.clientName,
      title: exhibit.title,
      criterion: criterionName(current, criterion),
    }),
  );
  const confirmed = start.proposal;
  if (confirmed?.message) {
    const at = confirmed.message;
    await asking.conversation.external(
      keepingErrors((outer) => showExhibitOnProposal(outer, confirmed.id, at, exhibit.exhibitNumber)),
    );
  }
  for (const document of pending) {
    const result = await asking.conversation.external(
      keepingErrors((outer) => attachPendingDocument(outer, exhibit.id, document)),
    );
    await current.reply(
      result.ok
        ? current.t('evidence-document-attached', {
            name: result.fileName,
            exhibit: exhibitName(current, result.exhibitNumber),
          })
        : result.message,
    );
  }
  await collectDocuments(asking, current, exhibit);
}

/** Loads one exhibit of the lawyer's as plain data, or a message saying it is gone. */
export function loadExhibit(
  conversation: EvidenceConversation,
  evidenceId: string,
): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> {
  return conversation.external(
    keepingErrors(async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> => {
      try {
        return { ok: true, exhibit: snapshot(await outer.app.evidence.get(outer.lawyer.id, evidenceId)) };
      } catch (err) {
        if (isAppError(err) && err.httpStatus === 404)
          return { ok: false, message: outer.t('evidence-not-found') };
        throw err;
      }
    }),
  );
}

/** "Also use this exhibit for…": another criterion, only its questions, a new claim on the same exhibit. */
export async function addClaim(
  conversation: EvidenceConversation,
  ctx: ConversationContext,
  evidenceId: string,
): Promise<void> {
  const loaded = await loadExhibit(conversation, evidenceId);
  if (!loaded.ok) {
    await ctx.reply(loaded.message);
    return;
  }
  const { exhibit } = loaded;
  const claimed = new Set(exhibit.claims.map((claim) => claim.criterion));
  const open = CRITERION_IDS.filter((criterion) => !claimed.has(criterion));
  const asking = await Asking.start(conversation);
  let current = ctx;
  for (;;) {
    const pick = await pickCriterion(
      asking,
      current,
      html`${current.t('evidence-also-which-criterion', {
        exhibit: exhibitName(current, exhibit.exhibitNumber),
        claimed: exhibit.claims.map((claim) => criterionName(current, claim.criterion)).join(', '),
      })}`,
      open,
      [],
    );
    if (pick.kind !== 'criterion') {
      await current.reply(current.t('evidence-nothing-changed'));
      return;
    }
    current = pick.ctx;
    const { criterion } = pick;
    await current.reply(criterionIntro(current, criterion, {}, []), { parse_mode: 'HTML' });
    const walk = await walkQuestions(
      asking,
      current,
      fieldQuestions(criterion, EVIDENCE_FIELDS[criterion], FACT),
      {
        heading: (position, total) => html`<b>${String(position)}/${String(total)}</b> `,
        backFromFirst: true,
      },
    );
    if (walk.kind === 'cancelled') {
      await current.reply(current.t('evidence-nothing-changed'));
      return;
    }
    current = walk.ctx;
    if (walk.kind === 'back') continue;
    const fields = answersUnder(walk.answers, FACT);
    const saved = await conversation.external(
      keepingErrors(async (outer): Promise<Outcome<{ exhibit: ExhibitSnapshot }>> => {
        try {
          return {
            ok: true,
            exhibit: snapshot(
              await outer.app.evidence.addClaim(outer.lawyer.id, evidenceId, criterion, fields),
            ),
          };
        } catch (err) {
          if (err instanceof ValidationError) return { ok: false, message: refusalText(outer, err) };
          if (err instanceof AlreadyExistsError)
            return { ok: false, message: outer.t('evidence-claim-exists') };
          if (isAppError(err) && err.httpStatus === 404)
            return { ok: false, message: outer.t('evidence-not-found') };
          throw err;
        }
      }),
    );
    if (!saved.ok) {
      await current.reply(current.t('evidence-not-saved', { problem: saved.message }));
      return;
    }
    await current.reply(
      `${html`${current.t('evidence-claim-added', {
        exhibit: exhibitName(current, saved.exhibit.exhibitNumber),
        criterion: criterionName(current, criterion),
      })}`}\n\n${exhibitCard(current, saved.exhibit)}`,
      { parse_mode: 'HTML', reply_markup: exhibitKeyboard(current, saved.exhibit) },
    );
    return;
  }
}
