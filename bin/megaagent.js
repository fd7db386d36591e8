#!/usr/bin/env node
// The `megaagent` command (`npm start`, the image's entrypoint). Plain JavaScript, so Node starts without
// loading its TypeScript type stripper (about 17 MB and 40 ms), then the CLI itself: bin/megaagent.ts.
import { constants, enableCompileCache } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

// Node keeps the compiled form of every module it loads (the TypeScript with its types stripped, and V8's
// code cache) in the user's cache, next to the embedded database template, and reuses it on the next start:
// about a quarter of the start-up's CPU time, and no type stripper at all. Where the home is read-only (the
// Kubernetes manifests) the cache goes to the temporary directory instead. NODE_COMPILE_CACHE chooses the
// directory and NODE_DISABLE_COMPILE_CACHE=1 turns the cache off; when no directory can be written, the
// modules are compiled as usual and LOG_LEVEL=debug says why.
const directories = process.env.NODE_COMPILE_CACHE
  ? [process.env.NODE_COMPILE_CACHE]
  : [join(homedir(), '.cache', 'megaagent', 'compiled'), join(tmpdir(), 'megaagent-compiled')];
for (const directory of directories) {
  const { status, message } = enableCompileCache(directory);
  if (status !== constants.compileCacheStatus.FAILED) break;
  if (process.env.LOG_LEVEL === 'debug')
    process.stderr.write(`compiled modules are not cached in ${directory}: ${message ?? 'unknown reason'}\n`);
}

await import('./megaagent.ts');
