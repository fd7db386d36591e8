import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { ValidationError } from '../../../core/errors.ts';
import { auditAction, createAuditLog } from '../../../core/logging/audit.ts';
import { runWithContext } from '../../../core/logging/context.ts';
import { REDACTED } from '../../../core/logging/redact.ts';
import { capturingLogger, silentLogger } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import { databases } from './databases.ts';

// audit_log is append-only, so tests cannot clean it: each test uses actors of its own.
const actorFor = (who: string) => `${who}:${randomUUID().slice(0, 8)}`;

async function databaseNow(db: Database): Promise<Date> {
  const { rows } = await db.query<{ now: Date | string }>('SELECT clock_timestamp() AS now');
  return new Date(rows[0]?.now ?? Number.NaN);
}

for (const { name, needs, it } of databases) {
  integrationSuite(`audit log on ${name}`, needs, () => {
    it('records who did what, with the request id from the logging context', async ({ db }) => {
      const audit = createAuditLog(db, silentLogger());
      const actor = actorFor('admin');
      await runWithContext({ requestId: 'req-audit-1' }, () =>
        audit.record({
          actor,
          action: 'allowlist.add',
          target: 'telegram:4242',
          outcome: 'success',
          details: { role: 'user' },
        }),
      );
      await audit.record({ actor, action: 'allowlist.remove', outcome: 'denied' });

      const { items, total } = await audit.list({ actor, limit: 10, offset: 0 });
      expect(total).toBe(2);
      expect(items.map((item) => item.action)).toEqual(['allowlist.remove', 'allowlist.add']);
      const added = items[1];
      expect(added).toMatchObject({
        actor,
        action: 'allowlist.add',
        target: 'telegram:4242',
        outcome: 'success',
        requestId: 'req-audit-1',
        details: { role: 'user' },
      });
      expect(added?.id).toMatch(/^\d+$/);
      expect(added?.at).toBeInstanceOf(Date);
      expect(Math.abs((added?.at.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
      expect(items[0]).toMatchObject({ target: null, requestId: null, details: {} });
    });

    it('never stores credentials or case content given in details', async ({ db }) => {
      const audit = createAuditLog(db, silentLogger());
      const actor = actorFor('admin');
      await audit.record({
        actor,
        action: 'config.change',
        outcome: 'success',
        details: {
          changed: { botToken: '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ', poolSize: 5 },
          note: 'moved to postgres://app:pw-in-note@db/prod',
          evidence: { evidenceText: 'client biography' },
        },
      });
      const [entry] = (await audit.list({ actor, limit: 1, offset: 0 })).items;
      expect(entry?.details).toEqual({
        changed: { botToken: REDACTED, poolSize: 5 },
        note: `moved to postgres://app:${REDACTED}@db/prod`,
        evidence: { evidenceText: REDACTED },
      });
      const { rows } = await db.query<{ raw: string }>(
        'SELECT details::text AS raw FROM audit_log WHERE actor = $1',
        [actor],
      );
      expect(rows[0]?.raw).not.toMatch(/AAHdqTcv|pw-in-note|biography/);
    });

    it('filters by actor, action, target and time, pages newest first, and counts all matches', async ({
      db,
    }) => {
      const audit = createAuditLog(db, silentLogger());
      const lawyer = actorFor('telegram');
      const other = actorFor('telegram');
      for (let i = 1; i <= 3; i++) {
        await audit.record({ actor: lawyer, action: 'case.open', target: `case-${i}`, outcome: 'success' });
      }
      await audit.record({ actor: other, action: 'case.open', target: 'case-1', outcome: 'denied' });
      await sleep(20);
      const between = await databaseNow(db);
      await sleep(20);
      await audit.record({ actor: lawyer, action: 'evidence.add', target: 'case-1', outcome: 'failure' });

      const firstPage = await audit.list({ actor: lawyer, limit: 2, offset: 0 });
      expect(firstPage.total).toBe(4);
      expect(firstPage.items.map((item) => item.target)).toEqual(['case-1', 'case-3']);
      const secondPage = await audit.list({ actor: lawyer, limit: 2, offset: 2 });
      expect(secondPage.items.map((item) => item.target)).toEqual(['case-2', 'case-1']);
      expect(secondPage.total).toBe(4);
      expect((await audit.list({ actor: lawyer, limit: 2, offset: 10 })).items).toEqual([]);

      const opens = await audit.list({ actor: lawyer, action: 'case.open', limit: 10, offset: 0 });
      expect(opens.total).toBe(3);
      const caseOne = await audit.list({ actor: other, target: 'case-1', limit: 10, offset: 0 });
      expect(caseOne.items.map((item) => item.outcome)).toEqual(['denied']);

      const before = await audit.list({ actor: lawyer, to: between, limit: 10, offset: 0 });
      expect(before.items.map((item) => item.action)).toEqual(['case.open', 'case.open', 'case.open']);
      const after = await audit.list({ actor: lawyer, from: between, limit: 10, offset: 0 });
      expect(after.items.map((item) => item.action)).toEqual(['evidence.add']);
    });

    it('refuses a page it cannot serve, naming each bad field', async ({ db }) => {
      const audit = createAuditLog(db, silentLogger());
      const refused = await audit.list({ limit: 0, offset: -1, from: new Date('not a date') }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields.map((field) => field.path)).toEqual([
        'limit',
        'offset',
        'from',
      ]);
    });

    it('cannot be changed or erased by the application: the table refuses UPDATE, DELETE and TRUNCATE', async ({
      db,
    }) => {
      const audit = createAuditLog(db, silentLogger());
      const actor = actorFor('admin');
      await audit.record({ actor, action: 'user.block', target: 'telegram:1', outcome: 'success' });

      await expect(
        db.query('UPDATE audit_log SET outcome = $1 WHERE actor = $2', ['denied', actor]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log WHERE actor = $1', [actor])).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      await expect(
        db.transaction((tx) => tx.query('DELETE FROM audit_log WHERE actor = $1', [actor])),
      ).rejects.toThrow(/append-only/);

      const { items } = await audit.list({ actor, limit: 10, offset: 0 });
      expect(items).toHaveLength(1);
      expect(items[0]?.outcome).toBe('success');
    });

    it('lets the action’s own error through when its failure cannot be written, and logs the lost row', async ({
      db,
    }) => {
      // The table itself refuses this one action: a real write failure, after the action failed.
      await db.query(
        `ALTER TABLE audit_log ADD CONSTRAINT audit_log_refuses_unwritable CHECK (action <> 'test.unwritable') NOT VALID`,
      );
      const { log, lines } = capturingLogger();
      const audit = createAuditLog(db, log);
      const actor = actorFor('admin');
      const refusal = new ValidationError([{ path: 'text', message: 'must not be blank' }]);

      const failure = await auditAction(audit, { actor, action: 'test.unwritable', target: 'x' }, () =>
        Promise.reject(refusal),
      ).then(
        () => null,
        (err: unknown) => err,
      );

      expect(failure).toBe(refusal);
      const lost = lines.find((line) => line.msg?.includes('audit'));
      expect(lost).toMatchObject({ level: 50, action: 'test.unwritable', actor, outcome: 'failure' });
      expect(JSON.stringify(lost?.err)).toMatch(/audit_log_refuses_unwritable/);
      expect((await audit.list({ actor, limit: 10, offset: 0 })).total).toBe(0);

      // A successful action whose row cannot be written still fails: nothing done goes unaudited.
      await expect(
        auditAction(audit, { actor, action: 'test.unwritable' }, () => Promise.resolve('done')),
      ).rejects.toThrow(/audit_log_refuses_unwritable/);
    });
  });
}
