import type { CommandPool } from '../../src/engine/command-pool.js';
import { SCAN_DEFAULTS } from '../../src/scan/defaults.js';
import type { ScanRequest } from '../../src/scan/prepare.js';

/** A scan of `cwd/sportdag` for public with the defaults on one worker, as `prepareScan` takes it; `over` changes fields. */
export function scanRequest(cwd: string, over: Partial<ScanRequest> = {}): ScanRequest {
  return {
    photos: 'sportdag',
    cwd,
    scope: 'public',
    action: SCAN_DEFAULTS.action,
    unknown: SCAN_DEFAULTS.unknown,
    small: SCAN_DEFAULTS.small,
    dropPortraits: false,
    style: SCAN_DEFAULTS.style,
    quality: SCAN_DEFAULTS.quality,
    jobs: 1,
    cache: true,
    videos: SCAN_DEFAULTS.videos,
    mute: SCAN_DEFAULTS.mute,
    lang: 'en',
    ...over,
  };
}

/**
 * A worker pool for `prepareScan` that must not start: without `--portraits` preparing a scan starts no engine, so
 * using it fails the test.
 */
export const NO_POOL: CommandPool = Object.freeze({
  workers: 1,
  started: () => Promise.reject(new Error('prepareScan started the worker pool without --portraits')),
  withModels: () => Promise.reject(new Error('prepareScan loaded the models without --portraits')),
  close: async () => {},
});
