// Which language a document is written in (franc-min, ISO 639-3 codes), and whether USCIS needs a
// certified English translation of it: every foreign-language document must come with one (8 CFR 103.2(b)(3)).
import { franc } from 'franc-min';

export interface TranslationNote {
  /** A finding code the caller renders per language. */
  code: 'documents.certified-translation-required';
  regulation: '8 CFR 103.2(b)(3)';
  /** The Fluent key of the note shown to the lawyer (takes the file's name). */
  messageKey: 'documents-translation-required';
}

export interface DocumentLanguage {
  /** ISO 639-3 ('eng', 'rus', …), or 'und' when there is too little text to tell. */
  language: string;
  needsTranslation: boolean;
  translation: TranslationNote | null;
}

export const TRANSLATION_REQUIRED: TranslationNote = {
  code: 'documents.certified-translation-required',
  regulation: '8 CFR 103.2(b)(3)',
  messageKey: 'documents-translation-required',
};

// Below this many letters the guess is unreliable (a one-line caption can read as French): 'und'.
const MIN_LETTERS = 60;
// Enough text for a stable answer; more only costs time.
const SAMPLE_CHARS = 4_000;

export function detectLanguage(text: string): DocumentLanguage {
  const sample = text.slice(0, SAMPLE_CHARS);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  const language = letters < MIN_LETTERS ? 'und' : franc(sample, { minLength: 1 });
  const needsTranslation = language !== 'und' && language !== 'eng';
  return { language, needsTranslation, translation: needsTranslation ? TRANSLATION_REQUIRED : null };
}
