/**
 * The one place where the consent rules' structured reasons become sentences, in the report's language. The rules
 * keep pupils as ids (no personal data in the decision); here the teacher's report adds the names:
 * "Sem de Vries (pupil 1234)".
 */
import { formatNumber, type Lang } from '../i18n/lang.js';
import type { ConsentNeed, CorrectionTag, FaceFinding, FaceOutcome, FaceReason, PhotoReason } from '../policy/types.js';
import type { SkipReason } from './types.js';
import { reportWords } from './words.js';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** "Sem de Vries (pupil 1234)", or "pupil 1234" when the name is not known. */
export function pupilLabel(id: string, names: ReadonlyMap<string, string> = NO_NAMES, lang: Lang = 'en'): string {
  const w = reportWords(lang);
  const name = names.get(id);
  return name === undefined ? w.pupil(id) : w.pupilNamed(name, id);
}

/**
 * Adds the names to a line worded without them (report.json's `reasons` say "pupil 1234"): "Sem de Vries (pupil 1234)".
 * A pupil no longer on the roster keeps the id alone.
 */
export function withNames(line: string, names: ReadonlyMap<string, string>, lang: Lang = 'en'): string {
  const word = reportWords(lang).pupil('\u0000').split('\u0000')[0] ?? '';
  if (word === '') return line;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}([^\\s,;:()]+)`, 'gu');
  return line.replace(pattern, (whole, id: string) => (names.has(id) ? pupilLabel(id, names, lang) : whole));
}

/** What a consent need is called: a scope in the report's words, or the school's own purpose as its roster writes it. */
export function needText(need: ConsentNeed, lang: Lang = 'en'): string {
  return typeof need === 'string' ? reportWords(lang).scopeNeed[need] : need.purpose.name;
}

function needsText(needs: readonly ConsentNeed[], lang: Lang): string {
  return needs.map((need) => needText(need, lang)).join(reportWords(lang).and);
}

/** One line per face: who it is and whether they may be shown, then what happens. */
export function faceReasonText(reason: FaceReason, names: ReadonlyMap<string, string> = NO_NAMES, lang: Lang = 'en'): string {
  const w = reportWords(lang);
  const note = reason.correction;
  const finding = findingText(reason.finding, names, lang);
  const outcome = outcomeText(reason.outcome, lang);
  if (note === undefined) return w.findingThen(finding, outcome);
  if (note.overruled) return w.overruled(finding, outcome, w.correction[note.said]);
  switch (note.said) {
    case 'pupil':
      return w.saidPupil(finding, outcome);
    case 'not-a-pupil':
      return w.saidNotAPupil(outcome);
    case 'blur':
      return w.saidBlur(finding, outcome);
    case 'not-a-face':
      return w.saidNotAFace(outcome);
    case 'added':
      return w.saidAdded(outcome);
    default:
      return assertNever(note.said);
  }
}

/** The teacher's words for each correction, as the review page and `correct` offer them. */
export function correctionText(lang: Lang): Readonly<Record<CorrectionTag, string>> {
  return reportWords(lang).correction;
}

export function photoReasonText(reason: PhotoReason, lang: Lang = 'en'): string {
  const w = reportWords(lang).photoReason;
  switch (reason.kind) {
    case 'review':
      return w.review(reason.faces.join(', '));
    case 'dropped':
      return w.dropped(reason.faces.join(', '));
    case 'dropped-by-you':
      return w.droppedByYou;
    case 'anonymised':
      return w.anonymised;
    case 'publish':
      return reason.faces === 0 ? w.publishNoFaces : w.publish;
    case 'unreadable':
      return w.unreadable;
    case 'failed':
      return w.failed;
    case 'not-removed':
      return w.notRemoved(reason.files.join(reportWords(lang).and));
    case 'resembles-corrected':
      return reason.why === 'resembles' ? w.resembles : w.cannotPlace;
    default:
      return assertNever(reason);
  }
}

/** Why a file under the input was not processed, and what that leaves to the teacher. */
export function skipReasonText(reason: SkipReason, lang: Lang = 'en'): string {
  const text: Readonly<Record<SkipReason, string>> = reportWords(lang).skip;
  return text[reason];
}

/** "face 2: …": a face's line among a photo's reasons. */
export function faceLine(n: number, reason: string, lang: Lang = 'en'): string {
  return reportWords(lang).faceLine(String(n), reason);
}

/**
 * Splits a photo's reasons as photoReasonLines wrote them in `lang`: the photo's own lines, and each face's (by its
 * 1-based number) without the "face N: " in front. For a report.json without its reasons as data (src/review/reasons.ts).
 */
export function splitReasonLines(lines: readonly string[], lang: Lang): { photo: string[]; faces: Map<number, string[]> } {
  const [before, after] = reportWords(lang).faceLine('\u0000', '\u0001').split('\u0000');
  const prefix = new RegExp(`^${escapeRegExp(before ?? '')}(\\d+)${escapeRegExp((after ?? '').split('\u0001')[0] ?? '')}`, 'u');
  const photo: string[] = [];
  const faces = new Map<number, string[]>();
  for (const line of lines) {
    const match = prefix.exec(line);
    if (match === null) photo.push(line);
    else {
      const n = Number(match[1]);
      faces.set(n, [...(faces.get(n) ?? []), line.slice(match[0].length)]);
    }
  }
  return { photo, faces };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** The decision's line, then "face N: …" per face: the `reasons` of report.json. */
export function photoReasonLines(
  photo: { readonly why: PhotoReason; readonly faces: readonly { readonly reason: FaceReason }[] },
  names: ReadonlyMap<string, string> = NO_NAMES,
  lang: Lang = 'en',
): string[] {
  return [photoReasonText(photo.why, lang), ...photo.faces.map((face, index) => faceLine(index + 1, faceReasonText(face.reason, names, lang), lang))];
}

/** A distance as the report writes it: three decimals, with the language's decimal sign. */
export function distanceText(distance: number, lang: Lang): string {
  return formatNumber(distance, lang, { minimumFractionDigits: 3, maximumFractionDigits: 3, useGrouping: false });
}

function findingText(finding: FaceFinding, names: ReadonlyMap<string, string>, lang: Lang): string {
  const w = reportWords(lang).finding;
  switch (finding.kind) {
    case 'consent':
    case 'no-consent': {
      const pupil = pupilLabel(finding.pupil, names, lang);
      const needs = needsText(finding.kind === 'consent' ? finding.consents : finding.missing, lang);
      const place = finding.group;
      if (place === null) return finding.kind === 'consent' ? w.consent(pupil, needs) : w.noConsent(pupil, needs);
      const group = place.inTarget ? w.inTarget(place.pupilClass) : w.notInTarget(place.pupilClass, place.targetClass);
      return finding.kind === 'consent' ? w.consentInGroup(pupil, group, needs) : w.noConsentInGroup(pupil, group, needs);
    }
    case 'not-on-roster':
      return w.notOnRoster(pupilLabel(finding.pupil, names, lang));
    case 'uncertain':
      return w.uncertain(pupilLabel(finding.nearest, names, lang), distanceText(finding.distance, lang));
    case 'unknown':
      return w.unknown;
    case 'too-small':
      return w.tooSmall;
    default:
      return assertNever(finding);
  }
}

function outcomeText(outcome: FaceOutcome, lang: Lang): string {
  const w = reportWords(lang).outcome;
  switch (outcome.kind) {
    case 'kept':
      return w.kept;
    case 'kept-by-option':
      return outcome.option === 'unknown' ? w.keptUnknown : w.keptSmall;
    case 'anonymised':
      return w.anonymised;
    case 'photo-dropped': {
      const because = outcome.because;
      switch (because) {
        case 'action':
          return w.droppedAction;
        case 'main-subject':
          return w.droppedMainSubject;
        case 'unknown':
          return w.droppedUnknown;
        case 'small':
          return w.droppedSmall;
        default:
          return assertNever(because);
      }
    }
    case 'photo-to-review':
      return outcome.because === 'unknown' ? w.reviewUnknown : w.reviewSmall;
    default:
      return assertNever(outcome);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled reason: ${JSON.stringify(value)}`);
}
