// The parser thread: reads one PDF or Word document and posts back what it found, or why it refused.
// It runs with a heap limit and is terminated on time-out, so a hostile file cannot take the process down.
import { parentPort, workerData } from 'node:worker_threads';
import { readDocx } from './docx.ts';
import type { ParseJob, ParseOutcome } from './parser.ts';
import { readPdf } from './pdf.ts';
import { DocumentRefusedError } from './refusal.ts';

async function parse(job: ParseJob): Promise<ParseOutcome> {
  try {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    if (job.kind === 'pdf') return { ok: true, kind: 'pdf', content: await readPdf(bytes, job.limits) };
    return { ok: true, kind: 'docx', text: await readDocx(bytes, job.limits) };
  } catch (error) {
    if (error instanceof DocumentRefusedError)
      return { ok: false, reason: error.reason, context: error.context };
    const failure = error instanceof Error ? error.name : typeof error;
    return { ok: false, reason: 'corrupt', context: { parser: job.kind, failure } };
  }
}

const outcome = await parse(workerData as ParseJob);
parentPort?.postMessage(outcome);
