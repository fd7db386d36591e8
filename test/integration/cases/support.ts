// Shared by the case and intake suites: both database kinds as fixtures, and lawyers to own cases.
import type { Database } from '../../../core/db/database.ts';
import { test } from '../../support/fixtures.ts';
import type { ServiceName } from '../../support/services.ts';

export const databases = [
  { name: 'Postgres', needs: ['postgres'], it: test.extend('db', { scope: 'file' }, ({ pgDb }) => pgDb) },
  { name: 'PGlite', needs: [], it: test.extend('db', { scope: 'file' }, ({ pgliteDb }) => pgliteDb) },
] satisfies Array<{ name: string; needs: ServiceName[]; it: unknown }>;

let nextTelegramId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

/** A lawyer on the allow-list; returns their users.id, which owns cases. */
export async function addLawyer(db: Database): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (telegram_id, role, display_name) VALUES ($1, 'lawyer', 'Test lawyer') RETURNING id`,
    [nextTelegramId++],
  );
  return String(rows[0]?.id);
}
