// The lawyer's two languages: which exist, how a Telegram language code maps to one, and a translator over
// the Fluent files for core and the HTTP API (the bot reads the same files through @grammyjs/i18n).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** One folder per locale, one `.ftl` file per area of the product (analysis.ftl, intake.ftl, …). */
export const LOCALES_DIR = fileURLToPath(new URL('./locales', import.meta.url));

/**
 * Fluent wraps every placeable in Unicode isolation marks by default; Telegram shows them as stray
 * characters inside HTML and they break copy-paste of names, so they are off everywhere.
 */
export const FLUENT_BUNDLE_OPTIONS = { useIsolating: false } as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Telegram's `language_code` (an IETF tag such as `ru` or `en-US`) to one of ours; English otherwise. */
export function resolveLocale(languageCode: string | null | undefined): Locale {
  const primary = languageCode?.toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : DEFAULT_LOCALE;
}

export type TranslationParams = Readonly<Record<string, FluentVariable>>;

export interface Translator {
  /** The message in that locale; a message missing there comes from English. Throws on an unknown key. */
  t(locale: Locale, key: string, params?: TranslationParams): string;
  has(locale: Locale, key: string): boolean;
}

/** Each locale's `.ftl` files by name, in a stable order. */
export function readLocaleFiles(dir = LOCALES_DIR): Map<Locale, { file: string; source: string }[]> {
  const files = new Map<Locale, { file: string; source: string }[]>();
  for (const locale of LOCALES) {
    const names = readdirSync(join(dir, locale))
      .filter((name) => name.endsWith('.ftl'))
      .sort();
    files.set(
      locale,
      names.map((file) => ({ file, source: readFileSync(join(dir, locale, file), 'utf8') })),
    );
  }
  return files;
}

export function createTranslator(dir = LOCALES_DIR): Translator {
  const bundles = new Map<Locale, FluentBundle>();
  for (const [locale, files] of readLocaleFiles(dir)) {
    const bundle = new FluentBundle(locale, FLUENT_BUNDLE_OPTIONS);
    for (const { file, source } of files) {
      const errors = bundle.addResource(new FluentResource(source));
      if (errors.length > 0) {
        throw new Error(`${locale}/${file}: ${errors.map((e) => e.message).join('; ')}`);
      }
    }
    bundles.set(locale, bundle);
  }
  const bundleOf = (locale: Locale): FluentBundle => {
    const bundle = bundles.get(locale);
    if (!bundle) throw new Error(`no messages for locale ${locale}`);
    return bundle;
  };

  return {
    has: (locale, key) => bundleOf(locale).hasMessage(key),
    t(locale, key, params) {
      const bundle = bundleOf(locale).hasMessage(key) ? bundleOf(locale) : bundleOf(DEFAULT_LOCALE);
      const message = bundle.getMessage(key);
      if (!message?.value) throw new Error(`no message "${key}" in ${locale} or ${DEFAULT_LOCALE}`);
      const errors: Error[] = [];
      const text = bundle.formatPattern(message.value, params, errors);
      // A missing variable is a defect in the caller; the locale tests make every message render.
      if (errors.length > 0) throw new Error(`message "${key}" (${locale}): ${errors[0]?.message ?? ''}`);
      return text;
    },
  };
}
