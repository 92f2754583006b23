import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDetector,
  detectFacesTraced,
  detectPortraitFaces,
  mirrorDetection,
  pyramidScales,
  tileRegions,
  DETECTOR_DEFAULTS,
} from '../../src/faces/detector.js';
import type { FaceDetector } from '../../src/faces/engine-types.js';
import { toInputTensor, type Yunet } from '../../src/faces/yunet.js';
import { iou } from '../../src/geometry.js';
import type { Detection } from '../../src/faces/types.js';
import type { Box, RgbImage } from '../../src/geometry.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';

async function decode(file: string): Promise<RgbImage> {
  const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * The hand-drawn boxes of `relative` in ../shared/faces/boxes.csv. Throws when it has none: the tests loop over these,
 * and a path the file does not know (a typo, a renamed photo) would otherwise check nothing and pass.
 */
function groundTruth(relative: string): Box[] {
  const lines = readFileSync(shared('boxes.csv'), 'utf8').trim().split('\n').slice(1);
  const boxes = lines
    .map((line) => line.split(','))
    .filter((cells) => cells[0] === relative && cells[8] !== '1')
    .map((cells) => ({ x: Number(cells[2]), y: Number(cells[3]), width: Number(cells[4]), height: Number(cells[5]) }));
  if (boxes.length === 0) throw new Error(`boxes.csv has no ground truth for ${relative}`);
  for (const box of boxes) if (![box.x, box.y, box.width, box.height].every(Number.isFinite)) throw new Error(`boxes.csv has a damaged box for ${relative}`);
  return boxes;
}

function expectInside(faces: readonly Detection[], image: { width: number; height: number }): void {
  for (const { box, score } of faces) {
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.width).toBeGreaterThan(0);
    expect(box.height).toBeGreaterThan(0);
    expect(box.x + box.width).toBeLessThanOrEqual(image.width);
    expect(box.y + box.height).toBeLessThanOrEqual(image.height);
    expect(score).toBeGreaterThanOrEqual(DETECTOR_DEFAULTS.scoreThreshold);
    expect(score).toBeLessThanOrEqual(1);
  }
}

describe('pyramidScales and tileRegions (pure)', () => {
  it('goes from the finest level down until the whole photo fits the model', () => {
    const scales = pyramidScales({ width: 4032, height: 3024 }, DETECTOR_DEFAULTS);
    expect(scales[0]).toBe(DETECTOR_DEFAULTS.finestScale);
    expect(pyramidScales({ width: 4032, height: 3024 }, { ...DETECTOR_DEFAULTS, finestScale: 1 })[0]).toBe(1);
    expect(4032 * (scales.at(-1) ?? 1)).toBeLessThanOrEqual(DETECTOR_DEFAULTS.minLongSide);
    for (let i = 1; i < scales.length; i++) expect((scales[i - 1] ?? 0) / (scales[i] ?? 1)).toBeCloseTo(DETECTOR_DEFAULTS.pyramidStep);
  });

  it('adds the upscaled levels, largest first, only below upscaleBelow', () => {
    const params = { ...DETECTOR_DEFAULTS, upscaleBelow: 1200, upscaleScales: [Math.SQRT2, 2] };
    expect(pyramidScales({ width: 1024, height: 700 }, params).slice(0, 3)).toEqual([2, Math.SQRT2, 1]);
    expect(pyramidScales({ width: 4032, height: 3024 }, params)[0]).toBe(params.finestScale);
    expect(pyramidScales({ width: 1024, height: 700 }, { ...params, upscaleScales: [] })[0]).toBe(1);
  });

  it.each([
    [4032, 3024, 640, 128],
    [1024, 683, 640, 128],
    [641, 100, 640, 128],
    [300, 200, 640, 128],
  ])('tiles of %i × %i cover every pixel with at least the overlap', (width, height, tile, overlap) => {
    const regions = tileRegions(width, height, tile, overlap);
    for (const r of regions) {
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.width).toBeLessThanOrEqual(tile);
      expect(r.x + r.width).toBeLessThanOrEqual(width);
      expect(r.y + r.height).toBeLessThanOrEqual(height);
    }
    // Every face up to `overlap` px lies wholly inside some tile.
    for (const [fx, fy] of [[0, 0], [width - overlap, height - overlap], [Math.floor(width / 2), Math.floor(height / 2)]] as const) {
      const w = Math.min(overlap, width);
      const h = Math.min(overlap, height);
      const face = { x: Math.max(0, Math.min(fx, width - w)), y: Math.max(0, Math.min(fy, height - h)), width: w, height: h };
      const whole = regions.some(
        (r) => r.x <= face.x && r.y <= face.y && r.x + r.width >= face.x + face.width && r.y + r.height >= face.y + face.height,
      );
      expect(whole).toBe(true);
    }
  });
});

describe('mirrorDetection (pure)', () => {
  // A face in the left half of a 100-px-wide image, eyes at x 20 and 30, mouth corners at 22 and 28.
  const face: Detection = {
    box: { x: 10, y: 5, width: 30, height: 40 },
    score: 0.8,
    landmarks: [
      { x: 20, y: 15 },
      { x: 30, y: 16 },
      { x: 25, y: 25 },
      { x: 22, y: 35 },
      { x: 28, y: 36 },
    ],
  };

  it('mirrors the box and keeps the landmarks in left-most-first order', () => {
    const m = mirrorDetection(face, 100);
    expect(m.box).toEqual({ x: 60, y: 5, width: 30, height: 40 });
    expect(m.score).toBe(0.8);
    // The eye that was right-most (x 30, y 16) is now left-most (x 70), so it comes first; same for the mouth.
    expect(m.landmarks).toEqual([
      { x: 70, y: 16 },
      { x: 80, y: 15 },
      { x: 75, y: 25 },
      { x: 72, y: 36 },
      { x: 78, y: 35 },
    ]);
    for (const [a, b] of [[0, 1], [3, 4]] as const) expect(m.landmarks[a].x).toBeLessThan(m.landmarks[b].x);
  });

  it('is its own inverse', () => {
    expect(mirrorDetection(mirrorDetection(face, 100), 100)).toEqual(face);
  });
});

describe.skipIf(!hasSharedFaces)('createDetector on real photos', () => {
  let detector: FaceDetector;
  beforeAll(async () => {
    detector = await createDetector();
  });
  afterAll(async () => {
    await detector?.close();
  });

  it('finds Obama and Biden in a group photo', async () => {
    const image = await decode(shared('groups/ageitgey_obama_and_biden.jpg'));
    const faces = await detector.detect(image);
    expectInside(faces, image);
    const big = faces.filter((f) => f.box.height >= 60);
    expect(big.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['detection/davisking_2008_002470.jpg', 0.3, 1],
    ['detection/dlunion_12_group_group_12_group_group_12_728.jpg', 0.5, 1],
    ['detection/dlunion_12_group_group_12_group_group_12_249.jpg', 0.5, 0.9],
  ])('finds the ground-truth faces in %s', async (relative, minIou, minRecall) => {
    const image = await decode(shared(relative));
    const faces = await detector.detect(image);
    expectInside(faces, image);
    const truth = groundTruth(relative).filter((b) => b.height >= 24);
    expect(truth.length).toBeGreaterThan(0);
    const found = truth.filter((t) => faces.some((f) => iou(f.box, t) >= minIou));
    expect(found.length / truth.length).toBeGreaterThanOrEqual(minRecall);
    // Not a photo full of false boxes either.
    expect(faces.length).toBeLessThanOrEqual(groundTruth(relative).length + 5);
  });

  it('finds no people in a photo of dogs: at most a few boxes, none as sure as a real face', async () => {
    // Measured: the dogs' faces score 0.87 and 0.75, and the upscaled levels add a 98-px patch at 0.73 and a 12-px one
    // at 0.55. Harmless for privacy (a blurred dog), and real faces in the photos above score 0.9 and more.
    // 1024-px tiles (chosen for memory) add one more low box where a tile edge cuts a dog's face: 5 in all.
    const image = await decode(shared('crowds/davisking_dogs.jpg'));
    const faces = await detector.detect(image);
    expectInside(faces, image);
    expect(faces.length).toBeLessThanOrEqual(5);
    for (const f of faces) expect(f.score).toBeLessThan(0.9);
  });

  it('finds the same faces on a 2× larger copy (boxes scale with the image)', async () => {
    const relative = 'detection/davisking_2008_002470.jpg';
    const image = await decode(shared(relative));
    const large = await sharp(shared(relative)).rotate().resize(image.width * 3).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const small = await detector.detect(image);
    const big = await detector.detect({ data: large.data, width: large.info.width, height: large.info.height });
    const scale = large.info.width / image.width;
    const truth = groundTruth(relative);
    for (const t of truth) {
      expect(small.some((f) => iou(f.box, t) >= 0.3)).toBe(true);
      const scaled = { x: t.x * scale, y: t.y * scale, width: t.width * scale, height: t.height * scale };
      expect(big.some((f) => iou(f.box, scaled) >= 0.3)).toBe(true);
    }
  });

  /** One face of a group photo cut out along its ground-truth box, as a `side` × `side` portrait without background. */
  async function tightPortrait(side: number): Promise<RgbImage> {
    const relative = 'detection/dlunion_12_group_group_12_group_group_12_728.jpg';
    const t = groundTruth(relative)[1];
    if (t === undefined) throw new Error('no ground truth');
    const { data, info } = await sharp(shared(relative))
      .extract({ left: t.x, top: t.y, width: t.width, height: t.height })
      .resize(side, side, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }

  it('finds the face in a tight 150 × 150 portrait crop', async () => {
    const portrait = await tightPortrait(150);
    const faces = await detectPortraitFaces(detector, portrait);
    expectInside(faces, portrait);
    const best = faces[0];
    expect(best).toBeDefined();
    // The face fills the crop: its box covers most of it.
    expect(iou(best?.box ?? { x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 150, height: 150 })).toBeGreaterThan(0.4);
  });

  it('searches a photographer-sized portrait on a smaller copy and gives its boxes in the original pixels', async () => {
    // The tight crop at 3600 × 3600: framed as it is, the detector would get a 9000-px, 81 MP image per portrait.
    const portrait = await tightPortrait(3600);
    const seen: number[] = [];
    const watching: FaceDetector = { ...detector, detect: (image) => (seen.push(Math.max(image.width, image.height)), detector.detect(image)) };
    const faces = await detectPortraitFaces(watching, portrait);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2048 * 2.5);
    expectInside(faces, portrait);
    expect(iou(faces[0]?.box ?? { x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 3600, height: 3600 })).toBeGreaterThan(0.4);
  });

  it('with test-time flip still finds every face once, landmarks mirrored back in left-most-first order', async () => {
    const relative = 'detection/davisking_2008_002470.jpg';
    const image = await decode(shared(relative));
    const flipped = await createDetector({ params: { flipMaxScale: 2 } });
    try {
      const faces = await flipped.detect(image);
      expectInside(faces, image);
      for (const t of groundTruth(relative)) expect(faces.filter((f) => iou(f.box, t) >= 0.3)).toHaveLength(1);
      for (const f of faces.filter((d) => d.score >= 0.8)) {
        const [eyeA, eyeB, nose, mouthA, mouthB] = f.landmarks;
        expect(eyeA.x).toBeLessThan(eyeB.x);
        expect(mouthA.x).toBeLessThan(mouthB.x);
        // The nose lies inside the box: a landmark not mirrored back would land on the other side of the photo.
        expect(nose.x).toBeGreaterThan(f.box.x);
        expect(nose.x).toBeLessThan(f.box.x + f.box.width);
      }
    } finally {
      await flipped.close();
    }
  });

  it('has a settingsKey naming the model and depending on the parameters', async () => {
    expect(detector.settingsKey).toMatch(new RegExp(`^yunet-${DETECTOR_DEFAULTS.model}-[0-9a-f]{16}$`));
    const other = await createDetector({ params: { scoreThreshold: 0.9 } });
    try {
      expect(other.settingsKey).not.toBe(detector.settingsKey);
    } finally {
      await other.close();
    }
  });
});

describe('model integrity', () => {
  it.each([
    ['missing', null, /missing/],
    ['altered', 'not a model', /changed or is damaged/],
  ])('a %s model file is a UserError that says how to fix it', async (_, content, message) => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { readVerifiedModel, YUNET_MODELS } = await import('../../src/faces/yunet.js');
    const { UserError } = await import('../../src/errors.js');
    const dir = await mkdtemp(path.join(tmpdir(), 'pf-model-'));
    try {
      const file = path.join(dir, YUNET_MODELS.n.file);
      if (content !== null) await writeFile(file, content);
      const error = await readVerifiedModel(file, YUNET_MODELS.n.sha256).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as InstanceType<typeof UserError>).message).toMatch(message);
      expect((error as InstanceType<typeof UserError>).format()).toMatch(/npm ci/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the shipped model files match the recorded sha256', async () => {
    const { createHash } = await import('node:crypto');
    const { YUNET_MODELS, modelsDir } = await import('../../src/faces/yunet.js');
    for (const { file, sha256 } of Object.values(YUNET_MODELS)) {
      const bytes = readFileSync(path.join(modelsDir(), file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    }
  });
});

describe('toInputTensor (pure)', () => {
  const image: RgbImage = { width: 50, height: 40, data: Buffer.from(Array.from({ length: 50 * 40 * 3 }, (_, i) => (i * 7) % 256)) };
  const region: Box = { x: 5, y: 3, width: 40, height: 33 };

  it('turns RGB bytes into BGR planes padded with zeros to multiples of 32', () => {
    const { data, width, height } = toInputTensor(image, region);
    expect([width, height]).toEqual([64, 64]);
    const plane = width * height;
    const at = (x: number, y: number) => ((region.y + y) * image.width + region.x + x) * 3;
    expect([data[0], data[plane], data[2 * plane]]).toEqual([image.data[at(0, 0) + 2], image.data[at(0, 0) + 1], image.data[at(0, 0)]]);
    expect(data[2 * plane + 10 * width + 39]).toBe(image.data[at(39, 10)]);
    expect(data[10 * width + 40]).toBe(0);
    expect(data[plane + 33 * width]).toBe(0);
  });

  it('gives the same tensor in a reused buffer full of old values as in a fresh one', () => {
    const fresh = toInputTensor(image, region);
    const dirty = new Float32Array(3 * 96 * 96).fill(123);
    const reused = toInputTensor(image, region, dirty);
    expect(reused.data.buffer).toBe(dirty.buffer);
    expect(Array.from(reused.data)).toEqual(Array.from(fresh.data));
  });
});

describe('the finest level gated by the next level (fake network)', () => {
  const { threads: _threads, ...params } = DETECTOR_DEFAULTS;
  const point = (x: number, y: number) => ({ x, y });
  const weak = (x: number, y: number, score: number, side = 8): Detection => ({
    box: { x, y, width: side, height: side },
    score,
    landmarks: [point(x, y), point(x, y), point(x, y), point(x, y), point(x, y)],
  });
  /**
   * A network that, at the level a third of `finestWidth`, stirs weakly at one spot (that level's pixels), and
   * records the tiles it ran on the finest level.
   */
  function fakeYunet(finestWidth: number, stir: { x: number; y: number; score: number; side?: number }) {
    const fullTiles: Box[] = [];
    const yunet: Yunet = {
      variant: 'n',
      sha256: 'fake',
      run: async (image, region, minScore) => {
        if (image.width === finestWidth) fullTiles.push(region);
        const third = image.width === Math.round(finestWidth / 3);
        const inside = stir.x >= region.x && stir.x < region.x + region.width && stir.y >= region.y && stir.y < region.y + region.height;
        return third && inside && stir.score >= minScore ? [weak(stir.x, stir.y, stir.score, stir.side)] : [];
      },
      close: async () => {},
    };
    return { yunet, fullTiles };
  }
  const photo: RgbImage = { width: 4032, height: 3024, data: Buffer.alloc(4032 * 3024 * 3) };
  const finest = { width: Math.round(photo.width * params.finestScale), height: Math.round(photo.height * params.finestScale) };
  const all = tileRegions(finest.width, finest.height, params.tileSize, params.tileOverlap);

  it('runs only the finest tiles where the next level saw something at the gate, none where it saw nothing', async () => {
    // (100, 100) at the next level is (300, 300) on the finest: inside the top-left tiles only.
    const stirred = fakeYunet(finest.width, { x: 100, y: 100, score: params.fineGate });
    await detectFacesTraced(stirred.yunet, photo, params);
    expect(stirred.fullTiles.length).toBeGreaterThan(0);
    expect(stirred.fullTiles.length).toBeLessThan(all.length);
    for (const tile of stirred.fullTiles) expect(tile.x <= 308 && tile.y <= 308).toBe(true);
    const below = fakeYunet(finest.width, { x: 100, y: 100, score: params.fineGate / 2 });
    await detectFacesTraced(below.yunet, photo, params);
    expect(below.fullTiles).toEqual([]);
  });

  it('finds the tiles of a stir in the finest level\'s own pixels, not the photo\'s', async () => {
    // Bottom right: (1000, 750) at the next level is (3000, 2250) on a finest level of 3024 × 2268.
    const stirred = fakeYunet(finest.width, { x: 1000, y: 750, score: 1 });
    await detectFacesTraced(stirred.yunet, photo, params);
    expect(stirred.fullTiles.length).toBeGreaterThan(0);
    for (const tile of stirred.fullTiles) expect(tile.x + tile.width >= 3000 && tile.y + tile.height >= 2250).toBe(true);
  });

  it('opens finest tiles only for a stir small enough to need them: a big one is that level\'s own to judge', async () => {
    const small = fakeYunet(finest.width, { x: 100, y: 100, score: 0.3, side: params.fineGateMaxFace });
    await detectFacesTraced(small.yunet, photo, params);
    expect(small.fullTiles.length).toBeGreaterThan(0);
    const big = fakeYunet(finest.width, { x: 100, y: 100, score: 0.3, side: 2 * params.fineGateMaxFace });
    const { levels } = await detectFacesTraced(big.yunet, photo, params);
    expect(big.fullTiles).toEqual([]);
    expect(levels[0]?.tiles).toBe(0);
    const anySize = fakeYunet(finest.width, { x: 100, y: 100, score: 0.3, side: 2 * params.fineGateMaxFace });
    await detectFacesTraced(anySize.yunet, photo, { ...params, fineGateMaxFace: 0 });
    expect(anySize.fullTiles.length).toBeGreaterThan(0);
  });

  it('runs every finest tile with the gate off', async () => {
    const quiet = fakeYunet(finest.width, { x: 100, y: 100, score: 0 });
    await detectFacesTraced(quiet.yunet, photo, { ...params, fineGate: 0 });
    expect(quiet.fullTiles).toEqual(all);
  });

  it('never gates a photo small enough for the upscaled levels', async () => {
    const small: RgbImage = { width: 1800, height: 1200, data: Buffer.alloc(1800 * 1200 * 3) };
    const quiet = fakeYunet(small.width, { x: 0, y: 0, score: 0 });
    await detectFacesTraced(quiet.yunet, small, params);
    expect(quiet.fullTiles).toEqual(tileRegions(small.width, small.height, params.tileSize, params.tileOverlap));
  });
});

describe('a second look at uncertain boxes (fake network)', () => {
  const { threads: _threads, ...params } = DETECTOR_DEFAULTS;
  const point = (x: number, y: number) => ({ x, y });
  const face = (box: Box, score: number): Detection => ({
    box,
    score,
    landmarks: [point(box.x, box.y), point(box.x, box.y), point(box.x, box.y), point(box.x, box.y), point(box.x, box.y)],
  });
  const photo: RgbImage = { width: 4032, height: 3024, data: Buffer.alloc(4032 * 3024 * 3) };
  /**
   * A network that scores one 80-px face of the photo 0.4 at the level a quarter of the photo's size (20 px there,
   * at (500, 400)), and, on anything that is no pyramid level (the second look's crop), a face at the crop's middle
   * scoring `second`, or nothing when `second` is 0; with `onlyMirrored`, only on the second (mirrored) look at the
   * crop. Records the sizes of the crops it was given.
   */
  function fakeYunet(second: number, onlyMirrored = false) {
    const crops: { width: number; height: number }[] = [];
    const levels = new Set(pyramidScales(photo, params).map((s) => Math.round(photo.width * s)));
    const yunet: Yunet = {
      variant: 'n',
      sha256: 'fake',
      run: async (image, region, minScore) => {
        if (image.width === Math.round(photo.width / 4)) return 0.4 >= minScore ? [face({ x: 500, y: 400, width: 20, height: 20 }, 0.4)] : [];
        if (levels.has(image.width)) return [];
        crops.push({ width: image.width, height: image.height });
        if (onlyMirrored && crops.length % 2 === 1) return [];
        const side = image.width / 3; // the box and its own size again on every side
        return second >= minScore && second > 0 ? [face({ x: region.x + side, y: region.y + side, width: side, height: side }, second)] : [];
      },
      close: async () => {},
    };
    return { yunet, crops };
  }

  it('keeps an uncertain box that scores as a face at the size YuNet is surest of, in the photo\'s pixels', async () => {
    const { yunet, crops } = fakeYunet(0.8);
    const { faces } = await detectFacesTraced(yunet, photo, params);
    expect(faces).toHaveLength(1);
    expect(iou(faces[0]!.box, { x: 2000, y: 1600, width: 80, height: 80 })).toBeGreaterThan(0.9);
    expect(faces[0]!.score).toBe(0.8);
    // The crop shows the box `recheckSize` px long (plus its own size on every side), once: the plain look was enough.
    expect(crops).toEqual([{ width: 3 * params.recheckSize, height: 3 * params.recheckSize }]);
  });

  it('looks once more, mirrored, when the plain look finds nothing, and keeps what that finds where it is', async () => {
    const { yunet, crops } = fakeYunet(0.8, true);
    const { faces } = await detectFacesTraced(yunet, photo, params);
    expect(crops).toHaveLength(2);
    expect(faces).toHaveLength(1);
    expect(iou(faces[0]!.box, { x: 2000, y: 1600, width: 80, height: 80 })).toBeGreaterThan(0.9);
    const none = fakeYunet(0.8, true);
    expect((await detectFacesTraced(none.yunet, photo, { ...params, recheckFlip: false })).faces).toEqual([]);
    expect(none.crops).toHaveLength(1);
  });

  it('drops it when the second look does not find a face there, and never looks without recheckFrom', async () => {
    expect((await detectFacesTraced(fakeYunet(0).yunet, photo, params)).faces).toEqual([]);
    expect((await detectFacesTraced(fakeYunet(0.45).yunet, photo, params)).faces).toEqual([]);
    const off = fakeYunet(0.8);
    expect((await detectFacesTraced(off.yunet, photo, { ...params, recheckFrom: 0 })).faces).toEqual([]);
    expect(off.crops).toEqual([]);
  });
});
