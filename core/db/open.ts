// Chooses the database backend: Postgres when a URL is configured, embedded PGlite under the data directory otherwise.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Database } from './database.ts';
import { startFromTemplate, type EmbeddedTemplateSpec } from './embedded-template.ts';

export interface DatabaseConfig {
  url: string | null;
  poolSize: number;
  statementTimeoutMs: number;
  /** The embedded database lives in `${dataDir}/pglite`. */
  dataDir: string;
  schema?: string;
  /** How a new embedded data directory is prepared once and copied (see embedded-template.ts). */
  embeddedTemplate?: EmbeddedTemplateSpec;
}

export async function openDatabase(cfg: DatabaseConfig, log: Logger): Promise<Database> {
  if (cfg.url) {
    // Loaded only for Postgres: the embedded default never pays for node-postgres.
    const { openPostgres } = await import('./postgres.ts');
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
  // Loaded only for the embedded database: a Postgres deployment never pays for PGlite's module.
  const { openPglite } = await import('./pglite.ts');
  const dataDir = join(cfg.dataDir, 'pglite');
  // A new directory starts as a copy of the prepared template instead of PGlite's slow initdb.
  if (cfg.embeddedTemplate && !existsSync(join(dataDir, 'PG_VERSION')))
    await startFromTemplate(dataDir, cfg.embeddedTemplate, log);
  return openPglite({ dataDir }, log);
}
