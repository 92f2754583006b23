/** From per-photo records to the summary, the exit code and the report: pure. */
import type { ChangeRecord } from '../report/history.js';
import type { PhotoRecord, ReportOptions, ScanReport, ScanSummary, SkippedFile } from '../report/types.js';
import type { Scope } from '../policy/types.js';
import { EXIT } from '../exit.js';
import type { ScanFolders } from './folders.js';

export function summarise(photos: readonly PhotoRecord[], skipped: readonly SkippedFile[] = []): ScanSummary {
  const clips = photos.filter((photo) => photo.kind === 'video').length;
  const summary = { photos: photos.length - clips, clips, publish: 0, anonymised: 0, dropped: 0, review: 0, error: 0, faces: 0, skipped: skipped.length };
  for (const photo of photos) {
    summary[photo.decision] += 1;
    summary.faces += photo.faces.length;
  }
  return summary;
}

/** Exit codes of a scan that ran. Unreadable photos win over review: they were not even looked at. */
export const SCAN_EXIT = Object.freeze({ ok: EXIT.ok, review: EXIT.review, photoErrors: EXIT.photoErrors, interrupted: EXIT.interrupted });

export function exitCodeFor(summary: ScanSummary, interrupted: boolean): number {
  if (interrupted) return SCAN_EXIT.interrupted;
  if (summary.error > 0) return SCAN_EXIT.photoErrors;
  if (summary.review > 0) return SCAN_EXIT.review;
  return SCAN_EXIT.ok;
}

export interface ReportContext {
  readonly version: string;
  readonly scope: Scope;
  readonly className: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly folders: ScanFolders;
  readonly backend: string;
  readonly options: ReportOptions;
  readonly interrupted: boolean;
  /** The purpose the scan was for (its header), or null for the whole scope. */
  readonly purpose?: string | null;
  /** What changed in the published output since the last run into the same folders; none for a first run. */
  readonly changes?: readonly ChangeRecord[];
  /** Files under the input the scan did not process, with why. */
  readonly skipped?: readonly SkippedFile[];
}

export function buildReport(photos: readonly PhotoRecord[], context: ReportContext): ScanReport {
  return {
    tool: { name: 'privacy-filter', version: context.version },
    scope: context.scope,
    className: context.className,
    purpose: context.purpose ?? null,
    startedAt: context.startedAt.toISOString(),
    finishedAt: context.finishedAt.toISOString(),
    input: context.folders.input,
    output: context.folders.output,
    reviewDir: context.folders.review,
    backend: context.backend,
    interrupted: context.interrupted,
    options: context.options,
    summary: summarise(photos, context.skipped),
    changes: context.changes ?? [],
    skipped: context.skipped ?? [],
    photos,
  };
}
