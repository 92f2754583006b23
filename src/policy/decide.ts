/**
 * The consent rules: given what recognition said about each face of one photo, the roster's answers and the
 * publication scope, decide per face whether it may be shown and per photo whether it is published, anonymised,
 * dropped or sent to a person for review. Pure: no I/O, no clock, no randomness — a reviewer reads it in one
 * sitting and the tests check it as a truth table.
 */
import type { Box, Size } from '../geometry.js';
import { consentOf, mayShow, sameClass, type PupilConsent } from './consent.js';
import type {
  ActionPolicy,
  ConsentPurpose,
  AppliedCorrection,
  FaceAction,
  FaceFinding,
  FaceOutcome,
  FaceReason,
  FaceStatus,
  PhotoDecision,
  PhotoReason,
  Recognition,
  Scope,
  StrangerOption,
  StrangerPolicy,
  UnsureWhy,
} from './types.js';

export type { PupilConsent } from './consent.js';
export { sameClass } from './consent.js';

export interface PolicyOptions {
  readonly scope: Scope;
  /** Required for scope 'group' (the CLI enforces it); compared case-insensitively and ignoring spaces. */
  readonly className: string | null;
  /**
   * The school's own purpose the photos are for (`--purpose`): a pupil then needs exactly that answer instead of every
   * purpose of the scope; `scope` must be the purpose's scope (see purposeTarget). Absent or null: the whole scope.
   */
  readonly purpose?: ConsentPurpose | null;
  /** What happens to a photo showing a face that may not be published: anonymise that face, or drop the photo. Default 'blur'. */
  readonly action: ActionPolicy;
  /** Unknown faces (not any enrolled pupil: parents, staff, visitors). Default 'blur' = treat as not consented. */
  readonly unknown: StrangerPolicy;
  /** Faces too small to identify. Default 'blur'. */
  readonly small: StrangerPolicy;
  /** Drop (rather than anonymise) a photo whose main subject would have to be anonymised: a blurred portrait is no photo worth sharing. Default false. */
  readonly dropMainSubject: boolean;
  /** A face is the main subject when its box height is at least this share of the photo's shorter side. Default 0.25. */
  readonly mainSubjectShare: number;
}

export interface FaceInput {
  readonly recognition: Recognition;
  readonly box: Box;
  /** What the teacher said about this face (src/policy/correct.ts); absent or null when nothing. */
  readonly correction?: AppliedCorrection | null;
}

/** What the teacher said about the photo as a whole. */
export interface PhotoInput {
  readonly dropped: boolean;
  /** It resembles a photo she corrected, whose corrections could not be applied here (src/policy/same-photo.ts). */
  readonly unsure?: UnsureWhy | null;
}

export interface FaceVerdict {
  readonly status: FaceStatus;
  /** What happens (or, in a dropped or review photo, would happen) to this face. */
  readonly action: FaceAction;
  /** The identified pupil, or for `uncertain` the nearest one; null otherwise. */
  readonly pupil: string | null;
  readonly distance: number | null;
  /** Why, as data; src/report/ words it. */
  readonly reason: FaceReason;
}

export interface PhotoVerdict {
  readonly decision: Exclude<PhotoDecision, 'error'>;
  /** Same order as the input faces. */
  readonly faces: readonly FaceVerdict[];
  readonly reason: PhotoReason;
}

export const POLICY_DEFAULTS: Readonly<Omit<PolicyOptions, 'scope' | 'className' | 'purpose'>> = Object.freeze({
  // One blurred child still leaves a photo worth sharing; dropping is for schools that want no edited photos.
  action: 'blur',
  // The school cannot vouch for parents, staff or passers-by (domain.md), so they are treated like a child without consent.
  unknown: 'blur',
  // A face too small for the recogniser can still be recognised by people who know the child; blurring it costs little.
  small: 'blur',
  // An anonymised photo is already safe; whether a blurred close-up is still worth sharing is the teacher's call in the report.
  dropMainSubject: false,
  // A face a quarter of the short side high is a head-and-shoulders close-up. Measured on the ground-truth boxes of
  // ../shared/faces/boxes.csv: in the 9 photos with 6+ faces the largest face is 0.06–0.17 of the short side; in the
  // 5 photos of 2–3 people it is 0.19–0.29. So a group photo never counts, a close-up of one or two people may.
  mainSubjectShare: 0.25,
});

/**
 * What a face's recognition means for this target. An identified pupil is `consented` only with a yes for exactly the
 * consents the target needs (src/policy/consent.ts, which `recheck` uses as well); a pupil missing from the roster
 * (left the school) has no answer, so no consent.
 */
export function faceStatus(
  recognition: Recognition,
  pupils: ReadonlyMap<string, PupilConsent>,
  scope: Scope,
  className: string | null,
  purpose: ConsentPurpose | null = null,
): FaceStatus {
  switch (recognition.kind) {
    case 'identified':
      return mayShow(pupils, recognition.pupilId, { scope, className, purpose }).shown ? 'consented' : 'not-consented';
    case 'uncertain':
      return 'uncertain';
    case 'unknown':
      return 'unknown';
    case 'too-small':
      return 'too-small';
    default:
      return assertNever(recognition);
  }
}

/**
 * Decides one photo. `imageSize` is the size the face boxes were measured on. The teacher's corrections (`correction`
 * per face, `photo.dropped`) say who or what a face is; the rules below still decide whether it is shown.
 */
export function decidePhoto(
  faces: readonly FaceInput[],
  imageSize: Size,
  pupils: ReadonlyMap<string, PupilConsent>,
  options: PolicyOptions,
  photo: PhotoInput = { dropped: false },
): PhotoVerdict {
  const shortSide = Math.min(imageSize.width, imageSize.height);
  const judged = faces.map((face) => judgeFace(face, face.box.height >= options.mainSubjectShare * shortSide, pupils, options));
  if (photo.dropped) return { decision: 'dropped', faces: judged, reason: { kind: 'dropped-by-you' } };
  // What she said about the photo it resembles may hide a face here: a person looks before anything is published.
  if (photo.unsure != null) return { decision: 'review', faces: judged, reason: { kind: 'resembles-corrected', why: photo.unsure } };
  return { decision: photoDecision(judged), faces: judged, reason: photoReason(judged) };
}

function judgeFace(face: FaceInput, isMainSubject: boolean, pupils: ReadonlyMap<string, PupilConsent>, options: PolicyOptions): FaceVerdict {
  const status = faceStatus(face.recognition, pupils, options.scope, options.className, options.purpose ?? null);
  const outcome = faceOutcome(status, isMainSubject, options);
  const recognised: FaceVerdict = {
    status,
    action: actionOf(outcome),
    pupil: pupilOf(face.recognition),
    distance: distanceOf(face.recognition),
    reason: { finding: findingOf(face.recognition, pupils, options), outcome },
  };
  const correction = face.correction ?? null;
  if (correction === null) return recognised;
  const corrected = correctedFace(correction, recognised, isMainSubject, pupils, options);
  // The recogniser is sure this is a pupil without consent here: no correction shows them (a wrong "not a face" or a
  // mix-up of names must not publish a child). The face stays as the recogniser decided it.
  if (corrected.action === 'kept' && face.recognition.kind === 'identified' && status === 'not-consented') {
    return { ...recognised, reason: { ...recognised.reason, correction: { said: correction.kind, overruled: true } } };
  }
  return corrected;
}

/** A face as the teacher's correction has it. */
function correctedFace(
  correction: AppliedCorrection,
  recognised: FaceVerdict,
  isMainSubject: boolean,
  pupils: ReadonlyMap<string, PupilConsent>,
  options: PolicyOptions,
): FaceVerdict {
  const note = { said: correction.kind, overruled: false };
  switch (correction.kind) {
    case 'pupil': {
      // Named by the teacher: judged exactly as if the recogniser had identified this pupil.
      const named: Recognition = { kind: 'identified', pupilId: correction.pupilId, distance: 0 };
      const status = faceStatus(named, pupils, options.scope, options.className, options.purpose ?? null);
      const outcome = faceOutcome(status, isMainSubject, options);
      return { status, action: actionOf(outcome), pupil: correction.pupilId, distance: null, reason: { finding: findingOf(named, pupils, options), outcome, correction: note } };
    }
    case 'not-a-pupil':
    case 'added': {
      // Someone the school cannot vouch for, as `--unknown` says; a drawn box is always anonymised.
      const outcome = correction.kind === 'added' ? notShown(isMainSubject, options) : faceOutcome('unknown', isMainSubject, options);
      return { status: 'unknown', action: actionOf(outcome), pupil: null, distance: null, reason: { finding: { kind: 'unknown' }, outcome, correction: note } };
    }
    case 'blur': {
      const outcome = notShown(isMainSubject, options);
      return { ...recognised, action: actionOf(outcome), reason: { ...recognised.reason, outcome, correction: note } };
    }
    case 'not-a-face':
      return { ...recognised, action: 'kept', reason: { ...recognised.reason, outcome: { kind: 'kept' }, correction: note } };
    default:
      return assertNever(correction);
  }
}

/**
 * "May this pupil be shown here": a yes for every consent this target needs of them. The rule itself is
 * policy/consent.ts's `mayShow`, which `recheck` uses too.
 */
export function mayBeShown(pupil: PupilConsent, scope: Scope, className: string | null, purpose: ConsentPurpose | null = null): boolean {
  return mayShow(new Map([['', pupil]]), '', { scope, className, purpose }).shown;
}

function faceOutcome(status: FaceStatus, isMainSubject: boolean, options: PolicyOptions): FaceOutcome {
  switch (status) {
    case 'consented':
      return { kind: 'kept' };
    case 'not-consented':
      return notShown(isMainSubject, options);
    case 'uncertain':
      // Could be a child without consent; when strangers go to a person, so does a face the recogniser is unsure of.
      if (options.unknown === 'review') return { kind: 'photo-to-review', because: 'unknown' };
      return notShown(isMainSubject, options);
    case 'unknown':
      return stranger(options.unknown, 'unknown', isMainSubject, options);
    case 'too-small':
      return stranger(options.small, 'small', isMainSubject, options);
    default:
      return assertNever(status);
  }
}

/** A face that may not be shown: anonymised, unless the options say the whole photo goes. */
function notShown(isMainSubject: boolean, options: PolicyOptions): FaceOutcome {
  switch (options.action) {
    case 'drop':
      return { kind: 'photo-dropped', because: 'action' };
    case 'blur':
      if (options.dropMainSubject && isMainSubject) return { kind: 'photo-dropped', because: 'main-subject' };
      return { kind: 'anonymised' };
    default:
      return assertNever(options.action);
  }
}

function stranger(policy: StrangerPolicy, option: StrangerOption, isMainSubject: boolean, options: PolicyOptions): FaceOutcome {
  switch (policy) {
    case 'blur':
      return notShown(isMainSubject, options);
    case 'drop':
      return { kind: 'photo-dropped', because: option };
    case 'keep':
      return { kind: 'kept-by-option', option };
    case 'review':
      return { kind: 'photo-to-review', because: option };
    default:
      return assertNever(policy);
  }
}

/** Only a face that may be shown is kept; in a dropped or review photo a face is what would happen to it. */
export function actionOf(outcome: FaceOutcome): FaceAction {
  return outcome.kind === 'kept' || outcome.kind === 'kept-by-option' ? 'kept' : 'anonymised';
}

/** Review beats drop beats anonymise beats publish: the most cautious thing any face asks for wins. */
function photoDecision(faces: readonly FaceVerdict[]): PhotoVerdict['decision'] {
  const kinds = faces.map((face) => face.reason.outcome.kind);
  if (kinds.includes('photo-to-review')) return 'review';
  if (kinds.includes('photo-dropped')) return 'dropped';
  if (faces.some((face) => face.action === 'anonymised')) return 'anonymised';
  return 'publish';
}

function photoReason(faces: readonly FaceVerdict[]): PhotoReason {
  const numbers = (kind: FaceOutcome['kind']): number[] => faces.flatMap((face, index) => (face.reason.outcome.kind === kind ? [index + 1] : []));
  const decision = photoDecision(faces);
  switch (decision) {
    case 'review':
      return { kind: 'review', faces: numbers('photo-to-review') };
    case 'dropped':
      return { kind: 'dropped', faces: numbers('photo-dropped') };
    case 'anonymised':
      return { kind: 'anonymised' };
    case 'publish':
      return { kind: 'publish', faces: faces.length };
    default:
      return assertNever(decision);
  }
}

/** Who the consent rules took a face for, and which consents that made count. */
function findingOf(recognition: Recognition, pupils: ReadonlyMap<string, PupilConsent>, options: PolicyOptions): FaceFinding {
  switch (recognition.kind) {
    case 'identified': {
      const pupil = consentOf(pupils, recognition.pupilId);
      const verdict = mayShow(pupils, recognition.pupilId, { scope: options.scope, className: options.className, purpose: options.purpose ?? null });
      if (pupil === undefined || (!verdict.shown && verdict.why === 'not-on-roster')) return { kind: 'not-on-roster', pupil: recognition.pupilId };
      const group = options.scope === 'group' && options.className !== null
        ? { pupilClass: pupil.className, targetClass: options.className, inTarget: sameClass(pupil.className, options.className) }
        : null;
      return verdict.shown
        ? { kind: 'consent', pupil: recognition.pupilId, consents: verdict.needed, group }
        : { kind: 'no-consent', pupil: recognition.pupilId, missing: verdict.missing, group };
    }
    case 'uncertain':
      return { kind: 'uncertain', nearest: recognition.pupilId, distance: recognition.distance };
    case 'unknown':
      return { kind: 'unknown' };
    case 'too-small':
      return { kind: 'too-small' };
    default:
      return assertNever(recognition);
  }
}

function pupilOf(recognition: Recognition): string | null {
  return recognition.kind === 'identified' || recognition.kind === 'uncertain' ? recognition.pupilId : null;
}

function distanceOf(recognition: Recognition): number | null {
  return recognition.kind === 'too-small' ? null : recognition.distance;
}

/** A switch that forgets a member of a union fails to compile here. */
function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
