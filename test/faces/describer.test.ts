import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHIP_SIZE, chipLandmarks, extractChip, fitSimilarity, type Similarity } from '../../src/faces/align.js';
import { DESCRIBER_DEFAULTS, createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance } from '../../src/faces/match.js';
import type { Descriptor, Detection, RgbImage } from '../../src/faces/types.js';
import { loadPhoto } from '../../src/images/load.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';

describe('face chips (pure)', () => {
  const apply = (t: Similarity, p: { x: number; y: number }) => ({ x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty });

  it('places the eyes level and symmetric, as dlib chips have them', () => {
    const [leftEye, rightEye, nose, leftMouth, rightMouth] = chipLandmarks();
    expect(leftEye.y).toBeCloseTo(rightEye.y, 6);
    // Symmetric about the nose (dlib's mean face sits slightly left of the chip's centre).
    expect(leftEye.x + rightEye.x).toBeCloseTo(2 * nose.x, 0);
    expect(leftMouth.x + rightMouth.x).toBeCloseTo(2 * nose.x, 0);
    expect(Math.abs(nose.x - CHIP_SIZE / 2)).toBeLessThan(2);
    expect(nose.y).toBeGreaterThan(leftEye.y);
    expect(leftMouth.y).toBeGreaterThan(nose.y);
  });

  it('recovers a known rotation, scale and shift from the five points', () => {
    const truth: Similarity = { a: 0.8 * Math.cos(0.3), b: 0.8 * Math.sin(0.3), tx: 12, ty: -7 };
    const from = [{ x: 10, y: 20 }, { x: 60, y: 22 }, { x: 35, y: 50 }, { x: 15, y: 70 }, { x: 55, y: 72 }];
    const fit = fitSimilarity(from, from.map((p) => apply(truth, p)));
    expect(fit.a).toBeCloseTo(truth.a, 6);
    expect(fit.b).toBeCloseTo(truth.b, 6);
    expect(fit.tx).toBeCloseTo(truth.tx, 6);
    expect(fit.ty).toBeCloseTo(truth.ty, 6);
  });

  it('samples the image through the transform, black outside', () => {
    // A 4 × 4 image whose red channel is 10 × column; the identity transform reads it back.
    const data = Buffer.alloc(4 * 4 * 3);
    for (let i = 0; i < 16; i++) data[i * 3] = (i % 4) * 10;
    const chip = extractChip({ data, width: 4, height: 4 }, { a: 1, b: 0, tx: 0, ty: 0 }, 6);
    expect(chip[(1 * 6 + 2) * 3]).toBeCloseTo(20, 5);
    expect(chip[(1 * 6 + 5) * 3]).toBe(0);
  });
});

describe.skipIf(!hasSharedFaces)('describer on real faces', () => {
  let describer: FaceDescriber;
  let detector: FaceDetector;
  const faces = new Map<string, { image: RgbImage; face: Detection }>();

  async function main(file: string): Promise<{ image: RgbImage; face: Detection }> {
    const { rgb } = await loadPhoto(shared(file));
    const found = await detector.detect(rgb);
    const face = found.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    if (face === undefined) throw new Error(`no face in ${file}`);
    return { image: rgb, face };
  }
  async function describeOne(file: string): Promise<Descriptor> {
    const { image, face } = faces.get(file)!;
    const [d] = await describer.describe(image, [face]);
    if (d == null) throw new Error(`no descriptor for ${file}`);
    return d;
  }

  const files = ['identities/celeb5/ben_affleck/01.jpg', 'identities/celeb5/ben_affleck/04.jpg', 'identities/celeb5/madonna/01.jpg'];

  beforeAll(async () => {
    process.env['PRIVACY_FILTER_BACKEND'] = 'wasm';
    [describer, detector] = await Promise.all([createDescriber(), createDetector()]);
    for (const f of files) faces.set(f, await main(f));
  });
  afterAll(async () => {
    await describer?.close();
    await detector?.close();
  });

  it('reports its backend and a settings key naming alignment and minimum size', () => {
    expect(['tensorflow', 'wasm']).toContain(describer.backend);
    expect(describer.settingsKey).toContain(`min=${DESCRIBER_DEFAULTS.minFaceSize}`);
    expect(describer.settingsKey).toContain(DESCRIBER_DEFAULTS.alignment);
  });

  it('gives 128-d descriptors, the same for the same face twice', async () => {
    const a = await describeOne(files[0]!);
    const b = await describeOne(files[0]!);
    expect(a).toHaveLength(128);
    expect(descriptorDistance(a, b)).toBeLessThan(1e-4);
  });

  it('puts the same person in two photos nearer than two different people', async () => {
    const [ben1, ben2, madonna] = await Promise.all(files.map(describeOne));
    const same = descriptorDistance(ben1!, ben2!);
    expect(same).toBeLessThan(descriptorDistance(ben1!, madonna!));
    expect(same).toBeLessThan(descriptorDistance(ben2!, madonna!));
  });

  it('returns null for a face below minFaceSize, and describes the others in order', async () => {
    const { image, face } = faces.get(files[2]!)!;
    const tiny: Detection = { ...face, box: { ...face.box, width: DESCRIBER_DEFAULTS.minFaceSize - 1 } };
    const got = await describer.describe(image, [tiny, face]);
    expect(got[0]).toBeNull();
    expect(got[1]).toBeInstanceOf(Float32Array);
  });

  it('aligns a tilted head: the same photo rotated 20° is still identified, and nearer than with a plain box crop', async () => {
    const { image } = faces.get(files[0]!)!;
    const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .rotate(20)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rotated: RgbImage = { data, width: info.width, height: info.height };
    const found = await detector.detect(rotated);
    const face = found.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    if (face === undefined) throw new Error('no face in the rotated photo');
    const [tilted] = await describer.describe(rotated, [face]);
    const aligned = descriptorDistance(tilted!, await describeOne(files[0]!));
    expect(aligned).toBeLessThan(MATCH_DEFAULTS.threshold);
    const boxDescriber = await createDescriber({ alignment: 'box' });
    const upright = faces.get(files[0]!)!;
    const [boxTilted] = await boxDescriber.describe(rotated, [face]);
    const [boxUpright] = await boxDescriber.describe(upright.image, [upright.face]);
    await boxDescriber.close();
    expect(aligned).toBeLessThan(descriptorDistance(boxTilted!, boxUpright!));
  });

  it('returns nothing for no faces', async () => {
    const { image } = faces.get(files[0]!)!;
    expect(await describer.describe(image, [])).toEqual([]);
  });
});
