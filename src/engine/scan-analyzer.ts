/**
 * The analyzer a scan gets: the command's worker pool on every core, behind the content-hash cache, with the models
 * loaded only when a photo actually needs analysing — a rescan whose photos are all cached loads no model at all.
 */
import { hashFile, type AnalysisCache } from '../store/cache.js';
import { cachedAnalyzer, type CachedAnalyzer, type PhotoAnalyzer } from './analyze.js';
import type { CommandPool } from './command-pool.js';
import { defaultAnalysisKey } from './defaults.js';

/**
 * The analyzer for a scan of `files` on `pool`. With a cache, photos whose analysis is cached are never sent to an
 * engine; the engines load up front (so a broken model stops the scan before any work) unless every photo is cached.
 * Closing the analyzer leaves the pool to whoever opened it.
 * @throws UserError when the engines cannot start.
 */
export async function startScanAnalyzer(options: {
  readonly files: readonly string[];
  /** The store's cache for the engines' settings key (sealed when the store is encrypted); null for --no-cache. */
  readonly openCache: ((settingsKey: string) => Promise<AnalysisCache>) | null;
  readonly pool: CommandPool;
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
  const pool = needEngines ? await loadedPool(options.pool, settingsKey) : await options.pool.started();
  const engines: PhotoAnalyzer = {
    get backend() {
      return pool.backend ?? 'none (every photo came from the cache)';
    },
    settingsKey,
    analyze: (file, contentHash) => pool.analyze(file, contentHash),
    render: (file, contentHash, imageSize, boxes, renderOptions) => pool.render(file, contentHash, imageSize, boxes, renderOptions),
    contentHash: hashOf,
    close: async () => {},
  };
  return cachedAnalyzer(engines, cache);
}

async function loadedPool(pool: CommandPool, settingsKey: string): Promise<Awaited<ReturnType<CommandPool['started']>>> {
  const started = await pool.withModels();
  // A mismatch would file every analysis under the wrong key: a bug, not something a user can fix.
  if (started.settingsKey !== settingsKey) throw new Error(`engine settings ${started.settingsKey} differ from the cache key ${settingsKey}`);
  return started.pool;
}
