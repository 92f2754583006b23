/** How many engines a command runs, and the cache key of the default engines: known without starting any. */
import { availableParallelism } from 'node:os';
import { defaultDetectorSettingsKey } from '../faces/detector.js';
import { describerSettingsKey } from '../faces/describer.js';
import { analysisKey } from './analyze.js';

export const ENGINE_DEFAULTS = Object.freeze({
  /** One worker per core: the wasm recogniser is single-threaded and onnxruntime gets one thread per worker. */
  workers: availableParallelism(),
  /**
   * Measured with `npm run bench` on 2 cores: two workers with one detector thread each beat one worker with two
   * (the recogniser cannot use the second core, and decoding overlaps better).
   */
  detectorThreads: 1,
});

/** The analysis settings key of the default engines, known without loading them. */
export function defaultAnalysisKey(): string {
  return analysisKey(defaultDetectorSettingsKey(), describerSettingsKey());
}
