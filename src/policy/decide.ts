/**
 * The consent rules: given what recognition said about each face of one photo, the roster's answers and the
 * publication scope, decide per face whether it may be shown and per photo whether it is published, anonymised,
 * dropped or sent to a person for review. Pure: no I/O, no clock, no randomness — a reviewer reads it in one
 * sitting and the tests check it as a truth table.
 */
import type { Box, Size } from '../geometry.js';
import type {
  ActionPolicy,
  Consent,
  FaceAction,
  FaceStatus,
  PhotoDecision,
  Recognition,
  Scope,
  StrangerPolicy,
} from './types.js';

export interface PupilConsent {
  readonly className: string;
  readonly consent: Consent;
}

export interface PolicyOptions {
  readonly scope: Scope;
  /** Required for scope 'group' (the CLI enforces it); compared case-insensitively and ignoring spaces. */
  readonly className: string | null;
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
}

export interface FaceVerdict {
  readonly status: FaceStatus;
  /** What happens (or, in a dropped or review photo, would happen) to this face. */
  readonly action: FaceAction;
  /** The identified pupil, or for `uncertain` the nearest one; null otherwise. */
  readonly pupil: string | null;
  readonly distance: number | null;
  /** One line in plain words, pupil ids as `pupil <id>` so the report can add the name. */
  readonly reason: string;
}

export interface PhotoVerdict {
  readonly decision: Exclude<PhotoDecision, 'error'>;
  /** Same order as the input faces. */
  readonly faces: readonly FaceVerdict[];
  /** The decision first, then one line per face ("face 1: ..."). */
  readonly reasons: readonly string[];
}

export const POLICY_DEFAULTS: Readonly<Omit<PolicyOptions, 'scope' | 'className'>> = Object.freeze({
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

/** Where a face leaves the photo: nothing special, or it forces the whole photo to be dropped or reviewed. */
type PhotoEffect = 'none' | 'drop' | 'review';

/**
 * What a face's recognition means for this scope. An identified pupil is `consented` only with a yes for exactly the
 * consent purpose this scope needs; a pupil missing from the roster (left the school) has no answer, so no consent.
 */
export function faceStatus(
  recognition: Recognition,
  pupils: ReadonlyMap<string, PupilConsent>,
  scope: Scope,
  className: string | null,
): FaceStatus {
  switch (recognition.kind) {
    case 'identified': {
      const pupil = pupils.get(recognition.pupilId);
      if (pupil === undefined) return 'not-consented';
      return neededConsents(pupil, scope, className).every((needed) => pupil.consent[needed]) ? 'consented' : 'not-consented';
    }
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

/** Decides one photo. `imageSize` is the size the face boxes were measured on. */
export function decidePhoto(
  faces: readonly FaceInput[],
  imageSize: Size,
  pupils: ReadonlyMap<string, PupilConsent>,
  options: PolicyOptions,
): PhotoVerdict {
  const shortSide = Math.min(imageSize.width, imageSize.height);
  const judged = faces.map((face) => {
    const status = faceStatus(face.recognition, pupils, options.scope, options.className);
    const isMainSubject = face.box.height >= options.mainSubjectShare * shortSide;
    const outcome = faceOutcome(status, isMainSubject, options);
    const verdict: FaceVerdict = {
      status,
      action: outcome.action,
      pupil: pupilOf(face.recognition),
      distance: distanceOf(face.recognition),
      reason: `${describeFace(face.recognition, status, pupils, options)} — ${outcome.why}`,
    };
    return { verdict, effect: outcome.effect };
  });

  const decision = photoDecision(judged.map((j) => j.verdict.action), judged.map((j) => j.effect));
  const reasons = [
    decisionReason(decision, judged.map((j) => j.effect), faces.length),
    ...judged.map((j, index) => `face ${index + 1}: ${j.verdict.reason}`),
  ];
  return { decision, faces: judged.map((j) => j.verdict), reasons };
}

/**
 * Which consent purposes a pupil needs for this scope. Under `group` a pupil of the target class needs group consent;
 * a pupil of another class is shown beyond their own group and needs internal consent. With no target class known
 * (the CLI should have refused that) either could apply, so both are needed.
 */
function neededConsents(pupil: PupilConsent, scope: Scope, className: string | null): readonly Scope[] {
  switch (scope) {
    case 'internal':
    case 'public':
      return [scope];
    case 'group':
      if (className === null) return ['group', 'internal'];
      return sameClass(pupil.className, className) ? ['group'] : ['internal'];
    default:
      return assertNever(scope);
  }
}

/** "5B", "5b" and " 5 b" are the same group; exports and command lines spell them differently. */
export function sameClass(a: string, b: string): boolean {
  const norm = (s: string): string => s.normalize('NFC').replace(/\s+/gu, '').toLocaleLowerCase('nl');
  return norm(a) === norm(b);
}

interface FaceOutcome {
  readonly action: FaceAction;
  readonly effect: PhotoEffect;
  /** The second half of the face's reason: what happens and why. */
  readonly why: string;
}

function faceOutcome(status: FaceStatus, isMainSubject: boolean, options: PolicyOptions): FaceOutcome {
  switch (status) {
    case 'consented':
      return { action: 'kept', effect: 'none', why: 'kept' };
    case 'not-consented':
      return notShown(isMainSubject, options);
    case 'uncertain':
      // Could be a child without consent; when strangers go to a person, so does a face the recogniser is unsure of.
      if (options.unknown === 'review') return { action: 'anonymised', effect: 'review', why: 'photo to review (unknown faces go to review)' };
      return notShown(isMainSubject, options);
    case 'unknown':
      return stranger(options.unknown, 'unknown faces', isMainSubject, options);
    case 'too-small':
      return stranger(options.small, 'small faces', isMainSubject, options);
    default:
      return assertNever(status);
  }
}

/** A face that may not be shown: anonymised, unless the options say the whole photo goes. */
function notShown(isMainSubject: boolean, options: PolicyOptions): FaceOutcome {
  switch (options.action) {
    case 'drop':
      return { action: 'anonymised', effect: 'drop', why: 'photo dropped (photos with a face that may not be shown are dropped)' };
    case 'blur':
      if (options.dropMainSubject && isMainSubject) {
        return { action: 'anonymised', effect: 'drop', why: 'photo dropped (this face is the main subject, and photos whose main subject must be anonymised are dropped)' };
      }
      return { action: 'anonymised', effect: 'none', why: 'anonymised' };
    default:
      return assertNever(options.action);
  }
}

function stranger(policy: StrangerPolicy, what: string, isMainSubject: boolean, options: PolicyOptions): FaceOutcome {
  switch (policy) {
    case 'blur':
      return notShown(isMainSubject, options);
    case 'drop':
      return { action: 'anonymised', effect: 'drop', why: `photo dropped (photos with ${what} are dropped)` };
    case 'keep':
      return { action: 'kept', effect: 'none', why: `kept (${what} are kept)` };
    case 'review':
      return { action: 'anonymised', effect: 'review', why: `photo to review (${what} go to review)` };
    default:
      return assertNever(policy);
  }
}

/** Review beats drop beats anonymise beats publish: the most cautious thing any face asks for wins. */
function photoDecision(actions: readonly FaceAction[], effects: readonly PhotoEffect[]): PhotoVerdict['decision'] {
  if (effects.includes('review')) return 'review';
  if (effects.includes('drop')) return 'dropped';
  if (actions.includes('anonymised')) return 'anonymised';
  return 'publish';
}

function decisionReason(decision: PhotoVerdict['decision'], effects: readonly PhotoEffect[], faceCount: number): string {
  const which = (effect: PhotoEffect): string =>
    effects.flatMap((e, index) => (e === effect ? [String(index + 1)] : [])).join(', ');
  switch (decision) {
    case 'review':
      return `to review: a person must look at face ${which('review')}`;
    case 'dropped':
      return `dropped because of face ${which('drop')}`;
    case 'anonymised':
      return 'published with faces anonymised';
    case 'publish':
      return faceCount === 0 ? 'published: no faces found' : 'published: every face may be shown';
    default:
      return assertNever(decision);
  }
}

/** The first half of a face's reason: who it is and whether they may be shown in this scope. */
function describeFace(recognition: Recognition, status: FaceStatus, pupils: ReadonlyMap<string, PupilConsent>, options: PolicyOptions): string {
  switch (recognition.kind) {
    case 'identified': {
      const pupil = pupils.get(recognition.pupilId);
      const who = `pupil ${recognition.pupilId}`;
      if (pupil === undefined) return `${who} is not in the roster (left the school?), so has no consent`;
      const needed = neededConsents(pupil, options.scope, options.className);
      const missing = needed.filter((scope) => !pupil.consent[scope]);
      const context = options.scope === 'group' && options.className !== null
        ? needed[0] === 'group' ? ` (class ${pupil.className}, the target group)` : ` (class ${pupil.className}, not ${options.className})`
        : '';
      return status === 'consented'
        ? `${who}${context} has consent for ${needed.join(' and ')}`
        : `${who}${context} has no consent for ${missing.join(' and ')}`;
    }
    case 'uncertain':
      return `not sure who this is (nearest: pupil ${recognition.pupilId}, distance ${recognition.distance.toFixed(3)}), so treated as without consent`;
    case 'unknown':
      return 'unknown person (not an enrolled pupil)';
    case 'too-small':
      return 'face too small to recognise';
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
