import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoAnalysis } from '../../src/faces/engine-types.js';
import { AnalysisCache, hashFile } from '../../src/store/cache.js';
import { TEMP_SUFFIX } from '../../src/atomic.js';

const SETTINGS = 'yunet-n:abc|facenet:min=32';
const point = (x: number, y: number) => ({ x, y });

const ANALYSIS: PhotoAnalysis = {
  imageSize: { width: 4032, height: 3024 },
  faces: [
    { box: { x: 100.5, y: 200, width: 80, height: 96 }, score: 0.93, landmarks: [point(120, 230), point(160, 230), point(140, 250), point(125, 270), point(155, 270)] },
    { box: { x: 900, y: 1200, width: 12, height: 14 }, score: 0.71, landmarks: [point(902, 1204), point(908, 1204), point(905, 1207), point(903, 1210), point(907, 1210)] },
  ],
  descriptors: [Float32Array.from({ length: 128 }, (_, i) => (i - 64) / 100), null],
};

let tmp: string;
let photo: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pf-cache-'));
  photo = path.join(tmp, 'IMG_0001.jpg');
  await writeFile(photo, Buffer.from('pretend these are jpeg bytes'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function entryFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
}

describe('hashFile', () => {
  it('is the sha256 of the bytes', async () => {
    const expected = createHash('sha256').update('pretend these are jpeg bytes').digest('hex');
    expect(await hashFile(photo)).toBe(expected);
  });
});

describe('AnalysisCache', () => {
  it('hits with the same bytes and settings, exactly as stored', async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS);
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    const back = await cache.get(hash);
    expect(back).toEqual(ANALYSIS);
    expect(back?.descriptors[0]).toBeInstanceOf(Float32Array);
    expect(cache.entryPath(hash)).toContain(path.join('cache', hash.slice(0, 2), hash));
  });

  it('misses when the photo bytes changed', async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS);
    await cache.put(await hashFile(photo), ANALYSIS);
    await writeFile(photo, Buffer.from('pretend these are jpeg bytes, edited'));
    expect(await cache.get(await hashFile(photo))).toBeNull();
  });

  it('misses when the engine settings changed, and keeps the other entry', async () => {
    const dir = path.join(tmp, 'cache');
    const hash = await hashFile(photo);
    await new AnalysisCache(dir, SETTINGS).put(hash, ANALYSIS);
    expect(await new AnalysisCache(dir, `${SETTINGS}:tiles=3`).get(hash)).toBeNull();
    expect(await new AnalysisCache(dir, SETTINGS).get(hash)).toEqual(ANALYSIS);
  });

  it.each([
    ['garbage', () => 'not json at all'],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['payload edited (checksum no longer matches)', (text: string) => text.replace('0.93', '0.99')],
    ['payload and checksum edited to pair faces with too few descriptors', (text: string) => {
      const entry = JSON.parse(text) as { payload: string; sha256: string };
      const payload = JSON.parse(entry.payload) as { descriptors: unknown[] };
      payload.descriptors.pop();
      entry.payload = JSON.stringify(payload);
      entry.sha256 = createHash('sha256').update(entry.payload).digest('hex');
      return JSON.stringify(entry);
    }],
    ['the entry of another photo copied over it', (text: string) => {
      const entry = JSON.parse(text) as { photo: string };
      entry.photo = '0'.repeat(64);
      return JSON.stringify(entry);
    }],
  ])('treats a %s entry as a miss and deletes it', async (_label, damage) => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS);
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    const file = cache.entryPath(hash);
    await writeFile(file, damage(await readFile(file, 'utf8')));
    expect(await cache.get(hash)).toBeNull();
    expect(await entryFiles(path.join(tmp, 'cache'))).toEqual([]);
    // …and it is rebuilt by the next put.
    await cache.put(hash, ANALYSIS);
    expect(await cache.get(hash)).toEqual(ANALYSIS);
  });

  it('refuses a key that is not a sha256 digest (it becomes a path)', async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS);
    await expect(cache.get('../../etc/passwd')).rejects.toThrow(/sha256/);
  });

  it('leaves no temp files behind, also when an entry cannot be written', async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS);
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    // A folder where the next entry goes: renaming the temp file over it fails after the temp file was written.
    const other = 'ab'.repeat(32);
    await mkdir(path.join(cache.entryPath(other), 'x'), { recursive: true });
    await expect(cache.put(other, ANALYSIS)).rejects.toThrow();
    const all = (await readdir(path.join(tmp, 'cache'), { recursive: true })).map(String);
    expect(all).toContain(path.relative(path.join(tmp, 'cache'), cache.entryPath(hash)));
    expect(all.filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });
});
