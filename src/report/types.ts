import type { Box, Size } from '../geometry.js';
import type { ChangeKind } from '../history/types.js';
import type { Lang } from '../i18n/lang.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import type { ActionPolicy, CorrectionTag, FaceAction, FaceReason, FaceStatus, PhotoDecision, PhotoReason, Scope, StrangerPolicy } from '../policy/types.js';

/** One face as report.json shows it. Field names are the published schema: keep them stable. */
export interface FaceRecord {
  /** In the source photo's oriented pixel coordinates. */
  readonly box: Box;
  /** Pupil id, or null when nobody was identified. For `uncertain` the nearest pupil is named. */
  readonly pupil: string | null;
  readonly distance: number | null;
  readonly status: FaceStatus;
  readonly action: FaceAction;
  /** Why, as data; report.json holds it as it is and also words it into the photo's `reasons` lines (src/report/reasons.ts). */
  readonly reason: FaceReason;
  /** The teacher's correction that applied to this face (`added`: a box the teacher drew), else null. */
  readonly correction: CorrectionTag | null;
  /**
   * The person this face was grouped with (src/people/): set on faces no pupil was matched to and nobody named, the
   * same id for the same faces in every run; null on the others. Optional only for records built before grouping.
   */
  readonly group?: string | null;
  /** For a clip's face, the track through time it stands for; absent for a photo's. */
  readonly track?: TrackSpan;
}

/** A clip's face through time: `box` is its best view, on frame `frame`, and the track hides it from `from` to `to`. */
export interface TrackSpan {
  /** The frame (0 = first) of the best view, the one `box` is on and the report's thumbnail shows. */
  readonly frame: number;
  /** Seconds from the clip's start to that frame. */
  readonly at: number;
  /** Seconds from the clip's start to the first frame the track covers, and to the end of its last. */
  readonly from: number;
  readonly to: number;
  /** Frames the track covers, and how many of them the detector saw it on. */
  readonly frames: number;
  readonly detections: number;
}

/** What a clip is, as the report shows it beside its tracks. */
export interface ClipFacts {
  /** Seconds. */
  readonly duration: number;
  readonly frames: number;
  readonly fps: number;
  /** What the published copy carries: the sound as it was, none (`--mute`), or the clip had none. */
  readonly sound: 'kept' | 'muted' | 'none';
}

export interface PhotoRecord {
  /** Path relative to the input folder, with forward slashes. */
  readonly source: string;
  readonly decision: PhotoDecision;
  /** Path relative to the output folder, or null when nothing was published. */
  readonly output: string | null;
  /** Path relative to the review folder for `review` photos, else null. */
  readonly review: string | null;
  /** Null for an unreadable photo. */
  readonly imageSize: Size | null;
  readonly faces: readonly FaceRecord[];
  /** Why the decision was taken, as data (so in report.json too); worded by src/report/reasons.ts. */
  readonly why: PhotoReason;
  /** The error message for `error` photos, else null. */
  readonly error: string | null;
  /**
   * 'video' for a clip, whose `faces` are its tracks (each with `track`) and `imageSize` its frames' upright size;
   * absent for a photo.
   */
  readonly kind?: 'video';
  /** For a clip that could be read; absent otherwise. */
  readonly clip?: ClipFacts;
}

/** One change as report.json lists it. */
export interface ChangeRecord {
  readonly source: string;
  readonly output: string;
  readonly change: ChangeKind;
  /** Plain words, naming the pupils. */
  readonly reason: string;
  readonly pupils: readonly string[];
  readonly publishedAt: string | null;
}

/** Why a file under the input folder was not processed. Worded by src/report/reasons.ts. */
export type SkipReason =
  /** Links are not followed: a link out of the folder, or a loop, must not pull in other photos. */
  | 'symbolic-link'
  /** A video in a format the clip pipeline does not take (.mts, .wmv, .mpg…). */
  | 'video'
  /** A clip left out by `--videos skip`. */
  | 'videos-skipped'
  /** Another kind of file (a document, a RAW file, an unknown type). */
  | 'not-a-photo'
  /** A file or folder whose name starts with a dot (system files such as .DS_Store); a hidden folder is not looked into. */
  | 'hidden'
  /** A folder that could not be opened (no permission): what is inside is unknown. */
  | 'unreadable';

/** A file (or folder) under the input that the scan did not process, and why. */
export interface SkippedFile {
  /** Path relative to the input folder, with forward slashes; a folder ends in `/`. */
  readonly file: string;
  readonly reason: SkipReason;
}

export interface ScanSummary {
  /** Photos (clips not counted: see `clips`). */
  readonly photos: number;
  /** Clips. Optional only for reports from before clips were filtered. */
  readonly clips?: number;
  readonly publish: number;
  readonly anonymised: number;
  readonly dropped: number;
  readonly review: number;
  readonly error: number;
  readonly faces: number;
  /** Files under the input that were not processed (`ScanReport.skipped`). Optional only for reports built elsewhere. */
  readonly skipped?: number;
}

export interface ScanReport {
  readonly tool: { readonly name: 'privacy-filter'; readonly version: string };
  readonly scope: Scope;
  /** Target class for scope `group`, else null. */
  readonly className: string | null;
  /** The school's own purpose the scan was for (`--purpose`, its header as written), or null for the whole scope. */
  readonly purpose?: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Absolute paths. */
  readonly input: string;
  readonly output: string;
  readonly reviewDir: string;
  readonly backend: string;
  /** True when the scan was stopped (Ctrl-C): `photos` then lists only the photos done. */
  readonly interrupted: boolean;
  readonly options: ReportOptions;
  readonly summary: ScanSummary;
  /**
   * One entry per photo whose published file changed since the last scan into the same folders (empty for a first
   * scan). Optional only for reports built elsewhere; a scan always writes it.
   */
  readonly changes?: readonly ChangeRecord[];
  /**
   * Every file under the input that was not processed, with why, so that the report accounts for the whole folder.
   * Optional only for reports built elsewhere; a scan always writes it.
   */
  readonly skipped?: readonly SkippedFile[];
  readonly photos: readonly PhotoRecord[];
}

/**
 * How the scan was run, besides its target (scope, class, purpose) and folders: the scan writes it into report.json,
 * review's Apply repeats the scan from it (src/review/rerun.ts says how each field goes back on the command line),
 * and src/report/decode.ts reads it back. Field names are the published schema.
 */
export interface ScanRunOptions extends ScanChoices {
  /** The distance the scan identified pupils up to: `--threshold`, else the default. */
  readonly threshold: number;
  /** Where `uncertain` ends: follows from the threshold (src/scan/setup.ts matchOptionsFor). */
  readonly uncertainBelow: number;
  /** How much nearer the best pupil must be than the runner-up: the matcher's own, not an option. */
  readonly margin: number;
  /** The roster file the scan read (absolute): `--roster`'s, else the one from init. */
  readonly roster: string;
  /** The roster file when `--roster` chose it, else null (init's roster is found again by Apply itself). */
  readonly rosterOption: string | null;
  /** `--column` specs, one a line, or null when none was given. */
  readonly columnOption: string | null;
  /** `--portraits` (absolute), or null for the faces from init. */
  readonly portraits: string | null;
}

/** The scan's choices that its request and its report hold alike (src/scan/prepare.ts ScanRequest). */
export interface ScanChoices {
  readonly action: ActionPolicy;
  readonly unknown: StrangerPolicy;
  readonly small: StrangerPolicy;
  readonly dropPortraits: boolean;
  readonly style: AnonymiseStyle;
  readonly quality: number;
  readonly jobs: number;
  readonly cache: boolean;
  /** `--videos`: filter the clips of the folder like its photos, or leave them out (listed as skipped). */
  readonly videos: VideoChoice;
  /** `--mute`: published clips carry no sound (speech can name a child). */
  readonly mute: boolean;
  /**
   * The language the reports are written in (the command's: `--lang`, else the system's). Apply reruns the scan in it,
   * so a Dutch report stays Dutch; reports from before languages read as English, which they are.
   */
  readonly lang: Lang;
}

/** What `scan --videos` does with the clips of the folder. */
export const VIDEO_CHOICES = ['filter', 'skip'] as const;
export type VideoChoice = (typeof VIDEO_CHOICES)[number];

/** What the scan counted, for the summary and the tests. */
export interface ScanRunCounts {
  readonly enrolledPupils: number;
  readonly learnedFaces: number;
  readonly learnedFacesLeftOut: number;
  readonly correctedPhotos: number;
  readonly fromCache: number;
  readonly fromEarlierTarget: number;
  readonly analysed: number;
  readonly keptFromLastRun: number;
  readonly copiedFromOtherScans: number;
}

/** report.json's `options`: one flat object, as it always was. */
export type ReportOptions = ScanRunOptions & ScanRunCounts;
