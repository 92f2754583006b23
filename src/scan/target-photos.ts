/**
 * The photos of one target, run: its plan, its ledger (with the other scans of the same photos, whose identical
 * files it may copy) and the photo pipeline; the target's clips go through theirs (src/scan/clips.ts) once the photos
 * are done, in the same ledger.
 */
import type { PhotoAnalyzer } from '../engine/analyze.js';
import type { LedgerData } from '../history/ledger.js';
import { otherScansOf, ScanLedger } from './ledger.js';
import { runScan, type AfterPhotos, type ScanHooks, type ScanOutcome } from './pipeline.js';
import { planFor, type ScanPlan } from './plan.js';
import type { PreparedScan, PreparedTarget } from './prepare.js';

export interface TargetPhotos {
  readonly outcome: ScanOutcome;
  readonly plan: ScanPlan;
  /** The ledger this run left: what it placed and who each file shows, to compare with the run before. */
  readonly ledger: LedgerData;
}

export async function runTargetPhotos(
  prepared: Pick<PreparedScan, 'request' | 'store' | 'roster' | 'sources' | 'clips' | 'taught'>,
  target: PreparedTarget,
  analyzer: PhotoAnalyzer,
  hooks: ScanHooks = {},
  clips: ((plan: ScanPlan) => AfterPhotos) | null = null,
): Promise<TargetPhotos> {
  const { request, store } = prepared;
  const plan = planFor(prepared, target);
  // Without the cache (--no-cache) every photo is rendered afresh, nothing taken from other scans.
  const others = request.cache && store != null ? await otherScansOf(store, target.folders) : [];
  const ledger = new ScanLedger(target.folders, target.identity, target.previous, others);
  const outcome = await runScan(plan, analyzer, ledger, hooks, clips?.(plan) ?? null);
  return { outcome, plan, ledger: ledger.data() };
}
