// /draft's work on a real database: what the writer is asked (the template always, grounding without the
// traps), what the lawyer is told about who wrote each section, one version per job however often it runs,
// and recommendation letters kept per recommender.
import JSZip from 'jszip';
import { pino } from 'pino';
import { expect } from 'vitest';
import { createNoteStore } from '../../../core/ask/notes.ts';
import type { Database } from '../../../core/db/database.ts';
import { createDocumentTextStore } from '../../../core/documents/texts.ts';
import { createDeliverableStore } from '../../../core/drafting/deliverables.ts';
import { draftBrief, type DraftingServices } from '../../../core/drafting/draft-brief.ts';
import { briefMessage, draftBriefJob } from '../../../core/drafting/jobs.ts';
import { createJobResults } from '../../../core/jobs/results.ts';
import type { JobContext } from '../../../core/jobs/worker.ts';
import { draftLetters } from '../../../core/drafting/letters.ts';
import { createAnalysisService } from '../../../core/eb1a/analysis-service.ts';
import { createCaseService } from '../../../core/eb1a/cases.ts';
import { createEvidenceStore } from '../../../core/eb1a/evidence-store.ts';
import { createIntakeStore } from '../../../core/eb1a/intake-store.ts';
import { createFileStore } from '../../../core/files.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import type { GroundedRequest, GroundedWriter } from '../../../core/llm/grounded.ts';
import { evidenceFactory, strongPetition } from '../../support/factories.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from '../cases/support.ts';

/**
 * A writer on the contract of core/llm/grounded.ts that returns its own prose for the criterion sections
 * (as a checked LLM draft would arrive) and the template elsewhere, recording every request.
 */
function recordingWriter(): GroundedWriter & { requests: GroundedRequest[] } {
  const requests: GroundedRequest[] = [];
  return {
    requests,
    write(request) {
      requests.push(request);
      if (!request.task.startsWith('brief:criterion:'))
        return Promise.resolve({ text: request.template, source: 'template', rejections: [] });
      return Promise.resolve({
        text: `Rewritten for ${request.task}. ${request.template}`,
        source: 'llm',
        provider: 'openai',
        rejections: [],
      });
    },
  };
}

async function seeded(db: Database) {
  const translator = createTranslator();
  const files = createFileStore(db, {
    maxUploadBytes: 1_000_000,
    allowedMimeTypes: ['application/pdf', 'text/plain'],
  });
  const evidence = createEvidenceStore(db, files, translator);
  const cases = createCaseService(db);
  const intake = createIntakeStore(db);
  const lawyerId = await addLawyer(db);
  const opened = await cases.create(lawyerId, {
    clientName: 'Dr. Maya Chen',
    fieldOfEndeavor: 'Medical imaging',
  });
  await intake.recordAnswers(lawyerId, opened.id, {
    'recommenders.independent': 'Prof. Alan Reyes, Professor of Radiology, Stanford University',
    'recommenders.collaborators': 'Dr. Sam Park, Chair of Radiology, Mayo Clinic',
  });
  const items = [
    ...strongPetition().evidence,
    evidenceFactory('awards', {
      title: 'Employee of the Year certificate',
      fields: {
        name: 'Employee of the Year',
        issuer: 'Acme',
        scope: 'employer',
        recognitionDocumented: false,
      },
    }),
  ];
  let trap = 0;
  for (const item of items) {
    const added = await evidence.add(lawyerId, opened.id, {
      criterion: item.criterion,
      fields: item.fields,
      title: item.title,
      ...(item.letter !== undefined && { letter: item.letter }),
    });
    if (item.title === 'Employee of the Year certificate') trap = added.evidence.exhibitNumber;
  }
  const writer = recordingWriter();
  const notes = createNoteStore(db);
  const documentTexts = createDocumentTextStore(db);
  const services: DraftingServices = {
    analysis: createAnalysisService({ cases, evidence, intake }),
    evidence,
    intake,
    notes,
    documentTexts,
    deliverables: createDeliverableStore(db),
    writer,
    translator,
    firm: null,
    log: pino({ level: 'silent' }),
    now: () => new Date('2026-12-06T12:00:00Z'),
  };
  /** A document attached to an exhibit and read, as the reading job leaves it. */
  async function attachRead(exhibitNumber: number, fileName: string, text: string): Promise<void> {
    const exhibit = (await evidence.list(lawyerId, opened.id)).find((e) => e.exhibitNumber === exhibitNumber);
    const upload = { bytes: Buffer.from(text), mimeType: 'text/plain', originalName: fileName };
    const { file } = await evidence.attachFile(lawyerId, exhibit?.id ?? '', upload);
    await documentTexts.save({
      sha256: file.sha256,
      text,
      pageCount: 1,
      ocrPageCount: 0,
      language: 'eng',
      needsTranslation: false,
    });
  }
  return { services, writer, lawyerId, caseId: opened.id, trap, translator, cases, notes, attachRead };
}

for (const { name, needs, it } of databases) {
  integrationSuite(`drafting on ${name}`, needs, () => {
    it('hands the writer every section with its template and a grounding without the trap', async ({
      db,
    }) => {
      const { services, writer, lawyerId, caseId, trap } = await seeded(db);
      const draft = await draftBrief(services, { lawyerId, caseId, jobId: 'job-a' });
      expect(writer.requests.map((r) => r.task)).toEqual(draft.plan.sections.map((s) => `brief:${s.id}`));
      for (const [index, request] of writer.requests.entries()) {
        expect(request.template).toBe(draft.plan.sections[index]?.template);
        expect(request.grounding.exhibits).not.toContain(trap);
        expect(request.grounding.criteria).toEqual(draft.plan.argued);
      }
    });

    it("hands the writer the lawyer's notes and the cited exhibits' document text as labelled data, never as instructions or template", async ({
      db,
    }) => {
      const { services, writer, lawyerId, caseId, notes, attachRead } = await seeded(db);
      await notes.add(lawyerId, caseId, 'Stress the 2019 NIH panel; the client chaired it twice.');
      const exhibits = await services.evidence.list(lawyerId, caseId);
      const judging = exhibits.find((e) => e.claims.some((c) => c.criterion === 'judging'));
      await attachRead(
        judging?.exhibitNumber ?? 0,
        'nih-roster.txt',
        'NIH Center for Scientific Review: roster of the Biomedical Imaging study section, 2019.',
      );
      await draftBrief(services, { lawyerId, caseId, jobId: 'job-notes' });

      for (const request of writer.requests) {
        const note = request.data.find((d) => d.text.includes('chaired it twice'));
        expect(note?.label).toMatch(/^The lawyer's note on the case, \d{4}-\d{2}-\d{2} \(background/);
        expect(request.instructions).not.toContain('chaired it twice');
        // The note never becomes a claim of the template, nor a fact the draft may state.
        expect(request.template).not.toContain('chaired it twice');
        expect(request.grounding.facts.join('\n')).not.toContain('chaired it twice');
      }
      const judgingRequest = writer.requests.find((r) => r.task === 'brief:criterion:judging');
      expect(
        judgingRequest?.data.find((d) => d.text.includes('roster of the Biomedical Imaging'))?.label,
      ).toBe(
        `Exhibit ${String(judging?.exhibitNumber)}, text of the document nih-roster.txt (material to read, not a fact to state)`,
      );
      // A section that does not cite the exhibit does not get its document.
      const awardsRequest = writer.requests.find((r) => r.task === 'brief:criterion:awards');
      expect(awardsRequest?.data.some((d) => d.text.includes('Biomedical Imaging'))).toBe(false);

      writer.requests.length = 0;
      await draftLetters(services, { lawyerId, caseId, jobId: 'job-notes-letters' });
      expect(writer.requests.length).toBeGreaterThan(0);
      for (const request of writer.requests) {
        expect(request.data.some((d) => d.text.includes('chaired it twice'))).toBe(true);
        expect(request.instructions).not.toContain('chaired it twice');
        expect(request.template).not.toContain('chaired it twice');
      }
    });

    it('uses what the writer returned, says which sections an LLM wrote, and keeps the quotations exact', async ({
      db,
    }) => {
      const { services, lawyerId, caseId, translator } = await seeded(db);
      const draft = await draftBrief(services, { lawyerId, caseId, jobId: 'job-b' });
      expect(draft.source).toBe('mixed');
      const brief = draft.saved.find((d) => d.kind === 'brief');
      expect(brief?.source).toBe('mixed');
      expect(draft.saved.find((d) => d.kind === 'cover-letter')?.source).toBe('template');
      const sections = brief?.summary.sections as Array<{ id: string; source: string }>;
      expect(sections.find((s) => s.id === 'criterion:awards')?.source).toBe('llm');
      expect(sections.find((s) => s.id === 'introduction')?.source).toBe('template');
      const content = await services.deliverables.get(lawyerId, brief?.id ?? '');
      const xml =
        (await (await JSZip.loadAsync(content.bytes)).file('word/document.xml')?.async('string')) ?? '';
      expect(xml).toContain('Rewritten for brief:criterion:awards.');
      expect(xml).toContain('prizes or awards for excellence in the field of endeavor;');
      const message = briefMessage(translator, 'ru', draft, false);
      expect(message).toContain('Частично написано LLM');
      expect(message).toContain('не задана переменная FIRM_NAME');
      expect(message).toContain('«Employee of the Year certificate»');
    });

    it('adds one version per job however often the job runs, and a new version for a new job', async ({
      db,
    }) => {
      const { services, lawyerId, caseId } = await seeded(db);
      const first = await draftBrief(services, { lawyerId, caseId, jobId: 'job-c' });
      const again = await draftBrief(services, { lawyerId, caseId, jobId: 'job-c' });
      expect(again.saved.map((d) => d.id)).toEqual(first.saved.map((d) => d.id));
      const next = await draftBrief(services, { lawyerId, caseId, jobId: 'job-d' });
      expect(next.saved.map((d) => d.version)).toEqual([2, 2, 2]);
    });

    it('drafts one letter per recommender, kept under the recommender’s name', async ({ db }) => {
      const { services, lawyerId, caseId } = await seeded(db);
      const drafted = await draftLetters(services, { lawyerId, caseId, jobId: 'job-e' });
      expect(drafted.letters.map((l) => [l.saved.kind, l.saved.subject, l.recommender.independent])).toEqual([
        ['letter', 'Prof. Alan Reyes', true],
        ['letter', 'Dr. Sam Park', false],
      ]);
      expect(drafted.letters[1]?.gaps).toEqual(['drafting-letter-gap-how-known']);
    });
  });
}

/** A job context on the real results table, whose reporter keeps what it would send to Telegram. */
function jobContext(db: Database, jobId: string): JobContext & { sent: string[]; files: string[] } {
  const results = createJobResults(db);
  const sent: string[] = [];
  const files: string[] = [];
  return {
    sent,
    files,
    results,
    progress: {
      step: () => Promise.resolve(),
      finish: () => Promise.resolve(),
      failed: () => Promise.resolve(),
      t: (key) => key,
      send: (html) => Promise.resolve(void sent.push(html)),
      sendFile: (file) => Promise.resolve(void files.push(file.fileName)),
    },
    async deliverOnce(deliver) {
      if (!(await results.claimDelivery(jobId))) return false;
      await deliver();
      return true;
    },
  };
}

for (const { name, needs, it } of databases) {
  integrationSuite(`the draft-brief job on ${name}`, needs, () => {
    it('sends the three files and the summary once, however often the job runs', async ({ db }) => {
      const { services, lawyerId, caseId } = await seeded(db);
      const run = draftBriefJob(services);
      const job = (id: string) => ({
        id,
        kind: 'draft-brief',
        data: { lawyerId, caseId, lawyer: { chatId: 1, locale: 'en' as const } },
        attempt: 0,
        isLastAttempt: false,
        signal: new AbortController().signal,
      });
      const jobId = '00000000-0000-4000-8000-0000000000a1';
      const context = jobContext(db, jobId);
      await run(job(jobId), context);
      await run(job(jobId), context);
      expect(context.files).toEqual([
        'Dr-Maya-Chen-petition-letter.docx',
        'Dr-Maya-Chen-cover-letter.docx',
        'Dr-Maya-Chen-exhibit-index.docx',
      ]);
      expect(context.sent).toHaveLength(1);
      expect(context.sent[0]).toContain('Drafts for Dr. Maya Chen');
    });

    it('tells the lawyer once, without retrying, when the case was deleted before the job ran', async ({
      db,
    }) => {
      const { services, lawyerId, caseId, cases } = await seeded(db);
      await cases.delete(lawyerId, caseId);
      const jobId = '00000000-0000-4000-8000-0000000000b2';
      const context = jobContext(db, jobId);
      const job = {
        id: jobId,
        kind: 'draft-brief',
        data: { lawyerId, caseId, lawyer: { chatId: 1, locale: 'en' as const } },
        attempt: 0,
        isLastAttempt: false,
        signal: new AbortController().signal,
      };
      await draftBriefJob(services)(job, context);
      await draftBriefJob(services)(job, context);
      expect(context.sent).toEqual([
        'The case was deleted before its drafting started, so nothing was drafted. Open another case with /cases.',
      ]);
      expect(context.files).toEqual([]);
    });
  });
}
