/** Small text helpers the report writers share: names into reasons, and the fixed order of decisions. */
import type { PhotoDecision } from '../policy/types.js';

/** The order a teacher works through: what needs a person first, what is fine last. */
export const DECISION_ORDER: readonly PhotoDecision[] = ['review', 'error', 'dropped', 'anonymised', 'publish'];

/**
 * The consent rules write pupils as `pupil <id>` so that they stay free of personal data; the report, which the
 * teacher reads, adds the name: "Sem de Vries (pupil 1234)". Unknown ids stay as they are.
 */
export function withNames(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(/\bpupil ([^\s,;:()]+)/gu, (whole, id: string) => {
    const name = names.get(id);
    return name === undefined ? whole : `${name} (pupil ${id})`;
  });
}

/** The reason lines about face `index` (0-based): the consent rules prefix them with "face N: ". */
export function faceReasons(reasons: readonly string[], index: number): string[] {
  const prefix = `face ${index + 1}: `;
  return reasons.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
}
