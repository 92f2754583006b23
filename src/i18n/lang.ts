/**
 * Which language the tool speaks: Dutch when the system's language is Dutch, English otherwise, `--lang` over both.
 * Pure: the environment, platform and ICU's default locale are passed in, so tests never depend on the caller's.
 */
export type Lang = 'en' | 'nl';

export const LANGS: readonly Lang[] = ['en', 'nl'];

/**
 * Reads a locale name as any system writes it: POSIX `nl_NL.UTF-8`, BCP 47 `nl-BE`, Windows `Dutch_Netherlands.1252`,
 * macOS `nl_NL@rg=nlzzzz`, or a bare `nl`/`en`. Undefined for `C`, `POSIX` and names that say nothing.
 */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  if (locale == null) return undefined;
  const name = locale.trim().toLowerCase();
  if (name === '' || name === 'c' || name.startsWith('c.') || name === 'posix') return undefined;
  if (/^(nl|nld|dut)([-_.@]|$)/u.test(name) || /^dutch([-_.]|$)/u.test(name) || /^(flemish|vlaams|nederlands)/u.test(name)) return 'nl';
  if (/^[a-z]{2,3}([-_.@]|$)/u.test(name) || /^[a-z]+_[a-z]+/u.test(name)) return 'en';
  return undefined;
}

export interface SystemLocale {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** ICU's default locale (`Intl.DateTimeFormat().resolvedOptions().locale`): what Windows reports. */
  readonly intlLocale?: string;
  /** macOS's `AppleLocale`, when the caller read it: Terminal sessions often have no LANG. */
  readonly appleLocale?: string;
}

/**
 * POSIX order: LC_ALL, then LC_MESSAGES, then LANG (the first set one decides, as in setlocale). GNU's LANGUAGE list
 * comes first when the locale is not C, as gettext does. Without any of them, what the operating system reports.
 */
export function systemLang(system: SystemLocale): Lang {
  const { env } = system;
  const posix = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((value) => value != null && value !== '');
  if (posix != null) {
    const base = langOfLocale(posix);
    if (base === undefined) return 'en'; // C or POSIX: the user asked for no translation
    const first = (env['LANGUAGE'] ?? '').split(':').map(langOfLocale).find((lang) => lang !== undefined);
    return first ?? base;
  }
  return langOfLocale(system.appleLocale) ?? langOfLocale(system.intlLocale) ?? 'en';
}

/** `--lang nl|en` (also `dutch`, `nederlands`, `english`): undefined when the value is neither. */
export function parseLangOption(value: string): Lang | undefined {
  const name = value.trim().toLowerCase();
  if (['nl', 'nld', 'dutch', 'nederlands'].includes(name)) return 'nl';
  if (['en', 'eng', 'english', 'engels'].includes(name)) return 'en';
  return undefined;
}

/** BCP 47 tag for Intl: dates and numbers in the language of the text around them. */
export function intlLocale(lang: Lang): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

/** "6 december 2026 om 16:15" / "6 December 2026 at 16:15" in the given time zone (the system's by default). */
export function formatDateTime(date: Date, lang: Lang, timeZone?: string): string {
  return date.toLocaleString(intlLocale(lang), { dateStyle: 'long', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
}

export function formatDate(date: Date, lang: Lang, timeZone?: string): string {
  return date.toLocaleDateString(intlLocale(lang), { dateStyle: 'long', ...(timeZone ? { timeZone } : {}) });
}

/** 1.234,5 / 1,234.5 */
export function formatNumber(value: number, lang: Lang, options: Intl.NumberFormatOptions = {}): string {
  return value.toLocaleString(intlLocale(lang), options);
}
