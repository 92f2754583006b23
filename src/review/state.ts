/** What the review page shows, in one JSON document: the report with names added, and the corrections waiting for Apply. */
import type { Box, Size } from '../geometry.js';
import { CORRECT_DEFAULTS, overlap, type CorrectionTag } from '../policy/correct.js';
import type { FaceAction, FaceStatus, PhotoDecision, Scope } from '../policy/types.js';
import { pupilLabel } from '../report/reasons.js';
import { DECISION_ORDER } from '../report/text.js';
import type { ScanSummary } from '../report/types.js';
import type { PhotoCorrections } from '../store/corrections.js';
import type { ReviewSession } from './session.js';

export interface ReviewFace {
  readonly box: Box;
  readonly pupil: string | null;
  readonly name: string | null;
  readonly status: FaceStatus;
  readonly action: FaceAction;
  readonly correction: CorrectionTag | null;
  /** The people group of a face nobody was matched to or named (report.json's `group`), for the People view; else null. */
  readonly group: string | null;
  readonly reasons: readonly string[];
}

export interface ReviewPhoto {
  /** The photo's place in report.json: how the page names it to the server. */
  readonly index: number;
  readonly source: string;
  readonly decision: PhotoDecision;
  readonly imageSize: Size | null;
  readonly faces: readonly ReviewFace[];
  readonly reasons: readonly string[];
  readonly output: string | null;
  readonly review: string | null;
  readonly error: string | null;
  readonly hasThumb: boolean;
  /** Stored corrections, as they will apply at the next scan. */
  readonly pending: {
    readonly faces: readonly {
      readonly box: Box;
      readonly correction: CorrectionTag;
      readonly pupil: string | null;
      readonly name: string | null;
      /** The report already shows it (the scan ran since). */
      readonly applied: boolean;
    }[];
    /** `index` is the box's place in the store, for undo-added. */
    readonly added: readonly { readonly box: Box; readonly index: number; readonly applied: boolean }[];
    readonly dropped: boolean;
  };
}

export interface ReviewState {
  readonly scope: Scope;
  readonly className: string | null;
  readonly startedAt: string;
  readonly summary: ScanSummary;
  readonly photos: readonly ReviewPhoto[];
  /** Everyone on the roster, for the search box: siblings and namesakes are told apart by class. */
  readonly pupils: readonly { readonly id: string; readonly name: string; readonly className: string }[];
}

export async function reviewState(session: ReviewSession): Promise<ReviewState> {
  const report = session.report();
  const names = new Map(session.roster.pupils.map((pupil) => [pupil.id, pupil.name]));
  const rank = (decision: PhotoDecision): number => DECISION_ORDER.indexOf(decision);
  const photos = await Promise.all(
    report.photos.map(async (photo, index): Promise<ReviewPhoto> => {
      const stored = photo.imageSize === null ? null : await session.corrections(index).catch(() => null);
      return {
        index,
        source: photo.source,
        decision: photo.decision,
        imageSize: photo.imageSize,
        faces: photo.faces.map((face, i) => ({
          box: face.box,
          pupil: face.pupil,
          name: face.pupil === null ? null : (names.get(face.pupil) ?? null),
          status: face.status,
          action: face.action,
          correction: face.correction ?? null,
          group: face.group ?? null,
          reasons: faceReasons(photo.reasons, i).map((line) => withNames(line, names)),
        })),
        reasons: photo.reasons.filter((line) => !/^face \d+: /u.test(line)).map((line) => withNames(line, names)),
        output: photo.output,
        review: photo.review,
        error: photo.error,
        hasThumb: photo.decision !== 'error',
        pending: pendingOf(stored, photo.faces as readonly ReportedFace[], names),
      };
    }),
  );
  photos.sort((a, b) => rank(a.decision) - rank(b.decision) || a.index - b.index);
  return {
    scope: report.scope,
    className: report.className,
    startedAt: report.startedAt,
    summary: report.summary,
    photos,
    pupils: session.roster.pupils.map((pupil) => ({ id: pupil.id, name: pupil.name, className: pupil.className })),
  };
}

type ReportedFace = { readonly box: Box; readonly pupil: string | null; readonly correction?: CorrectionTag | null };

/** Each stored correction, and whether the report (the last scan) already shows it. */
/** report.json words pupils as "pupil <id>"; the page, like report.html, adds the name. */
function withNames(line: string, names: ReadonlyMap<string, string>): string {
  return line.replace(/\bpupil ([^\s,;:()]+)/gu, (whole, id: string) => (names.has(id) ? pupilLabel(id, names) : whole));
}

function faceReasons(reasons: readonly string[], index: number): string[] {
  const prefix = `face ${index + 1}: `;
  return reasons.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
}

function pendingOf(stored: PhotoCorrections | null, faces: readonly ReportedFace[], names: ReadonlyMap<string, string>): ReviewPhoto['pending'] {
  if (stored === null) return { faces: [], added: [], dropped: false };
  const shows = (box: Box, tag: CorrectionTag, pupil: string | null): boolean =>
    faces.some((face) => face.correction === tag && (pupil === null || face.pupil === pupil) && overlap(face.box, box) >= CORRECT_DEFAULTS.minOverlap);
  return {
    faces: stored.faces.map((mark) => {
      const pupil = mark.correction.kind === 'pupil' ? mark.correction.pupilId : null;
      return {
        box: mark.box,
        correction: mark.correction.kind,
        pupil,
        name: pupil === null ? null : (names.get(pupil) ?? null),
        applied: shows(mark.box, mark.correction.kind, pupil),
      };
    }),
    added: stored.added.map((added, index) => ({ box: added.box, index, applied: shows(added.box, 'added', null) })),
    dropped: stored.droppedAt !== null,
  };
}
