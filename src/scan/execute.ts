/**
 * The second and third steps of a scan: run the prepared scan through the worker pool and the ledger, then write its
 * report. Printing is the CLI's; nothing here writes to the terminal.
 */
import path from 'node:path';
import { EXIT } from '../exit.js';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import { changesSince } from '../history/changes.js';
import { changeRecord, peopleOf } from '../report/history.js';
import { writeReports } from '../report/write.js';
import type { ScanReport } from '../report/types.js';
import { packageVersion } from '../version.js';
import type { CachedAnalyzer, PhotoAnalyzer } from '../engine/analyze.js';
import { SCAN_DEFAULTS } from './defaults.js';
import { startScanAnalyzer } from '../engine/engines.js';
import type { LedgerData } from '../history/ledger.js';
import { otherScansOf, ScanLedger } from './ledger.js';
import { runScan, type ScanHooks, type ScanOutcome, type ScanPlan } from './pipeline.js';
import type { PreparedScan, PreparedTarget } from './prepare.js';
import { buildReport, exitCodeFor } from './report.js';
import { runOptionsOf } from './run-options.js';
import { namesOf, pupilsOf } from '../roster/lookups.js';
import { matchOptionsFor } from './setup.js';
import { removeTempFiles } from './walk.js';
import { clipAnalyzer, clipEngines, clipsAfterPhotos, type ClipAnalyzer, type ClipHooks } from './clips.js';
import { clipSettingsKey } from './clip-cache.js';
import { describerSettingsKey } from '../faces/describer.js';
import type { MatchOptions, Template } from '../faces/engine-types.js';
import { checkLearned } from '../faces/learned.js';
import type { KnownPhoto } from '../policy/same-photo.js';
import type { Fingerprint } from '../images/fingerprint.js';
import { addFingerprints, knownPhotos, learnedTemplates, readCorrections, withLearned, type PhotoCorrections } from '../store/corrections.js';
import type { Store } from '../store/store.js';

/** One target of the scan, run. */
export interface ExecutedTarget {
  readonly prepared: PreparedTarget;
  readonly outcome: ScanOutcome;
  readonly plan: ScanPlan;
  /** The ledger this run left: what it placed and who each file shows, to compare with the run before. */
  readonly ledger: LedgerData;
  /** Photos of this target whose analysis came from the store's cache. */
  readonly fromCache: number;
  /** Photos of this target answered by the analysis an earlier target of the same run made. */
  readonly fromEarlierTarget: number;
  /** Photos the face engines analysed for this target. */
  readonly analysed: number;
}

export interface ExecutedScan {
  /** In the order of `prepared.targets`; a run stopped with Ctrl-C lists only the targets it started. */
  readonly targets: readonly ExecutedTarget[];
  /** Faces learned from the teacher's corrections that joined the templates, and those checkLearned left out. */
  readonly learned: { readonly faces: number; readonly leftOut: number };
  readonly backend: string;
}

export interface ExecuteHooks extends ScanHooks, ClipHooks {
  /** Before each target: its place in the list, so a progress bar can say which output it is writing. */
  readonly onTarget?: (target: PreparedTarget, index: number, total: number) => void;
}

/**
 * Runs the scan for each target in turn over one analysis: the engines see each photo once, later targets take its
 * faces from memory (and, through the ledger, copy files an earlier target rendered the same way). The ledger
 * brings each target's folders in line with this run, also when it is interrupted.
 */
export async function executeScan(prepared: PreparedScan, hooks: ExecuteHooks = {}): Promise<ExecutedScan> {
  const { request, store } = prepared;
  let analyzer: CachedAnalyzer | null = null;
  let clips: ClipAnalyzer | null = null;
  try {
    for (const { folders } of prepared.targets) {
      await Promise.all([removeTempFiles(folders.output), removeTempFiles(folders.review), removeTempFiles(folders.report)].map((p) => p.catch(() => 0)));
    }
    const input = prepared.targets[0].folders.input;
    analyzer = await startScanAnalyzer({
      files: prepared.sources.map((source) => path.join(input, source)),
      openCache: request.cache && store != null ? (settingsKey) => store.analysisCache(settingsKey) : null,
      workers: request.jobs,
    });
    clips = prepared.clips.length === 0 ? null : clipAnalyzer({ cache: request.cache && store != null ? await store.analysisCache(clipSettingsKey()) : null, engines: clipEngines(request.jobs) });
    const taught = await teacherSaid(store, prepared.templates, matchOptionsFor(request.threshold));
    const shared = sharedAnalysis(analyzer);
    const executed: ExecutedTarget[] = [];
    for (const [index, target] of prepared.targets.entries()) {
      if (hooks.signal?.aborted === true) break;
      hooks.onTarget?.(target, index, prepared.targets.length);
      const before = { cached: analyzer.stats.cached + (clips?.stats.cached ?? 0), analysed: analyzer.stats.analysed + (clips?.stats.analysed ?? 0), shared: shared.reused + (clips?.stats.reused ?? 0) };
      const plan = planFor(prepared, target, taught);
      // Without the cache (--no-cache) every photo is rendered afresh, nothing taken from other scans.
      const others = request.cache && store != null ? await otherScansOf(store, target.folders) : [];
      const ledger = new ScanLedger(target.folders, target.identity, target.previous, others);
      const outcome = await runScan(plan, shared.analyzer, ledger, hooks, clips === null ? null : clipsAfterPhotos(plan, clips, hooks));
      // Clips count with the photos.
      executed.push({
        prepared: target,
        outcome,
        plan,
        ledger: ledger.data(),
        fromCache: analyzer.stats.cached + (clips?.stats.cached ?? 0) - before.cached,
        fromEarlierTarget: shared.reused + (clips?.stats.reused ?? 0) - before.shared,
        analysed: analyzer.stats.analysed + (clips?.stats.analysed ?? 0) - before.analysed,
      });
      if (outcome.interrupted) break;
    }
    // Corrections from before fingerprints get theirs from this scan, so they follow the photo's copies from now on.
    if (store != null && taught.unfingerprinted > 0) await addFingerprints(store, await shared.fingerprints());
    return { targets: executed, learned: taught.learned, backend: analyzer.backend };
  } finally {
    await analyzer?.close();
    await clips?.close();
  }
}

function planFor(prepared: PreparedScan, target: PreparedTarget, taught: TeacherSaid): ScanPlan {
  const { request } = prepared;
  return {
    folders: target.folders,
    sources: prepared.sources,
    templates: taught.templates,
    corrections: taught.corrections,
    pupils: pupilsOf(prepared.roster),
    policy: {
      scope: target.target.scope,
      className: target.target.className,
      purpose: target.target.purpose ?? null,
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
    clips: prepared.clips,
    mute: request.mute,
  };
}

/**
 * The analyzer with each photo's analysis kept for the run's later targets: faces and descriptors are small (128
 * numbers a face), and it is what makes several targets one analysis even with --no-cache.
 */
export function sharedAnalysis(analyzer: CachedAnalyzer): {
  analyzer: PhotoAnalyzer;
  readonly reused: number;
  /** The fingerprints of the photos analysed so far, by sha256. */
  fingerprints(): Promise<Map<string, Fingerprint>>;
} {
  const analyses = new Map<string, Promise<PhotoAnalysis>>();
  const state = { reused: 0 };
  const wrapped: PhotoAnalyzer = {
    get backend() {
      return analyzer.backend;
    },
    settingsKey: analyzer.settingsKey,
    analyze(file, contentHash) {
      // By the bytes as well as the name: a photo edited between two targets is analysed again, never rendered with
      // the faces of what it was.
      const key = `${file}\u0000${contentHash ?? ''}`;
      const known = analyses.get(key);
      if (known !== undefined) {
        state.reused += 1;
        return known;
      }
      const analysis = analyzer.analyze(file, contentHash);
      analyses.set(key, analysis);
      // A photo that failed is tried again by the next target rather than failing it from memory.
      analysis.catch(() => analyses.delete(key));
      return analysis;
    },
    ...(analyzer.render !== undefined ? { render: analyzer.render } : {}),
    ...(analyzer.contentHash !== undefined ? { contentHash: analyzer.contentHash } : {}),
    close: () => analyzer.close(),
  };
  return {
    analyzer: wrapped,
    get reused() {
      return state.reused;
    },
    async fingerprints() {
      const out = new Map<string, Fingerprint>();
      for (const [key, analysis] of analyses) {
        const hash = key.split('\u0000')[1];
        const fingerprint = await analysis.then((a) => a.fingerprint, () => undefined);
        if (hash !== undefined && hash !== '' && fingerprint !== undefined) out.set(hash, fingerprint);
      }
      return out;
    },
  };
}

interface TeacherSaid {
  readonly templates: Template[];
  readonly corrections: Map<string, KnownPhoto>;
  /** Corrected photos without a fingerprint yet (stores from before fingerprints). */
  readonly unfingerprinted: number;
  readonly learned: { readonly faces: number; readonly leftOut: number };
}

/**
 * The teacher's corrections, which apply in every scan of their photos whatever the scope, and the enrolled templates
 * with the faces the teacher named added (SCAN_DEFAULTS.learnedFaces; checkLearned keeps out faces the portraits
 * contradict).
 */
async function teacherSaid(
  store: Store | null,
  enrolled: readonly Template[],
  match: MatchOptions,
): Promise<TeacherSaid> {
  const corrections = store != null ? await readCorrections(store) : new Map<string, PhotoCorrections>();
  const named = SCAN_DEFAULTS.learnedFaces ? learnedTemplates(corrections, describerSettingsKey()) : [];
  const { accepted, rejected } = checkLearned(enrolled, named, match);
  return {
    templates: withLearned(enrolled, accepted),
    corrections: knownPhotos(corrections),
    unfingerprinted: [...corrections.values()].filter((photo) => photo.fingerprint === null).length,
    learned: { faces: accepted.reduce((n, t) => n + t.descriptors.length, 0), leftOut: rejected },
  };
}

export interface ReportedScan {
  readonly target: PreparedTarget;
  readonly report: ScanReport;
  readonly files: { readonly json: string; readonly csv: string; readonly html: string };
  readonly exitCode: number;
  /** Pupils in the roster without an enrolled face: they cannot be recognised. */
  readonly notEnrolled: number;
}

/** One report per target run, each in that target's report folder. */
export async function reportScan(prepared: PreparedScan, executed: ExecutedScan): Promise<ReportedScan[]> {
  const reported: ReportedScan[] = [];
  for (const target of executed.targets) reported.push(await reportTarget(prepared, target, executed));
  return reported;
}

/** The exit code of a run with several targets: the most serious of theirs (interrupted, unreadable photos, review). */
export function runExitCode(reported: readonly ReportedScan[], targets: number): number {
  const codes = reported.map((entry) => entry.exitCode);
  if (codes.includes(EXIT.interrupted) || reported.length < targets) return EXIT.interrupted;
  return Math.max(EXIT.ok, ...codes);
}

async function reportTarget(
  prepared: PreparedScan,
  executed: ExecutedTarget,
  run: Pick<ExecutedScan, 'backend' | 'learned'>,
): Promise<ReportedScan> {
  const { backend } = run;
  const { request, roster } = prepared;
  const { outcome, plan, prepared: target } = executed;
  const people = peopleOf(roster);
  const changes = changesSince(target.previous, executed.ledger, {
    pupils: plan.pupils,
    target: target.target,
    photos: outcome.photos,
    sources: [...prepared.sources, ...prepared.clips],
  }).map((change) => changeRecord(change, people));
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
      learnedFaces: run.learned.faces,
      learnedFacesLeftOut: run.learned.leftOut,
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
