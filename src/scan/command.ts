/**
 * A whole scan, from request to reports, on one worker pool: prepare (every refusal; `--portraits` enrols on the
 * pool), execute (the same pool, the models already loaded), then report once the pool is closed. The CLI and
 * tests call it alike; printing is the CLI's, through the hooks.
 */
import { withCommandPool, type CommandPoolOptions } from '../engine/command-pool.js';
import { executeScan, type ExecutedScan, type ExecuteHooks } from './execute.js';
import { prepareScan, type PrepareHooks, type PreparedScan, type ScanRequest } from './prepare.js';
import { reportScan, type ReportedScan } from './write-report.js';

export interface ScanCommandHooks extends PrepareHooks, Omit<ExecuteHooks, 'signal'> {
  /** Once every check passed and before any photo: what will be scanned. */
  readonly onPrepared?: (prepared: PreparedScan) => void;
  /** Once the photos are done (or stopped), before the reports are written. */
  readonly onExecuted?: (executed: ExecutedScan) => void;
  /** Tests only: starts the worker pool (see CommandPoolOptions). */
  readonly createPool?: CommandPoolOptions['createPool'];
}

export interface ScannedFolder {
  readonly prepared: PreparedScan;
  readonly executed: ExecutedScan;
  /** One per target run, in order; fewer than `prepared.targets` when the run was stopped. */
  readonly reported: readonly ReportedScan[];
}

/** @throws UserError for anything the user must fix, before any photo is written. */
export async function scanFolder(request: ScanRequest, hooks: ScanCommandHooks = {}): Promise<ScannedFolder> {
  const poolOptions = { workers: request.jobs, ...(hooks.createPool !== undefined ? { createPool: hooks.createPool } : {}) };
  const { prepared, executed } = await withCommandPool(poolOptions, async (pool) => {
    const ready = await prepareScan(request, pool, hooks);
    hooks.onPrepared?.(ready);
    // Ctrl-C stops the photos from here on; before, it ends the command at once, as nothing has been written.
    return { prepared: ready, executed: await withStopSignals((signal) => executeScan(ready, pool, { ...hooks, signal })) };
  });
  hooks.onExecuted?.(executed);
  return { prepared, executed, reported: await reportScan(prepared, executed) };
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
