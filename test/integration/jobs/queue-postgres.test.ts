// The job queue on Postgres (production): pg-boss with its own pool and LISTEN/NOTIFY, its tables in a
// schema next to the App's.
import pg from 'pg';
import { migrate } from '../../../core/db/migrate.ts';
import { openPostgres } from '../../../core/db/postgres.ts';
import { silentLogger, testPostgresOptions, uniqueTestName } from '../../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';
import { queueBehaviour } from '../../unit/jobs/queue-behaviour.ts';

integrationSuite('job queue on Postgres', ['postgres'], () => {
  queueBehaviour(async () => {
    const schema = uniqueTestName('megaagent_test_');
    const db = await openPostgres(testPostgresOptions(schema), silentLogger());
    await migrate(db, silentLogger());
    return {
      db,
      postgresUrl: testServiceUrls.postgres,
      async close() {
        await db.close();
        const admin = new pg.Client({ connectionString: testServiceUrls.postgres });
        await admin.connect();
        try {
          // The App's schema and the queue's (`<schema>_jobs`, chosen from the App's search path).
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
        } finally {
          await admin.end();
        }
      },
    };
  });
});
