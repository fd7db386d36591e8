// The job queue on the embedded PGlite (the default with nothing configured): pg-boss through the adapter.
import { describe } from 'vitest';
import { migrate } from '../../../core/db/migrate.ts';
import { openTestPglite, silentLogger } from '../../support/fixtures.ts';
import { queueBehaviour } from './queue-behaviour.ts';

describe('job queue on PGlite', () => {
  queueBehaviour(async () => {
    const db = await openTestPglite(silentLogger());
    await migrate(db, silentLogger());
    return { db, postgresUrl: null, close: () => db.close() };
  });
});
