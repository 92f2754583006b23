/**
 * The review page's words and colours, sent to it with the state, in the page's language: the report's own tables
 * (report.html's status colours and words, the correction words), so the page and the report never tell a face apart
 * differently, and every other word of the page from the catalogue (src/i18n/<lang>/review.ts `page`). The page has
 * no words of its own: a word it names that the catalogue lacks fails to compile (src/review/api.ts PageWords).
 * Others adding words to the page add them to the catalogue's `page`, and they arrive here by themselves.
 */
import { catalogueIn } from '../i18n/compose.js';
import { intlLocale, type Lang } from '../i18n/lang.js';
import { correctedTag, STATUS_COLOUR } from '../report/html.js';
import { reportWords } from '../report/words.js';
import type { PageWords, ReviewLabels } from './api.js';

export function reviewLabels(lang: Lang): ReviewLabels {
  const report = reportWords(lang);
  const review = catalogueIn(lang).review;
  return Object.freeze({
    lang,
    locale: intlLocale(lang),
    status: mapValues(report.status, (text, status) => ({ text, colour: STATUS_COLOUR[status] })),
    action: report.action,
    decision: review.decision,
    scope: report.scope,
    correction: report.correction,
    corrected: mapValues(report.correction, (_text, tag) => correctedTag(tag, report)),
    drawnColour: '#0969da',
    words: pageTemplates(review.page),
  });
}

/** A marker for the `n`th value of a page word: the page replaces it (src/review/page/app.ts `t`). */
export function slot(n: number): string {
  return `{${n}}`;
}

/**
 * The page's words as templates: text as it is, a function called with `{0}`, `{1}`… in place of its values. The
 * catalogue's page functions only place their values (test/review/labels.test.ts checks), so the page filling a
 * template says exactly what the function would.
 */
export function pageTemplates(page: Readonly<Record<keyof PageWords, string | ((...args: string[]) => string)>>): PageWords {
  return mapValues(page, (word) => (typeof word === 'string' ? word : word(...Array.from({ length: word.length }, (_, i) => slot(i)))));
}

/** The filling the page does, for the tests and the server alike. */
export function fillTemplate(template: string, values: readonly string[]): string {
  return template.replace(/\{(\d+)\}/gu, (whole, n: string) => values[Number(n)] ?? whole);
}

function mapValues<K extends string, V, W>(record: Readonly<Record<K, V>>, f: (value: V, key: K) => W): Record<K, W> {
  // The keys are the record's own, so the result has exactly K's keys.
  return Object.fromEntries(Object.entries<V>(record).map(([key, value]) => [key, f(value, key as K)])) as Record<K, W>;
}
