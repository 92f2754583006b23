/** Writes the three reports of a finished scan into the report folder, each file atomically. */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import { reportCsv } from './csv.js';
import { takedownCsv } from './history.js';
import { reportHtml } from './html.js';
import { reportJson } from './json.js';
import { writeThumbnails } from './thumbs.js';
import type { ScanReport } from './types.js';

export interface ReportContext {
  /** The folder `PhotoRecord.source` paths are relative to; thumbnails are made from the photos in it (read only). */
  readonly inputDir: string;
  /** Pupil id → display name; the report shows names, report.json keeps only ids. */
  readonly names: ReadonlyMap<string, string>;
}

/** Beside the reports whenever a published file was withdrawn or replaced: what to take down, when it went out, why. */
export const TAKEDOWN_FILE = 'takedown.csv';

/**
 * Also writes takedown.csv when a published file was withdrawn or replaced, and removes the one of an earlier run
 * when nothing was: a stale list would send the teacher after files that are fine.
 * @returns the absolute paths of report.json, report.csv and report.html.
 * @throws when the report folder cannot be written; a photo whose thumbnail fails only gets a placeholder.
 */
export async function writeReports(report: ScanReport, reportDir: string, context: ReportContext): Promise<{ json: string; csv: string; html: string }> {
  const files = {
    json: path.resolve(reportDir, 'report.json'),
    csv: path.resolve(reportDir, 'report.csv'),
    html: path.resolve(reportDir, 'report.html'),
  };
  const thumbs = await writeThumbnails(report.photos, context.inputDir, reportDir);
  await writeFileAtomic(files.json, reportJson(report), FILE_MODE.private);
  await writeFileAtomic(files.csv, reportCsv(report, context.names), FILE_MODE.private);
  const takedown = path.resolve(reportDir, TAKEDOWN_FILE);
  const toTakeDown = (report.changes ?? []).filter((change) => change.change !== 'new');
  if (toTakeDown.length > 0) await writeFileAtomic(takedown, takedownCsv(toTakeDown, report.options.lang), FILE_MODE.private);
  else await rm(takedown, { force: true });
  // Last: the page points at the thumbnails, which now exist.
  await writeFileAtomic(files.html, reportHtml(report, thumbs, context.names), FILE_MODE.private);
  return files;
}
