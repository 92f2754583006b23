/**
 * Every default of `init` and `scan` in one place, each with the reason it is the default. Commander's option
 * defaults read from here, so the help text and the behaviour cannot drift apart.
 */
import { ENGINE_DEFAULTS } from '../engine/defaults.js';
import { MATCH_DEFAULTS } from '../faces/match.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import { WRITE_DEFAULTS } from '../images/write.js';
import { POLICY_DEFAULTS } from '../policy/decide.js';
import type { ActionPolicy, StrangerPolicy } from '../policy/types.js';
import type { VideoChoice } from '../report/types.js';

export interface ScanDefaults {
  readonly action: ActionPolicy;
  readonly unknown: StrangerPolicy;
  readonly small: StrangerPolicy;
  readonly dropMainSubject: boolean;
  readonly mainSubjectShare: number;
  readonly threshold: number;
  readonly style: AnonymiseStyle;
  readonly quality: number;
  readonly jobs: number;
  readonly cache: boolean;
  readonly videos: VideoChoice;
  readonly mute: boolean;
  readonly learnedFaces: boolean;
  readonly progressEveryPhotos: number;
  readonly progressEverySeconds: number;
}

/**
 * `--threshold` bounds. 0.6 is face-api's operating point for adults; beyond it strangers are accepted by the percent
 * (docs/accuracy.md: 3.6 % at 0.55 on adults already), and children's faces lie closer together than adults'.
 */
export const MIN_THRESHOLD = 0.1;
export const MAX_THRESHOLD = 0.6;

export const SCAN_DEFAULTS: ScanDefaults = Object.freeze({
  // The consent rules' own defaults (src/policy/decide.ts explains each): blur, treat strangers and tiny faces as not consented.
  action: POLICY_DEFAULTS.action,
  unknown: POLICY_DEFAULTS.unknown,
  small: POLICY_DEFAULTS.small,
  dropMainSubject: POLICY_DEFAULTS.dropMainSubject,
  mainSubjectShare: POLICY_DEFAULTS.mainSubjectShare,
  // Chosen by measurement on children's faces (src/faces/match.ts); --threshold only tightens or loosens identification.
  threshold: MATCH_DEFAULTS.threshold,
  // Coarse blocks cannot be undone (unlike a light gaussian blur) and still read as "someone was here" in the photo.
  style: 'pixelate',
  // The encoder's own default: visually lossless for phone photos at a fraction of the size.
  quality: WRITE_DEFAULTS.quality,
  // One face-engine worker per core (see src/engine/defaults.ts); each holds one photo at a time, so memory stays bounded.
  jobs: ENGINE_DEFAULTS.workers,
  // A rerun after a consent change only re-decides: detecting and describing the same photo again gives the same answer.
  cache: true,
  // Parents send clips beside photos; a folder is only done when they are filtered too (issue 23).
  videos: 'filter',
  // The sound is part of the clip as it was shared; --mute is for clips where speech names a child.
  mute: false,
  // A face the teacher named in review joins that pupil's templates. Measured with `npm run eval` (learned faces, 23
  // adults of ../shared/faces): probes identified 75.8 % from portraits only, 84.7 % with one confirmed face per person
  // (87.6 % with three), none wrongly, strangers accepted 0/193 either way, closest stranger 0.493 either way.
  learnedFaces: true,
  // Without a terminal (a log file, CI), a line every so often shows the scan is alive without flooding the log.
  progressEveryPhotos: 25,
  progressEverySeconds: 10,
});
