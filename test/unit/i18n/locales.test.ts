// Every text a lawyer sees exists in English and Russian, with the same variables, and every message in the
// files is used: a key missing in either locale, used in code but not defined, or defined but never used fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_KEYS } from '../../../core/eb1a/render-analysis.ts';
import { fieldMessageKeys } from '../../../core/eb1a/evidence.ts';
import { ERROR_MESSAGE_KEYS } from '../../../bot/middleware/error-boundary.ts';
import { intakeMessageKeys } from '../../../core/eb1a/intake-questions.ts';
import { createTranslator, LOCALES, readLocaleFiles, resolveLocale } from '../../../core/i18n/i18n.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SOURCE_DIRS = ['core', 'bot', 'api', 'bin'];

/**
 * Keys built from data rather than written out (one per finding code, per field of a criterion, …): each
 * family is the full list of keys the code can build, derived from the same data the code uses.
 */
const DYNAMIC_FAMILIES: ReadonlyArray<readonly string[]> = [
  FINDING_KEYS, // analysis.ftl: one message per finding code
  fieldMessageKeys(), // fields.ftl: each criterion's and the letter's questions, names, help and options
  intakeMessageKeys(), // questions.ftl: the intake's blocks, questions, help and options
  ERROR_MESSAGE_KEYS, // errors.ftl: one message per error code
];

interface Message {
  key: string;
  file: string;
  variables: Set<string>;
}

/** A message starts at column 0 with `key =`; its pattern continues on indented lines. */
function messagesOf(file: string, source: string): { messages: Message[]; junk: string[] } {
  const messages: Message[] = [];
  const junk: string[] = [];
  let current: Message | null = null;
  for (const line of source.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (/^\s/.test(line)) {
      if (!current) junk.push(line);
      for (const match of line.matchAll(/\{\s*\$([A-Za-z][\w-]*)/g)) current?.variables.add(match[1] ?? '');
      continue;
    }
    const head = /^(-?[a-z][a-z0-9-]*)\s*=(.*)$/.exec(line);
    if (!head) {
      junk.push(line);
      current = null;
      continue;
    }
    current = { key: head[1] ?? '', file, variables: new Set() };
    for (const match of (head[2] ?? '').matchAll(/\{\s*\$([A-Za-z][\w-]*)/g))
      current.variables.add(match[1] ?? '');
    messages.push(current);
  }
  return { messages, junk };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const localeFiles = readLocaleFiles();
const parsed = new Map(
  LOCALES.map((locale) => {
    const all = (localeFiles.get(locale) ?? []).map(({ file, source }) => messagesOf(file, source));
    return [locale, { messages: all.flatMap((p) => p.messages), junk: all.flatMap((p) => p.junk) }];
  }),
);
const en = parsed.get('en')?.messages ?? [];
const ru = parsed.get('ru')?.messages ?? [];
const defined = new Set(en.filter((m) => !m.key.startsWith('-')).map((m) => m.key));
const areas = new Set((localeFiles.get('en') ?? []).map(({ file }) => file.replace(/\.ftl$/, '')));

const sources = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));
const literals = new Map<string, string>();
for (const { path, text } of sources) {
  for (const match of text.matchAll(/'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) {
    if (!literals.has(match[1] ?? '')) literals.set(match[1] ?? '', path);
  }
}

describe('the Fluent files', () => {
  it('are well formed in both locales', () => {
    for (const locale of LOCALES) expect(parsed.get(locale)?.junk, locale).toEqual([]);
    expect(() => createTranslator()).not.toThrow();
  });

  it('have the same files and the same keys in English and Russian', () => {
    const files = (locale: 'en' | 'ru') => (localeFiles.get(locale) ?? []).map(({ file }) => file);
    expect(files('ru')).toEqual(files('en'));
    const keysOf = (messages: Message[]) => messages.map((m) => `${m.file}: ${m.key}`).sort();
    expect(keysOf(ru)).toEqual(keysOf(en));
  });

  it('define each key once', () => {
    const keys = en.map((m) => m.key);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it('use the same variables in a message in both languages', () => {
    const ruByKey = new Map(ru.map((m) => [m.key, m]));
    const differing = en
      .filter((m) => {
        const other = ruByKey.get(m.key);
        return other && [...m.variables].sort().join() !== [...other.variables].sort().join();
      })
      .map((m) => m.key);
    expect(differing).toEqual([]);
  });

  it('hold no message that nothing uses', () => {
    const family = new Set(DYNAMIC_FAMILIES.flat());
    const unused = [...defined].filter((key) => !literals.has(key) && !family.has(key));
    expect(unused).toEqual([]);
  });

  it('define every key the code names', () => {
    // A literal that starts with an area's prefix (the name of a .ftl file) is a key; so is any literal
    // handed to t(…) directly.
    const named = new Map<string, string>();
    for (const [literal, path] of literals) {
      if (areas.has(literal.split('-')[0] ?? '')) named.set(literal, path);
    }
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/\bt\(\s*(?:[\w.]+,\s*|'(?:en|ru)',\s*)?'(?!(?:en|ru)')([^']+)'/g))
        named.set(match[1] ?? '', path);
    }
    for (const key of DYNAMIC_FAMILIES.flat()) named.set(key, 'a dynamic family');
    const missing = [...named].filter(([key]) => !defined.has(key)).map(([key, path]) => `${key} (${path})`);
    expect(missing).toEqual([]);
  });
});

describe('resolveLocale', () => {
  it('maps Telegram language codes to English or Russian', () => {
    expect(resolveLocale('ru')).toBe('ru');
    expect(resolveLocale('ru-RU')).toBe('ru');
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('de')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});

describe('the translator', () => {
  it('renders a message in each locale and refuses an unknown key', () => {
    const translator = createTranslator();
    expect(translator.t('en', 'language-chosen')).toContain('English');
    expect(translator.t('ru', 'language-chosen')).toContain('по-русски');
    expect(() => translator.t('ru', 'no-such-message')).toThrow(/no-such-message/);
  });
});

describe('the case summary line of the evidence', () => {
  it('counts exhibits, criteria and documents with the right plural in both languages', () => {
    const translator = createTranslator();
    const params = { exhibits: 3, criteria: 1, documents: 21 };
    expect(translator.t('en', 'evidence-fact-summary', params)).toBe(
      'Evidence: 3 exhibits under 1 criterion, 21 documents',
    );
    expect(translator.t('ru', 'evidence-fact-summary', params)).toBe(
      'Доказательства: 3 приложения по 1 критерию, 21 документ',
    );
  });
});
