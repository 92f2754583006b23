import type { Recognition } from '../policy/types.js';
import type { MatchFaces, MatchOptions } from './engine-types.js';
import type { Descriptor } from './types.js';
import { assignMinCost } from './assign.js';

/**
 * Chosen by measurement: `npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/eval-recognition.js` on
 * ../shared/faces (23 adults, 195 identity photos after dropping copies, up to 3 enrolled per person, 138 genuine
 * probes, 194 stranger probes = each person's photos with their own templates removed).
 * With DESCRIBER_DEFAULTS (chips cut from face-api's 68 landmarks, mirror image averaged) and the distance to a pupil's
 * mean descriptor:
 * - genuine pairs median 0.46 (was 0.49 with five-point chips); impostor pairs median 0.84, p1 0.64, 0.4 % below 0.60,
 *   closest 0.50; a stranger's nearest enrolled person: p1 0.51, p5 0.56, closest 0.49.
 * - threshold 0.44: 76 % of probes identified (five-point chips, nearest portrait, 0.45: 59 %), 0 wrong, 0/194
 *   strangers identified; 0.45 would give 80 %, 0.50 94 % but 1 stranger (0.5 %).
 * - Why 0.44 and not more: the old 0.45 was chosen with five-point chips, whose impostor p1 is 0.642; flipping moves
 *   genuine and impostor distances down together (p1 0.638), so the threshold moves with them (0.45 × 0.638 / 0.642,
 *   rounded down). Children sit about 0.1 closer than adults (domain.md: closest child impostor pair 0.53, 2.6 % below
 *   0.55), and a false accept publishes a child: 0.44 keeps about 0.08 below the closest child pair.
 * - distance to the mean of a pupil's portraits, not the nearest one: with 3 portraits the mean describes the face
 *   better than any one photo (genuine probes closer) while strangers' distances barely move (p5 0.557 vs 0.567 for
 *   the nearest portrait): 76 % vs 62 % identified at 0.44 with no stranger either way. Mean of the 2 nearest was
 *   worse than both (52 %). With a single portrait all three are the same.
 * - margin 0.08: costs nothing at 0.44 (adults are far apart; 0.7 points at 0.50) and guards siblings, who are not
 *   in this set.
 * - uncertainBelow 0.60: where 5 % of child impostor pairs lie; beyond it a face is `unknown` (both are anonymised
 *   by default; the report tells them apart).
 */
export const MATCH_DEFAULTS: MatchOptions = Object.freeze({
  threshold: 0.44,
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

/**
 * Distance from a face to a pupil: to the mean of the pupil's portraits (scaled to their mean length, since averaging
 * shortens unlike vectors). Measured better than the nearest portrait (see MATCH_DEFAULTS).
 */
export function pupilDistance(descriptor: Descriptor, portraits: readonly Descriptor[]): number {
  if (portraits.length === 0) return Infinity;
  return descriptorDistance(descriptor, meanDescriptor(portraits));
}

/** The mean of several descriptors of one face, at their mean length. */
export function meanDescriptor(descriptors: readonly Descriptor[]): Descriptor {
  const first = descriptors[0];
  if (first === undefined) throw new RangeError('Expected at least one descriptor but received none');
  if (descriptors.length === 1) return first;
  const mean = new Float32Array(first.length);
  let lengths = 0;
  for (const d of descriptors) {
    let sum = 0;
    for (let i = 0; i < mean.length; i++) {
      mean[i] = mean[i]! + (d[i] ?? 0) / descriptors.length;
      sum += (d[i] ?? 0) ** 2;
    }
    lengths += Math.sqrt(sum) / descriptors.length;
  }
  let norm = 0;
  for (const x of mean) norm += x * x;
  const scale = norm === 0 ? 1 : lengths / Math.sqrt(norm);
  for (let i = 0; i < mean.length; i++) mean[i] = mean[i]! * scale;
  return mean;
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

  // One mean per pupil, not per face: pupilDistance(d, [mean]) is then the distance to the mean.
  const means = new Map([...pupils].map(([id, list]) => [id, [meanDescriptor(list)]] as const));
  const ranked = descriptors.map((d) => (d === null ? null : rank(d, means)));

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
