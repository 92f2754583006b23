/** The third step of a scan: one report per target run, each written into that target's report folder. */
import { EXIT } from '../exit.js';
import { changesSince } from '../history/changes.js';
import { changeRecord, peopleOf } from '../report/history.js';
import type { ScanReport } from '../report/types.js';
import { writeReports } from '../report/write.js';
import { namesOf } from '../roster/lookups.js';
import { packageVersion } from '../version.js';
import type { ExecutedScan, ExecutedTarget } from './execute.js';
import type { PreparedScan, PreparedTarget } from './prepare.js';
import { buildReport, exitCodeFor } from './report.js';
import { runOptionsOf } from './run-options.js';

export interface ReportedScan {
  readonly target: PreparedTarget;
  readonly report: ScanReport;
  readonly files: { readonly json: string; readonly csv: string; readonly html: string };
  readonly exitCode: number;
  /** Pupils in the roster without an enrolled face: they cannot be recognised. */
  readonly notEnrolled: number;
}

export async function reportScan(prepared: PreparedScan, executed: ExecutedScan): Promise<ReportedScan[]> {
  const reported: ReportedScan[] = [];
  for (const target of executed.targets) reported.push(await reportTarget(prepared, target, executed.backend));
  return reported;
}

/** The exit code of a run with several targets: the most serious of theirs (interrupted, unreadable photos, review). */
export function runExitCode(reported: readonly ReportedScan[], targets: number): number {
  const codes = reported.map((entry) => entry.exitCode);
  if (codes.includes(EXIT.interrupted) || reported.length < targets) return EXIT.interrupted;
  return Math.max(EXIT.ok, ...codes);
}

async function reportTarget(prepared: PreparedScan, executed: ExecutedTarget, backend: string): Promise<ReportedScan> {
  const { request, roster, taught } = prepared;
  const { outcome, plan, prepared: target } = executed;
  const people = peopleOf(roster);
  const changes = changesSince(target.previous, executed.ledger, {
    pupils: plan.pupils,
    target: target.target,
    photos: outcome.photos,
    sources: [...prepared.sources, ...prepared.clips],
  }).map((change) => changeRecord(change, people, request.lang));
  const report = buildReport(outcome.photos, {
    version: packageVersion(),
    scope: target.target.scope,
    className: target.target.className,
    purpose: target.target.purpose?.name ?? null,
    startedAt: prepared.startedAt,
    finishedAt: new Date(),
    folders: target.folders,
    backend,
    options: {
      // All that review's Apply needs to run the same scan again (src/review/rerun.ts).
      ...runOptionsOf(request, roster.file, plan.match),
      enrolledPupils: prepared.templates.length,
      learnedFaces: taught.learned.faces,
      learnedFacesLeftOut: taught.learned.leftOut,
      correctedPhotos: plan.corrections?.size ?? 0,
      fromCache: executed.fromCache,
      fromEarlierTarget: executed.fromEarlierTarget,
      analysed: executed.analysed,
      keptFromLastRun: outcome.kept,
      copiedFromOtherScans: outcome.copied,
    },
    interrupted: outcome.interrupted,
    changes,
    skipped: prepared.skipped,
  });
  const files = await writeReports(report, target.folders.report, { inputDir: target.folders.input, names: namesOf(roster) });
  const enrolledIds = new Set(prepared.templates.map((template) => template.pupilId));
  const notEnrolled = roster.pupils.filter((pupil) => !enrolledIds.has(pupil.id)).length;
  return { target, report, files, exitCode: exitCodeFor(report.summary, outcome.interrupted), notEnrolled };
}
