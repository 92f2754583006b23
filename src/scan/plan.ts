/** What one target's photos are scanned with: everything checked and resolved, from the prepared scan. Pure. */
import type { MatchOptions, Template } from '../faces/engine-types.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import type { PolicyOptions, PupilConsent } from '../policy/decide.js';
import type { KnownPhoto } from '../policy/same-photo.js';
import { pupilsOf } from '../roster/lookups.js';
import { SCAN_DEFAULTS } from './defaults.js';
import type { ScanFolders } from './folders.js';
import type { PreparedScan, PreparedTarget } from './prepare.js';
import { matchOptionsFor } from './setup.js';
import type { Lang } from '../i18n/lang.js';

/** Everything a scan of one target needs, checked and resolved before it starts. */
export interface ScanPlan {
  readonly folders: ScanFolders;
  /** Photos relative to the input folder, sorted. */
  readonly sources: readonly string[];
  /** Enrolled pupils, with the faces learned from the teacher's corrections. */
  readonly templates: readonly Template[];
  /**
   * The teacher's corrections by the content hash of the photo she corrected (empty without a store), with its
   * fingerprint: applied before the consent rules to that photo and its copies (src/policy/same-photo.ts).
   */
  readonly corrections?: ReadonlyMap<string, KnownPhoto>;
  readonly pupils: ReadonlyMap<string, PupilConsent>;
  readonly policy: PolicyOptions;
  readonly match: MatchOptions;
  readonly style: AnonymiseStyle;
  readonly quality: number;
  /** Photos in flight at once. */
  readonly jobs: number;
  /** Clips relative to the input folder, sorted; filtered after the photos (src/scan/clips.ts, through AfterPhotos). */
  readonly clips?: readonly string[];
  /** Published clips carry no sound. */
  readonly mute?: boolean;
  /** The report's language, for the errors its records carry; English when not given. */
  readonly lang?: Lang;
}

export function planFor(prepared: Pick<PreparedScan, 'request' | 'roster' | 'sources' | 'clips' | 'taught'>, target: PreparedTarget): ScanPlan {
  const { request, taught } = prepared;
  return {
    folders: target.folders,
    sources: prepared.sources,
    templates: taught.templates,
    corrections: taught.corrections,
    pupils: pupilsOf(prepared.roster),
    policy: {
      scope: target.target.scope,
      className: target.target.className,
      purpose: target.target.purpose ?? null,
      action: request.action,
      unknown: request.unknown,
      small: request.small,
      dropMainSubject: request.dropPortraits,
      mainSubjectShare: SCAN_DEFAULTS.mainSubjectShare,
    },
    match: matchOptionsFor(request.threshold),
    style: request.style,
    quality: request.quality,
    lang: request.lang,
    // One photo more than workers in flight per worker: while a worker finds faces in the next photo, this thread
    // writes the last one.
    jobs: request.jobs * 2,
    clips: prepared.clips,
    mute: request.mute,
  };
}
