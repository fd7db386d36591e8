// The parser thread: reads PDF and Word documents one at a time and posts back what it found, or why it
// refused. It runs with a heap limit and is terminated on time-out, so a hostile file costs this thread
// only; the parent starts a fresh one for the next document.
import { parentPort } from 'node:worker_threads';
import { readDocx } from './docx.ts';
import type { ParseOutcome, ParseRequest } from './parser.ts';
import { readPdf } from './pdf.ts';
import { DocumentRefusedError } from './refusal.ts';

async function parse(request: ParseRequest): Promise<ParseOutcome> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    if (request.kind === 'pdf')
      return { ok: true, kind: 'pdf', content: await readPdf(bytes, request.limits) };
    return { ok: true, kind: 'docx', text: await readDocx(bytes, request.limits) };
  } catch (error) {
    if (error instanceof DocumentRefusedError)
      return { ok: false, reason: error.reason, context: error.context };
    const failure = error instanceof Error ? error.name : typeof error;
    return { ok: false, reason: 'corrupt', context: { parser: request.kind, failure } };
  }
}

parentPort?.on('message', (request: ParseRequest) => {
  void parse(request).then((outcome) => parentPort?.postMessage({ id: request.id, outcome }));
});
