import type { Recognition } from '../policy/types.js';
import type { MatchFaces, MatchOptions } from './engine-types.js';
import type { Descriptor } from './types.js';
import { assignMinCost } from './assign.js';

/**
 * Chosen by measurement: `npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/eval-recognition.js` on
 * ../shared/faces (23 adults, 195 identity photos after dropping copies, up to 3 enrolled per person, 138 genuine
 * probes, 194 stranger probes = each person's photos with their own templates removed), landmark-aligned chips:
 * - genuine distances median 0.48 (p5 0.32, p95 0.66); impostor pairs median 0.84, 0.5 % below 0.60, closest 0.507;
 *   a stranger's nearest enrolled person: p5 0.56, closest 0.507 (0.49 when the stranger's face is shrunk to 40–60 px).
 * - threshold 0.45: 57 % of probes identified, 0 wrong, 0/194 strangers identified (0.50 would give 74 % and still 0,
 *   0.55 already lets 3.6 % of strangers through, 0.60 — face-api's default — 18.6 %).
 * - Why not 0.50: children sit closer together than these adults (domain.md: closest child impostor pair 0.53,
 *   2.6 % below 0.55, 5 % below 0.60 — about 0.1 below the adult figures), and a false accept publishes a child.
 *   0.45 keeps a 0.08 gap below the closest child pair; the cost is more faces `uncertain` (anonymised by default).
 * - margin 0.08: costs nothing here at 0.45 (adults are far apart) and guards siblings, who are not in this set.
 * - uncertainBelow 0.60: where 5 % of child impostor pairs lie; beyond it a face is `unknown` (both are anonymised
 *   by default; the report tells them apart).
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
