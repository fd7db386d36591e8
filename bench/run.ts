// Runs every bench/*.ts (except this file) one after another, each in its own Node process, and prints
// their figures. Exits non-zero when a bench crashes; slow figures are for people to read, not to fail on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`bench/${file} failed (${result.error?.message ?? `exit code ${result.status}`})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
