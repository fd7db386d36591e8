// A prepared embedded database: PGlite's initdb, the migrations and the job queue's schema take many seconds
// together, so a new data directory starts as a copy of a closed data directory where all of that is done,
// made once per user, PGlite version and schema (the caller's key). It holds the schema and the migrations'
// own rows only: it is built in a directory of its own, never from a lawyer's data directory.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Database } from './database.ts';
import { listMigrations } from './migrate.ts';

/** The user's cache: like other tools' caches, never needed (a read-only home means no template). */
const CACHE_DIR = join(homedir(), '.cache', 'megaagent');

export interface EmbeddedTemplateSpec {
  /** What else shapes the schema beyond PGlite and the migrations (e.g. the job queue's version and kinds). */
  key: string;
  /** Brings a new, empty database to the schema a data directory starts with (migrations, job queue). */
  prepare(db: Database): Promise<void>;
}

/** The version of an installed package (walking up from its entry file: not every package exports its manifest). */
export function installedVersion(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const found = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (found.name === name && found.version) return found.version;
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the installed ${name} package.json`);
}

/** The template's directory: its name changes with PGlite's version, any migration, and the caller's key. */
export async function templateDir(
  spec: Pick<EmbeddedTemplateSpec, 'key'>,
  cacheDir = CACHE_DIR,
): Promise<string> {
  const hash = createHash('sha256').update(`${spec.key}\n`);
  for (const migration of await listMigrations()) hash.update(`${migration.version}\n${migration.sql}\n`);
  // A data directory is only opened by the PGlite version that made it.
  return join(
    cacheDir,
    `pglite-${installedVersion('@electric-sql/pglite')}-${hash.digest('hex').slice(0, 16)}`,
  );
}

/**
 * Creates the embedded data directory `dataDir` (which must not exist yet) as a copy of the template,
 * building the template first when there is none. Returns false when no template could be kept (a read-only
 * home): the caller then starts the directory from nothing, as PGlite does.
 */
export async function startFromTemplate(
  dataDir: string,
  spec: EmbeddedTemplateSpec,
  log: Logger,
  cacheDir = CACHE_DIR,
): Promise<boolean> {
  const template = await templateDir(spec, cacheDir);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const started = performance.now();
    // Built aside and renamed into place: a process starting meanwhile never copies half a template.
    const partial = `${template}.${process.pid}.partial`;
    try {
      mkdirSync(cacheDir, { recursive: true });
      rmSync(partial, { recursive: true, force: true });
      const { openPglite } = await import('./pglite.ts');
      const db = await openPglite({ dataDir: partial }, log);
      try {
        await spec.prepare(db);
      } finally {
        await db.close();
      }
      renameSync(partial, template);
      log.info(
        { template, ms: Math.round(performance.now() - started) },
        'prepared the embedded database template for new data directories',
      );
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      // Another process may have renamed its own copy into place first; that one serves as well.
      if (!existsSync(join(template, 'PG_VERSION'))) {
        // The start goes on without it, only slower: every migration runs on this new directory itself.
        log.warn(
          { err, template },
          'no embedded database template; this data directory starts from nothing, which is slower',
        );
        return false;
      }
    }
  }
  cpSync(template, dataDir, { recursive: true, filter: (source) => !source.endsWith('megaagent.lock') });
  return true;
}
