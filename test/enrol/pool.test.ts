import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCommandPool } from '../../src/engine/command-pool.js';
import { describeOnPool } from '../../src/enrol/portrait-pool.js';
import { createFaceEngines } from '../../src/faces/engines.js';
import { enrollPupils, inThisThread, type EnrollResult } from '../../src/enrol/portraits.js';
import type { Pupil, Roster } from '../../src/roster/types.js';
import { fixture, makeTempDir } from '../helpers/fixtures.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';

// Real portraits: the demo's two, and with ../shared/faces a few more people plus a photo of dogs (no face) and a group
// photo (no main face), so that skips are compared too.
const SHARED = [
  'identities/face_recognition/rose_leslie/01.jpg',
  'identities/face_recognition/kit_harington/01.jpeg',
  'crowds/davisking_dogs.jpg',
  'crowds/jasmcaus_group_2.jpg',
];

function pupil(id: string, line: number): Pupil {
  return { id, name: `Kind ${id}`, className: '5b', consent: { internal: true, group: true, public: false }, photo: null, line };
}

function maxAbsDifference(a: EnrollResult, b: EnrollResult): number {
  let max = 0;
  a.templates.forEach((template, t) =>
    template.descriptors.forEach((descriptor, d) => {
      const other = b.templates[t]?.descriptors[d];
      if (other === undefined) throw new Error(`descriptor ${d} of ${template.pupilId} is missing`);
      descriptor.forEach((value, i) => (max = Math.max(max, Math.abs(value - (other[i] ?? Number.NaN)))));
    }),
  );
  return max;
}

describe('enrolment on the worker pool (real engines)', () => {
  let cleanup: () => Promise<void>;
  let reference: EnrollResult;
  let pooled: EnrollResult;
  const workersUsed = new Set<number>();

  beforeAll(async () => {
    const temp = await makeTempDir('pf-enrol-pool-');
    cleanup = temp.cleanup;
    const portraits = path.join(temp.dir, 'portretten');
    await mkdir(portraits);
    const sources = [fixture('demo/portraits/1001.jpg'), fixture('demo/portraits/1002.jpg'), ...(hasSharedFaces ? SHARED.map(shared) : [])];
    const ids = await Promise.all(
      sources.map(async (source, i) => {
        const id = String(3001 + i);
        await copyFile(source, path.join(portraits, `${id}${path.extname(source)}`));
        return id;
      }),
    );
    const roster: Roster = { file: path.join(temp.dir, 'roster.csv'), pupils: ids.map((id, i) => pupil(id, i + 2)), warnings: [] };

    // Before: one portrait after another on engines in this thread, as enrolment ran until now.
    const engines = await createFaceEngines();
    try {
      reference = await enrollPupils(roster, portraits, inThisThread(engines));
    } finally {
      await engines.close();
    }
    const onJobDone = (type: string, worker: number): void => void (type === 'portrait' && workersUsed.add(worker));
    pooled = await withCommandPool({ workers: 2, onJobDone }, async (pool) => enrollPupils(roster, portraits, await describeOnPool(pool)));
    // Models load three times (this thread, two workers): slow on a busy 2-core machine.
  }, 600_000);
  afterAll(async () => {
    await cleanup?.();
  });

  it('gives the same templates as one thread: same pupils, same number of portraits, the same descriptors', () => {
    expect(reference.templates.length).toBeGreaterThanOrEqual(2);
    expect(pooled.templates.map((t) => [t.pupilId, t.descriptors.length])).toEqual(reference.templates.map((t) => [t.pupilId, t.descriptors.length]));
    // The same code on the same engines in another thread: equal to the last bit.
    expect(maxAbsDifference(reference, pooled)).toBe(0);
  });

  it('skips the same portraits for the same reasons', () => {
    expect(pooled.skipped).toEqual(reference.skipped);
    if (hasSharedFaces) expect(pooled.skipped.map((s) => s.reason.en)).toEqual([expect.stringMatching(/^no face found/), 'several faces and no clear main one']);
  });

  it('describes portraits on both workers', () => {
    expect([...workersUsed].sort()).toEqual([0, 1]);
  });
});
