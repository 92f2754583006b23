/**
 * Which analyzer a scan gets: the worker pool on every core, behind the content-hash cache, and started only when a
 * photo actually needs analysing — a rescan whose photos are all cached loads no model at all.
 */
import { availableParallelism } from 'node:os';
import { defaultDetectorSettingsKey } from '../faces/detector.js';
import { describerSettingsKey } from '../faces/describer.js';
import { hashFile, type AnalysisCache } from '../store/cache.js';
import { analysisKey, cachedAnalyzer, type CachedAnalyzer, type PhotoAnalyzer } from './analyze.js';
import { createWorkerPool } from './pool.js';

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

/**
 * The analyzer for a scan of `files`. With a cache, photos whose analysis is cached are never sent to an
 * engine; the engines start up front (so a broken model stops the scan before any work) unless every photo is cached.
 * @throws UserError when the engines cannot start.
 */
export async function startScanAnalyzer(options: {
  readonly files: readonly string[];
  /** The store's cache for the engines' settings key (sealed when the store is encrypted); null for --no-cache. */
  readonly openCache: ((settingsKey: string) => Promise<AnalysisCache>) | null;
  readonly workers: number;
}): Promise<CachedAnalyzer> {
  const settingsKey = defaultAnalysisKey();
  const cache = options.openCache != null ? await options.openCache(settingsKey) : null;
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (file: string): Promise<string> => {
    let hash = hashes.get(file);
    if (hash === undefined) {
      hash = hashFile(file);
      hashes.set(file, hash);
    }
    return hash;
  };

  let needEngines = cache == null;
  if (cache != null) {
    for (const file of options.files) {
      const hit = await hashOf(file)
        .then((hash) => cache.get(hash))
        .catch(() => null);
      if (hit == null) {
        needEngines = true;
        break;
      }
    }
  }

  // Workers start without models (fast); the engines load up front only when some photo needs them, so that a
  // broken model stops the scan before any photo while a fully cached rescan loads none.
  const pool = await createWorkerPool({ workers: Math.max(1, options.workers), detectorThreads: ENGINE_DEFAULTS.detectorThreads });
  if (needEngines) {
    try {
      const started = await pool.startEngines();
      // A mismatch would file every analysis under the wrong key: a bug, not something a user can fix.
      if (started.settingsKey !== settingsKey) throw new Error(`engine settings ${started.settingsKey} differ from the cache key ${settingsKey}`);
    } catch (caught) {
      await pool.close();
      throw caught;
    }
  }
  const engines: PhotoAnalyzer = {
    get backend() {
      return pool.backend ?? 'none (every photo came from the cache)';
    },
    settingsKey,
    analyze: (file, contentHash) => pool.analyze(file, contentHash),
    render: (file, contentHash, imageSize, boxes, renderOptions) => pool.render(file, contentHash, imageSize, boxes, renderOptions),
    close: () => pool.close(),
  };
  return cachedAnalyzer(engines, cache, hashOf);
}
