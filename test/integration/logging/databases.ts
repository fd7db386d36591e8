// Both database kinds the product runs on, as vitest fixtures: the audit log and error tracker must
// behave the same on Postgres (servers) and PGlite (the embedded default).
import { test } from '../../support/fixtures.ts';
import type { ServiceName } from '../../support/services.ts';

export const databases = [
  { name: 'Postgres', needs: ['postgres'], it: test.extend('db', { scope: 'file' }, ({ pgDb }) => pgDb) },
  { name: 'PGlite', needs: [], it: test.extend('db', { scope: 'file' }, ({ pgliteDb }) => pgliteDb) },
] satisfies Array<{ name: string; needs: ServiceName[]; it: unknown }>;
