// Reading a Word document with mammoth (raw text, paragraphs separated by blank lines), after its zip's
// table of contents has passed the zip-bomb checks. Runs inside the parser thread (parse-worker.ts).
import mammoth from 'mammoth';
import { inspectZip } from './inspect.ts';
import type { DocumentLimits } from './limits.ts';
import { DocumentRefusedError } from './refusal.ts';

export async function readDocx(bytes: Buffer, limits: DocumentLimits): Promise<string> {
  inspectZip(bytes, limits);
  try {
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value.replace(/\n{3,}/g, '\n\n').trim();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DocumentRefusedError('corrupt', { parser: 'docx', detail }, { cause: error });
  }
}
