// How an exhibit reads in the chat: its card, its line in the list, its buttons, and every fact in the lawyer's
// language. Plain values only, so the same code renders inside and outside conversations.
import { InlineKeyboard } from 'grammy';
import { CRITERION_IDS, type CriterionId } from '../../../core/eb1a/criteria.ts';
import type { StoredEvidence } from '../../../core/eb1a/evidence-store.ts';
import {
  criterionNameKey,
  fieldLabelKey,
  fieldOptionKey,
  fieldSpecsOf,
  type FieldOwner,
  type FieldSpec,
  type FieldValue,
  type SupportLetter,
} from '../../../core/eb1a/evidence.ts';
import type { ConversationContext } from '../../context.ts';
import { html } from '../../telegram-text.ts';
import { MENU } from '../start.ts';

/** Anything that speaks the lawyer's language: a handler's or a conversation's context. */
export type Speaker = Pick<ConversationContext, 't'>;

const FILE_REF_LENGTH = 16;
const BUTTON_LABEL_LENGTH = 48;

/**
 * Callback data of the buttons outside conversations (each under Telegram's 64-byte limit: a criterion
 * travels as its position in CRITERION_IDS, a fact as `<criterion>.<field>` positions).
 */
export const EVIDENCE_BUTTONS = {
  list: 'ev:list',
  add: 'ev:add',
  candidate: (id: string) => `ev:cand:${id}`,
  show: (id: string) => `ev:show:${id}`,
  edit: (id: string) => `ev:edit:${id}`,
  editField: (id: string, field: string) => `ev:ef:${id}:${field}`,
  attach: (id: string) => `ev:att:${id}`,
  remove: (id: string) => `ev:rm:${id}`,
  confirmRemove: (id: string) => `ev:rmy:${id}`,
  file: (id: string, sha256: string) => `ev:file:${id}:${sha256.slice(0, FILE_REF_LENGTH)}`,
  alsoUse: (id: string) => `ev:also:${id}`,
  removeClaim: (id: string, criterion: CriterionId) => `ev:rc:${id}:${criterionRef(criterion)}`,
  confirmRemoveClaim: (id: string, criterion: CriterionId) => `ev:rcy:${id}:${criterionRef(criterion)}`,
  makePrimary: (id: string, criterion: CriterionId) => `ev:pr:${id}:${criterionRef(criterion)}`,
} as const;

export function criterionRef(criterion: CriterionId): string {
  return String(CRITERION_IDS.indexOf(criterion));
}

export function criterionFromRef(ref: string | undefined): CriterionId | undefined {
  return /^\d$/.test(ref ?? '') ? CRITERION_IDS[Number(ref)] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Plain values that cross `conversation.external` (JSON only: no Dates, Buffers or class instances)
// ---------------------------------------------------------------------------------------------

interface ClaimSnapshot {
  criterion: CriterionId;
  fields: Record<string, FieldValue>;
  primary: boolean;
}

export interface ExhibitSnapshot {
  id: string;
  caseId: string;
  exhibitNumber: number;
  title: string;
  /** The primary claim first. */
  claims: ClaimSnapshot[];
  letter?: SupportLetter;
  language?: string;
  certifiedTranslation?: boolean;
  files: Array<{ sha256: string; fileName: string; size: number }>;
}

export function snapshot(evidence: StoredEvidence): ExhibitSnapshot {
  return {
    id: evidence.id,
    caseId: evidence.caseId,
    exhibitNumber: evidence.exhibitNumber,
    title: evidence.title,
    claims: evidence.claims.map((claim) => ({
      criterion: claim.criterion,
      fields: { ...(claim.fields as Record<string, FieldValue>) },
      primary: claim.primary,
    })),
    ...(evidence.letter && { letter: evidence.letter }),
    ...(evidence.language !== undefined && { language: evidence.language }),
    ...(evidence.certifiedTranslation !== undefined && {
      certifiedTranslation: evidence.certifiedTranslation,
    }),
    files: evidence.files.map((file) => ({ sha256: file.sha256, fileName: file.fileName, size: file.size })),
  };
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

export function clipLabel(text: string, max = BUTTON_LABEL_LENGTH): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** "(iii) Published material about the person" / "(iii) Публикации о заявителе". */
export function criterionName(ctx: Speaker, criterion: CriterionId): string {
  return ctx.t(criterionNameKey(criterion));
}

/** "Exhibit 3" / "Приложение 3". */
export function exhibitName(ctx: Speaker, exhibitNumber: number): string {
  return ctx.t('evidence-exhibit', { number: exhibitNumber });
}

/** The answer as the lawyer reads it: an option's label, Yes/No, or the value typed. */
export function answerText(
  ctx: Speaker,
  owner: FieldOwner,
  spec: Pick<FieldSpec, 'key' | 'kind'>,
  value: FieldValue | undefined,
): string {
  if (value === undefined) return ctx.t('evidence-answer-not-given');
  if (typeof value === 'boolean') return ctx.t(value ? 'evidence-answer-yes' : 'evidence-answer-no');
  if (spec.kind === 'choice') return ctx.t(fieldOptionKey(owner, spec.key, String(value)));
  return String(value);
}

function sizeText(ctx: Speaker, bytes: number): string {
  return bytes >= 1024 * 1024
    ? ctx.t('evidence-size-mb', { size: (bytes / (1024 * 1024)).toFixed(1) })
    : ctx.t('evidence-size-kb', { size: Math.max(1, Math.round(bytes / 1024)) });
}

/** "• Year: 2021" lines of one claim's facts. */
function factLines(ctx: Speaker, owner: FieldOwner, fields: Readonly<Record<string, FieldValue>>): string[] {
  return fieldSpecsOf(owner).flatMap((spec) => {
    const value = fields[spec.key];
    return value === undefined
      ? []
      : [html`• ${ctx.t(fieldLabelKey(owner, spec.key))}: ${answerText(ctx, owner, spec, value)}`];
  });
}

/** The exhibit as a lawyer reads it: number, title, each claim with its facts (primary marked), documents. */
export function exhibitCard(ctx: Speaker, exhibit: ExhibitSnapshot): string {
  const claims = exhibit.claims.flatMap((claim) => [
    '',
    claim.primary && exhibit.claims.length > 1
      ? html`<b>${criterionName(ctx, claim.criterion)}</b> — ${ctx.t('evidence-claim-primary')}`
      : html`<b>${criterionName(ctx, claim.criterion)}</b>`,
    ...factLines(ctx, claim.criterion, claim.fields),
  ]);
  const extras: string[] = [];
  if (exhibit.language !== undefined) {
    extras.push(
      html`• ${ctx.t(exhibit.certifiedTranslation ? 'evidence-card-language-translated' : 'evidence-card-language-untranslated', { language: exhibit.language })}`,
    );
  }
  if (exhibit.letter) {
    const kind = ctx.t(fieldOptionKey('letter', 'letterKind', exhibit.letter.letterKind));
    extras.push(html`• ${ctx.t('evidence-card-letter', { kind, writer: exhibit.letter.writerName ?? '-' })}`);
  }
  const documents =
    exhibit.files.length === 0
      ? html`<i>${ctx.t('evidence-card-no-documents')}</i>`
      : html`${ctx.t('evidence-card-documents', {
          documents: exhibit.files.map((file) => `${file.fileName} (${sizeText(ctx, file.size)})`).join(', '),
        })}`;
  return [
    html`<b>${exhibitName(ctx, exhibit.exhibitNumber)}</b> — ${exhibit.title}`,
    ...claims,
    ...(extras.length > 0 ? ['', ...extras] : []),
    '',
    documents,
  ].join('\n');
}

export function exhibitKeyboard(ctx: Speaker, exhibit: ExhibitSnapshot): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text(ctx.t('evidence-button-edit'), EVIDENCE_BUTTONS.edit(exhibit.id))
    .text(ctx.t('evidence-button-attach'), EVIDENCE_BUTTONS.attach(exhibit.id))
    .row();
  if (exhibit.claims.length < CRITERION_IDS.length) {
    keyboard.text(ctx.t('evidence-button-also-use'), EVIDENCE_BUTTONS.alsoUse(exhibit.id)).row();
  }
  if (exhibit.claims.length > 1) {
    for (const claim of exhibit.claims) {
      const name = criterionName(ctx, claim.criterion);
      keyboard.text(
        clipLabel(ctx.t('evidence-button-remove-claim', { criterion: name })),
        EVIDENCE_BUTTONS.removeClaim(exhibit.id, claim.criterion),
      );
      if (!claim.primary) {
        keyboard.text(
          clipLabel(ctx.t('evidence-button-make-primary', { criterion: name })),
          EVIDENCE_BUTTONS.makePrimary(exhibit.id, claim.criterion),
        );
      }
      keyboard.row();
    }
  }
  for (const file of exhibit.files) {
    keyboard
      .text(
        clipLabel(ctx.t('evidence-button-get-file', { name: file.fileName })),
        EVIDENCE_BUTTONS.file(exhibit.id, file.sha256),
      )
      .row();
  }
  return keyboard
    .text(ctx.t('evidence-button-remove'), EVIDENCE_BUTTONS.remove(exhibit.id))
    .text(ctx.t('evidence-button-all-exhibits'), EVIDENCE_BUTTONS.list);
}

/** One line per exhibit of the list: number, criteria (primary first), title, documents. */
export function exhibitListLine(
  ctx: Speaker,
  exhibit: Pick<StoredEvidence, 'exhibitNumber' | 'claims' | 'title' | 'files'>,
): string {
  const criteria = exhibit.claims.map((claim) => criterionName(ctx, claim.criterion)).join(', ');
  const documents =
    exhibit.files.length === 0
      ? ''
      : ` · ${ctx.t('evidence-list-documents', { count: exhibit.files.length })}`;
  return html`<b>${exhibitName(ctx, exhibit.exhibitNumber)}</b> — ${criteria} — ${exhibit.title}${documents}`;
}

export function afterSaveKeyboard(ctx: Speaker): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t('evidence-button-add-another'), EVIDENCE_BUTTONS.add)
    .text(ctx.t('evidence-button-all-exhibits'), EVIDENCE_BUTTONS.list)
    .row()
    .text(ctx.t('evidence-button-analyze'), MENU.analyze);
}
