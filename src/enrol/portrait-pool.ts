/**
 * Enrolment on every core: the scan's worker pool and engines describe the portraits, one `portrait` job each, so a
 * school's hundreds of portraits take the time of one portrait per core, and with exactly the code the scan runs.
 */
import { describerSettingsKey } from '../faces/describer.js';
import type { PortraitDescriber } from './portraits.js';
import { ENGINE_DEFAULTS } from '../engine/engines.js';
import { createWorkerPool, type PoolOptions } from '../engine/pool.js';

export interface PortraitPool extends PortraitDescriber {
  readonly workers: number;
  close(): Promise<void>;
}

/**
 * A pool for `portraits` portraits: one worker per core, never more workers than portraits (each loads its own models).
 * The engines load before it returns, so a broken model stops enrolment before any portrait.
 * @throws UserError when a model is missing or altered.
 */
export async function startPortraitPool(
  portraits: number,
  options: { readonly workers?: number; readonly onJobDone?: PoolOptions['onJobDone'] } = {},
): Promise<PortraitPool> {
  const workers = Math.max(1, Math.min(options.workers ?? ENGINE_DEFAULTS.workers, portraits));
  const pool = await createWorkerPool({
    workers,
    detectorThreads: ENGINE_DEFAULTS.detectorThreads,
    ...(options.onJobDone !== undefined ? { onJobDone: options.onJobDone } : {}),
  });
  try {
    await pool.startEngines();
  } catch (caught) {
    await pool.close();
    throw caught;
  }
  return {
    workers,
    // Two per worker: the next portrait is queued while a worker sends back the last one.
    concurrency: workers * 2,
    // The key the scan checks templates against (its workers run the same describer).
    describerKey: describerSettingsKey(),
    describePortrait: (file) => pool.describePortrait(file),
    close: () => pool.close(),
  };
}
