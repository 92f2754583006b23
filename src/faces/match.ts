import type { Recognition } from '../policy/types.js';
import type { MatchFaces, MatchOptions } from './engine-types.js';
import type { Descriptor } from './types.js';
import { assignMinCost } from './assign.js';

/**
 * PROVISIONAL until the eval run lands its figures here (scripts/eval-recognition.ts).
 */
export const MATCH_DEFAULTS: MatchOptions = Object.freeze({
  threshold: 0.45,
  uncertainBelow: 0.6,
  margin: 0.08,
});

/** Euclidean distance between two descriptors. */
export function descriptorDistance(a: Descriptor, b: Descriptor): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Distance from a face to a pupil: the nearest of the pupil's portraits (one good portrait is enough to match). */
export function pupilDistance(descriptor: Descriptor, portraits: readonly Descriptor[]): number {
  let best = Infinity;
  for (const p of portraits) best = Math.min(best, descriptorDistance(descriptor, p));
  return best;
}

interface Ranked {
  readonly pupilId: string;
  readonly distance: number;
}

/** Best and second-best pupil for one face (different pupils). */
function rank(descriptor: Descriptor, pupils: ReadonlyMap<string, readonly Descriptor[]>): { best: Ranked; second: number; all: Map<string, number> } | null {
  let best: Ranked | null = null;
  let second = Infinity;
  const all = new Map<string, number>();
  for (const [pupilId, portraits] of pupils) {
    const distance = pupilDistance(descriptor, portraits);
    all.set(pupilId, distance);
    if (best === null || distance < best.distance) {
      if (best !== null) second = best.distance;
      best = { pupilId, distance };
    } else if (distance < second) {
      second = distance;
    }
  }
  return best === null ? null : { best, second, all };
}

/**
 * Recognises the faces of one photo against all enrolled pupils, jointly:
 * - `identified` only within `threshold` and at least `margin` nearer than the next pupil (siblings look alike);
 * - a pupil is identified at most once per photo: faces and pupils are paired by minimum total distance, and a face
 *   whose nearest pupil went to another face is `uncertain` — never silently its second-best;
 * - `uncertain` up to `uncertainBelow`, `unknown` beyond, `too-small` without a descriptor.
 * Pure; descriptors of the same photo, in detection order.
 */
export const matchFaces: MatchFaces = (descriptors, templates, options) => {
  const pupils = new Map<string, Descriptor[]>();
  for (const t of templates) {
    if (t.descriptors.length === 0) continue;
    const list = pupils.get(t.pupilId) ?? [];
    list.push(...t.descriptors);
    pupils.set(t.pupilId, list);
  }

  const ranked = descriptors.map((d) => (d === null ? null : rank(d, pupils)));

  // Only faces that would be identified on their own compete for pupils.
  const claims = ranked.map((r) =>
    r !== null && r.best.distance <= options.threshold && r.second - r.best.distance >= options.margin ? r : null,
  );
  const contested = [...new Set(claims.flatMap((c) => (c === null ? [] : [c.best.pupilId])))];
  const cost = claims.map((c) =>
    contested.map((pupilId) => {
      const d = c?.all.get(pupilId);
      return d !== undefined && d <= options.threshold ? d : Infinity;
    }),
  );
  const assigned = assignMinCost(cost);

  return descriptors.map((descriptor, i): Recognition => {
    if (descriptor === null) return { kind: 'too-small' };
    const r = ranked[i];
    if (r == null) return { kind: 'unknown', distance: null };
    const { pupilId, distance } = r.best;
    const column = assigned[i];
    if (claims[i] != null && column != null && contested[column] === pupilId) return { kind: 'identified', pupilId, distance };
    if (distance <= Math.max(options.threshold, options.uncertainBelow)) return { kind: 'uncertain', pupilId, distance };
    return { kind: 'unknown', distance };
  });
};
