/**
 * Enrolment on every core: the command's worker pool describes the portraits, one `portrait` job each, so a school's
 * hundreds of portraits take the time of one portrait per core, and with exactly the code the scan runs. For
 * `scan --portraits` it is the pool the scan then uses, so the models load once.
 */
import { describerSettingsKey } from '../faces/describer.js';
import type { CommandPool } from '../engine/command-pool.js';
import { ENGINE_DEFAULTS } from '../engine/defaults.js';
import type { PortraitDescriber } from './portraits.js';

/**
 * The portraits described on `pool`. The engines load before it returns, so a broken model stops enrolment before
 * any portrait. @throws UserError when a model is missing or altered.
 */
export async function describeOnPool(pool: CommandPool): Promise<PortraitDescriber> {
  const { pool: workers } = await pool.withModels();
  return {
    // Two per worker: the next portrait is queued while a worker sends back the last one.
    concurrency: pool.workers * 2,
    // The key the scan checks templates against (its workers run the same describer).
    describerKey: describerSettingsKey(),
    describePortrait: (file) => workers.describePortrait(file),
  };
}

/** Workers for an enrolment of `portraits` portraits alone: one per core, never more than portraits (each loads its own models). */
export function portraitWorkers(portraits: number): number {
  return Math.max(1, Math.min(ENGINE_DEFAULTS.workers, portraits));
}
