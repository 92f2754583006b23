/**
 * Every message the tool shows, in every language: `msg.common.badLang(value)` gives `{ en, nl }`.
 * Pick the language where the text is printed (see current.ts), not where it is made.
 */
import { bilingual } from './catalogue.js';
import { en } from './en/index.js';
import { nl } from './nl/index.js';

export const msg = bilingual(en, nl);
export { en as englishCatalogue, nl as dutchCatalogue };
