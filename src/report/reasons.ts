/**
 * The one place where the consent rules' structured reasons become sentences. The rules keep pupils as ids (no
 * personal data in the decision); here the teacher's report adds the names: "Sem de Vries (pupil 1234)".
 */
import { needLabel } from '../policy/consent.js';
import type { CorrectionTag, FaceFinding, FaceOutcome, FaceReason, PhotoReason, StrangerOption } from '../policy/types.js';
import type { SkipReason } from './types.js';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** "Sem de Vries (pupil 1234)", or "pupil 1234" when the name is not known. */
export function pupilLabel(id: string, names: ReadonlyMap<string, string> = NO_NAMES): string {
  const name = names.get(id);
  return name === undefined ? `pupil ${id}` : `${name} (pupil ${id})`;
}

/** One line per face: who it is and whether they may be shown, then what happens. */
export function faceReasonText(reason: FaceReason, names: ReadonlyMap<string, string> = NO_NAMES): string {
  const note = reason.correction;
  const finding = findingText(reason.finding, names);
  const outcome = outcomeText(reason.outcome);
  if (note === undefined) return `${finding} — ${outcome}`;
  if (note.overruled) {
    return `${finding} — ${outcome} (you said ${CORRECTION_TEXT[note.said]}, but the recogniser is sure this is a pupil without consent here, so it stays anonymised)`;
  }
  switch (note.said) {
    case 'pupil':
      return `named by you: ${finding} — ${outcome}`;
    case 'not-a-pupil':
      return `not a pupil, you said: treated as an unknown person — ${outcome}`;
    case 'blur':
      return `${finding}; you said always blur — ${outcome}`;
    case 'not-a-face':
      return `not a face, you said — ${outcome}`;
    case 'added':
      return `a face you drew (the scan had missed it) — ${outcome}`;
    default:
      return assertNever(note.said);
  }
}

/** The teacher's words for each correction, as the review page and `correct` offer them. */
export const CORRECTION_TEXT: Readonly<Record<CorrectionTag, string>> = {
  pupil: 'this is a pupil',
  'not-a-pupil': 'not a pupil',
  blur: 'always blur',
  'not-a-face': 'not a face',
  added: 'a face the scan missed',
};

export function photoReasonText(reason: PhotoReason): string {
  switch (reason.kind) {
    case 'review':
      return `to review: a person must look at face ${reason.faces.join(', ')}`;
    case 'dropped':
      return `dropped because of face ${reason.faces.join(', ')}`;
    case 'dropped-by-you':
      return 'dropped: you left this photo out';
    case 'anonymised':
      return 'published with faces anonymised';
    case 'publish':
      return reason.faces === 0 ? 'published: no faces found' : 'published: every face may be shown';
    case 'unreadable':
      return 'The photo could not be read, so it was not published.';
    case 'failed':
      return 'Something went wrong with this photo, so it was not published.';
    case 'not-removed':
      return `An earlier copy of this photo may no longer be shared but could not be removed: delete ${reason.files.join(' and ')} by hand.`;
    case 'resembles-corrected':
      return reason.why === 'resembles'
        ? 'to review: it looks like a photo you corrected, but not surely the same photo, so your corrections were not applied; correct this one too'
        : 'to review: it is a photo you corrected, but cut, turned or mirrored, so your corrections do not fit it; correct this one too';
    default:
      return assertNever(reason);
  }
}

/** Why a file under the input was not processed, and what that leaves to the teacher. */
export function skipReasonText(reason: SkipReason): string {
  switch (reason) {
    case 'symbolic-link':
      return 'a link to a file elsewhere: links are not followed, so it was not checked and not copied. Copy the photo itself into the folder to scan it';
    case 'video':
      return 'a video in a format this tool does not filter, so it was not checked and not copied. Do not share it without looking at every child in it, or save it from the phone as .mp4 and scan again';
    case 'videos-skipped':
      return 'a video, left out by --videos skip: not checked and not copied. Do not share it without looking at every child in it, or scan again without --videos skip';
    case 'not-a-photo':
      return 'not a photo this tool reads (another type of file), so it was not checked and not copied';
    case 'hidden':
      return 'hidden (its name starts with a dot, like system files), so it was not checked and not copied';
    case 'unreadable':
      return 'a folder that could not be opened (no permission), so nothing in it was checked or copied';
    default:
      return assertNever(reason);
  }
}

/** The decision's line, then "face N: …" per face: the `reasons` of report.json. */
export function photoReasonLines(
  photo: { readonly why: PhotoReason; readonly faces: readonly { readonly reason: FaceReason }[] },
  names: ReadonlyMap<string, string> = NO_NAMES,
): string[] {
  return [photoReasonText(photo.why), ...photo.faces.map((face, index) => `face ${index + 1}: ${faceReasonText(face.reason, names)}`)];
}

function findingText(finding: FaceFinding, names: ReadonlyMap<string, string>): string {
  switch (finding.kind) {
    case 'consent':
      return `${pupilLabel(finding.pupil, names)}${groupText(finding)} has consent for ${finding.consents.map(needLabel).join(' and ')}`;
    case 'no-consent':
      return `${pupilLabel(finding.pupil, names)}${groupText(finding)} has no consent for ${finding.missing.map(needLabel).join(' and ')}`;
    case 'not-on-roster':
      return `${pupilLabel(finding.pupil, names)} is not in the roster (left the school?), so has no consent`;
    case 'uncertain':
      return `not sure who this is (nearest: ${pupilLabel(finding.nearest, names)}, distance ${finding.distance.toFixed(3)}), so treated as without consent`;
    case 'unknown':
      return 'unknown person (not an enrolled pupil)';
    case 'too-small':
      return 'face too small to recognise';
    default:
      return assertNever(finding);
  }
}

function groupText(finding: Extract<FaceFinding, { kind: 'consent' | 'no-consent' }>): string {
  const group = finding.group;
  if (group === null) return '';
  return group.inTarget ? ` (class ${group.pupilClass}, the target group)` : ` (class ${group.pupilClass}, not ${group.targetClass})`;
}

const STRANGERS: Readonly<Record<StrangerOption, string>> = { unknown: 'unknown faces', small: 'small faces' };

function outcomeText(outcome: FaceOutcome): string {
  switch (outcome.kind) {
    case 'kept':
      return 'kept';
    case 'kept-by-option':
      return `kept (${STRANGERS[outcome.option]} are kept)`;
    case 'anonymised':
      return 'anonymised';
    case 'photo-dropped':
      switch (outcome.because) {
        case 'action':
          return 'photo dropped (photos with a face that may not be shown are dropped)';
        case 'main-subject':
          return 'photo dropped (this face is the main subject, and photos whose main subject must be anonymised are dropped)';
        default:
          return `photo dropped (photos with ${STRANGERS[outcome.because]} are dropped)`;
      }
    case 'photo-to-review':
      return `photo to review (${STRANGERS[outcome.because]} go to review)`;
    default:
      return assertNever(outcome);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled reason: ${JSON.stringify(value)}`);
}
