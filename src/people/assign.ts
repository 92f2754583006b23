/**
 * Which faces of a scan are grouped into people, and each one's `group` in the report. Pure: the scan hands over
 * its records and the descriptors it had per photo.
 */
import type { Descriptor } from '../faces/types.js';
import type { FaceRecord, PhotoRecord } from '../report/types.js';
import { GROUP_DEFAULTS, groupPeople, type PersonFace } from './groups.js';
import { QUALITY_DEFAULTS, trustedFace } from './quality.js';

/** What the scan knew of a photo's detected faces: its content hash and a descriptor per detection (null: too small). */
export interface PhotoFaces {
  readonly hash: string;
  /** In detection order, the order of the record's first faces (drawn boxes come after, without descriptors). */
  readonly descriptors: readonly (Descriptor | null)[];
  /**
   * The detector's score of each, in the same order (a clip's track: the lowest of the views its descriptor is the
   * mean of). Only faces scoring `QUALITY_DEFAULTS.minScore` join other faces (src/people/quality.ts); a missing
   * score counts as too low.
   */
  readonly scores: readonly number[];
}

/**
 * The faces the teacher still has to decide about: after the consent rules, no pupil was matched to them (unknown,
 * uncertain) and nobody said who they are. A face named (a pupil, not a pupil, blur) leaves its group.
 */
export function needsAPerson(face: Pick<FaceRecord, 'status' | 'correction'>): boolean {
  return (face.status === 'unknown' || face.status === 'uncertain') && face.correction === null;
}

/**
 * The records with `group` set on every face that needs a person and has a descriptor (null on the others). A face
 * the detector was not sure of gets a group of its own: it can be named, but never with anyone else.
 * `faces` is keyed by the record's `source`; a photo without an entry takes part with no faces.
 */
export function withPeopleGroups(
  photos: readonly PhotoRecord[],
  faces: ReadonlyMap<string, PhotoFaces>,
  options: { readonly maxDistance: number; readonly minScore: number } = { ...GROUP_DEFAULTS, ...QUALITY_DEFAULTS },
): PhotoRecord[] {
  const candidates: PersonFace[] = [];
  const places: { photo: number; face: number }[] = [];
  photos.forEach((record, p) => {
    const known = faces.get(record.source);
    if (known === undefined) return;
    record.faces.forEach((face, f) => {
      const descriptor = known.descriptors[f];
      if (descriptor == null || !needsAPerson(face)) return;
      const score = known.scores[f];
      candidates.push({ photo: known.hash, box: face.box, descriptor, trusted: score !== undefined && trustedFace(score, options) });
      places.push({ photo: p, face: f });
    });
  });
  const groupOf = new Map<string, string>();
  for (const group of groupPeople(candidates, options)) {
    for (const member of group.members) groupOf.set(`${places[member]!.photo}/${places[member]!.face}`, group.id);
  }
  return photos.map((record, p) => ({
    ...record,
    faces: record.faces.map((face, f) => ({ ...face, group: groupOf.get(`${p}/${f}`) ?? null })),
  }));
}
