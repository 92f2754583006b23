import path from 'node:path';
import { UserError, toError } from '../errors.js';
import type { FaceDescriber } from './engine-types.js';
import type { Descriptor, Detection } from './types.js';
import type { RgbImage } from '../geometry.js';
import type { Point } from '../geometry.js';
import {
  CHIP_SIZE,
  alignedChipTransform,
  alignedChipTransform68,
  boxChipTransform,
  extractChip,
  invertPoint,
  mirrorChip,
  uprightBoxTransform,
  type Similarity,
} from './align.js';
import { faceApiModelDir, loadFaceApi } from './tf.js';

/**
 * How a face is cut out for the net: `landmarks` = dlib's aligned chip from YuNet's five landmarks;
 * `landmarks68` = dlib's chip from face-api's 68-landmark net (dlib's own recipe); `box` = square around the box.
 */
export type Alignment = 'landmarks' | 'landmarks68' | 'box';

export interface DescriberOptions {
  /** Default `landmarks`: measured better than a square box crop (see DESCRIBER_DEFAULTS). */
  readonly alignment?: Alignment;
  /** Faces whose box is narrower than this (pixels, shorter side) get no descriptor and are reported too small. */
  readonly minFaceSize?: number;
  /** Describe the chip and its mirror image and average them (see DESCRIBER_DEFAULTS). */
  readonly flip?: boolean;
}

/**
 * Chosen with `npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/eval-recognition.js` (data: see MATCH_DEFAULTS;
 * TAR = probes identified at the threshold carried to each variant's scale, distance to the mean portrait, no stranger
 * accepted in any row):
 * - alignment `landmarks68` (dlib's own chip recipe: face-api's 68-landmark net in an upright crop, then the 34 points
 *   dlib fits) against `landmarks` (YuNet's five points) and a square `box` crop: genuine median 0.475 / 0.488 / 0.519,
 *   impostor p1 0.651 / 0.642 / 0.510; 77.5 % / 67.4 % / 18.8 % identified. YuNet's eye and nose points are coarser
 *   than dlib's contour fit, and the nose tip drags the fit on a turned head.
 * - flip: the chip and its mirror image averaged. Alone it moves genuine and impostor distances down together (five
 *   points: TAR 67.4 % at the carried 0.43 vs 67.4 % at 0.45); with 68-point chips 76.1 % at 0.44 vs 77.5 % at 0.45,
 *   about even, but the closest stranger stays further beyond the threshold (0.493 − 0.44 vs 0.490 − 0.45) and
 *   five-point chips gained 6 points at 40 px from it. Kept for that margin; it doubles the recogniser's work per face
 *   (about 70 → 140 ms on wasm), plus the landmark net. Worth re-measuring on children's photos.
 * - minFaceSize 40: probes shrunk so the face is 20/30/40/60/80 px were identified 30/61/74/84/86 % of the time
 *   (76 % at full size, no stranger accepted at any size): below 40 px recognition falls off quickly, so those faces
 *   are `too-small`.
 */
export const DESCRIBER_DEFAULTS = Object.freeze({
  alignment: 'landmarks68' as Alignment,
  flip: true,
  minFaceSize: 40,
  /**
   * Faces per forward pass. The wasm heap never shrinks, so it grows to the largest batch: 8 faces (16 chips with
   * flip) took it to ~440 MB per worker, 2 faces to ~250 MB, at the same speed (6 crowd photos at 12 MP, 14.4 s).
   */
  batchSize: 2,
});

const MODEL = 'face-api-1.7.15/dlib-resnet-128';
/** Bump when chip cutting changes in a way that moves descriptors. */
const CHIP_VERSION = 2;
/** Input side of face-api's 68-landmark net. */
const LANDMARK_CROP = 112;

/**
 * The recogniser: one 128-d descriptor per face, from the full-resolution image.
 * @example
 * const describer = await createDescriber();
 * try { const descriptors = await describer.describe(rgb, detections); } finally { await describer.close(); }
 * @throws UserError when the model weights are missing.
 */
export async function createDescriber(options: DescriberOptions = {}): Promise<FaceDescriber> {
  const alignment = options.alignment ?? DESCRIBER_DEFAULTS.alignment;
  const minFaceSize = options.minFaceSize ?? DESCRIBER_DEFAULTS.minFaceSize;
  const flip = options.flip ?? DESCRIBER_DEFAULTS.flip;
  const { faceapi, backend } = await loadFaceApi();
  const net = faceapi.nets.faceRecognitionNet;
  const landmarkNet = faceapi.nets.faceLandmark68Net;
  if (alignment === 'landmarks68' && !landmarkNet.isLoaded) {
    try {
      await landmarkNet.loadFromDisk(faceApiModelDir());
    } catch (error) {
      throw new UserError('The face landmark model could not be read.', {
        place: { file: path.join(faceApiModelDir(), 'face_landmark_68_model-weights_manifest.json') },
        hint: 'Reinstall privacy-filter (npm ci) so that @vladmandic/face-api comes with its model folder.',
        cause: toError(error),
      });
    }
  }
  let closed = false;

  async function forward(chips: readonly Float32Array[]): Promise<Float32Array[]> {
    const tensors = chips.map((chip) => faceapi.tf.tensor3d(chip, [CHIP_SIZE, CHIP_SIZE, 3], 'float32'));
    try {
      // forward() gives one row per face (computeFaceDescriptor would do the same but returns a union type).
      const out = await net.forward(tensors);
      try {
        const flat = (await out.data()) as Float32Array;
        const size = flat.length / chips.length;
        return chips.map((_, i) => flat.slice(i * size, (i + 1) * size));
      } finally {
        out.dispose();
      }
    } finally {
      for (const t of tensors) t.dispose();
    }
  }

  async function describeChips(chips: readonly Float32Array[]): Promise<Descriptor[]> {
    if (!flip) return forward(chips);
    const both = await forward([...chips, ...chips.map((c) => mirrorChip(c))]);
    return chips.map((_, i) => averageDescriptors(both[i]!, both[i + chips.length]!));
  }

  /** dlib's 68 points for each face, found by face-api's landmark net in an upright crop and mapped back. */
  async function landmarks68(image: RgbImage, faces: readonly Detection[]): Promise<Point[][]> {
    const crops = faces.map((f) => uprightBoxTransform(f.box, f.landmarks, LANDMARK_CROP));
    const tensors = crops.map((t) => faceapi.tf.tensor3d(extractChip(image, t, LANDMARK_CROP), [LANDMARK_CROP, LANDMARK_CROP, 3], 'float32'));
    try {
      const found = await landmarkNet.detectLandmarks(tensors.length === 1 ? tensors[0]! : tensors);
      const list = Array.isArray(found) ? found : [found];
      return list.map((l, i) => l.relativePositions.map((p) => invertPoint(crops[i]!, { x: p.x * LANDMARK_CROP, y: p.y * LANDMARK_CROP })));
    } finally {
      for (const t of tensors) t.dispose();
    }
  }

  async function transforms(image: RgbImage, faces: readonly Detection[]): Promise<Similarity[]> {
    switch (alignment) {
      case 'landmarks':
      case 'box':
        return faces.map((f) => chipTransform(f, alignment));
      case 'landmarks68':
        return (await landmarks68(image, faces)).map((points) => alignedChipTransform68(points));
    }
  }

  return {
    backend,
    settingsKey: describerSettingsKey(options),
    async describe(image: RgbImage, faces: readonly Detection[]): Promise<(Descriptor | null)[]> {
      if (closed) throw new Error('describe() called after close()');
      const result: (Descriptor | null)[] = faces.map(() => null);
      const wanted = faces.flatMap((face, index) => (isDescribable(face, minFaceSize) ? [index] : []));
      for (let start = 0; start < wanted.length; start += DESCRIBER_DEFAULTS.batchSize) {
        const indices = wanted.slice(start, start + DESCRIBER_DEFAULTS.batchSize);
        const chipTransforms = await transforms(image, indices.map((i) => faces[i]!));
        const chips = chipTransforms.map((t) => extractChip(image, t));
        const descriptors = await describeChips(chips);
        indices.forEach((faceIndex, k) => {
          result[faceIndex] = descriptors[k] ?? null;
        });
      }
      return result;
    },
    async close(): Promise<void> {
      // The nets stay loaded: tfjs keeps one engine per thread and loadFaceApi() shares it between describers.
      closed = true;
    },
  };
}

/** The settings key a describer with these options will have, known without loading the model (for cache keys). */
export function describerSettingsKey(options: DescriberOptions = {}): string {
  const alignment = options.alignment ?? DESCRIBER_DEFAULTS.alignment;
  const flip = options.flip ?? DESCRIBER_DEFAULTS.flip;
  const minFaceSize = options.minFaceSize ?? DESCRIBER_DEFAULTS.minFaceSize;
  return `${MODEL};chip=${alignment}-${CHIP_SIZE}-p0.25-v${CHIP_VERSION}${flip ? '-flip' : ''};min=${minFaceSize}`;
}

/**
 * The mean of a face's descriptor and its mirror image's, scaled back to their mean length so distances keep the
 * scale the thresholds were measured on (averaging two unlike vectors shortens them).
 */
export function averageDescriptors(a: Descriptor, b: Descriptor): Descriptor {
  const out = new Float32Array(a.length);
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    out[i] = (a[i]! + b[i]!) / 2;
    norm += out[i]! * out[i]!;
  }
  const target = (length(a) + length(b)) / 2;
  const scale = norm === 0 ? 1 : target / Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
  return out;
}

function length(v: Descriptor): number {
  let sum = 0;
  for (const x of v) sum += x * x;
  return Math.sqrt(sum);
}

/** Too small to identify: the matcher reports it `too-small`, and by default it is anonymised. */
export function isDescribable(face: Detection, minFaceSize: number): boolean {
  return Math.min(face.box.width, face.box.height) >= minFaceSize;
}

/** The chip transform for the alignments that need nothing but the detection. */
export function chipTransform(face: Detection, alignment: 'landmarks' | 'box'): Similarity {
  switch (alignment) {
    case 'landmarks':
      return alignedChipTransform(face.landmarks);
    case 'box':
      return boxChipTransform(face.box);
  }
}
