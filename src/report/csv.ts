/**
 * report.csv for Excel, as a Dutch teacher opens it by double-clicking:
 * - `;` between fields: Dutch Excel uses the comma as decimal separator and so expects `;` as list separator;
 * - a UTF-8 byte-order mark: without it Excel reads the file as Windows-1252 and garbles names like "Zoë";
 * - decimal commas ("0,412"): with a decimal point Dutch Excel reads 0.412 as text or as 412;
 * - CRLF line ends, as RFC 4180 and Excel write them.
 * One row per face; a photo without faces (or unreadable) gets one row with the face columns empty. A file the
 * scan did not process (a video, a link…) gets a row with the decision `skipped` and why, so the sheet accounts for
 * the whole folder.
 * Headers and words are in the report's language (`options.lang`); report.json keeps the English keys.
 */
import type { Lang } from '../i18n/lang.js';
import { faceReasonText, photoReasonLines, skipReasonText } from './reasons.js';
import type { FaceRecord, PhotoRecord, ScanReport } from './types.js';
import { reportWords } from './words.js';

/** The columns, in order; each is named in the report's language (the catalogue's `report.csv.header`). */
export const CSV_COLUMNS = [
  'source', 'decision', 'output', 'review', 'face', 'pupil', 'name', 'status', 'action', 'distance', 'x', 'y', 'width', 'height', 'reasons',
] as const;

export function csvHeader(lang: Lang): string[] {
  const header: Readonly<Record<(typeof CSV_COLUMNS)[number], string>> = reportWords(lang).csv.header;
  return CSV_COLUMNS.map((column) => header[column]);
}

const BOM = '\uFEFF';

export function reportCsv(report: ScanReport, names: ReadonlyMap<string, string>): string {
  const lang = report.options.lang;
  const rows: string[][] = [csvHeader(lang)];
  for (const photo of report.photos) {
    if (photo.faces.length === 0) rows.push(photoRow(photo, null, 0, names, lang));
    photo.faces.forEach((face, index) => rows.push(photoRow(photo, face, index, names, lang)));
  }
  for (const skipped of report.skipped ?? []) {
    rows.push([text(skipped.file), reportWords(lang).csv.skipped, '', '', '', '', '', '', '', '', '', '', '', '', text(skipReasonText(skipped.reason, lang))]);
  }
  return BOM + rows.map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
}

function photoRow(photo: PhotoRecord, face: FaceRecord | null, index: number, names: ReadonlyMap<string, string>, lang: Lang): string[] {
  const w = reportWords(lang);
  const common = [text(photo.source), w.csv.decision[photo.decision], text(photo.output ?? ''), text(photo.review ?? '')];
  const reasons =
    photo.error !== null ? [photo.error] : face === null ? photoReasonLines(photo, names, lang) : [faceReasonText(face.reason, names, lang)];
  const reasonText = text(reasons.join(' | '));
  if (face === null) return [...common, '', '', '', '', '', '', '', '', '', '', reasonText];
  return [
    ...common,
    String(index + 1),
    text(face.pupil ?? ''),
    text(face.pupil === null ? '' : names.get(face.pupil) ?? ''),
    w.csv.status[face.status],
    w.csv.action[face.action],
    face.distance === null ? '' : decimal(face.distance, 3),
    decimal(face.box.x, 0),
    decimal(face.box.y, 0),
    decimal(face.box.width, 0),
    decimal(face.box.height, 0),
    reasonText,
  ];
}

function decimal(value: number, digits: number): string {
  return value.toFixed(digits).replace('.', ',');
}

/**
 * Text a user typed (file names, ids, names) may start with = + - @, which Excel would run as a formula
 * ("CSV injection"); a leading apostrophe makes Excel show it as text.
 */
export function text(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  return /[;"\r\n]/u.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
