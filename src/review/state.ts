/** What the review page shows, in one JSON document: the report with names added, and the corrections waiting for Apply. */
import { iou, type Box } from '../geometry.js';
import { CORRECT_DEFAULTS, type CorrectionTag } from '../policy/correct.js';
import type { PhotoDecision } from '../policy/types.js';
import type { Lang } from '../i18n/lang.js';
import { splitReasonLines, withNames } from '../report/reasons.js';
import { DECISION_ORDER } from '../report/text.js';
import type { PhotoCorrections } from '../store/corrections.js';
import type { ReviewPhoto, ReviewState, WaitingCorrection } from './api.js';
import { reviewLabels } from './labels.js';
import type { ReviewSession } from './session.js';

/**
 * @param lang the page's language (the review command's). The reasons are report.json's, in the language the scan
 * wrote them in, which is the same unless the teacher chose another for the review.
 */
export async function reviewState(session: ReviewSession, lang: Lang): Promise<ReviewState> {
  const report = session.report();
  const written = report.options.lang;
  const names = new Map(session.roster.pupils.map((pupil) => [pupil.id, pupil.name]));
  const rank = (decision: PhotoDecision): number => DECISION_ORDER.indexOf(decision);
  const photos = await Promise.all(
    report.photos.map(async (photo, index): Promise<ReviewPhoto> => {
      // A corrections file that cannot be read stops the page (the server says why), never shows "nothing pending".
      const stored = photo.imageSize === null ? null : await session.corrections(index);
      const pending = pendingOf(stored, photo.faces as readonly ReportedFace[], names);
      const reasons = splitReasonLines(photo.reasons, written);
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
          reasons: (reasons.faces.get(i + 1) ?? []).map((line) => withNames(line, names, written)),
          waiting: waitingFor(pending, face.box),
        })),
        reasons: reasons.photo.map((line) => withNames(line, names, written)),
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

type ReportedFace = { readonly box: Box; readonly pupil: string | null; readonly correction?: CorrectionTag | null };

/** The stored correction not yet applied that is about this face: the same overlap rule the scan pairs them by. */
function waitingFor(pending: ReviewPhoto['pending'], box: Box): WaitingCorrection | null {
  const mark = pending.faces.find((m) => !m.applied && iou(m.box, box) >= CORRECT_DEFAULTS.minOverlap);
  return mark === undefined ? null : { correction: mark.correction, pupil: mark.pupil, name: mark.name };
}

/** Each stored correction, and whether the report (the last scan) already shows it. */
function pendingOf(stored: PhotoCorrections | null, faces: readonly ReportedFace[], names: ReadonlyMap<string, string>): ReviewPhoto['pending'] {
  if (stored === null) return { faces: [], added: [], dropped: false };
  const shows = (box: Box, tag: CorrectionTag, pupil: string | null): boolean =>
    faces.some((face) => face.correction === tag && (pupil === null || face.pupil === pupil) && iou(face.box, box) >= CORRECT_DEFAULTS.minOverlap);
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
