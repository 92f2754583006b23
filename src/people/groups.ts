/**
 * People groups: the faces no pupil was matched to, grouped across a whole scan into groups that are each one person,
 * so the teacher names a person once instead of once per photo. Pure: no I/O.
 *
 * What photo libraries taught (their issue trackers; docs/people.md lists the threads): the standing complaint is two
 * people merged into one person — siblings, twins, young children (immich #27995, nextcloud/recognize #1005 and #662,
 * matiasdelellis/facerecognition #754) — and no way to take the wrong faces out before naming the group
 * (facerecognition #476 and #829, immich discussion #32382). A person split in two only costs one more naming. For a
 * school a merge is worse still: naming a merged group can show a child without consent. So:
 * - complete linkage: two groups join only when *every* pair of their faces is within `maxDistance`. The chaining of
 *   single linkage and density clustering (DBSCAN/HDBSCAN, which those libraries use), where one in-between face pulls
 *   a sibling into a brother's group, cannot happen; a group's widest pair is bounded, whatever its size.
 * - cannot-link: two faces of one photo are never one person, so groups that share a photo never join. Immich allows
 *   one person twice in a photo (mirrors, collages); here that errs the safe way, as a split.
 * - a conservative threshold, below the closest pair of different children measured (see GROUP_DEFAULTS).
 * - every face gets a group, alone if need be, and the teacher can take faces out before naming (`except` in
 *   src/review/edit.ts), the split those users asked for.
 */
import { createHash } from 'node:crypto';
import type { Box } from '../geometry.js';
import type { Descriptor } from '../faces/types.js';

export interface PersonFace {
  /** The photo's content hash: faces of one photo are never one person, and it is half of the face's stable key. */
  readonly photo: string;
  /** The face's box in the photo's oriented pixels: the other half of its key. */
  readonly box: Box;
  readonly descriptor: Descriptor;
  /** False: the descriptor cannot be trusted (src/people/quality.ts), so the face stays a group of its own. */
  readonly trusted: boolean;
}

export interface PeopleGroup {
  /** Derived from the members' keys, so the same faces give the same id in every run, whatever the order. */
  readonly id: string;
  /** Indices into the faces given, in key order. */
  readonly members: readonly number[];
}

export const GROUP_DEFAULTS = Object.freeze({
  /**
   * The widest distance allowed between any two faces of a group (complete linkage). Same person: median 0.46 on
   * ../shared/faces (src/faces/match.ts); different children: the closest pair 0.53, 2.6 % below 0.55 (domain.md).
   * 0.50 stays below every child impostor pair measured, and siblings sit closer than unrelated children, so this
   * is a ceiling, not a target: splitting a person costs the teacher one more action, merging two may show a child.
   */
  maxDistance: 0.5 as number,
});

/** The stable key of a face: photo hash and box in whole pixels (report.json rounds nothing, reruns give the same boxes). */
export function faceKey(face: Pick<PersonFace, 'photo' | 'box'>): string {
  const { x, y, width, height } = face.box;
  return `${face.photo}:${[x, y, width, height].map((v) => Math.round(v)).join(',')}`;
}

/** A group's id from its members' keys: `p` and 10 hex digits of their sha256, in sorted order. */
export function groupId(keys: readonly string[]): string {
  return `p${createHash('sha256').update([...keys].sort().join('\n')).digest('hex').slice(0, 10)}`;
}

/**
 * Groups `faces` into people: complete-linkage agglomerative clustering on descriptor distance, up to
 * `maxDistance`, never joining two faces of one photo. Largest groups first, then by their first key.
 * Work grows with the pairs within reach, not with all pairs' merges: only pairs within `maxDistance` are candidates.
 */
export function groupPeople(faces: readonly PersonFace[], options: { readonly maxDistance: number } = GROUP_DEFAULTS): PeopleGroup[] {
  const keys = faces.map(faceKey);
  // A canonical order makes the result independent of the order the scan finished its photos in.
  const order = faces.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  const n = order.length;
  const members: number[][] = order.map((i) => [i]);
  // Per live cluster: the clusters it may still join, at their complete-linkage distance (the widest pair).
  const near: Map<number, number>[] = order.map(() => new Map());
  const heap = new MinHeap();
  // All pairs are compared once; most are far apart, so the sum stops as soon as it passes the threshold, on the
  // descriptors packed in one array. Measured ad hoc on this 2-core machine under load: 1 000 unmatched faces 0.6 s,
  // 5 000 about 7 s (12.5 million pairs), against minutes of detection for such a scan.
  const dims = faces[0]?.descriptor.length ?? 0;
  const packed = new Float32Array(n * dims);
  order.forEach((i, c) => packed.set(faces[i]!.descriptor.subarray(0, dims), c * dims));
  const photoIds = photoNumbers(order.map((i) => faces[i]!.photo));
  const trusted = order.map((i) => faces[i]!.trusted);
  const limit = options.maxDistance * options.maxDistance;
  for (let a = 0; a < n; a++) {
    if (!trusted[a]) continue;
    const offsetA = a * dims;
    for (let b = a + 1; b < n; b++) {
      if (photoIds[a] === photoIds[b] || !trusted[b]) continue;
      const squared = squaredWithin(packed, offsetA, b * dims, dims, limit);
      if (squared > limit) continue;
      const d = Math.sqrt(squared);
      near[a]!.set(b, d);
      near[b]!.set(a, d);
      heap.push({ d, a, b });
    }
  }
  const alive = order.map(() => true);
  for (let pair = heap.pop(); pair !== undefined; pair = heap.pop()) {
    const { d, a, b } = pair;
    // Stale: one side already joined another group, or their distance grew since (a join widened it).
    if (!alive[a] || !alive[b] || near[a]!.get(b) !== d) continue;
    alive[b] = false;
    members[a] = [...members[a]!, ...members[b]!];
    members[b] = [];
    const merged = new Map<number, number>();
    for (const [k, da] of near[a]!) {
      if (k === b) continue;
      const db = near[b]!.get(k);
      near[k]!.delete(a);
      near[k]!.delete(b);
      // Complete linkage: a cluster near only one side has a pair beyond reach (or in one photo) with the other.
      if (db === undefined) continue;
      const joined = Math.max(da, db);
      merged.set(k, joined);
      near[k]!.set(a, joined);
      heap.push({ d: joined, a: Math.min(a, k), b: Math.max(a, k) });
    }
    for (const k of near[b]!.keys()) near[k]!.delete(b);
    near[a] = merged;
    near[b] = new Map();
  }
  const groups = members
    .filter((list, c) => alive[c] && list.length > 0)
    .map((list) => {
      const sorted = [...list].sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : 0));
      return { id: groupId(sorted.map((i) => keys[i]!)), members: sorted, first: keys[sorted[0]!]! };
    });
  groups.sort((x, y) => y.members.length - x.members.length || (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  return groups.map(({ id, members: list }) => ({ id, members: list }));
}

/** The squared distance of two packed descriptors, or a number above `limit` as soon as the sum passes it. */
function squaredWithin(packed: Float32Array, a: number, b: number, dims: number, limit: number): number {
  let sum = 0;
  for (let i = 0; i < dims; i += 16) {
    const end = Math.min(dims, i + 16);
    for (let k = i; k < end; k++) {
      const d = packed[a + k]! - packed[b + k]!;
      sum += d * d;
    }
    if (sum > limit) return sum;
  }
  return sum;
}

/** Each photo as a small number, so the one-photo test in the pair loop compares integers. */
function photoNumbers(photos: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(photos, (photo) => {
    let id = ids.get(photo);
    if (id === undefined) ids.set(photo, (id = ids.size));
    return id;
  });
}

interface Pair {
  readonly d: number;
  readonly a: number;
  readonly b: number;
}

/** Closest pair first; ties by the canonical indices, so equal distances resolve the same way every run. */
class MinHeap {
  private readonly items: Pair[] = [];

  push(item: Pair): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Pair | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && less(items[l]!, items[m]!)) m = l;
        if (r < items.length && less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Pair, y: Pair): boolean {
  return x.d < y.d || (x.d === y.d && (x.a < y.a || (x.a === y.a && x.b < y.b)));
}
