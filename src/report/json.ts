/** report.json: the ScanReport as it is, with its fields always in the same order so that two reports diff cleanly. */
import { photoReasonLines } from './reasons.js';
import type { FaceRecord, PhotoRecord, ScanReport } from './types.js';

const REPORT_KEYS = ['tool', 'scope', 'className', 'purpose', 'startedAt', 'finishedAt', 'input', 'output', 'reviewDir', 'backend', 'interrupted', 'options', 'summary', 'changes', 'skipped', 'photos'] as const;
const SUMMARY_KEYS = ['photos', 'clips', 'publish', 'anonymised', 'dropped', 'review', 'error', 'faces', 'skipped'] as const;
// `clip` and `track` always followed the named keys, and `why` and `reason` came later: each field keeps its old place.
const PHOTO_KEYS = ['source', 'kind', 'decision', 'output', 'review', 'imageSize', 'faces', 'reasons', 'error', 'clip', 'why'] as const;
const FACE_KEYS = ['box', 'pupil', 'distance', 'status', 'action', 'correction', 'group', 'track', 'reason'] as const;
const BOX_KEYS = ['x', 'y', 'width', 'height'] as const;

export function reportJson(report: ScanReport): string {
  const face = (f: FaceRecord): unknown => ordered({ ...f, box: ordered(f.box, BOX_KEYS), group: f.group ?? null, reason: reasonData(f.reason) }, FACE_KEYS);
  const photo = (p: PhotoRecord): unknown =>
    ordered(
      {
        ...p,
        imageSize: p.imageSize === null ? null : ordered(p.imageSize, ['width', 'height']),
        faces: p.faces.map(face),
        // Worded in the report's language, without names (report.json keeps pupils as ids): the published lines.
        reasons: photoReasonLines(p, new Map(), report.options.lang),
        // The same as data, so that a reader words it in its own language (the review page: src/review/reasons.ts).
        why: reasonData(p.why),
      },
      PHOTO_KEYS,
    );
  const whole = ordered(
    {
      ...report,
      tool: ordered(report.tool, ['name', 'version']),
      options: sortedKeys(report.options),
      summary: ordered(report.summary, SUMMARY_KEYS),
      ...(report.skipped !== undefined ? { skipped: report.skipped.map((file) => ordered(file, ['file', 'reason'])) } : {}),
      photos: report.photos.map(photo),
    },
    REPORT_KEYS,
  );
  return `${JSON.stringify(whole, null, 2)}\n`;
}

/**
 * A reason as data, in one order however its objects were built: `kind` first (then a FaceReason's finding and
 * outcome), the rest alphabetical.
 */
function reasonData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reasonData);
  if (value === null || typeof value !== 'object') return value;
  const parts = Object.entries(sortedKeys(value)).map(([key, part]) => [key, reasonData(part)]);
  return ordered(Object.fromEntries(parts), ['kind', 'finding', 'outcome']);
}

/** The named keys first, in that order; any field added to the types later follows, so nothing is ever lost. */
function ordered(value: object, keys: readonly string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in out)) out[key] = source[key];
  return out;
}

/** Options come from a spread of CLI flags whose order can change; alphabetical is the stable order. */
function sortedKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
