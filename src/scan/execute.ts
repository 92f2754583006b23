/**
 * The second step of a scan: every target in turn over one analysis on the command's worker pool. The engines see
 * each photo once, later targets take its faces from memory (and, through the ledger, copy files an earlier target
 * rendered the same way). Printing is the CLI's; nothing here writes to the terminal.
 */
import path from 'node:path';
import type { CommandPool } from '../engine/command-pool.js';
import { startScanAnalyzer } from '../engine/scan-analyzer.js';
import { fingerprintCorrections } from './corrections.js';
import type { ScanHooks } from './pipeline.js';
import type { PreparedScan, PreparedTarget } from './prepare.js';
import { sharedAnalysis } from './shared-analysis.js';
import { runTargetPhotos, type TargetPhotos } from './target-photos.js';
import { removeTempFiles } from './walk.js';
import { clipAnalyzer, clipEngines, clipsAfterPhotos, type ClipHooks } from './clips.js';
import { clipSettingsKey } from './clip-cache.js';

/** One target of the scan, run. */
export interface ExecutedTarget extends TargetPhotos {
  readonly prepared: PreparedTarget;
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
  readonly backend: string;
}

export interface ExecuteHooks extends ScanHooks, ClipHooks {
  /** Before each target: its place in the list, so a progress bar can say which output it is writing. */
  readonly onTarget?: (target: PreparedTarget, index: number, total: number) => void;
}

/** Runs the scan for each target in turn; each target's ledger brings its folders in line with this run, also when it is interrupted. */
export async function executeScan(prepared: PreparedScan, pool: CommandPool, hooks: ExecuteHooks = {}): Promise<ExecutedScan> {
  const { request, store } = prepared;
  await removeLeftovers(prepared.targets);
  const input = prepared.targets[0].folders.input;
  const analyzer = await startScanAnalyzer({
    files: prepared.sources.map((source) => path.join(input, source)),
    openCache: request.cache && store != null ? (settingsKey) => store.analysisCache(settingsKey) : null,
    pool,
  });
  const shared = sharedAnalysis(analyzer);
  // The clips' analysis (src/scan/clips.ts): in this thread, once per command, its engines loaded by the first clip
  // the cache does not answer. Clips count with the photos below.
  const clips = prepared.clips.length === 0 ? null : clipAnalyzer({ cache: request.cache && store != null ? await store.analysisCache(clipSettingsKey()) : null, engines: clipEngines(request.jobs) });
  const stats = (): { cached: number; analysed: number; shared: number } => ({
    cached: analyzer.stats.cached + (clips?.stats.cached ?? 0),
    analysed: analyzer.stats.analysed + (clips?.stats.analysed ?? 0),
    shared: shared.reused + (clips?.stats.reused ?? 0),
  });
  const executed: ExecutedTarget[] = [];
  try {
    for (const [index, target] of prepared.targets.entries()) {
      if (hooks.signal?.aborted === true) break;
      hooks.onTarget?.(target, index, prepared.targets.length);
      const before = stats();
      const photos = await runTargetPhotos(prepared, target, shared.analyzer, hooks, clips === null ? null : (plan) => clipsAfterPhotos(plan, clips, hooks));
      const after = stats();
      executed.push({
        prepared: target,
        ...photos,
        fromCache: after.cached - before.cached,
        fromEarlierTarget: after.shared - before.shared,
        analysed: after.analysed - before.analysed,
      });
      if (photos.outcome.interrupted) break;
    }
  } finally {
    await clips?.close();
  }
  await fingerprintCorrections(store, prepared.taught, () => shared.fingerprints());
  return { targets: executed, backend: analyzer.backend };
}

/** Temp files an interrupted run left in the folders this scan writes: they never carry a final name. */
async function removeLeftovers(targets: readonly PreparedTarget[]): Promise<void> {
  for (const { folders } of targets) {
    await Promise.all([removeTempFiles(folders.output), removeTempFiles(folders.review), removeTempFiles(folders.report)].map((p) => p.catch(() => 0)));
  }
}
