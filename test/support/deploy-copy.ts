// A copy of the project's deployment files in a temporary directory, for tests that break one on purpose
// and check that the deployment validator names the problem.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

const DEPLOY_FILES = [
  'Dockerfile',
  '.dockerignore',
  'docker-compose.yml',
  'docker-compose.dev.yml',
  '.env.production.example',
  'k8s',
];

/** A fresh temporary directory holding the deployment files as they are in the project. */
export async function copyDeployFiles(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const name of DEPLOY_FILES) await cp(join(PROJECT_ROOT, name), join(dir, name), { recursive: true });
  return dir;
}

/** Replaces text in a copied file; fails when the text is not there, so a test never passes on an edit that did nothing. */
export async function editCopiedFile(
  dir: string,
  file: string,
  from: string | RegExp,
  to: string,
): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${String(from)} not found in ${file}`);
  await writeFile(path, changed);
}
