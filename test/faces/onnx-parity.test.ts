/**
 * The ONNX nets are face-api's nets: on real face chips they give the same landmarks and descriptors as face-api on
 * tfjs, to float32 rounding. That is what lets templates and cached descriptors made by one runtime stay valid
 * under the other (describer.ts, MODEL), and the measured thresholds hold for both.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignedChipTransform68, extractChip, invertPoint, mirrorChip, uprightBoxTransform } from '../../src/faces/align.js';
import { averageDescriptors, describerOn } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDetector } from '../../src/faces/engine-types.js';
import { descriptorDistance } from '../../src/faces/match.js';
import { createOnnxNets } from '../../src/faces/onnx-nets.js';
import { LANDMARK_CROP, type RecogniserNets } from '../../src/faces/recogniser-nets.js';
import { createTfjsNets } from '../../src/faces/tfjs-nets.js';
import type { Detection } from '../../src/faces/types.js';
import type { RgbImage } from '../../src/geometry.js';
import { loadPhoto } from '../../src/images/load.js';
import { hasSharedFaces, repoRoot, sharedFaces } from '../helpers/shared.js';

/**
 * The bound that says "same network": float32 rounding in a 30-layer net differs by ~1e-6 between runtimes (other
 * summation orders); a wrong padding, layout or weight moves values by 1e-2 or more. Descriptor values are ~±0.2,
 * landmark coordinates 0..1 of the crop.
 */
const SAME_NETWORK = 1e-4;
/** Real faces from ../shared/faces when present: enough for a few hundred chips (face + mirrored chip). */
const SHARED_FACES = 150;
/** Faces the describer would describe (DESCRIBER_DEFAULTS.minFaceSize); smaller ones never reach the nets. */
const MIN_FACE = 40;

interface Face {
  readonly image: RgbImage;
  readonly face: Detection;
}

async function facesIn(files: readonly string[], detector: FaceDetector, limit: number): Promise<Face[]> {
  const out: Face[] = [];
  for (const file of files) {
    if (out.length >= limit) break;
    const { rgb } = await loadPhoto(file);
    for (const face of await detector.detect(rgb)) {
      if (Math.min(face.box.width, face.box.height) >= MIN_FACE && out.length < limit) out.push({ image: rgb, face });
    }
  }
  return out;
}

const images = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f) && !/dogs/.test(f))
    .sort()
    .map((f) => path.join(dir, f));

function maxAbsDiff(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    expect(row.length).toBe(other.length);
    for (let k = 0; k < row.length; k++) max = Math.max(max, Math.abs(row[k]! - other[k]!));
  });
  return max;
}

/** Runs `fn` over `items` in batches (tfjs' wasm heap grows to the largest batch). */
async function batched<T, R>(items: readonly T[], size: number, fn: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

interface Comparison {
  readonly faces: number;
  readonly chips: number;
  readonly landmarks: number;
  readonly landmarkPixels: number;
  readonly descriptors: number;
  readonly describeDistance: number;
}

/**
 * Both runtimes on the same inputs: the landmark net on each face's upright crop, then the recognition net on the
 * chip cut from tfjs' landmarks and its mirror image (one ONNX run for all); and the whole describer pipeline on
 * each runtime from the photo, where ONNX's own landmarks place its chips.
 */
async function compare(faces: readonly Face[], tfjs: RecogniserNets, onnx: RecogniserNets): Promise<Comparison> {
  const cropTransforms = faces.map(({ face }) => uprightBoxTransform(face.box, face.landmarks, LANDMARK_CROP));
  const crops = faces.map(({ image }, i) => extractChip(image, cropTransforms[i]!, LANDMARK_CROP));
  const tfLandmarks = await batched(crops, 8, (b) => tfjs.landmarks(b));
  const onnxLandmarks = await onnx.landmarks(crops);
  const chips = faces.map(({ image }, i) => {
    const xy = tfLandmarks[i]!;
    const points = Array.from({ length: 68 }, (_, k) => invertPoint(cropTransforms[i]!, { x: xy[2 * k]! * LANDMARK_CROP, y: xy[2 * k + 1]! * LANDMARK_CROP }));
    return extractChip(image, alignedChipTransform68(points));
  });
  const withMirrors = [...chips, ...chips.map((c) => mirrorChip(c))];
  const tfDescriptors = await batched(withMirrors, 4, (b) => tfjs.descriptors(b));
  const onnxDescriptors = await batched(withMirrors, 64, (b) => onnx.descriptors(b));

  // The pipeline end to end: what a scan stores. tfjs' side is rebuilt from the descriptors above plus the flip
  // average, so the slow runtime runs each chip once; ONNX runs the real describer.
  const tfFinal = chips.map((_, i) => averageDescriptors(tfDescriptors[i]!, tfDescriptors[i + chips.length]!));
  const onnxDescriber = describerOn(onnx);
  const onnxFinal: Float32Array[] = [];
  for (const { image, face } of faces) onnxFinal.push((await onnxDescriber.describe(image, [face]))[0]!);
  const landmarks = maxAbsDiff(tfLandmarks, onnxLandmarks);
  return {
    faces: faces.length,
    chips: withMirrors.length,
    landmarks,
    landmarkPixels: landmarks * LANDMARK_CROP,
    descriptors: maxAbsDiff(tfDescriptors, onnxDescriptors),
    describeDistance: Math.max(...tfFinal.map((d, i) => descriptorDistance(d, onnxFinal[i]!))),
  };
}

function report(label: string, c: Comparison): void {
  console.log(
    `onnx vs tfjs on ${label}: ${c.faces} faces, ${c.chips} recognition chips; largest |difference|: ` +
      `landmark coordinate ${c.landmarks.toExponential(2)} (${c.landmarkPixels.toExponential(2)} px of the 112 px crop), ` +
      `descriptor value ${c.descriptors.toExponential(2)}; whole describer (landmarks, chip, flip): distance ${c.describeDistance.toExponential(2)}`,
  );
}

describe('face-api nets on onnxruntime equal face-api on tfjs', () => {
  let tfjs: RecogniserNets;
  let onnx: RecogniserNets;
  let detector: FaceDetector;

  beforeAll(async () => {
    // Faces only need finding, not the last small one: no upscaled levels (the default's 2× and √2× cost ~8× the time).
    [tfjs, onnx, detector] = await Promise.all([createTfjsNets(), createOnnxNets(), createDetector({ params: { upscaleBelow: 0 } })]);
  });
  afterAll(async () => {
    await Promise.allSettled([tfjs?.close(), onnx?.close(), detector?.close()]);
  });

  function expectSameNetwork(c: Comparison): void {
    expect(c.landmarks).toBeLessThan(SAME_NETWORK);
    expect(c.descriptors).toBeLessThan(SAME_NETWORK);
    // Whole pipeline: ONNX's landmarks move its chip by a ~1e-4 px, far below anything matching could notice.
    expect(c.describeDistance).toBeLessThan(1e-3);
  }

  it('on the demo fixtures (always)', async () => {
    const demo = path.join(repoRoot, 'fixtures', 'demo');
    const faces = await facesIn([...images(path.join(demo, 'portraits')), ...images(path.join(demo, 'photos'))], detector, 50);
    expect(faces.length).toBeGreaterThanOrEqual(3);
    const c = await compare(faces, tfjs, onnx);
    report('fixtures/demo', c);
    expectSameNetwork(c);
  });

  it.skipIf(!hasSharedFaces)('on a few hundred real chips from ../shared/faces', async () => {
    const files = ['groups', 'detection', 'crowds'].flatMap((d) => images(path.join(sharedFaces, d)));
    const faces = await facesIn(files, detector, SHARED_FACES);
    expect(faces.length).toBe(SHARED_FACES);
    const c = await compare(faces, tfjs, onnx);
    report('../shared/faces', c);
    expectSameNetwork(c);
  }, 600_000); // tfjs on wasm: ~0.1 s a chip on a busy 2-core machine

  it('a wrong network is caught: the bound is tight enough to fail', async () => {
    // A chip one grey level brighter (of 255) must already move a descriptor value past the bound, or it proves nothing.
    const { image, face } = (await facesIn(images(path.join(repoRoot, 'fixtures', 'demo', 'portraits')), detector, 1))[0]!;
    const chip = extractChip(image, uprightBoxTransform(face.box, face.landmarks, 150));
    const [a] = await onnx.descriptors([chip]);
    const [b] = await onnx.descriptors([chip.map((v) => v + 1)]);
    expect(maxAbsDiff([a!], [b!])).toBeGreaterThan(2 * SAME_NETWORK);
  });
});
