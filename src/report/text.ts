/** Small text helpers the report writers share. */
import type { PhotoDecision } from '../policy/types.js';

/** The order a teacher works through: what needs a person first, what is fine last. */
export const DECISION_ORDER: readonly PhotoDecision[] = ['review', 'error', 'dropped', 'anonymised', 'publish'];
