/**
 * The teacher's corrections and learned faces that name a pupil, for `show` and `forget` (src/store/rights.ts); they
 * live in src/store/corrections.ts.
 */
import { correctionsNaming as namingOf, forgetPupilCorrections as forgetOf } from './corrections.js';
import type { Store } from './store.js';

/** One correction naming the pupil: the photo (content hash), when, and whether it keeps a learned face. */
export interface CorrectionNaming {
  readonly photo: string;
  readonly at: string;
  readonly learnedFace: boolean;
}

export async function correctionsNaming(store: Store, pupilId: string): Promise<readonly CorrectionNaming[]> {
  return (await namingOf(store, pupilId)).corrections;
}

/** @returns how many corrections were removed (with them the learned faces). */
export function forgetPupilCorrections(store: Store, pupilId: string): Promise<number> {
  return forgetOf(store, pupilId);
}
