/**
 * Who each track is, with the photo rules (src/faces/match.ts, unchanged): the same threshold and margin, and each
 * pupil at most once per frame. Pure.
 */
import { matchFaces, meanDescriptor } from '../faces/match.js';
import type { MatchOptions, Template } from '../faces/engine-types.js';
import type { Descriptor } from '../faces/types.js';
import type { Recognition } from '../policy/types.js';

/** What recognition needs of a track: its span and its best descriptors (empty: never large enough to describe). */
export interface TrackFaces {
  readonly id: number;
  readonly first: number;
  readonly last: number;
  readonly descriptors: readonly Descriptor[];
}

/** How sure a recognition is, for keeping the least sure of several: identified < uncertain < unknown < too-small. */
const DOUBT: Record<Recognition['kind'], number> = { identified: 0, uncertain: 1, unknown: 2, 'too-small': 3 };

/**
 * One recognition per track, in the order given.
 * - A track's face is the mean of its best descriptors; if any one of them alone would identify a different pupil
 *   than the mean, the track is `uncertain` (its best views disagree).
 * - Tracks on screen together are matched jointly, as the faces of one photo are, for every set of tracks that shares
 *   a frame; a track keeps the least sure answer it got in any of them. So a pupil is identified at most once on any
 *   frame, and a track that loses its pupil to another in some frame is `uncertain`, never its second best.
 */
export function recogniseTracks(tracks: readonly TrackFaces[], templates: readonly Template[], options: MatchOptions): Recognition[] {
  const faces = tracks.map((t) => (t.descriptors.length === 0 ? null : meanDescriptor(t.descriptors)));
  const results: (Recognition | null)[] = tracks.map(() => null);
  const keep = (i: number, r: Recognition): void => {
    const old = results[i];
    if (old == null || DOUBT[r.kind] > DOUBT[old.kind]) results[i] = r;
    else if (old.kind === 'identified' && r.kind === 'identified' && old.pupilId !== r.pupilId) results[i] = { kind: 'uncertain', pupilId: old.pupilId, distance: old.distance };
  };
  for (const group of coPresent(tracks)) {
    const recognised = matchFaces(group.map((i) => faces[i]!), templates, options);
    group.forEach((i, k) => keep(i, recognised[k]!));
  }
  tracks.forEach((t, i) => {
    const r = results[i]!;
    if (r.kind !== 'identified' || t.descriptors.length < 2) return;
    for (const d of t.descriptors) {
      const [alone] = matchFaces([d], templates, options);
      if (alone?.kind === 'identified' && alone.pupilId !== r.pupilId) {
        results[i] = { kind: 'uncertain', pupilId: r.pupilId, distance: r.distance };
        return;
      }
    }
  });
  return results.map((r) => r!);
}

/** Every distinct set of tracks that are on screen together on some frame (each track is in at least one). */
export function coPresent(tracks: readonly TrackFaces[]): number[][] {
  const events = [...new Set(tracks.flatMap((t) => [t.first, t.last + 1]))].sort((a, b) => a - b);
  const seen = new Set<string>();
  const groups: number[][] = [];
  for (const frame of events) {
    const group = tracks.flatMap((t, i) => (t.first <= frame && frame <= t.last ? [i] : []));
    const key = group.join(',');
    if (group.length === 0 || seen.has(key)) continue;
    seen.add(key);
    groups.push(group);
  }
  return groups;
}
