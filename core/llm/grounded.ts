// Grounded writing: prose a lawyer will file or rely on (a brief's section, a letter, an answer to a
// question), written either from templates or by an LLM whose draft is checked against the case before
// anyone sees it. Callers always supply the template text, so there is always a correct answer without
// an LLM; the writer decides which one the lawyer gets and says which.
//
// What a caller passes as `data` (document text, a lawyer's notes, intake answers) is material to write
// from, never instructions: an LLM writer sends it quoted, apart from the instructions.
import type { CriterionId } from '../eb1a/criteria.ts';

/** What a draft may rely on: anything it cites or states must be found here. */
export interface Grounding {
  /** The exhibit numbers that exist in the case: "[Exhibit N]" must name one of them. */
  exhibits: readonly number[];
  /** The criteria the analysis supports: a draft may argue only these as met. */
  criteria: readonly CriterionId[];
  /** The case's facts as text (names, titles, numbers, dates): a name, number or date must come from here. */
  facts: readonly string[];
  /** Other citations the draft may use, as written in brackets, e.g. "8 CFR 204.5(h)(3)(iii)". */
  citations?: readonly string[];
}

export interface GroundedRequest {
  /** What is being written, for logs and metrics: "brief:awards", "letter", "answer". */
  task: string;
  /** What to write and how (the system instructions). */
  instructions: string;
  /** The material to write from, each piece labelled ("Exhibit 4 — document text", "Lawyer's note"). */
  data: ReadonlyArray<{ label: string; text: string }>;
  grounding: Grounding;
  /** The text composed from templates and structured facts: complete and correct on its own. */
  template: string;
  maxTokens?: number;
}

export interface GroundedText {
  text: string;
  /** 'template' when no LLM was used (switched off, none configured, or every draft was rejected). */
  source: 'llm' | 'template';
  /** The provider whose draft was used, when `source` is 'llm'. */
  provider?: string;
  /** Why LLM drafts were turned down, in order (empty when none was). */
  rejections: readonly string[];
}

export interface GroundedWriter {
  write(request: GroundedRequest): Promise<GroundedText>;
}

/** The writer with no LLM: the template text, as is. */
export function templateWriter(): GroundedWriter {
  return {
    write: (request) => Promise.resolve({ text: request.template, source: 'template', rejections: [] }),
  };
}
