// The parser thread a document had to be stopped in is gone by the time the caller hears why: a stopped
// document never keeps running beside the next one, and a thread that could not be stopped is reported.
import { afterAll, expect, it } from 'vitest';
import { documentLimits } from '../../../core/documents/limits.ts';
import { createDocumentParser } from '../../../core/documents/parser.ts';
import { textPdf } from '../../support/document-fixtures.ts';

const parser = createDocumentParser({ memoryMb: 64 });

afterAll(async () => {
  await parser.close();
});

it('has stopped the thread of a document past its deadline when the caller hears of it', async () => {
  const job = {
    kind: 'pdf' as const,
    bytes: await textPdf([['Award certificate']]),
    limits: documentLimits(),
  };
  // A thread cannot even start within a millisecond: the deadline always comes first.
  await expect(parser.parse(job, { deadlineMs: 1 })).rejects.toMatchObject({ reason: 'timed_out' });
  expect(parser.running).toBe(0);

  const read = await parser.parse(job, { deadlineMs: 30_000 });
  expect(read.kind).toBe('pdf');
  expect(parser.running).toBe(1);
  expect(parser.starts).toBe(2);
}, 30_000);

it('has stopped the thread when the caller gives up on a document being read', async () => {
  // Long enough that the abort always lands while the thread is reading it.
  const pages = Array.from({ length: 300 }, (_, n) => [`Reference letter, page ${String(n + 1)}`]);
  const job = { kind: 'pdf' as const, bytes: await textPdf(pages), limits: documentLimits() };
  const controller = new AbortController();
  const parsing = parser.parse(job, { deadlineMs: 30_000, signal: controller.signal });
  await new Promise((resolve) => setImmediate(resolve));
  expect(parser.running).toBe(1);
  controller.abort(new Error('the worker is stopping'));
  await expect(parsing).rejects.toThrow('the worker is stopping');
  expect(parser.running).toBe(0);
  expect(parser.starts).toBe(2);
}, 30_000);
