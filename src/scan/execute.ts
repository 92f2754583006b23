/**
 * The second and third steps of a scan: run the prepared scan through the worker pool and the ledger, then write its
 * report. Printing is the CLI's; nothing here writes to the terminal.
 */
import path from 'node:path';
import { writeReports } from '../report/write.js';
import type { ScanReport } from '../report/types.js';
import { packageVersion } from '../version.js';
import type { CachedAnalyzer } from './analyze.js';
import { SCAN_DEFAULTS } from './defaults.js';
import { startScanAnalyzer } from './engines.js';
import { otherScansOf, ScanLedger } from './ledger.js';
import { runScan, type ScanHooks, type ScanOutcome, type ScanPlan } from './pipeline.js';
import type { PreparedScan } from './prepare.js';
import { buildReport, exitCodeFor } from './report.js';
import { matchOptionsFor, namesOf, pupilsOf } from './setup.js';
import { removeTempFiles } from './walk.js';

export interface ExecutedScan {
  readonly outcome: ScanOutcome;
  readonly plan: ScanPlan;
  readonly backend: string;
  /** Photos whose analysis came from the cache. */
  readonly fromCache: number;
}

/** Runs the scan; the ledger brings the output folders in line with this run, also when it is interrupted. */
export async function executeScan(prepared: PreparedScan, hooks: ScanHooks = {}): Promise<ExecutedScan> {
  const { request, folders, store } = prepared;
  let analyzer: CachedAnalyzer | null = null;
  try {
    await Promise.all([removeTempFiles(folders.output), removeTempFiles(folders.review), removeTempFiles(folders.report)].map((p) => p.catch(() => 0)));
    analyzer = await startScanAnalyzer({
      files: prepared.sources.map((source) => path.join(folders.input, source)),
      cacheDir: request.cache && store != null ? store.cacheDir : null,
      workers: request.jobs,
    });
    const plan: ScanPlan = {
      folders,
      sources: prepared.sources,
      templates: prepared.templates,
      pupils: pupilsOf(prepared.roster),
      policy: {
        scope: request.scope,
        className: prepared.className,
        action: request.action,
        unknown: request.unknown,
        small: request.small,
        dropMainSubject: request.dropPortraits,
        mainSubjectShare: SCAN_DEFAULTS.mainSubjectShare,
      },
      match: matchOptionsFor(request.threshold),
      style: request.style,
      quality: request.quality,
      // One photo more than workers in flight per worker: while a worker finds faces in the next photo, this thread
      // writes the last one.
      jobs: request.jobs * 2,
    };
    // Without the cache (--no-cache) every photo is analysed and rendered afresh, nothing taken from other scans.
    const others = request.cache && store != null ? await otherScansOf(store, folders) : [];
    const ledger = new ScanLedger(folders, prepared.identity, prepared.previous, others);
    const outcome = await runScan(plan, analyzer, ledger, hooks);
    return { outcome, plan, backend: analyzer.backend, fromCache: analyzer.stats.cached };
  } finally {
    await analyzer?.close();
  }
}

export interface ReportedScan {
  readonly report: ScanReport;
  readonly files: { readonly json: string; readonly csv: string; readonly html: string };
  readonly exitCode: number;
  /** Pupils in the roster without an enrolled face: they cannot be recognised. */
  readonly notEnrolled: number;
}

export async function reportScan(prepared: PreparedScan, executed: ExecutedScan): Promise<ReportedScan> {
  const { request, folders, roster } = prepared;
  const { outcome, plan } = executed;
  const report = buildReport(outcome.photos, {
    version: packageVersion(),
    scope: request.scope,
    className: prepared.className,
    startedAt: prepared.startedAt,
    finishedAt: new Date(),
    folders,
    backend: executed.backend,
    options: {
      action: request.action,
      unknown: request.unknown,
      small: request.small,
      dropPortraits: request.dropPortraits,
      style: request.style,
      quality: request.quality,
      threshold: plan.match.threshold,
      uncertainBelow: plan.match.uncertainBelow,
      margin: plan.match.margin,
      roster: roster.file,
      enrolledPupils: prepared.templates.length,
      jobs: request.jobs,
      fromCache: executed.fromCache,
      keptFromLastRun: outcome.kept,
      copiedFromOtherScans: outcome.copied,
    },
    interrupted: outcome.interrupted,
  });
  const files = await writeReports(report, folders.report, { inputDir: folders.input, names: namesOf(roster) });
  const enrolledIds = new Set(prepared.templates.map((template) => template.pupilId));
  const notEnrolled = roster.pupils.filter((pupil) => !enrolledIds.has(pupil.id)).length;
  return { report, files, exitCode: exitCodeFor(report.summary, outcome.interrupted), notEnrolled };
}

/**
 * Runs `task` with an AbortSignal that the first Ctrl-C (or SIGTERM) aborts: the scan then stops after the photos in
 * progress. Once the handlers are gone again, a second Ctrl-C ends the process at once, as usual.
 */
export async function withStopSignals<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await task(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
