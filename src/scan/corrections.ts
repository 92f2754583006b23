/**
 * What the teacher said, for a scan: her corrections, which apply in every scan of their photos whatever the scope,
 * and the faces she named, which join the enrolled templates (SCAN_DEFAULTS.learnedFaces; checkLearned keeps out faces
 * the portraits contradict).
 */
import { describerSettingsKey } from '../faces/describer.js';
import type { MatchOptions, Template } from '../faces/engine-types.js';
import { checkLearned } from '../faces/learned.js';
import type { Fingerprint } from '../images/fingerprint.js';
import type { KnownPhoto } from '../policy/same-photo.js';
import { addFingerprints, knownPhotos, learnedTemplates, readCorrections, withLearned, type Corrections } from '../store/corrections.js';
import type { Store } from '../store/store.js';
import { SCAN_DEFAULTS } from './defaults.js';

export interface TeacherSaid {
  /** The enrolled templates with the faces the teacher named. */
  readonly templates: readonly Template[];
  readonly corrections: ReadonlyMap<string, KnownPhoto>;
  /** Corrected photos without a fingerprint yet (stores from before fingerprints). */
  readonly unfingerprinted: number;
  /** Faces learned from the teacher's corrections that joined the templates, and those checkLearned left out. */
  readonly learned: { readonly faces: number; readonly leftOut: number };
}

/** The store's corrections; none without a store. @throws UserError when the document is damaged. */
export async function loadCorrections(store: Store | null): Promise<Corrections> {
  return store != null ? await readCorrections(store) : new Map();
}

export function teacherSaid(corrections: Corrections, enrolled: readonly Template[], match: MatchOptions): TeacherSaid {
  const named = SCAN_DEFAULTS.learnedFaces ? learnedTemplates(corrections, describerSettingsKey()) : [];
  const { accepted, rejected } = checkLearned(enrolled, named, match);
  return {
    templates: withLearned(enrolled, accepted),
    corrections: knownPhotos(corrections),
    unfingerprinted: [...corrections.values()].filter((photo) => photo.fingerprint === null).length,
    learned: { faces: accepted.reduce((n, t) => n + t.descriptors.length, 0), leftOut: rejected },
  };
}

/** Corrections from before fingerprints get theirs from this scan, so they follow the photo's copies from now on. */
export async function fingerprintCorrections(store: Store | null, taught: TeacherSaid, fingerprints: () => Promise<Map<string, Fingerprint>>): Promise<void> {
  if (store != null && taught.unfingerprinted > 0) await addFingerprints(store, await fingerprints());
}
