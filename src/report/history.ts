/**
 * Words for what changed since the last scan and what must come down, and takedown.csv. Pupils are named with their
 * class, the way a teacher knows them ("Lotte van Dijk (5b)"); a pupil who left the roster has only an id left.
 */
import { needLabel } from '../policy/consent.js';
import type { ChangeCause, PublishedChange } from '../history/types.js';
import { csvField, text } from './csv.js';
import { faceReasonText, photoReasonText } from './reasons.js';
import type { ChangeRecord } from './types.js';

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

export function changeRecord(change: PublishedChange, people: ReadonlyMap<string, PupilName>): ChangeRecord {
  return {
    source: change.source,
    output: change.output,
    change: change.change,
    reason: causesText(change.causes, people),
    pupils: change.pupils,
    publishedAt: change.publishedAt,
  };
}

export function causesText(causes: readonly ChangeCause[], people: ReadonlyMap<string, PupilName>): string {
  return causes.map((cause) => causeText(cause, people)).join('; ');
}

function causeText(cause: ChangeCause, people: ReadonlyMap<string, PupilName>): string {
  const who = (id: string): string => {
    const pupil = people.get(id);
    return pupil === undefined ? `pupil ${id}` : `${pupil.name} (${pupil.className})`;
  };
  const names = new Map([...people].map(([id, pupil]) => [id, pupil.name]));
  switch (cause.kind) {
    case 'consent-withdrawn':
      return `consent for ${cause.missing.map(needLabel).join(' and ')} withdrawn for ${who(cause.pupil)}`;
    case 'left-roster':
      return `${who(cause.pupil)} is no longer on the roster`;
    case 'not-recognised':
      return `${who(cause.pupil)} was not recognised this time, so is anonymised now`;
    case 'now-shown':
      return `${who(cause.pupil)} is shown now`;
    case 'hidden-faces':
      return `${cause.after} ${cause.after === 1 ? 'face' : 'faces'} hidden now instead of ${cause.before}`;
    case 'photo-removed':
      return 'the photo is no longer in the photos folder';
    case 'not-decided':
      return 'the scan was stopped before this photo; run it again to see whether it may be published';
    case 'decision': {
      // The faces that made the photo go, as the report words them: "dropped because of face 2 (… has no consent …)".
      const numbers = cause.why.kind === 'review' || cause.why.kind === 'dropped' ? cause.why.faces : [];
      const faces = numbers.flatMap((n) => {
        const reason = cause.faces[n - 1];
        return reason === undefined ? [] : [`face ${n}: ${faceReasonText(reason, names)}`];
      });
      return `not published now: ${photoReasonText(cause.why)}${faces.length > 0 ? ` (${faces.join('; ')})` : ''}`;
    }
    case 'published':
      return 'published now; the last scan did not publish it';
    case 'unrecorded':
      return 'written again; the earlier scan did not record who it showed';
    default:
      return assertNever(cause);
  }
}

/** The columns of takedown.csv. */
export const TAKEDOWN_HEADER = ['file', 'published', 'change', 'what to do', 'source', 'reason'] as const;

/**
 * takedown.csv, Excel-friendly like report.csv (`;`, BOM, CRLF): one row per published file that was withdrawn
 * (take it down wherever it was posted) or replaced (replace the posted copy with the new one).
 */
export function takedownCsv(changes: readonly ChangeRecord[]): string {
  const rows: string[][] = [[...TAKEDOWN_HEADER]];
  for (const change of changes) {
    if (change.change === 'new') continue;
    rows.push([
      text(change.output),
      change.publishedAt === null ? '' : excelDate(change.publishedAt),
      change.change,
      change.change === 'withdrawn' ? 'take down wherever it was posted' : 'replace the posted copy with the one in the output folder',
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
