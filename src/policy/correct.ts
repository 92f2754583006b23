/**
 * The "correct" step between match and decide: the teacher's corrections of one photo, found again among this
 * scan's detections by overlap, turned into the consent rules' input. Pure: no I/O.
 *
 * It only says *who or what* a face is; whether it is shown stays with the consent rules (decide.ts), so a face
 * named as a pupil is shown only with that pupil's consent in this scope, and no correction shows a face the
 * recogniser identified as a pupil without consent.
 */
import { iou, scaleBox, type Box, type Size } from '../geometry.js';
import type { AppliedCorrection, FaceCorrection, Recognition } from './types.js';

export { type AppliedCorrection, type CorrectionTag, type FaceCorrection } from './types.js';

/** One photo's corrections as the correct step needs them (the store keeps dates and learned faces beside). */
export interface PhotoCorrectionInput {
  /** The oriented size the boxes were measured on. */
  readonly imageSize: Size;
  readonly faces: readonly { readonly box: Box; readonly correction: FaceCorrection }[];
  readonly added: readonly { readonly box: Box }[];
  readonly dropped: boolean;
}

export interface CorrectedFace {
  readonly box: Box;
  readonly recognition: Recognition;
  /** Null where the teacher said nothing about this face. */
  readonly correction: AppliedCorrection | null;
}

export interface CorrectedPhoto {
  /** The detected faces in detection order, then faces only the corrections know (drawn boxes, see below). */
  readonly faces: readonly CorrectedFace[];
  /** The teacher dropped the photo. */
  readonly dropped: boolean;
}

export const CORRECT_DEFAULTS = Object.freeze({
  /**
   * A correction's box and a detection are the same face from this intersection-over-union on. Two detectors' boxes
   * of one face overlap far more (YuNet against the ground truth of ../shared/faces: median IoU above 0.7), while
   * neighbouring faces in a crowd barely touch; 0.4 finds a face again after a change of detector settings without
   * taking the neighbour.
   */
  minOverlap: 0.4 as number,
});

/**
 * Applies a photo's corrections to this scan's detections. Each correction goes to at most one face, the one it
 * overlaps most. A face with no correction keeps the recogniser's verdict. A drawn box is always a face of its own,
 * and so is an *always blur* correction whose face the detector no longer finds: the teacher said that region must
 * be anonymised, and a detector change must not undo that.
 */
export function correctFaces(
  detected: readonly { readonly box: Box }[],
  recognitions: readonly Recognition[],
  imageSize: Size,
  corrections: PhotoCorrectionInput | null,
  options: { readonly minOverlap: number } = CORRECT_DEFAULTS,
): CorrectedPhoto {
  if (recognitions.length !== detected.length) throw new Error(`${recognitions.length} recognitions for ${detected.length} faces`);
  const plain = detected.map((face, i): CorrectedFace => ({ box: face.box, recognition: recognitions[i]!, correction: null }));
  if (corrections === null) return { faces: plain, dropped: false };

  const scale = (box: Box): Box => scaleBox(box, corrections.imageSize, imageSize);
  const marks = corrections.faces.map((mark) => ({ box: scale(mark.box), correction: mark.correction }));
  const pairs = pairByOverlap(marks.map((m) => m.box), detected.map((d) => d.box), options.minOverlap);
  const faces = plain.map((face, i) => {
    const mark = pairs.byDetection[i];
    return mark === undefined || mark === null ? face : { ...face, correction: marks[mark]!.correction };
  });
  const lostBlurs = marks.filter((mark, index) => pairs.byMark[index] === null && mark.correction.kind === 'blur');
  const extra: CorrectedFace[] = [
    ...lostBlurs.map((mark): CorrectedFace => ({ box: mark.box, recognition: { kind: 'unknown', distance: null }, correction: mark.correction })),
    ...corrections.added.map((added): CorrectedFace => ({ box: scale(added.box), recognition: { kind: 'unknown', distance: null }, correction: { kind: 'added' } })),
  ];
  return { faces: [...faces, ...extra], dropped: corrections.dropped };
}

/**
 * One-to-one pairs of marks and detections, best overlap first, each at least `minOverlap`.
 * @returns per detection the mark's index (or null), and per mark the detection's index (or null).
 */
export function pairByOverlap(
  marks: readonly Box[],
  detections: readonly Box[],
  minOverlap: number,
): { byDetection: (number | null)[]; byMark: (number | null)[] } {
  const candidates: { mark: number; detection: number; iou: number }[] = [];
  marks.forEach((mark, m) =>
    detections.forEach((detection, d) => {
      const share = iou(mark, detection);
      if (share >= minOverlap) candidates.push({ mark: m, detection: d, iou: share });
    }),
  );
  candidates.sort((a, b) => b.iou - a.iou || a.mark - b.mark || a.detection - b.detection);
  const byDetection: (number | null)[] = detections.map(() => null);
  const byMark: (number | null)[] = marks.map(() => null);
  for (const { mark, detection } of candidates) {
    if (byMark[mark] !== null || byDetection[detection] !== null) continue;
    byMark[mark] = detection;
    byDetection[detection] = mark;
  }
  return { byDetection, byMark };
}
