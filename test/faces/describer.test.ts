import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHIP_SIZE,
  DLIB_CHIP_POINTS,
  alignedChipTransform,
  alignedChipTransform68,
  chipLandmarks,
  extractChip,
  fitSimilarity,
  invertPoint,
  mirrorChip,
  uprightBoxTransform,
  type Similarity,
} from '../../src/faces/align.js';
import { DESCRIBER_DEFAULTS, averageDescriptors, chooseNets, createDescriber, describerSettingsKey, runtimeFromEnv } from '../../src/faces/describer.js';
import { UserError } from '../../src/errors.js';
import { DESCRIBER_ENV } from '../../src/faces/recogniser-nets.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance } from '../../src/faces/match.js';
import type { Descriptor, Detection } from '../../src/faces/types.js';
import type { RgbImage } from '../../src/geometry.js';
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

  it('cuts the same chip from 68 landmarks as from the five when the face is dlib\'s mean face', () => {
    // A face drawn at dlib's mean shape, turned and scaled: both fits must undo exactly that.
    const truth: Similarity = { a: 300 * Math.cos(0.2), b: 300 * Math.sin(0.2), tx: 400, ty: 250 };
    const mean68 = meanFace68().map((p) => apply(truth, p));
    const five = alignedChipTransform(fiveFrom68(mean68));
    const full = alignedChipTransform68(mean68);
    for (const key of ['a', 'b', 'tx', 'ty'] as const) expect(full[key]).toBeCloseTo(five[key], 1);
    // Jaw, eyebrows and lower lip do not pull the fit: moving them changes nothing.
    const moved = mean68.map((p, i) => (DLIB_CHIP_POINTS.includes(i) ? p : { x: p.x + 50, y: p.y - 80 }));
    expect(alignedChipTransform68(moved)).toEqual(full);
    expect(() => alignedChipTransform68(mean68.slice(0, 5))).toThrow(RangeError);
  });

  it('turns the landmark crop upright and maps its points back into the image', () => {
    const t = uprightBoxTransform({ x: 100, y: 100, width: 80, height: 100 }, [{ x: 120, y: 130 }, { x: 160, y: 150 }, { x: 140, y: 160 }, { x: 125, y: 180 }, { x: 155, y: 190 }], 112);
    const leftEye = apply(t, { x: 120, y: 130 });
    const rightEye = apply(t, { x: 160, y: 150 });
    expect(leftEye.y).toBeCloseTo(rightEye.y, 6);
    expect(rightEye.x).toBeGreaterThan(leftEye.x);
    expect(apply(t, { x: 140, y: 150 })).toEqual({ x: expect.closeTo(56, 6), y: expect.closeTo(56, 6) });
    const back = invertPoint(t, leftEye);
    expect(back.x).toBeCloseTo(120, 6);
    expect(back.y).toBeCloseTo(130, 6);
  });

  it('mirrors a chip left to right, and mirroring twice gives it back', () => {
    const chip = Float32Array.from({ length: 3 * 3 * 3 }, (_, i) => i);
    const mirrored = mirrorChip(chip, 3);
    // Pixel (x=0, y=1) lands at (x=2, y=1) with its three channels in order.
    expect(Array.from(mirrored.slice((1 * 3 + 2) * 3, (1 * 3 + 2) * 3 + 3))).toEqual([9, 10, 11]);
    expect(Array.from(mirrored.slice((1 * 3 + 1) * 3, (1 * 3 + 1) * 3 + 3))).toEqual([12, 13, 14]);
    expect(mirrorChip(mirrored, 3)).toEqual(chip);
  });

  it('averages a descriptor with its mirror image at their mean length', () => {
    const a = Float32Array.from([1, 0, 0]);
    const b = Float32Array.from([0, 1, 0]);
    const avg = averageDescriptors(a, b);
    expect(avg[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(avg[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Math.hypot(...avg)).toBeCloseTo(1, 6);
    expect(averageDescriptors(a, a)).toEqual(a);
  });

  it('changes the settings key with every setting that moves descriptors, so caches and enrolments are redone', () => {
    const keys = [
      describerSettingsKey(),
      describerSettingsKey({ flip: !DESCRIBER_DEFAULTS.flip }),
      describerSettingsKey({ alignment: 'box' }),
      describerSettingsKey({ alignment: 'landmarks' }),
      describerSettingsKey({ minFaceSize: DESCRIBER_DEFAULTS.minFaceSize + 1 }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(describerSettingsKey({ ...DESCRIBER_DEFAULTS })).toBe(describerSettingsKey());
  });

  it('samples the image through the transform, black outside', () => {
    // A 4 × 4 image whose red channel is 10 × column; the identity transform reads it back.
    const data = Buffer.alloc(4 * 4 * 3);
    for (let i = 0; i < 16; i++) data[i * 3] = (i % 4) * 10;
    const chip = extractChip({ data, width: 4, height: 4 }, { a: 1, b: 0, tx: 0, ty: 0 }, 6);
    expect(chip[(1 * 6 + 2) * 3]).toBeCloseTo(20, 5);
    expect(chip[(1 * 6 + 5) * 3]).toBe(0);
  });

  it('cuts chips bit for bit as plain per-tap bilinear sampling does, inside the image and across its edges', () => {
    // The reference is the sampler as first written: every tap checked and summed in the same order. Equal bits
    // keep descriptors, caches and every measured threshold valid whatever the sampler's inner loop becomes.
    const width = 97;
    const height = 83;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const data = Buffer.from(Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)));
    const reference = (t: Similarity, size: number, k: number): Float32Array => {
      const det = t.a * t.a + t.b * t.b;
      const [ia, ib] = [t.a / det, -t.b / det];
      const [itx, ity] = [-(ia * t.tx - ib * t.ty), -(ib * t.tx + ia * t.ty)];
      const out = new Float32Array(size * size * 3);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const sum = [0, 0, 0];
          for (let sy = 0; sy < k; sy++) {
            for (let sx = 0; sx < k; sx++) {
              const cx = x + (sx + 0.5) / k - 0.5;
              const cy = y + (sy + 0.5) / k - 0.5;
              const [px, py] = [ia * cx - ib * cy + itx, ib * cx + ia * cy + ity];
              const [x0, y0] = [Math.floor(px), Math.floor(py)];
              const tap = [0, 0, 0];
              for (let dy = 0; dy <= 1; dy++) {
                for (let dx = 0; dx <= 1; dx++) {
                  const [xx, yy] = [x0 + dx, y0 + dy];
                  if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
                  const w = (dy === 0 ? 1 - (py - y0) : py - y0) * (dx === 0 ? 1 - (px - x0) : px - x0);
                  for (let c = 0; c < 3; c++) tap[c]! += w * data[(yy * width + xx) * 3 + c]!;
                }
              }
              for (let c = 0; c < 3; c++) sum[c]! += tap[c]!;
            }
          }
          for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = sum[c]! / (k * k);
        }
      }
      return out;
    };
    const transforms: [Similarity, number][] = [
      [{ a: 0.3, b: 0.05, tx: -2, ty: 1 }, 4], // shrinking 3.3×: several samples a pixel, all inside
      [{ a: 0.9, b: -0.4, tx: 20, ty: -15 }, 2], // turned and shifted over the top and left edges
      [{ a: 1.7, b: 0.2, tx: -60, ty: -40 }, 1], // enlarged, reaching past the right and bottom edges
    ];
    for (const [t, k] of transforms) {
      const size = 40;
      expect(Math.max(1, Math.min(8, Math.ceil(1 / Math.hypot(t.a, t.b))))).toBe(k);
      const chip = extractChip({ data, width, height }, t, size);
      expect(Buffer.from(chip.buffer).equals(Buffer.from(reference(t, size, k).buffer))).toBe(true);
    }
  });
});

describe('choosing what runs the nets', () => {
  const saved = process.env[DESCRIBER_ENV];
  afterAll(() => {
    if (saved === undefined) delete process.env[DESCRIBER_ENV];
    else process.env[DESCRIBER_ENV] = saved;
  });

  it('reads PRIVACY_FILTER_DESCRIBER as onnx or tfjs, and refuses anything else with a plain message', () => {
    process.env[DESCRIBER_ENV] = 'onnx';
    expect(runtimeFromEnv()).toBe('onnx');
    process.env[DESCRIBER_ENV] = ' TFJS ';
    expect(runtimeFromEnv()).toBe('tfjs');
    process.env[DESCRIBER_ENV] = '';
    expect(runtimeFromEnv()).toBeUndefined();
    process.env[DESCRIBER_ENV] = 'tensorflow';
    expect(() => runtimeFromEnv()).toThrow(UserError);
    expect(() => runtimeFromEnv()).toThrow(/PRIVACY_FILTER_DESCRIBER/);
  });

  it('falls back to tfjs, said aloud, only when onnxruntime itself cannot load and no runtime was asked for', async () => {
    const fake = (backend: string) => ({ backend, facesPerRun: 1, landmarks: async () => [], descriptors: async () => [], close: async () => {} });
    const loaders = {
      onnx: async () => {
        throw new Error('libonnxruntime.so.1: cannot open shared object file');
      },
      tfjs: async () => fake('wasm'),
    };
    delete process.env[DESCRIBER_ENV];
    const warnings: string[] = [];
    expect((await chooseNets({}, loaders, (m) => warnings.push(m))).backend).toBe('wasm');
    expect(warnings).toEqual([expect.stringMatching(/onnxruntime could not load \(libonnxruntime[^)]*\); the recogniser runs on tensorflow\.js/)]);
    // Asked for by name (as the bench does to compare), a failure is an error, never a silent switch.
    await expect(chooseNets({ runtime: 'onnx' }, loaders)).rejects.toThrow(/libonnxruntime/);
    process.env[DESCRIBER_ENV] = 'onnx';
    await expect(chooseNets({}, loaders)).rejects.toThrow(/libonnxruntime/);
    delete process.env[DESCRIBER_ENV];
    expect((await chooseNets({}, { ...loaders, onnx: async () => fake('onnxruntime') })).backend).toBe('onnxruntime');
  });

  it('never runs something else when a model file is missing or altered: the error names the file', async () => {
    const altered = new UserError('The face recognition model (ONNX) file has been changed or is damaged.', { place: { file: '/x/models/face-api-recognition.onnx' } });
    const loaders = {
      onnx: async () => {
        throw altered;
      },
      tfjs: async () => {
        throw new Error('tfjs must not be loaded');
      },
    };
    delete process.env[DESCRIBER_ENV];
    const warnings: string[] = [];
    await expect(chooseNets({}, loaders, (m) => warnings.push(m))).rejects.toBe(altered);
    expect(warnings).toEqual([]);
  });

  it('runs onnxruntime by default and tfjs when asked, under one settings key', async () => {
    delete process.env[DESCRIBER_ENV];
    const byDefault = await chooseNets();
    const tfjs = await chooseNets({ runtime: 'tfjs' });
    process.env[DESCRIBER_ENV] = 'tfjs';
    const byEnv = await createDescriber();
    try {
      expect(byDefault.backend).toBe('onnxruntime');
      expect(['tensorflow', 'wasm']).toContain(tfjs.backend);
      expect(byEnv.backend).toBe(tfjs.backend);
      // Same network (test/faces/onnx-parity.test.ts), so templates and cache entries carry over.
      expect(byEnv.settingsKey).toBe(describerSettingsKey());
    } finally {
      await Promise.all([byDefault.close(), tfjs.close(), byEnv.close()]);
      delete process.env[DESCRIBER_ENV];
    }
  });
});

/** dlib's mean face as 68 points (jaw left at 0, as dlib ignores it), in 0..1 units. */
function meanFace68(): { x: number; y: number }[] {
  // dlib's table again, on purpose: the 5-point template in align.ts was reduced from it by hand, and this checks both agree.
  const xs = [0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689];
  const ys = [0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182];
  return Array.from({ length: 68 }, (_, i) => (i < 17 ? { x: 0.5, y: 1.1 } : { x: xs[i - 17]!, y: ys[i - 17]! }));
}

/** YuNet's five points from 68: eye centres (contour means), nose tip, mouth corners. */
function fiveFrom68(p: readonly { x: number; y: number }[]): [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }] {
  const mean = (from: number, to: number) => {
    const pts = p.slice(from, to + 1);
    return { x: pts.reduce((s, q) => s + q.x, 0) / pts.length, y: pts.reduce((s, q) => s + q.y, 0) / pts.length };
  };
  return [mean(36, 41), mean(42, 47), p[30]!, p[48]!, p[54]!];
}

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
    expect(['onnxruntime', 'tensorflow', 'wasm']).toContain(describer.backend);
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

  it('with flip, a photo and its mirror image give nearly the same descriptor', async () => {
    const { image, face } = faces.get(files[0]!)!;
    const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).flop().raw().toBuffer({ resolveWithObject: true });
    const mirrored: RgbImage = { data, width: image.width, height: image.height };
    const flipX = (p: { x: number; y: number }) => ({ x: image.width - p.x, y: p.y });
    const [le, re, nose, lm, rm] = face.landmarks;
    // Mirrored, the person's right eye is now the image-left one.
    const mirroredFace: Detection = {
      ...face,
      box: { ...face.box, x: image.width - face.box.x - face.box.width },
      landmarks: [flipX(re), flipX(le), flipX(nose), flipX(rm), flipX(lm)],
    };
    const flipping = await createDescriber({ flip: true });
    const plain = await createDescriber({ flip: false });
    try {
      const [a] = await flipping.describe(image, [face]);
      const [b] = await flipping.describe(mirrored, [mirroredFace]);
      const [c] = await plain.describe(image, [face]);
      const [e] = await plain.describe(mirrored, [mirroredFace]);
      // Averaging both views makes the descriptor (almost) blind to which way the face looks.
      expect(descriptorDistance(a!, b!)).toBeLessThan(0.5 * descriptorDistance(c!, e!));
    } finally {
      await flipping.close();
      await plain.close();
    }
  });

  it('cuts dlib\'s chip from face-api\'s 68 landmarks and still tells people apart', async () => {
    const d68 = await createDescriber({ alignment: 'landmarks68', flip: false });
    try {
      const [ben1, ben2, madonna] = await Promise.all(
        files.map(async (f) => {
          const { image, face } = faces.get(f)!;
          return (await d68.describe(image, [face]))[0]!;
        }),
      );
      expect(descriptorDistance(ben1!, ben2!)).toBeLessThan(MATCH_DEFAULTS.uncertainBelow);
      expect(descriptorDistance(ben1!, madonna!)).toBeGreaterThan(MATCH_DEFAULTS.uncertainBelow);
    } finally {
      await d68.close();
    }
  });

  it('returns nothing for no faces', async () => {
    const { image } = faces.get(files[0]!)!;
    expect(await describer.describe(image, [])).toEqual([]);
  });
});
