// Drafted and built files kept with the case: versioned per kind, one save per job, only the owner reads.
import { expect } from 'vitest';
import { createDeliverableStore } from '../../../core/drafting/deliverables.ts';
import { createCaseService } from '../../../core/eb1a/cases.ts';
import { NotFoundError } from '../../../core/errors.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from '../cases/support.ts';

const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

for (const { name, needs, it } of databases) {
  integrationSuite(`deliverables on ${name}`, needs, () => {
    it('numbers versions per kind and subject, newest first', async ({ db }) => {
      const store = createDeliverableStore(db);
      const lawyer = await addLawyer(db);
      const c = await createCaseService(db).create(lawyer, {
        clientName: 'Jane Doe',
        fieldOfEndeavor: 'Physics',
      });
      const save = (kind: 'brief' | 'letter', subject?: string) =>
        store.save({
          lawyerId: lawyer,
          caseId: c.id,
          kind,
          ...(subject !== undefined && { subject }),
          fileName: `${kind}.docx`,
          mimeType: docx,
          bytes: Buffer.from(`${kind} ${subject ?? ''}`),
          source: 'template',
          summary: { leftOut: [3] },
        });
      expect((await save('brief')).version).toBe(1);
      expect((await save('brief')).version).toBe(2);
      expect((await save('letter', 'Dr. Ada Smith')).version).toBe(1);
      expect((await save('letter', 'Prof. Li')).version).toBe(1);
      const listed = await store.list(lawyer, c.id);
      expect(listed.map((d) => [d.kind, d.subject, d.version])).toEqual([
        ['letter', 'Prof. Li', 1],
        ['letter', 'Dr. Ada Smith', 1],
        ['brief', '', 2],
        ['brief', '', 1],
      ]);
      const first = listed.at(-1);
      const content = await store.get(lawyer, String(first?.id));
      expect(content.bytes.toString()).toBe('brief ');
      expect(content.summary).toEqual({ leftOut: [3] });
    });

    it('saves once per job however often the job runs', async ({ db }) => {
      const store = createDeliverableStore(db);
      const lawyer = await addLawyer(db);
      const c = await createCaseService(db).create(lawyer, {
        clientName: 'Jane Doe',
        fieldOfEndeavor: 'Physics',
      });
      const item = {
        lawyerId: lawyer,
        caseId: c.id,
        kind: 'packet' as const,
        fileName: 'packet.pdf',
        mimeType: 'application/pdf',
        bytes: Buffer.from('%PDF-1.7'),
        source: 'none' as const,
        jobId: 'job-1',
      };
      const first = await store.save(item);
      const again = await store.save(item);
      expect(again.id).toBe(first.id);
      expect(await store.list(lawyer, c.id)).toHaveLength(1);
    });

    it("never saves to or reads from another lawyer's case", async ({ db }) => {
      const store = createDeliverableStore(db);
      const owner = await addLawyer(db);
      const other = await addLawyer(db);
      const c = await createCaseService(db).create(owner, {
        clientName: 'Jane Doe',
        fieldOfEndeavor: 'Physics',
      });
      const saved = await store.save({
        lawyerId: owner,
        caseId: c.id,
        kind: 'brief',
        fileName: 'brief.docx',
        mimeType: docx,
        bytes: Buffer.from('secret brief'),
        source: 'template',
      });
      await expect(
        store.save({
          lawyerId: other,
          caseId: c.id,
          kind: 'brief',
          fileName: 'brief.docx',
          mimeType: docx,
          bytes: Buffer.from('x'),
          source: 'template',
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.get(other, saved.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.get(owner, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.list(other, c.id)).toEqual([]);
      expect(await store.list(owner, c.id)).toHaveLength(1);
    });
  });
}
