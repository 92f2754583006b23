/** The report's words in one language: the report writers take the language as a parameter, never the process's. */
import type { Shape } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/lang.js';
import { catalogueIn } from '../i18n/compose.js';
import type { englishCatalogue } from '../i18n/messages.js';

export type ReportWords = Shape<typeof englishCatalogue.report>;

export function reportWords(lang: Lang): ReportWords {
  return catalogueIn(lang).report;
}
