import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import { descriptorDistance } from '../../src/faces/match.js';
import { PhotoReadError } from '../../src/images/load.js';
import { inProcessAnalyzer } from '../../src/engine/analyze.js';
import { createWorkerPool, type WorkerPool } from '../../src/engine/pool.js';
import { hashFile } from '../../src/store/cache.js';
import sharp from 'sharp';
import { fixture } from '../helpers/fixtures.js';

let pool: WorkerPool;
let poolKey: string;
let dir: string;
/** Each job the pool finished: its type and the worker that did it. */
const jobs: { type: string; worker: number; file: string | null }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-pool-'));
  // One face per describing step, so that the demo photos (two faces each) have steps to share.
  pool = await createWorkerPool({ workers: 2, detectorThreads: 1, facesPerStep: 1, onJobDone: (type, worker, file) => jobs.push({ type, worker, file }) });
  expect(pool.backend).toBeNull(); // no model loaded until asked
  poolKey = (await pool.startEngines()).settingsKey;
});

afterAll(async () => {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the worker pool', () => {
  it('finds the same faces and descriptors as the engines run in this thread', async () => {
    const photo = fixture('demo/photos/sportdag-01.jpg');
    const local = inProcessAnalyzer({ detector: await createDetector(), describer: await createDescriber() });
    try {
      const [pooled, direct] = await Promise.all([pool.analyze(photo), local.analyze(photo)]);
      expect(poolKey).toBe(local.settingsKey);
      expect(pooled.imageSize).toEqual(direct.imageSize);
      expect(pooled.faces.length).toBeGreaterThanOrEqual(2);
      expect(pooled.faces.map((f) => f.box)).toEqual(direct.faces.map((f) => f.box));
      pooled.descriptors.forEach((descriptor, i) => {
        const other = direct.descriptors[i];
        expect(descriptor === null).toBe(other === null);
        if (descriptor != null && other != null) expect(descriptorDistance(descriptor, other)).toBeLessThan(1e-4);
      });
    } finally {
      await local.close();
    }
  });

  it('keeps a file that is not a photo a PhotoReadError across the thread boundary, and goes on working', async () => {
    const text = path.join(dir, 'notes.jpg');
    await writeFile(text, 'not a photo');
    const results = await Promise.allSettled([pool.analyze(text), pool.analyze(fixture('demo/photos/gordijnen.jpg'))]);
    expect(results[0]?.status).toBe('rejected');
    if (results[0]?.status === 'rejected') {
      expect(results[0].reason).toBeInstanceOf(PhotoReadError);
      expect((results[0].reason as PhotoReadError).file).toBe(text);
    }
    expect(results[1]?.status).toBe('fulfilled');
  });

  it('spreads photos over both workers', async () => {
    jobs.length = 0;
    const photos = Array.from({ length: 4 }, () => fixture('demo/photos/sportdag-01.jpg'));
    const analyses = await Promise.all(photos.map((photo) => pool.analyze(photo)));
    expect(new Set(analyses.map((a) => a.faces.length)).size).toBe(1);
    expect(new Set(jobs.filter((job) => job.type === 'detect').map((job) => job.worker)).size).toBe(2);
  });

  it('lets an idle worker describe part of the photo another worker found the faces in', async () => {
    jobs.length = 0;
    const photo = fixture('demo/photos/sportdag-01.jpg');
    const analysis = await pool.analyze(photo);
    expect(analysis.faces.length).toBe(2);
    expect(analysis.descriptors.every((d) => d !== null)).toBe(true);
    const found = jobs.find((job) => job.type === 'detect')?.worker;
    expect(found).toBeDefined();
    expect(jobs.filter((job) => job.type === 'describe').map((job) => job.worker).sort()).toEqual([0, 1]);
  });

  it('renders a photo in the worker that decoded it, even when another worker is idle too', async () => {
    jobs.length = 0;
    const photos = [fixture('demo/photos/sportdag-01.jpg'), fixture('demo/photos/sportdag-02-sideways.jpg')];
    const analyses = new Map(await Promise.all(photos.map(async (photo) => [photo, await pool.analyze(photo)] as const)));
    const detects = jobs.filter((job) => job.type === 'detect');
    expect(detects.map((job) => job.worker).sort()).toEqual([0, 1]);
    // Worker 1's photo: with both idle, a pool that ignored where photos are decoded would give it to worker 0.
    const photo = detects.find((job) => job.worker === 1)!.file!;
    const analysis = analyses.get(photo)!;
    await pool.render(photo, await hashFile(photo), analysis.imageSize, analysis.faces.map((f) => f.box), { style: 'pixelate', quality: 90 });
    expect(jobs.at(-1)).toEqual({ type: 'render', worker: 1, file: photo });
  });
});

describe('rendering in the pool', () => {
  it('gives the same bytes as rendering in this thread', async () => {
    const { renderPhoto } = await import('../../src/engine/render.js');
    const photo = fixture('demo/photos/sportdag-01.jpg');
    const analysis = await pool.analyze(photo);
    const boxes = analysis.faces.map((f) => f.box);
    const options = { style: 'pixelate', quality: 90 } as const;
    const hash = await hashFile(photo);
    const [pooled, local] = await Promise.all([pool.render(photo, hash, analysis.imageSize, boxes, options), renderPhoto(photo, hash, analysis.imageSize, boxes, options)]);
    expect(pooled.extension).toBe(local.extension);
    expect(Buffer.isBuffer(pooled.data)).toBe(true);
    expect(pooled.data.equals(local.data)).toBe(true);
    expect((await sharp(pooled.data).metadata()).width).toBe(analysis.imageSize.width);
  });

  it('works only on the bytes the scan decided on: a photo whose content is not that hash is refused, also when decoded', async () => {
    const photo = fixture('demo/photos/sportdag-01.jpg');
    const other = 'ab'.repeat(32);
    await expect(pool.analyze(photo, other)).rejects.toThrow(/changed while it was being scanned/);
    const hash = await hashFile(photo);
    const analysis = await pool.analyze(photo, hash);
    // The worker holds this photo decoded (from the bytes of `hash`); that must not let another hash through.
    const boxes = analysis.faces.map((f) => f.box);
    const refused = pool.render(photo, other, analysis.imageSize, boxes, { style: 'solid', quality: 80 });
    await expect(refused).rejects.toBeInstanceOf(PhotoReadError);
    await expect(refused).rejects.toThrow(/changed while it was being scanned/);
  });
});

describe('the analysis settings key', () => {
  it('is known without loading a model, and equals the loaded engines’ key', async () => {
    const { defaultAnalysisKey } = await import('../../src/engine/defaults.js');
    expect(poolKey).toBe(defaultAnalysisKey());
  });
});

describe('a worker that dies', () => {
  // One worker, so that a retry can only run on the fresh worker that replaced the dead one.
  const times = new Int32Array(new SharedArrayBuffer(4));
  let dying: WorkerPool;
  let plain: string;
  beforeAll(async () => {
    dying = await createWorkerPool({ workers: 1, detectorThreads: 1, exitOn: { name: 'dies.jpg', times } });
    plain = path.join(dir, 'dies.jpg');
    await sharp({ create: { width: 96, height: 64, channels: 3, background: '#336699' } }).jpeg().toFile(plain);
  });
  afterAll(async () => {
    await dying.close();
  });

  it('without an error event: its photo is tried once more on a fresh worker', async () => {
    Atomics.store(times, 0, 1);
    const analysis = await dying.analyze(plain);
    expect(analysis.imageSize).toEqual({ width: 96, height: 64 });
    expect(Atomics.load(times, 0)).toBe(0); // it did die once
  });

  it('twice on the same photo: that photo fails (so a scan ends), and the pool goes on with the next', async () => {
    Atomics.store(times, 0, 2);
    await expect(dying.analyze(plain)).rejects.toThrow(/worker stopped while working on this photo \(it exited with code 3\), also on a second try/);
    const rendered = await dying.render(plain, await hashFile(plain), { width: 96, height: 64 }, [{ x: 10, y: 10, width: 20, height: 20 }], { style: 'solid', quality: 80 });
    expect(rendered.extension).toBe('.jpg');
  });
});
