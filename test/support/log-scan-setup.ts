// Set up in every test worker (vitest.config.ts setupFiles): every write to this process's stdout and
// stderr — pino writes with fs.write/fs.writeSync on descriptors 1 and 2, other code through the streams —
// goes through the log scan, and a test file whose logs held a secret fails when it ends.
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { scanLog, takeFindings } from './log-scan.ts';

const scanChunk = (fd: unknown, data: unknown): void => {
  if (fd !== 1 && fd !== 2) return;
  if (typeof data === 'string') scanLog('this test process', data);
  else if (data instanceof Uint8Array) scanLog('this test process', Buffer.from(data).toString('utf8'));
};

const writeSync = fs.writeSync;
fs.writeSync = ((fd: number, data: never, ...rest: never[]) => {
  scanChunk(fd, data);
  return writeSync(fd, data, ...rest);
}) as typeof fs.writeSync;
const write = fs.write;
fs.write = ((fd: number, data: never, ...rest: never[]) => {
  scanChunk(fd, data);
  return (write as (...args: unknown[]) => void)(fd, data, ...rest);
}) as typeof fs.write;
for (const [fd, stream] of [
  [1, process.stdout],
  [2, process.stderr],
] as const) {
  const original = stream.write.bind(stream);
  stream.write = (chunk: unknown, ...rest: never[]) => {
    scanChunk(fd, chunk);
    return original(chunk as string, ...rest);
  };
}

afterAll(() => {
  const found = takeFindings();
  if (found.length > 0)
    throw new Error(
      `Secrets appeared in log output (never print them; redact):\n  ${[...new Set(found)].join('\n  ')}`,
    );
});
