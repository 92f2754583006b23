/**
 * Words for what changed since the last scan and what must come down, and takedown.csv. Pupils are named with their
 * class, the way a teacher knows them ("Lotte van Dijk (5b)"); a pupil who left the roster has only an id left.
 */
import type { Lang } from '../i18n/lang.js';
import type { ChangeCause, PublishedChange } from '../history/types.js';
import { csvField, text } from './csv.js';
import { faceLine, faceReasonText, needText, photoReasonText } from './reasons.js';
import type { ChangeRecord } from './types.js';
import { reportWords } from './words.js';

export type { ChangeRecord } from './types.js';

/** Who a pupil is, from today's roster. */
export interface PupilName {
  readonly name: string;
  readonly className: string;
}

/** Pupil id → name and class, from a roster. */
export function peopleOf(roster: { readonly pupils: readonly { readonly id: string; readonly name: string; readonly className: string }[] }): Map<string, PupilName> {
  return new Map(roster.pupils.map((pupil) => [pupil.id, { name: pupil.name, className: pupil.className }]));
}

/** @param lang the report's language: the reason is worded in it. */
export function changeRecord(change: PublishedChange, people: ReadonlyMap<string, PupilName>, lang: Lang): ChangeRecord {
  return {
    source: change.source,
    output: change.output,
    change: change.change,
    reason: causesText(change.causes, people, lang),
    pupils: change.pupils,
    publishedAt: change.publishedAt,
  };
}

export function causesText(causes: readonly ChangeCause[], people: ReadonlyMap<string, PupilName>, lang: Lang): string {
  return causes.map((cause) => causeText(cause, people, lang)).join('; ');
}

function causeText(cause: ChangeCause, people: ReadonlyMap<string, PupilName>, lang: Lang): string {
  const w = reportWords(lang);
  const who = (id: string): string => {
    const pupil = people.get(id);
    return pupil === undefined ? w.pupil(id) : w.cause.pupilWithClass(pupil.name, pupil.className);
  };
  const names = new Map([...people].map(([id, pupil]) => [id, pupil.name]));
  switch (cause.kind) {
    case 'consent-withdrawn':
      return w.cause.consentWithdrawn(cause.missing.map((need) => needText(need, lang)).join(w.and), who(cause.pupil));
    case 'left-roster':
      return w.cause.leftRoster(who(cause.pupil));
    case 'not-recognised':
      return w.cause.notRecognised(who(cause.pupil));
    case 'now-shown':
      return w.cause.nowShown(who(cause.pupil));
    case 'hidden-faces':
      return (cause.after === 1 ? w.cause.hiddenFace : w.cause.hiddenFaces)(String(cause.after), String(cause.before));
    case 'photo-removed':
      return w.cause.photoRemoved;
    case 'not-decided':
      return w.cause.notDecided;
    case 'decision': {
      // The faces that made the photo go, as the report words them: "dropped because of face 2 (… has no consent …)".
      const numbers = cause.why.kind === 'review' || cause.why.kind === 'dropped' ? cause.why.faces : [];
      const faces = numbers.flatMap((n) => {
        const reason = cause.faces[n - 1];
        return reason === undefined ? [] : [faceLine(n, faceReasonText(reason, names, lang), lang)];
      });
      const why = photoReasonText(cause.why, lang);
      return faces.length > 0 ? w.cause.decisionFaces(why, faces.join('; ')) : w.cause.decision(why);
    }
    case 'published':
      return w.cause.published;
    case 'unrecorded':
      return w.cause.unrecorded;
    default:
      return assertNever(cause);
  }
}

/** The columns of takedown.csv, in order; named in the report's language. */
export const TAKEDOWN_COLUMNS = ['file', 'published', 'change', 'todo', 'source', 'reason'] as const;

/**
 * takedown.csv, Excel-friendly like report.csv (`;`, BOM, CRLF): one row per published file that was withdrawn
 * (take it down wherever it was posted) or replaced (replace the posted copy with the new one).
 */
export function takedownCsv(changes: readonly ChangeRecord[], lang: Lang): string {
  const w = reportWords(lang).csv;
  const header: Readonly<Record<(typeof TAKEDOWN_COLUMNS)[number], string>> = w.takedownHeader;
  const rows: string[][] = [TAKEDOWN_COLUMNS.map((column) => header[column])];
  for (const change of changes) {
    if (change.change === 'new') continue;
    rows.push([
      text(change.output),
      change.publishedAt === null ? '' : excelDate(change.publishedAt),
      w.change[change.change],
      change.change === 'withdrawn' ? w.takeDown : w.replace,
      text(change.source),
      text(change.reason),
    ]);
  }
  return `\uFEFF${rows.map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/** "2026-12-01 09:30" in local time: Excel reads it as a date in every locale. */
export function excelDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
