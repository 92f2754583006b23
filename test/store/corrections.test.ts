import { readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runForget } from '../../src/cli/forget.js';
import { UserError } from '../../src/errors.js';
import {
  correctionsNaming,
  correctionsOf,
  forgetPupilCorrections,
  learnedTemplates,
  readCorrections,
  updatePhotoCorrections,
  withLearned,
  writeCorrections,
  type PhotoCorrections,
} from '../../src/store/corrections.js';
import { openOrCreateStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { makeTempDir } from '../helpers/fixtures.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const size = { width: 1000, height: 800 };
const descriptor = (x: number): Float32Array => Float32Array.from({ length: 128 }, (_, i) => (i === 0 ? x : 0.01));

const photoA: PhotoCorrections = {
  imageSize: size,
  fingerprint: { phash: '0123456789abcdef', size },
  faces: [
    { box: { x: 10, y: 20, width: 30, height: 40 }, correction: { kind: 'pupil', pupilId: '1001' }, at: '2026-12-01T10:00:00.000Z', learned: { describer: 'd1', descriptor: descriptor(0.5) } },
    { box: { x: 110, y: 20, width: 30, height: 40 }, correction: { kind: 'not-a-face' }, at: '2026-12-01T10:01:00.000Z', learned: null },
  ],
  added: [{ box: { x: 500, y: 300, width: 60, height: 60 }, at: '2026-12-01T10:02:00.000Z' }],
  droppedAt: null,
};
const photoB: PhotoCorrections = {
  imageSize: size,
  // A photo corrected before fingerprints.
  fingerprint: null,
  faces: [{ box: { x: 10, y: 20, width: 30, height: 40 }, correction: { kind: 'pupil', pupilId: '1001' }, at: '2026-12-02T09:00:00.000Z', learned: { describer: 'd0', descriptor: descriptor(0.7) } }],
  added: [],
  droppedAt: '2026-12-02T09:01:00.000Z',
};

let dir: string;
let cleanup: () => Promise<void>;
let store: Store;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await openOrCreateStore(dir);
});

afterEach(async () => {
  await cleanup();
});

describe('corrections.json', () => {
  it('keeps every correction exactly, learned descriptors included', async () => {
    await writeCorrections(store, new Map([[HASH_A, photoA], [HASH_B, photoB]]));
    expect(await readCorrections(store)).toEqual(new Map([[HASH_A, photoA], [HASH_B, photoB]]));
  });

  it('refuses a damaged file instead of dropping corrections that hide a face', async () => {
    await writeCorrections(store, new Map([[HASH_A, photoA]]));
    // The store refuses a file that was altered (it is sealed); a document of the wrong shape is refused here.
    const file = store.documentFile('corrections');
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 5) ^ 1, bytes.length - 5);
    await writeFile(file, bytes);
    await expect(readCorrections(store)).rejects.toBeInstanceOf(UserError);
    for (const wrong of [{ version: 9, photos: {} }, { version: 1, photos: { [HASH_A]: { imageSize: [10, 10], droppedAt: null, faces: [{ box: [1, 1, 1, 1], correction: 'publish', at: 'x' }], added: [] } } }]) {
      await store.writeDocument('corrections', wrong);
      await expect(readCorrections(store)).rejects.toBeInstanceOf(UserError);
    }
  });

  it('reads a file from before fingerprints: its photos have none, and are matched by their bytes only', async () => {
    await store.writeDocument('corrections', {
      version: 1,
      photos: { [HASH_A]: { imageSize: [1000, 800], droppedAt: '2026-12-01T10:00:00.000Z', faces: [], added: [] } },
    });
    const read = await readCorrections(store);
    expect(read.get(HASH_A)).toMatchObject({ fingerprint: null, droppedAt: '2026-12-01T10:00:00.000Z' });
    expect(correctionsOf(read, HASH_B, { phash: '0123456789abcdef', size }, size)).toMatchObject({ droppedAt: null, faces: [], added: [] });
  });

  it("starts an edit of a re-saved copy from the original's corrections, its boxes on the copy's pixels", async () => {
    await writeCorrections(store, new Map([[HASH_A, photoA]]));
    const half = { width: 500, height: 400 };
    // The copy at half size: another sha256, the same picture.
    const after = await updatePhotoCorrections(store, HASH_B, half, { phash: '0123456789abcdee', size: half }, (p) => ({ ...p, droppedAt: '2026-12-03T08:00:00.000Z' }));
    expect(after.added).toEqual([{ box: { x: 250, y: 150, width: 30, height: 30 }, at: photoA.added[0]!.at }]);
    expect(after.faces.map((f) => f.box)).toEqual([{ x: 5, y: 10, width: 15, height: 20 }, { x: 55, y: 10, width: 15, height: 20 }]);
    expect(after).toMatchObject({ imageSize: half, fingerprint: { phash: '0123456789abcdee', size: half }, droppedAt: '2026-12-03T08:00:00.000Z' });
    expect((await readCorrections(store)).get(HASH_B)).toEqual(after);
  });

  it('gives an old photo its fingerprint when it is corrected again', async () => {
    await writeCorrections(store, new Map([[HASH_B, photoB]]));
    const fingerprint = { phash: 'fedcba9876543210', size };
    const after = await updatePhotoCorrections(store, HASH_B, size, fingerprint, (p) => p);
    expect(after).toEqual({ ...photoB, fingerprint });
  });

  it('removes the file once nothing is said any more', async () => {
    await updatePhotoCorrections(store, HASH_A, size, null, () => photoA);
    await updatePhotoCorrections(store, HASH_A, size, null, (p) => ({ ...p, faces: [], added: [] }));
    expect(await store.readDocument('corrections')).toBeUndefined();
  });
});

describe('learned faces', () => {
  it("are the named faces' descriptors of this describer only", () => {
    const corrections = new Map([[HASH_A, photoA], [HASH_B, photoB]]);
    expect(learnedTemplates(corrections, 'd1')).toEqual([{ pupilId: '1001', descriptors: [descriptor(0.5)] }]);
    expect(learnedTemplates(corrections, 'other')).toEqual([]);
  });

  it('join the portraits of their pupil', () => {
    const merged = withLearned([{ pupilId: '1001', descriptors: [descriptor(0.1)] }, { pupilId: '1002', descriptors: [descriptor(0.2)] }], [{ pupilId: '1001', descriptors: [descriptor(0.5)] }, { pupilId: '1003', descriptors: [descriptor(0.6)] }]);
    expect(merged.map((t) => [t.pupilId, t.descriptors.length])).toEqual([['1001', 2], ['1002', 1], ['1003', 1]]);
  });
});

describe('what is held naming a pupil, and forgetting it', () => {
  it('lists the corrections naming a pupil, with photo hashes and dates', async () => {
    await writeCorrections(store, new Map([[HASH_A, photoA], [HASH_B, photoB]]));
    expect(await correctionsNaming(store, '1001')).toEqual({
      pupilId: '1001',
      corrections: [
        { photo: HASH_A, at: '2026-12-01T10:00:00.000Z', learnedFace: true },
        { photo: HASH_B, at: '2026-12-02T09:00:00.000Z', learnedFace: true },
      ],
    });
  });

  it('forgets them and their learned faces, leaving every other correction', async () => {
    await writeCorrections(store, new Map([[HASH_A, photoA], [HASH_B, photoB]]));
    expect(await forgetPupilCorrections(store, '1001')).toBe(2);
    const left = await readCorrections(store);
    expect(left.get(HASH_A)!.faces.map((f) => f.correction.kind)).toEqual(['not-a-face']);
    expect(left.get(HASH_A)!.added).toHaveLength(1);
    expect(left.get(HASH_B)!.droppedAt).not.toBeNull();
    expect(JSON.stringify([...left.values()])).not.toContain('1001');
  });

  it('forget <id> erases the corrections of a pupil who has no enrolled portrait', async () => {
    await store.writeTemplates({ describer: 'd1', templates: [{ pupilId: '1002', descriptors: [descriptor(0.2)] }], enrolledAt: { '1002': '2026-01-01T00:00:00.000Z' } });
    await writeCorrections(store, new Map([[HASH_A, photoA]]));
    const lines = await runForget(dir, { kind: 'pupils', ids: ['1001'] });
    expect(lines.join('\n')).toMatch(/Erased 1 correction naming pupil 1001/);
    expect((await correctionsNaming(store, '1001')).corrections).toEqual([]);
    expect((await store.readTemplates()).templates.map((t) => t.pupilId)).toEqual(['1002']);
    await expect(runForget(dir, { kind: 'pupils', ids: ['4242'] })).rejects.toBeInstanceOf(UserError);
  });

  it('forget --all erases the corrections too', async () => {
    await writeCorrections(store, new Map([[HASH_A, photoA]]));
    const file = store.documentFile('corrections');
    await stat(file);
    await runForget(dir, { kind: 'all', confirm: { kind: 'yes' } });
    await expect(stat(file)).rejects.toThrow();
  });
});
