// Chooses the database backend: Postgres when a URL is configured, embedded PGlite under the data directory otherwise.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface DatabaseConfig {
  url: string | null;
  poolSize: number;
  statementTimeoutMs: number;
  /** The embedded database lives in `${dataDir}/pglite`. */
  dataDir: string;
  schema?: string;
}

export async function openDatabase(cfg: DatabaseConfig, log: Logger): Promise<Database> {
  if (cfg.url) {
    return openPostgres(
      {
        url: cfg.url,
        poolSize: cfg.poolSize,
        statementTimeoutMs: cfg.statementTimeoutMs,
        ...(cfg.schema === undefined ? {} : { schema: cfg.schema }),
      },
      log,
    );
  }
  return openPglite({ dataDir: join(cfg.dataDir, 'pglite') }, log);
}
