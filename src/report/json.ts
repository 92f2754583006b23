/** report.json: the ScanReport as it is, with its fields always in the same order so that two reports diff cleanly. */
import { photoReasonLines } from './reasons.js';
import type { FaceRecord, PhotoRecord, ScanReport } from './types.js';

const REPORT_KEYS = ['tool', 'scope', 'className', 'purpose', 'startedAt', 'finishedAt', 'input', 'output', 'reviewDir', 'backend', 'interrupted', 'options', 'summary', 'changes', 'skipped', 'photos'] as const;
const SUMMARY_KEYS = ['photos', 'clips', 'publish', 'anonymised', 'dropped', 'review', 'error', 'faces', 'skipped'] as const;
const PHOTO_KEYS = ['source', 'kind', 'decision', 'output', 'review', 'imageSize', 'faces', 'reasons', 'error'] as const;
const FACE_KEYS = ['box', 'pupil', 'distance', 'status', 'action', 'correction', 'group'] as const;
const BOX_KEYS = ['x', 'y', 'width', 'height'] as const;

export function reportJson(report: ScanReport): string {
  // The structured reasons travel in the photo's worded `reasons` lines, the published schema.
  const face = ({ reason: _reason, ...f }: FaceRecord): unknown => ordered({ ...f, box: ordered(f.box, BOX_KEYS), group: f.group ?? null }, FACE_KEYS);
  const photo = ({ why: _why, ...p }: PhotoRecord): unknown =>
    ordered(
      {
        ...p,
        imageSize: p.imageSize === null ? null : ordered(p.imageSize, ['width', 'height']),
        faces: p.faces.map(face),
        // Worded in the report's language, without names (report.json keeps pupils as ids).
        reasons: photoReasonLines({ why: _why, faces: p.faces }, new Map(), report.options.lang),
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
