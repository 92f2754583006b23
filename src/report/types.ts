import type { Box, Size } from '../geometry.js';
import type { ChangeKind } from '../history/types.js';
import type { CorrectionTag, FaceAction, FaceReason, FaceStatus, PhotoDecision, PhotoReason, Scope } from '../policy/types.js';

/** One face as report.json shows it. Field names are the published schema: keep them stable. */
export interface FaceRecord {
  /** In the source photo's oriented pixel coordinates. */
  readonly box: Box;
  /** Pupil id, or null when nobody was identified. For `uncertain` the nearest pupil is named. */
  readonly pupil: string | null;
  readonly distance: number | null;
  readonly status: FaceStatus;
  readonly action: FaceAction;
  /** Why, as data; report.json words it into the photo's `reasons` lines (src/report/reasons.ts). */
  readonly reason: FaceReason;
  /** The teacher's correction that applied to this face (`added`: a box the teacher drew), else null. */
  readonly correction: CorrectionTag | null;
  /**
   * The person this face was grouped with (src/people/): set on faces no pupil was matched to and nobody named, the
   * same id for the same faces in every run; null on the others. Optional only for records built before grouping.
   */
  readonly group?: string | null;
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
  /** Why the decision was taken, as data; worded by src/report/reasons.ts. */
  readonly why: PhotoReason;
  /** The error message for `error` photos, else null. */
  readonly error: string | null;
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

export interface ScanSummary {
  readonly photos: number;
  readonly publish: number;
  readonly anonymised: number;
  readonly dropped: number;
  readonly review: number;
  readonly error: number;
  readonly faces: number;
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
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  readonly summary: ScanSummary;
  /**
   * One entry per photo whose published file changed since the last scan into the same folders (empty for a first
   * scan). Optional only for reports built elsewhere; a scan always writes it.
   */
  readonly changes?: readonly ChangeRecord[];
  readonly photos: readonly PhotoRecord[];
}
