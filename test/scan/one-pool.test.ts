/**
 * `scan --portraits` enrols and scans on one worker pool: the models load once per command. It used to start a pool
 * for the portraits, close it, and start a second one for the photos, loading every model again.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkerPool, type PoolOptions } from '../../src/engine/pool.js';
import { scanFolder } from '../../src/scan/command.js';
import { fixture, tempDirForTests } from '../helpers/fixtures.js';
import { scanRequest } from '../helpers/scan-request.js';

describe('scan --portraits on one worker pool (real engines, demo)', () => {
  const dir = tempDirForTests('pf-one-pool-');

  it('starts one pool, loads the models once, and enrols, analyses and renders on it', async () => {
    const cwd = path.join(dir(), 'demo');
    await cp(fixture('demo'), cwd, { recursive: true });
    const pools: number[] = [];
    const jobs: string[] = [];
    const createPool = (options: PoolOptions) => {
      pools.push(options.workers);
      return createWorkerPool({ ...options, onJobDone: (type) => jobs.push(type) });
    };
    const request = scanRequest(cwd, { photos: 'photos', roster: 'roster.csv', portraits: 'portraits', jobs: 1 });
    const { reported } = await scanFolder(request, { createPool });
    expect(pools).toEqual([1]);
    // One worker: its engines load once, for the portraits, and serve the photos too.
    expect(jobs.filter((type) => type === 'start')).toEqual(['start']);
    expect(new Set(jobs)).toEqual(new Set(['start', 'portrait', 'detect', 'describe', 'render']));
    // And the scan is the scan: Barack (portrait, consent) recognised and kept.
    const faces = reported[0]!.report.photos.flatMap((photo) => photo.faces);
    expect(faces.some((face) => face.pupil === '1001' && face.action === 'kept')).toBe(true);
  }, 300_000);
});
