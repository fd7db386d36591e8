import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { openPostgres } from '../../../core/db/postgres.ts';
import { createCaseService, type CaseSummarySource } from '../../../core/eb1a/cases.ts';
import { createIntakeStore, intakeSummarySource } from '../../../core/eb1a/intake-store.ts';
import { CaseNotFoundError, ValidationError } from '../../../core/errors.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { test, testPostgresOptions } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from './support.ts';

const jane = { clientName: 'Jane Doe', fieldOfEndeavor: 'Machine learning for medical imaging' };

for (const { name, needs, it } of databases) {
  integrationSuite(`cases on ${name}`, needs, () => {
    it('creates a case owned by its lawyer and makes it the active case', async ({ db }) => {
      const cases = createCaseService(db);
      const lawyer = await addLawyer(db);
      const created = await cases.create(lawyer, {
        clientName: '  Jane   Doe ',
        fieldOfEndeavor: jane.fieldOfEndeavor,
      });
      expect(created).toMatchObject({ lawyerId: lawyer, clientName: 'Jane Doe', status: 'open' });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await cases.active(lawyer))?.id).toBe(created.id);
      expect(await cases.get(lawyer, created.id)).toEqual(created);
    });

    it('refuses an empty or overlong client name without creating anything', async ({ db }) => {
      const cases = createCaseService(db);
      const lawyer = await addLawyer(db);
      await expect(
        cases.create(lawyer, { clientName: '   ', fieldOfEndeavor: 'Physics' }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        cases.create(lawyer, { clientName: 'x'.repeat(201), fieldOfEndeavor: 'Physics' }),
      ).rejects.toMatchObject({ fields: [{ path: 'clientName', message: 'cases-client-name-too-long' }] });
      expect((await cases.list(lawyer)).total).toBe(0);
      expect(await cases.active(lawyer)).toBeNull();
    });

    it("does not let another lawyer see, open, archive, delete or summarise a lawyer's case", async ({
      db,
    }) => {
      const cases = createCaseService(db);
      const owner = await addLawyer(db);
      const other = await addLawyer(db);
      const owned = await cases.create(owner, jane);
      const otherOwn = await cases.create(other, { clientName: 'Rui Costa', fieldOfEndeavor: 'Jazz' });

      for (const attempt of [
        () => cases.get(other, owned.id),
        () => cases.open(other, owned.id),
        () => cases.archive(other, owned.id),
        () => cases.delete(other, owned.id),
        () => cases.summary(other, owned.id),
      ]) {
        const failure = await attempt().then(
          () => null,
          (err: unknown) => err,
        );
        expect(failure).toBeInstanceOf(CaseNotFoundError);
        expect((failure as CaseNotFoundError).code).toBe(7001);
        expect((failure as CaseNotFoundError).userMessage).toBe('That case does not exist or is not yours.');
      }
      // Nothing changed for either lawyer.
      expect(await cases.get(owner, owned.id)).toEqual(owned);
      expect((await cases.active(owner))?.id).toBe(owned.id);
      expect((await cases.active(other))?.id).toBe(otherOwn.id);
      expect((await cases.list(other)).items.map((c) => c.id)).toEqual([otherOwn.id]);
    });

    it('treats a malformed or unknown case id as a case that does not exist', async ({ db }) => {
      const cases = createCaseService(db);
      const lawyer = await addLawyer(db);
      for (const id of ['not-a-uuid', "1' OR '1'='1", '', randomUUID()]) {
        await expect(cases.open(lawyer, id)).rejects.toBeInstanceOf(CaseNotFoundError);
        await expect(cases.delete(lawyer, id)).rejects.toBeInstanceOf(CaseNotFoundError);
      }
    });

    it('pages through only the lawyer’s own cases, open before archived, newest first', async ({ db }) => {
      const cases = createCaseService(db);
      const lawyer = await addLawyer(db);
      const other = await addLawyer(db);
      await cases.create(other, { clientName: 'Someone else', fieldOfEndeavor: 'Law' });
      const created = [];
      for (let n = 1; n <= 12; n++) {
        created.push(
          await cases.create(lawyer, { clientName: `Client ${String(n)}`, fieldOfEndeavor: 'Chemistry' }),
        );
      }
      const archived = created[11];
      await cases.archive(lawyer, archived?.id ?? '');

      const pages = [];
      for (let page = 0; page < 3; page++) pages.push(await cases.list(lawyer, { page, pageSize: 5 }));
      expect(pages.map((p) => [p.page, p.pageCount, p.total, p.items.length])).toEqual([
        [0, 3, 12, 5],
        [1, 3, 12, 5],
        [2, 3, 12, 2],
      ]);
      const seen = pages.flatMap((p) => p.items);
      expect(new Set(seen.map((c) => c.id)).size).toBe(12);
      expect(seen.every((c) => c.lawyerId === lawyer)).toBe(true);
      expect(seen[0]?.clientName).toBe('Client 11');
      expect(seen.at(-1)?.id).toBe(archived?.id);

      const beyond = await cases.list(lawyer, { page: 99, pageSize: 5 });
      expect(beyond.page).toBe(2);
      expect(beyond.items.map((c) => c.id)).toEqual(pages[2]?.items.map((c) => c.id));
      expect((await cases.list(await addLawyer(db))).pageCount).toBe(1);
    });

    it('keeps the active case for a new service instance, as after a restart', async ({ db }) => {
      const lawyer = await addLawyer(db);
      const first = createCaseService(db);
      const a = await first.create(lawyer, jane);
      await first.create(lawyer, { clientName: 'Second client', fieldOfEndeavor: 'Economics' });
      await first.open(lawyer, a.id);

      const afterRestart = createCaseService(db);
      expect((await afterRestart.active(lawyer))?.id).toBe(a.id);
    });

    it('archiving the active case leaves the lawyer with none; opening it again reopens and activates it', async ({
      db,
    }) => {
      const cases = createCaseService(db);
      const lawyer = await addLawyer(db);
      const created = await cases.create(lawyer, jane);
      expect((await cases.archive(lawyer, created.id)).status).toBe('archived');
      expect(await cases.active(lawyer)).toBeNull();
      expect(await cases.summary(lawyer)).toBeNull();

      const reopened = await cases.open(lawyer, created.id);
      expect(reopened.status).toBe('open');
      expect((await cases.active(lawyer))?.id).toBe(created.id);
    });

    it('deleting a case removes its intake and candidates and clears the active case', async ({ db }) => {
      const cases = createCaseService(db);
      const intake = createIntakeStore(db);
      const lawyer = await addLawyer(db);
      const kept = await cases.create(lawyer, { clientName: 'Kept', fieldOfEndeavor: 'Biology' });
      const doomed = await cases.create(lawyer, jane);
      await intake.start(lawyer, doomed.id);
      for (;;) {
        const state = await intake.state(lawyer, doomed.id);
        if (state.question?.id === 'awards.list') break;
        await intake.skip(lawyer, doomed.id, state.question?.id ?? '');
      }
      await intake.answer(lawyer, doomed.id, 'awards.list', 'Best Paper Award, IEEE, 2021, international');

      const deleted = await cases.delete(lawyer, doomed.id);
      expect(deleted.id).toBe(doomed.id);
      expect(await cases.active(lawyer)).toBeNull();
      await expect(cases.get(lawyer, doomed.id)).rejects.toBeInstanceOf(CaseNotFoundError);
      for (const table of ['intake_progress', 'intake_answers', 'evidence_candidates']) {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM ${table} WHERE case_id = $1`,
          [doomed.id],
        );
        expect(rows[0]?.n, table).toBe('0');
      }
      expect((await cases.get(lawyer, kept.id)).id).toBe(kept.id);
      await expect(cases.delete(lawyer, doomed.id)).rejects.toBeInstanceOf(CaseNotFoundError);
    });

    it('summarises the active case with the facts every source adds', async ({ db }) => {
      const evidenceCount: CaseSummarySource = {
        name: 'evidence',
        factsAbout: (caseId) =>
          Promise.resolve([{ label: 'Evidence', value: `0 exhibits in ${caseId.slice(0, 4)}` }]),
      };
      const cases = createCaseService(db, { summarySources: [intakeSummarySource(db), evidenceCount] });
      const intake = createIntakeStore(db);
      const lawyer = await addLawyer(db);
      const created = await cases.create(lawyer, jane);

      const before = await cases.summary(lawyer);
      expect(before?.case.id).toBe(created.id);
      expect(before?.active).toBe(true);
      expect(before?.facts).toEqual([
        { key: 'cases-fact-intake', params: { status: 'not_started', answered: 0, total: 34, position: 0 } },
        { label: 'Evidence', value: `0 exhibits in ${created.id.slice(0, 4)}` },
      ]);

      await intake.start(lawyer, created.id);
      await intake.answer(lawyer, created.id, 'background.client_name', 'Jane Q. Doe');
      const during = await cases.summary(lawyer, created.id);
      expect(during?.facts[0]).toEqual({
        key: 'cases-fact-intake',
        params: { status: 'in_progress', answered: 1, total: 34, position: 2 },
      });
      const fact = during?.facts[0];
      const params = fact && 'key' in fact ? fact.params : undefined;
      expect(createTranslator().t('ru', 'cases-fact-intake', params)).toBe(
        'Анкета: заполняется, вопрос 2 (отвечено 1 из 34)',
      );
    });

    it('switching to another case pauses the intake of the case the lawyer left', async ({ db }) => {
      const cases = createCaseService(db);
      const intake = createIntakeStore(db);
      const lawyer = await addLawyer(db);
      const first = await cases.create(lawyer, jane);
      await intake.start(lawyer, first.id);
      expect((await intake.running(lawyer))?.caseId).toBe(first.id);

      const second = await cases.create(lawyer, { clientName: 'Second', fieldOfEndeavor: 'Dance' });
      expect((await intake.state(lawyer, first.id)).status).toBe('paused');
      expect(await intake.running(lawyer)).toBeNull();

      await cases.open(lawyer, first.id);
      expect(await intake.running(lawyer)).toBeNull();
      expect((await intake.start(lawyer, first.id)).question?.id).toBe('background.client_name');
      expect((await intake.running(lawyer))?.caseId).toBe(first.id);
      expect((await intake.state(lawyer, second.id)).status).toBe('not_started');
    });

    it('the schema itself refuses an active case that belongs to another lawyer', async ({ db }) => {
      const cases = createCaseService(db);
      const owner = await addLawyer(db);
      const other = await addLawyer(db);
      const owned = await cases.create(owner, jane);
      await expect(
        db.query(
          `INSERT INTO lawyer_state (user_id, active_case_id) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET active_case_id = EXCLUDED.active_case_id`,
          [other, owned.id],
        ),
      ).rejects.toThrow(/foreign key/);
    });
  });
}

integrationSuite('cases across processes on Postgres', ['postgres'], () => {
  test('the active case is read back by a separate connection pool, as by another replica', async ({
    pgDb,
    log,
  }) => {
    const lawyer = await addLawyer(pgDb);
    const created = await createCaseService(pgDb).create(lawyer, jane);
    const { rows } = await pgDb.query<{ schema: string }>('SELECT current_schema() AS schema');
    const elsewhere = await openPostgres(testPostgresOptions(rows[0]?.schema ?? ''), log);
    try {
      const active = await createCaseService(elsewhere).active(lawyer);
      expect(active?.id).toBe(created.id);
      expect(active?.clientName).toBe('Jane Doe');
    } finally {
      await elsewhere.close();
    }
  });
});
