/**
 * Issue 11, hole 3: what is published is exactly what was analysed. A photo replaced during a scan (a phone syncing
 * into the folder, a teacher editing it) used to be published with the faces found in the old one: hashed once, read
 * again to render. Now one hash decides, and every read of the photo must match it; a changed photo is an `error`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import type { Detection } from '../../src/faces/types.js';
import { MATCH_DEFAULTS } from '../../src/faces/match.js';
import { POLICY_DEFAULTS } from '../../src/policy/decide.js';
import { cachedAnalyzer, inProcessAnalyzer } from '../../src/engine/analyze.js';
import { checkPreviousRun, ScanLedger } from '../../src/scan/ledger.js';
import { runScan } from '../../src/scan/pipeline.js';
import type { ScanPlan } from '../../src/scan/plan.js';
import { planFolders, type ScanFolders } from '../../src/scan/folders.js';
import { listFiles } from '../../src/scan/walk.js';
import { AnalysisCache, hashFile } from '../../src/store/cache.js';

const FACE: Detection = { box: { x: 10, y: 10, width: 40, height: 40 }, score: 0.99, landmarks: Array.from({ length: 5 }, () => ({ x: 30, y: 30 })) as never };

let dir: string;
let folders: ScanFolders;
let photo: string;
/** Called once, at the moment the scenario replaces the photo. */
let replaceNow: () => Promise<void>;

/** One stranger's face per photo (anonymised by default); `onDetect` runs while the "engine" looks at the photo. */
function engines(onDetect: () => Promise<void>): { detector: FaceDetector; describer: FaceDescriber } {
  return {
    detector: {
      settingsKey: 'fake-detector',
      detect: async () => {
        await onDetect();
        return [FACE];
      },
      close: async () => {},
    },
    describer: {
      backend: 'fake',
      settingsKey: 'fake-describer',
      describe: async (_, faces) => faces.map(() => Float32Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0))),
      close: async () => {},
    },
  };
}

async function scan(analyzer: ReturnType<typeof cachedAnalyzer>) {
  const identity = { scope: 'public', className: null } as const;
  const plan: ScanPlan = {
    folders,
    sources: ['photo.jpg'],
    templates: [],
    pupils: new Map(),
    policy: { ...POLICY_DEFAULTS, scope: 'public', className: null },
    match: MATCH_DEFAULTS,
    style: 'solid',
    quality: 90,
    jobs: 1,
  };
  const outcome = await runScan(plan, analyzer, new ScanLedger(folders, identity, await checkPreviousRun(folders, identity)));
  return outcome.photos[0]!;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-changed-'));
  folders = planFolders({ input: path.join(dir, 'sportdag'), scope: 'public', className: null });
  await mkdir(folders.input);
  photo = path.join(folders.input, 'photo.jpg');
  await sharp({ create: { width: 120, height: 80, channels: 3, background: '#204060' } }).jpeg().toFile(photo);
  // The same size, so nothing but the content tells the two apart: the old boxes would miss this photo's faces.
  const replacement = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#f0e0d0' } }).jpeg().toBuffer();
  replaceNow = async () => {
    replaceNow = async () => {};
    await writeFile(photo, replacement);
  };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a photo replaced during the scan', () => {
  it('after its faces were found: is an error, never published with the old faces', async () => {
    const record = await scan(cachedAnalyzer(inProcessAnalyzer(engines(() => replaceNow())), null));
    expect(record).toMatchObject({ decision: 'error', output: null, review: null });
    expect(record.error).toMatch(/changed while it was being scanned/);
    expect(await listFiles(folders.output).catch(() => [])).toEqual([]);
  });

  it('after it was hashed but before it was decoded: is an error, and its analysis is not cached under the old hash', async () => {
    const cache = new AnalysisCache(path.join(dir, 'cache'), 'fake-detector|fake-describer');
    const original = await hashFile(photo);
    const hashThenReplace = async (file: string): Promise<string> => {
      const hash = await hashFile(file);
      await replaceNow();
      return hash;
    };
    const record = await scan(cachedAnalyzer({ ...inProcessAnalyzer(engines(async () => {})), contentHash: hashThenReplace }, cache));
    expect(record).toMatchObject({ decision: 'error', output: null });
    expect(record.error).toMatch(/changed while it was being scanned/);
    // Filed under the old photo's hash, the new photo's faces would be the answer for the old photo next time.
    expect(await cache.get(original)).toBeNull();
  });
});
