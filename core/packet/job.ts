// The 'build-packet' job: builds the case's exhibit packet exhibit by exhibit (progress "N of M"), keeps
// it with the case as a versioned deliverable, and sends it to the lawyer (in parts when it is over
// Telegram's upload limit) with what is missing or could not be included and why.
import type { Logger } from 'pino';
import type { DeliverableStore } from '../drafting/deliverables.ts';
import { criterionLabel } from '../eb1a/criteria.ts';
import { escapeHtml } from '../eb1a/render-analysis.ts';
import type { CaseService } from '../eb1a/cases.ts';
import { primaryClaim, type EvidenceStore, type StoredEvidence } from '../eb1a/evidence-store.ts';
import { caseJobFailed, caseOrNull } from '../jobs/failed-for-good.ts';
import type { ProductJobKinds } from '../jobs/kinds.ts';
import type { FailedKindHandler, KindHandler } from '../jobs/worker.ts';
import type { TranslationParams } from '../i18n/i18n.ts';
import type { ProgressReporter } from '../jobs/progress.ts';
import { buildPacket, type ExhibitPlacement, type PacketExhibit } from './build.ts';
import type { LeftOutReason } from './filing-text.ts';
import { splitPacket, TELEGRAM_UPLOAD_LIMIT_BYTES } from './split.ts';

/** What the packet job needs from the App. */
export interface PacketJobServices {
  cases: Pick<CaseService, 'get'>;
  evidence: Pick<EvidenceStore, 'list' | 'readFile'>;
  deliverables: Pick<DeliverableStore, 'save' | 'get'>;
  log: Logger;
  /** Largest file sent in one message (Telegram's 50 MB for bots; smaller in tests). */
  uploadLimitBytes?: number;
}

/** The job's recorded result: enough to send the packet again without rebuilding it. */
export interface PacketResult {
  deliverableId: string;
  version: number;
  fileName: string;
  clientName: string;
  pageCount: number;
  size: number;
  exhibits: ExhibitPlacement[];
}

/** What a run records: the packet, or that the case was gone when the job ran. */
type PacketOutcome = PacketResult | { caseGone: true };

const STEP_KEY = 'packet-step-exhibit';

/** The exhibits as the builder reads them; each document's bytes are fetched only when placed. */
function packetExhibits(
  evidence: PacketJobServices['evidence'],
  lawyerId: string,
  exhibits: readonly StoredEvidence[],
): PacketExhibit[] {
  return exhibits.map((exhibit) => ({
    exhibitNumber: exhibit.exhibitNumber,
    title: exhibit.title,
    criterion: criterionLabel(primaryClaim(exhibit).criterion),
    documents: exhibit.files.map((file) => ({
      fileName: file.fileName,
      mimeType: file.mimeType,
      read: async () => (await evidence.readFile(lawyerId, exhibit.id, file.sha256)).bytes,
    })),
  }));
}

/** "jane-doe-exhibit-packet.pdf": a file name that says whose packet it is. */
function packetFileName(clientName: string): string {
  const slug =
    clientName
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'case';
  return `${slug}-exhibit-packet.pdf`;
}

const LEFT_OUT_KEYS: Record<LeftOutReason, string> = {
  encrypted: 'packet-left-out-encrypted',
  unreadable: 'packet-left-out-unreadable',
  'convert-to-pdf': 'packet-left-out-convert-to-pdf',
};

/**
 * Room for the listed items: Telegram refuses a message over 4096 characters, and headings, the split note
 * and the closing advice need the rest. Items past it are counted instead ("…and 12 more").
 */
const LIST_BUDGET = 3_300;
/** A title or file name is shortened to this in the message (the index has it whole). */
const NAME_LENGTH = 90;

/** Shortened before escaping, so an entity is never cut in half. */
function shortName(text: string): string {
  return escapeHtml(text.length > NAME_LENGTH ? `${text.slice(0, NAME_LENGTH - 1)}…` : text);
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The message after the file: what is missing or left out, and what to do about it. */
export function packetReport(progress: ProgressReporter, result: PacketResult, parts: number): string {
  const t = (key: string, params: TranslationParams = {}) => progress.t(key, params);
  const lines: string[] = [];
  let budget = LIST_BUDGET;
  const list = (items: readonly string[]): void => {
    let shown = 0;
    for (const item of items) {
      if (item.length + 1 > budget) break;
      budget -= item.length + 1;
      lines.push(item);
      shown += 1;
    }
    if (shown < items.length) lines.push(t('packet-more', { count: items.length - shown }));
    lines.push('');
  };
  const missing = result.exhibits.filter((exhibit) => exhibit.missing);
  const leftOut = result.exhibits.flatMap((exhibit) =>
    exhibit.leftOut.map((item) => ({ exhibit: exhibit.exhibitNumber, ...item })),
  );
  if (parts > 1) {
    lines.push(t('packet-split-note', { size: megabytes(result.size), parts }), '');
  }
  if (missing.length === 0 && leftOut.length === 0) {
    lines.push(t('packet-complete', { exhibits: result.exhibits.length }));
    return lines.join('\n');
  }
  if (missing.length > 0) {
    lines.push(t('packet-missing-heading', { count: missing.length }));
    list(
      missing.map((exhibit) =>
        t('packet-missing-item', { exhibit: exhibit.exhibitNumber, title: shortName(exhibit.title) }),
      ),
    );
  }
  if (leftOut.length > 0) {
    lines.push(t('packet-left-out-heading', { count: leftOut.length }));
    list(
      leftOut.map((item) =>
        t(LEFT_OUT_KEYS[item.reason], { exhibit: item.exhibit, fileName: shortName(item.fileName) }),
      ),
    );
  }
  lines.push(t('packet-fix-and-rerun'));
  return lines.join('\n');
}

export function buildPacketJob(services: PacketJobServices): KindHandler<ProductJobKinds, 'build-packet'> {
  const limit = services.uploadLimitBytes ?? TELEGRAM_UPLOAD_LIMIT_BYTES;

  return async (job, context) => {
    const { lawyerId, caseId } = job.data;
    // A retry after the packet was saved sends that packet instead of building a second version.
    const earlier = await context.results.get<PacketOutcome>(job.id);
    if (earlier && 'caseGone' in earlier) {
      await context.deliverOnce(() => context.progress.send(context.progress.t('packet-case-gone')));
      return;
    }
    let result: PacketResult | null = earlier;
    // Built now, or (on a retry) read back from the saved packet only if it still has to be sent.
    let bytes: Uint8Array | null = null;
    if (!result) {
      const theCase = await caseOrNull(services.cases, lawyerId, caseId);
      if (!theCase) {
        // Deleted (or never the lawyer's) since /packet: retrying cannot help, so say so at once.
        await context.results.record<PacketOutcome>(job.id, job.kind, { caseGone: true });
        await context.deliverOnce(() => context.progress.send(context.progress.t('packet-case-gone')));
        return;
      }
      const exhibits = await services.evidence.list(lawyerId, caseId);
      await context.progress.step(STEP_KEY, 0, exhibits.length);
      const built = await buildPacket(
        { beneficiary: theCase.clientName, exhibits: packetExhibits(services.evidence, lawyerId, exhibits) },
        {
          signal: job.signal,
          onExhibit: (done, total) => context.progress.step(STEP_KEY, done, total),
        },
      );
      bytes = built.bytes;
      const saved = await services.deliverables.save({
        lawyerId,
        caseId,
        kind: 'packet',
        fileName: packetFileName(theCase.clientName),
        mimeType: 'application/pdf',
        bytes: Buffer.from(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength),
        source: 'none',
        summary: {
          pages: built.pageCount,
          exhibits: built.exhibits.length,
          missing: built.exhibits.filter((e) => e.missing).map((e) => e.exhibitNumber),
          leftOut: built.exhibits.flatMap((e) => e.leftOut.map((l) => ({ exhibit: e.exhibitNumber, ...l }))),
        },
        jobId: job.id,
      });
      const recorded = await context.results.record<PacketResult>(job.id, job.kind, {
        deliverableId: saved.id,
        version: saved.version,
        fileName: saved.fileName.replace(/\.pdf$/, `-v${String(saved.version)}.pdf`),
        clientName: theCase.clientName,
        pageCount: built.pageCount,
        size: built.bytes.length,
        exhibits: built.exhibits,
      });
      result = recorded.value;
      services.log.info(
        { caseId, pages: built.pageCount, exhibits: built.exhibits.length, bytes: built.bytes.length },
        'exhibit packet built',
      );
    }

    const done = result;
    await context.deliverOnce(async () => {
      const packetBytes = bytes ?? (await services.deliverables.get(lawyerId, done.deliverableId)).bytes;
      const parts = await splitPacket(
        { bytes: packetBytes, pageCount: done.pageCount, exhibits: done.exhibits },
        limit,
      );
      const { progress } = context;
      for (const [index, part] of parts.entries()) {
        const single = parts.length === 1;
        await progress.sendFile(
          {
            bytes: Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength),
            fileName: single
              ? done.fileName
              : done.fileName.replace(/\.pdf$/, `-part-${String(index + 1)}-of-${String(parts.length)}.pdf`),
          },
          single
            ? progress.t('packet-caption', {
                clientName: escapeHtml(done.clientName),
                pages: done.pageCount,
                exhibits: done.exhibits.length,
                version: done.version,
              })
            : progress.t('packet-caption-part', {
                clientName: escapeHtml(done.clientName),
                part: index + 1,
                parts: parts.length,
                first: part.firstPage,
                last: part.lastPage,
                pages: done.pageCount,
              }),
        );
      }
      await progress.send(packetReport(progress, done, parts.length));
    });
  };
}

/**
 * When a packet job failed for good (every attempt threw, ran past its expiry or died with its worker), the
 * lawyer is told once that the packet for that client was not built and to send /packet again.
 */
export function buildPacketFailed(
  services: Pick<PacketJobServices, 'cases' | 'log'>,
): FailedKindHandler<ProductJobKinds, 'build-packet'> {
  return caseJobFailed(services, { failedKey: 'packet-failed', caseGoneKey: 'packet-case-gone' });
}
