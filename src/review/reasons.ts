/**
 * The reasons the review page shows for one photo, in the page's language. report.json keeps them as data (`why`, each
 * face's `reason`), worded here by the same functions as report.html, with the pupils' names. A report from before
 * that data, or one whose data this version cannot read, still has its worded lines, in the scan's language.
 */
import type { Lang } from '../i18n/lang.js';
import type { ReportPhoto } from '../report/decode.js';
import { faceReasonText, photoReasonText, splitReasonLines, withNames } from '../report/reasons.js';

export interface PhotoReasonsText {
  readonly photo: readonly string[];
  /** Per face, in the report's order. */
  readonly faces: readonly (readonly string[])[];
}

/**
 * @param written the language report.json's lines are in (its `options.lang`).
 * @param lang the page's.
 */
export function photoReasons(photo: ReportPhoto, names: ReadonlyMap<string, string>, written: Lang, lang: Lang): PhotoReasonsText {
  const why = photo.why;
  const reasons = photo.faces.map((face) => face.reason);
  // All from the data or all from the lines: a photo never mixes two languages.
  if (why !== null && reasons.every((reason) => reason !== null)) {
    return { photo: [photoReasonText(why, lang)], faces: reasons.map((reason) => [faceReasonText(reason, names, lang)]) };
  }
  const lines = splitReasonLines(photo.reasons, written);
  return {
    photo: lines.photo.map((line) => withNames(line, names, written)),
    faces: photo.faces.map((_face, i) => (lines.faces.get(i + 1) ?? []).map((line) => withNames(line, names, written))),
  };
}
