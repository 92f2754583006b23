/**
 * The review page's words and colours, sent to it with the state: the report's own tables (report.html's status
 * colours and words, report/reasons.ts's correction words), so the page and the report never tell a face apart
 * differently, and the page has no table of its own that a new status could be missing from.
 */
import type { PhotoDecision } from '../policy/types.js';
import { correctedTag, STATUS_COLOUR, STATUS_TEXT } from '../report/html.js';
import { CORRECTION_TEXT } from '../report/reasons.js';
import type { ReviewExtraLabels, ReviewLabels } from './api.js';
import { msg } from '../i18n/messages.js';
import { tr } from '../i18n/current.js';

/** A photo's decision in the page's list: short, because the list is narrow (report.html has headings instead). */
const DECISION_TEXT: Readonly<Record<PhotoDecision, string>> = {
  review: 'to review',
  error: 'could not be read',
  dropped: 'dropped',
  anonymised: 'anonymised',
  publish: 'published',
};

export const REVIEW_LABELS: Omit<ReviewLabels, 'extra'> = Object.freeze({
  status: mapValues(STATUS_TEXT, (text, status) => ({ text, colour: STATUS_COLOUR[status] })),
  decision: DECISION_TEXT,
  correction: CORRECTION_TEXT,
  corrected: mapValues(CORRECTION_TEXT, (_text, tag) => correctedTag(tag)),
  drawnColour: '#0969da',
});

/** review-scale's words (issue 25), in the language of this run: what became of a correction, the list's marks. */
export function reviewExtraLabels(): ReviewExtraLabels {
  const m = msg.reviewPageExtra;
  return {
    outcome: { shown: tr(m.outcomeShown), anonymised: tr(m.outcomeAnonymised), 'no-consent': tr(m.outcomeNoConsent), overruled: tr(m.outcomeOverruled) },
    appliedOverruled: tr(m.appliedOverruled),
    listOverruled: tr(m.listOverruled),
    listMore: tr(m.listMore),
  };
}

function mapValues<K extends string, V, W>(record: Readonly<Record<K, V>>, f: (value: V, key: K) => W): Record<K, W> {
  // The keys are the record's own, so the result has exactly K's keys.
  return Object.fromEntries(Object.entries<V>(record).map(([key, value]) => [key, f(value, key as K)])) as Record<K, W>;
}
