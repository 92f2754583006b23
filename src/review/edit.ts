/**
 * One correction the teacher makes — from the review page or `privacy-filter correct` — checked against the photo
 * as the report shows it and folded into that photo's stored corrections. Pure: the caller reads and writes the store.
 */
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';

const E = msg.review.edit;
import { iou, type Box, type Size } from '../geometry.js';
import { CORRECT_DEFAULTS, type CorrectionTag, type FaceCorrection } from '../policy/correct.js';
import type { LearnedFace, PhotoCorrections } from '../store/corrections.js';

export type Edit =
  /** Face `face` (1-based, as numbered in report.json) is …. */
  | { readonly kind: 'face'; readonly face: number; readonly correction: FaceCorrection }
  /** A face the detector missed, in the photo's oriented pixels. */
  | { readonly kind: 'add-box'; readonly box: Box }
  | { readonly kind: 'drop' }
  | { readonly kind: 'undrop' }
  /** Takes back the correction of face `face` (a drawn box listed in the report: removes the box). */
  | { readonly kind: 'undo'; readonly face: number }
  /** Removes the `index`-th (0-based) drawn box not yet in a report (the page lists them until Apply). */
  | { readonly kind: 'undo-added'; readonly index: number };

/** The photo as the report shows it. */
export interface EditTarget {
  /** For messages: the photo's path as the user knows it. */
  readonly photo: string;
  readonly imageSize: Size;
  readonly faces: readonly { readonly box: Box; readonly correction?: CorrectionTag | null }[];
}

export interface EditContext {
  /** Pupil ids of today's roster: naming anyone else is refused. */
  readonly pupils: ReadonlySet<string>;
  readonly now: string;
  /** The face's descriptor for a `pupil` correction, when the scan had one. */
  readonly learned: LearnedFace | null;
}

export const EDIT_LIMITS = Object.freeze({
  /** A drawn box smaller than this (px, each side) is a slip of the mouse, not a face. */
  minBoxSide: 4,
});

/**
 * @returns the photo's corrections with `edit` applied.
 * @throws UserError when the edit names a face the photo does not have, an unknown pupil, or a box outside the photo.
 */
export function applyEdit(photo: PhotoCorrections, target: EditTarget, edit: Edit, context: EditContext): PhotoCorrections {
  switch (edit.kind) {
    case 'face': {
      const face = faceOf(target, edit.face);
      if (face.correction === 'added') {
        throw new UserError(E.drawnBox(String(edit.face), target.photo), { hint: E.drawnBoxHint(String(edit.face)) });
      }
      if (edit.correction.kind === 'pupil' && !context.pupils.has(edit.correction.pupilId)) {
        throw new UserError(E.noPupil(edit.correction.pupilId), { hint: E.noPupilHint });
      }
      const rest = withoutMarkAt(photo, face.box);
      const learned = edit.correction.kind === 'pupil' ? context.learned : null;
      return { ...rest, faces: [...rest.faces, { box: face.box, correction: edit.correction, at: context.now, learned }] };
    }
    case 'add-box': {
      checkBox(edit.box, target);
      return { ...photo, added: [...photo.added, { box: edit.box, at: context.now }] };
    }
    case 'drop':
      return { ...photo, droppedAt: photo.droppedAt ?? context.now };
    case 'undrop':
      return { ...photo, droppedAt: null };
    case 'undo': {
      const face = faceOf(target, edit.face);
      if (face.correction === 'added') {
        const index = bestOverlap(photo.added.map((a) => a.box), face.box);
        if (index === null) throw nothingToUndo(target, edit.face);
        return { ...photo, added: photo.added.filter((_, i) => i !== index) };
      }
      const index = bestOverlap(photo.faces.map((m) => m.box), face.box);
      if (index === null) throw nothingToUndo(target, edit.face);
      return { ...photo, faces: photo.faces.filter((_, i) => i !== index) };
    }
    case 'undo-added': {
      if (!Number.isInteger(edit.index) || edit.index < 0 || edit.index >= photo.added.length) {
        throw new UserError(E.noDrawnBox(target.photo, String(edit.index + 1)), { hint: E.reload });
      }
      return { ...photo, added: photo.added.filter((_, i) => i !== edit.index) };
    }
    default:
      return assertNever(edit);
  }
}

function faceOf(target: EditTarget, face: number): EditTarget['faces'][number] {
  const found = Number.isInteger(face) && face >= 1 ? target.faces[face - 1] : undefined;
  if (found === undefined) {
    const n = target.faces.length;
    const message = n === 0 ? E.noFaceNone(target.photo, String(face)) : n === 1 ? E.noFaceOne(target.photo, String(face)) : E.noFaceMany(target.photo, String(face), String(n));
    throw new UserError(message, { hint: n === 0 ? E.noFaceNoneHint : E.noFaceHint });
  }
  return found;
}

/** A correction already about this face is replaced, not stacked: the last word counts. */
function withoutMarkAt(photo: PhotoCorrections, box: Box): PhotoCorrections {
  const index = bestOverlap(photo.faces.map((m) => m.box), box);
  return index === null ? photo : { ...photo, faces: photo.faces.filter((_, i) => i !== index) };
}

function bestOverlap(boxes: readonly Box[], box: Box): number | null {
  let best: number | null = null;
  let bestIou: number = CORRECT_DEFAULTS.minOverlap;
  boxes.forEach((candidate, i) => {
    const share = iou(candidate, box);
    if (share >= bestIou) {
      best = i;
      bestIou = share;
    }
  });
  return best;
}

function checkBox(box: Box, target: EditTarget): void {
  const { width: w, height: h } = target.imageSize;
  const values = [box.x, box.y, box.width, box.height];
  const inside = values.every((v) => Number.isFinite(v)) && box.x >= 0 && box.y >= 0 && box.x + box.width <= w && box.y + box.height <= h;
  if (!inside) {
    throw new UserError(E.boxOutside(values.join(','), target.photo, String(w), String(h)), { hint: E.boxOutsideHint });
  }
  if (box.width < EDIT_LIMITS.minBoxSide || box.height < EDIT_LIMITS.minBoxSide) {
    throw new UserError(E.boxTooSmall(values.join(','), String(EDIT_LIMITS.minBoxSide)), { hint: E.boxTooSmallHint });
  }
}

function nothingToUndo(target: EditTarget, face: number): UserError {
  return new UserError(E.nothingToUndo(String(face), target.photo), { hint: E.nothingToUndoHint });
}

function assertNever(value: never): never {
  throw new Error(`unhandled edit ${JSON.stringify(value)}`);
}

// ---------- naming a people group at once ----------

/** What a whole group can be named: a pupil, not a pupil, always blur (a group of posters is rare; name those one by one). */
export type GroupCorrection = Exclude<FaceCorrection, { readonly kind: 'not-a-face' }>;

/** A face of the report: photo `photo` (0-based, its place in report.json) and face `face` (1-based, as numbered there). */
export interface FaceRef {
  readonly photo: number;
  readonly face: number;
}

/** Names every face of people group `group` (report.json's `group`) at once, except the faces taken out first. */
export interface GroupEdit {
  readonly group: string;
  readonly correction: GroupCorrection;
  readonly except: readonly FaceRef[];
}

/**
 * The faces a group edit names: every face the report puts in the group, minus those taken out. Each then becomes an
 * ordinary face edit (`{ kind: 'face' }`), so a face named with its group is remembered, applied and overruled exactly
 * like one named alone.
 * @throws UserError when the report has no such group, a face taken out is not in it, every face is taken out, or
 * the pupil is not in the roster: nothing may be stored then.
 */
export function groupFaces(
  photos: readonly { readonly source: string; readonly faces: readonly { readonly group?: string | null }[] }[],
  edit: GroupEdit,
  pupils: ReadonlySet<string>,
): FaceRef[] {
  const members: FaceRef[] = [];
  photos.forEach((photo, p) => photo.faces.forEach((face, f) => face.group === edit.group && members.push({ photo: p, face: f + 1 })));
  if (members.length === 0) {
    throw new UserError(E.noGroup(edit.group), { hint: E.noGroupHint });
  }
  const key = (ref: FaceRef): string => `${ref.photo}/${ref.face}`;
  const inGroup = new Set(members.map(key));
  for (const out of edit.except) {
    if (!inGroup.has(key(out))) {
      const source = photos[out.photo]?.source;
      const face = String(out.face);
      const message = source === undefined ? E.notInGroupNumber(face, String(out.photo + 1), edit.group) : E.notInGroup(face, source, edit.group);
      throw new UserError(message, { hint: E.reload });
    }
  }
  const taken = new Set(edit.except.map(key));
  const named = members.filter((ref) => !taken.has(key(ref)));
  if (named.length === 0) throw new UserError(E.allTakenOut(edit.group), { hint: E.allTakenOutHint });
  if (edit.correction.kind === 'pupil' && !pupils.has(edit.correction.pupilId)) {
    throw new UserError(E.noPupil(edit.correction.pupilId), { hint: E.noPupilGroupHint });
  }
  return named;
}
