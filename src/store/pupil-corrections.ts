/**
 * SEAM(review): the teacher's corrections and learned faces that name a pupil, for `show` and `forget`.
 *
 * The `review` branch keeps them in `.privacy-filter/corrections.json` through src/store/corrections.ts, which exports
 * `correctionsNaming(store, pupilId)` and `forgetPupilCorrections(store, pupilId)`. Until that module is merged this
 * seam finds none; once it is there, it is loaded and used as is. After the merge, replace the dynamic import below
 * with a static `import { correctionsNaming, forgetPupilCorrections } from './corrections.js'`.
 */
import type { Store } from './store.js';

/** One correction naming the pupil: the photo (content hash), when, and whether it keeps a learned face. */
export interface CorrectionNaming {
  readonly photo: string;
  readonly at: string;
  readonly learnedFace: boolean;
}

interface CorrectionsModule {
  correctionsNaming(store: Store, pupilId: string): Promise<{ corrections: readonly CorrectionNaming[] }>;
  forgetPupilCorrections(store: Store, pupilId: string): Promise<number>;
}

// A variable, so that the compiler does not insist on a module another branch brings.
const CORRECTIONS_MODULE = './corrections.js';

async function correctionsModule(): Promise<CorrectionsModule | null> {
  let loaded: Partial<CorrectionsModule>;
  try {
    loaded = (await import(CORRECTIONS_MODULE)) as Partial<CorrectionsModule>;
  } catch (caught) {
    // Only "there is no such module" means there are no corrections; any other failure is a bug and must show.
    const code = (caught as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((caught as Error).message).includes('corrections.js')) return null;
    throw caught;
  }
  if (typeof loaded.correctionsNaming !== 'function' || typeof loaded.forgetPupilCorrections !== 'function') {
    throw new Error('src/store/corrections.ts does not export correctionsNaming and forgetPupilCorrections');
  }
  return loaded as CorrectionsModule;
}

export async function correctionsNaming(store: Store, pupilId: string): Promise<readonly CorrectionNaming[]> {
  const module = await correctionsModule();
  return module === null ? [] : (await module.correctionsNaming(store, pupilId)).corrections;
}

/** @returns how many corrections were removed (with them the learned faces). */
export async function forgetPupilCorrections(store: Store, pupilId: string): Promise<number> {
  const module = await correctionsModule();
  return module === null ? 0 : module.forgetPupilCorrections(store, pupilId);
}
