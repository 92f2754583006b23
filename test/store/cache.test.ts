import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoAnalysis } from '../../src/faces/engine-types.js';
import { AnalysisCache, hashFile } from '../../src/store/cache.js';
import { dataKeys } from '../../src/store/crypto.js';
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
    return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json') || f.endsWith('.enc'));
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
    expect(await cache.entryFile(hash)).toContain(path.join('cache', hash.slice(0, 2), hash));
  });

  it("keeps the photo's fingerprint, by which the teacher's corrections follow a re-saved copy", async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS);
    const hash = await hashFile(photo);
    const analysis: PhotoAnalysis = { ...ANALYSIS, fingerprint: { phash: '0123456789abcdef', size: ANALYSIS.imageSize, turned: ['1', '2', '3', '4', '5', '6', '7'].map((d) => d.repeat(16)) } };
    await cache.put(hash, analysis);
    expect(await cache.get(hash)).toEqual(analysis);
  });

  it('treats an entry from before fingerprints as a quiet miss, and the next analysis replaces it', async () => {
    const damaged: string[] = [];
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { onDamaged: (file) => damaged.push(file) });
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    const file = (await cache.entryFile(hash))!;
    // A version-1 entry, as the tool wrote it before: no fingerprint in its payload.
    const entry = JSON.parse(await readFile(file, 'utf8')) as { version: number; payload: string; sha256: string };
    const payload = JSON.parse(entry.payload) as Record<string, unknown>;
    delete payload['fingerprint'];
    entry.payload = JSON.stringify(payload);
    entry.sha256 = createHash('sha256').update(entry.payload).digest('hex');
    entry.version = 1;
    await writeFile(file, JSON.stringify(entry));
    expect(await cache.get(hash)).toBeNull();
    expect(damaged).toEqual([]);
    const analysis: PhotoAnalysis = { ...ANALYSIS, fingerprint: { phash: '0123456789abcdef', size: ANALYSIS.imageSize, turned: ['1', '2', '3', '4', '5', '6', '7'].map((d) => d.repeat(16)) } };
    await cache.put(hash, analysis);
    expect(await cache.get(hash)).toEqual(analysis);
    expect(await entryFiles(path.join(tmp, 'cache'))).toHaveLength(1);
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
    const file = (await cache.entryFile(hash))!;
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
    const at = new Date('2026-12-01T10:00:00Z');
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { now: () => at });
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    // A folder where the next entry goes: renaming the temp file over it fails after the temp file was written.
    const other = 'ab'.repeat(32);
    const settingsHash = createHash('sha256').update(SETTINGS).digest('hex').slice(0, 16);
    await mkdir(path.join(tmp, 'cache', 'ab', `${other}.${settingsHash}.${at.getTime()}.json`, 'x'), { recursive: true });
    await expect(cache.put(other, ANALYSIS)).rejects.toThrow();
    const all = (await readdir(path.join(tmp, 'cache'), { recursive: true })).map(String);
    expect(all).toContain(path.relative(path.join(tmp, 'cache'), (await cache.entryFile(hash))!));
    expect(all.filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });
});

describe('AnalysisCache in an encrypted store', () => {
  const dataKey = Buffer.alloc(32, 7);
  const vault = { kind: 'encrypted', dataKey, keys: dataKeys(dataKey) } as const;

  it('seals each entry and names it by a keyed hash: neither the photo hash nor a descriptor is in clear', async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { vault });
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    expect(await cache.get(hash)).toEqual(ANALYSIS);
    const files = await readdir(path.join(tmp, 'cache'), { recursive: true });
    expect(files.join('\n')).not.toContain(hash);
    const file = (await cache.entryFile(hash))!;
    const bytes = await readFile(file);
    const descriptorBytes = Buffer.from(ANALYSIS.descriptors[0]!.buffer).subarray(0, 16);
    expect(bytes.includes(descriptorBytes)).toBe(false);
    expect(bytes.toString('latin1')).not.toMatch(/descriptors|imageSize|4032/);
    // The same cache in clear does show them: the check above can fail.
    const plain = new AnalysisCache(path.join(tmp, 'plain'), SETTINGS);
    await plain.put(hash, ANALYSIS);
    expect(await readFile((await plain.entryFile(hash))!, 'latin1')).toMatch(/descriptors/);
  });

  it.each([
    ['one byte changed', (b: Buffer) => Buffer.concat([b.subarray(0, 40), Buffer.from([b[40]! ^ 1]), b.subarray(41)])],
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 10)],
    ['cut to its header', (b: Buffer) => b.subarray(0, 20)],
  ])('deletes a sealed entry that was altered (%s), says which file, and analyses again', async (_label, damage) => {
    const damaged: string[] = [];
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { vault, onDamaged: (f) => damaged.push(f) });
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    const file = (await cache.entryFile(hash))!;
    await writeFile(file, damage(await readFile(file)));
    expect(await cache.get(hash)).toBeNull();
    expect(damaged).toEqual([file]);
    expect(await cache.entryFile(hash)).toBeNull();
  });

  it("refuses another photo's sealed entry copied under this photo's name", async () => {
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { vault });
    const hash = await hashFile(photo);
    const other = 'a'.repeat(64);
    await cache.put(hash, ANALYSIS);
    await cache.put(other, { ...ANALYSIS, faces: [], descriptors: [] });
    const mine = (await cache.entryFile(hash))!;
    await writeFile(mine, await readFile((await cache.entryFile(other))!));
    expect(await cache.get(hash)).toBeNull();
  });

  it('does not open under another store key', async () => {
    const hash = await hashFile(photo);
    await new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { vault }).put(hash, ANALYSIS);
    const otherKey = Buffer.alloc(32, 8);
    const stranger = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { vault: { kind: 'encrypted', dataKey: otherKey, keys: dataKeys(otherKey) } });
    expect(await stranger.get(hash)).toBeNull();
  });
});

describe('AnalysisCache retention (injected clock)', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const start = new Date('2026-09-01T10:00:00Z').getTime();

  it('returns an entry until its retention ends and deletes it then, on get and on sweep', async () => {
    let now = start;
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { retentionDays: 90, now: () => new Date(now) });
    const hash = await hashFile(photo);
    await cache.put(hash, ANALYSIS);
    now = start + 89 * DAY;
    expect(await cache.sweep()).toBe(0);
    expect(await cache.get(hash)).toEqual(ANALYSIS);
    // Being used does not renew it: the faces found in a photo are kept 90 days from their analysis, not longer.
    now = start + 90 * DAY;
    expect(await cache.get(hash)).toBeNull();
    expect(await entryFiles(path.join(tmp, 'cache'))).toEqual([]);

    now = start;
    await cache.put(hash, ANALYSIS);
    now = start + 91 * DAY;
    expect(await cache.sweep()).toBe(1);
    expect(await entryFiles(path.join(tmp, 'cache'))).toEqual([]);
  });

  it('keeps what is within a shorter retention and sweeps only what is past it', async () => {
    let now = start;
    const cache = new AnalysisCache(path.join(tmp, 'cache'), SETTINGS, { retentionDays: 7, now: () => new Date(now) });
    const old = 'b'.repeat(64);
    await cache.put(old, ANALYSIS);
    now = start + 5 * DAY;
    const recent = await hashFile(photo);
    await cache.put(recent, ANALYSIS);
    now = start + 8 * DAY;
    expect(await cache.sweep()).toBe(1);
    expect(await cache.get(old)).toBeNull();
    expect(await cache.get(recent)).toEqual(ANALYSIS);
  });

  it('sweeps entries of a version without dates, and renewed entries replace the older file', async () => {
    const dir = path.join(tmp, 'cache');
    const hash = await hashFile(photo);
    await mkdir(path.join(dir, hash.slice(0, 2)), { recursive: true });
    await writeFile(path.join(dir, hash.slice(0, 2), `${hash}.0123456789abcdef.json`), '{}');
    let now = start;
    const cache = new AnalysisCache(dir, SETTINGS, { now: () => new Date(now) });
    expect(await cache.sweep()).toBe(1);
    await cache.put(hash, ANALYSIS);
    now = start + DAY;
    await cache.put(hash, ANALYSIS);
    expect(await entryFiles(dir)).toHaveLength(1);
  });
});
