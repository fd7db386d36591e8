// Start-up and footprint of `megaagent start` in the embedded default: time to the first /liveness 200 on
// a new data directory (first start) and on the same directory again (warm start), and the idle resident
// memory a few seconds after. Figures for people to read; each start runs in its own Node process.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/megaagent.ts', import.meta.url));
const IDLE_MS = 3_000;

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(/\d+/.exec(line)?.[0]) / 1024 : null;
  } catch {
    return null; // not Linux: no figure
  }
}

async function startOnce(
  dataDir: string,
  port: number,
): Promise<{ readyMs: number; idleRssMiB: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`megaagent start exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/liveness`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(20);
    }
    const readyMs = performance.now() - started;
    await sleep(IDLE_MS);
    return { readyMs, idleRssMiB: child.pid === undefined ? null : rssMiB(child.pid) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-bench-startup-'));
const port = 18_000 + Math.floor(Math.random() * 1_000);
try {
  const first = await startOnce(dataDir, port);
  const warm = await startOnce(dataDir, port);
  const mib = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} MiB`);
  console.log('embedded default        ready (first /liveness 200)   idle RSS');
  console.log(
    `first start (new dir)   ${(first.readyMs / 1000).toFixed(2)} s${' '.repeat(24)}${mib(first.idleRssMiB)}`,
  );
  console.log(
    `warm start (same dir)   ${(warm.readyMs / 1000).toFixed(2)} s${' '.repeat(24)}${mib(warm.idleRssMiB)}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
