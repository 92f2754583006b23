/**
 * A text in every language the tool speaks. Messages are made where the problem is found (often deep in a worker,
 * long before anyone knows who will read it), so they carry both languages and the language is picked where they
 * are printed.
 */
import type { Lang } from './lang.js';

export type Text = Readonly<Record<Lang, string>>;

export function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).en === 'string' && typeof (value as Text).nl === 'string';
}

/** A text that is the same in every language (a file name, a number). */
export function verbatim(value: string): Text {
  return { en: value, nl: value };
}

export function pick(text: Text | string, lang: Lang): string {
  return typeof text === 'string' ? text : text[lang];
}

/** Joins texts language by language. */
export function joinTexts(parts: readonly (Text | string)[], separator = ''): Text {
  return {
    en: parts.map((part) => pick(part, 'en')).join(separator),
    nl: parts.map((part) => pick(part, 'nl')).join(separator),
  };
}
