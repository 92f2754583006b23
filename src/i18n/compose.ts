/**
 * Texts put together from other texts: a list of problems, a sentence with a word that is itself translated. The
 * message functions of msg.<part> take the same arguments in every language; here each language gets its own.
 */
import type { Shape } from './catalogue.js';
import { LANGS, type Lang } from './lang.js';
import { dutchCatalogue, englishCatalogue } from './messages.js';
import type { Text } from './text.js';

export type Catalogue = Shape<typeof englishCatalogue>;

/** The raw catalogue of one language: plain strings and functions of plain strings. */
export function catalogueIn(lang: Lang): Catalogue {
  return lang === 'nl' ? dutchCatalogue : englishCatalogue;
}

/** A Text made language by language: `textOf((lang, say) => say.roster.line(n, column[lang]))`. */
export function textOf(make: (lang: Lang, say: Catalogue) => string): Text {
  const out = {} as Record<Lang, string>;
  for (const lang of LANGS) out[lang] = make(lang, catalogueIn(lang));
  return out;
}
