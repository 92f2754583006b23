/** What the review page shows, in one JSON document: the report with names added, and the corrections waiting for Apply. */
import { iou, type Box } from '../geometry.js';
import { CORRECT_DEFAULTS, type CorrectionTag } from '../policy/correct.js';
import type { FaceAction, FaceStatus, PhotoDecision } from '../policy/types.js';
import type { Lang } from '../i18n/lang.js';
import { DECISION_ORDER } from '../report/text.js';
import type { PhotoCorrections } from '../store/corrections.js';
import type { CorrectionOutcome, ReviewPhoto, ReviewState, WaitingCorrection } from './api.js';
import { reviewLabels } from './labels.js';
import { photoReasons } from './reasons.js';
import type { ReviewSession } from './session.js';

/**
 * @param lang the page's language (the review command's), the reasons' too, whatever language the scan ran in (a
 * batch scan under LANG=C, reviewed by a Dutch teacher).
 */
export async function reviewState(session: ReviewSession, lang: Lang): Promise<ReviewState> {
  const report = session.report();
  const names = new Map(session.roster.pupils.map((pupil) => [pupil.id, pupil.name]));
  const rank = (decision: PhotoDecision): number => DECISION_ORDER.indexOf(decision);
  const correctionsOf = await session.correctionsLookup();
  const photos = await Promise.all(
    report.photos.map(async (photo, index): Promise<ReviewPhoto> => {
      // A corrections file that cannot be read stops the page (the server says why), never shows "nothing pending".
      const stored = photo.imageSize === null ? null : await correctionsOf(index);
      const pending = pendingOf(stored, photo.faces as readonly ReportedFace[], names, Date.parse(report.startedAt));
      const reasons = photoReasons(photo, names, report.options.lang, lang);
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
          reasons: reasons.faces[i] ?? [],
          waiting: waitingFor(pending, face.box),
          outcome: outcomeOf(face, pending),
        })),
        reasons: reasons.photo,
        output: photo.output,
        review: photo.review,
        error: photo.error,
        hasThumb: photo.decision !== 'error',
        pending,
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
    labels: reviewLabels(lang),
  };
}

type ReportedFace = {
  readonly box: Box;
  readonly pupil: string | null;
  readonly status: FaceStatus;
  readonly action: FaceAction;
  readonly correction?: CorrectionTag | null;
};

/** The stored correction not yet applied that is about this face: the same overlap rule the scan pairs them by. */
function waitingFor(pending: ReviewPhoto['pending'], box: Box): WaitingCorrection | null {
  const mark = pending.faces.find((m) => !m.applied && iou(m.box, box) >= CORRECT_DEFAULTS.minOverlap);
  return mark === undefined ? null : { correction: mark.correction, pupil: mark.pupil, name: mark.name };
}

/**
 * What the last scan made of the teacher's correction of `face`: the report shows a correction that decided the face;
 * one the consent rules overruled is not in it, but is stored from before the scan (pendingOf).
 */
function outcomeOf(face: ReportedFace, pending: ReviewPhoto['pending']): CorrectionOutcome | null {
  const tag = face.correction ?? null;
  if (tag !== null) {
    const result = face.action === 'kept' ? 'shown' : tag === 'pupil' && face.status === 'not-consented' ? 'no-consent' : 'anonymised';
    return { correction: tag, result };
  }
  const overruled = pending.faces.find((mark) => mark.overruled && iou(mark.box, face.box) >= CORRECT_DEFAULTS.minOverlap);
  return overruled === undefined ? null : { correction: overruled.correction, result: 'overruled' };
}

/**
 * Each stored correction, and whether the last scan (started at `scanned`, ms) has seen it: it shows it, or the
 * correction was made before the scan and the face it is about does not show it, which only the consent rules do (a
 * pupil the recogniser is sure of, without consent here: src/policy/decide.ts). Such a correction is not waiting for
 * Apply: the next Apply would overrule it again.
 */
function pendingOf(stored: PhotoCorrections | null, faces: readonly ReportedFace[], names: ReadonlyMap<string, string>, scanned: number): ReviewPhoto['pending'] {
  if (stored === null) return { faces: [], added: [], dropped: false };
  const shows = (box: Box, tag: CorrectionTag, pupil: string | null): boolean =>
    faces.some((face) => face.correction === tag && (pupil === null || face.pupil === pupil) && iou(face.box, box) >= CORRECT_DEFAULTS.minOverlap);
  const seenByScan = (at: string): boolean => Date.parse(at) < scanned;
  return {
    faces: stored.faces.map((mark) => {
      const pupil = mark.correction.kind === 'pupil' ? mark.correction.pupilId : null;
      const shown = shows(mark.box, mark.correction.kind, pupil);
      const overruled =
        !shown && seenByScan(mark.at) && faces.some((face) => (face.correction ?? null) === null && face.status === 'not-consented' && iou(face.box, mark.box) >= CORRECT_DEFAULTS.minOverlap);
      return {
        box: mark.box,
        correction: mark.correction.kind,
        pupil,
        name: pupil === null ? null : (names.get(pupil) ?? null),
        applied: shown || overruled,
        overruled,
      };
    }),
    added: stored.added.map((added, index) => ({ box: added.box, index, applied: shows(added.box, 'added', null) })),
    dropped: stored.droppedAt !== null,
  };
}
