import type { FaceDescriber } from './engine-types.js';
import type { Descriptor, Detection, RgbImage } from './types.js';
import { CHIP_SIZE, alignedChipTransform, boxChipTransform, extractChip, type Similarity } from './align.js';
import { loadFaceApi } from './tf.js';

/** How a face is cut out for the net: `landmarks` = dlib's aligned chip from the five landmarks; `box` = square around the box. */
export type Alignment = 'landmarks' | 'box';

export interface DescriberOptions {
  /** Default `landmarks`: measured better than a square box crop (see DESCRIBER_DEFAULTS). */
  readonly alignment?: Alignment;
  /** Faces whose box is narrower than this (pixels, shorter side) get no descriptor and are reported too small. */
  readonly minFaceSize?: number;
}

/**
 * Chosen with `npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/eval-recognition.js` (data: see MATCH_DEFAULTS):
 * - alignment `landmarks` (dlib chip from YuNet's five points) against a square crop of the YuNet box:
 *   genuine median 0.48 vs 0.53, impostor median 0.84 vs 0.74, closest stranger 0.507 vs 0.412; at threshold 0.45
 *   57 % vs 41 % identified with 0 % vs 1.5 % strangers accepted. face-api's own 68-landmark crop was not measured.
 * - minFaceSize 40: probes shrunk so the face is 20/30/40/60/80 px were identified 15/39/55/64/67 % of the time
 *   (57 % at full size, no stranger accepted at any size): below 40 px recognition falls off quickly, so those faces
 *   are `too-small`.
 */
export const DESCRIBER_DEFAULTS = Object.freeze({
  alignment: 'landmarks' as Alignment,
  minFaceSize: 40,
  /** Faces per forward pass: batching amortises the per-call overhead without holding many chips in memory. */
  batchSize: 8,
});

const MODEL = 'face-api-1.7.15/dlib-resnet-128';
/** Bump when chip cutting changes in a way that moves descriptors. */
const CHIP_VERSION = 1;

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
  const { faceapi, backend } = await loadFaceApi();
  const net = faceapi.nets.faceRecognitionNet;
  let closed = false;

  async function describeChips(chips: readonly Float32Array[]): Promise<Descriptor[]> {
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

  return {
    backend,
    settingsKey: `${MODEL};chip=${alignment}-${CHIP_SIZE}-p0.25-v${CHIP_VERSION};min=${minFaceSize}`,
    async describe(image: RgbImage, faces: readonly Detection[]): Promise<(Descriptor | null)[]> {
      if (closed) throw new Error('describe() called after close()');
      const result: (Descriptor | null)[] = faces.map(() => null);
      const wanted = faces.flatMap((face, index) => (isDescribable(face, minFaceSize) ? [index] : []));
      for (let start = 0; start < wanted.length; start += DESCRIBER_DEFAULTS.batchSize) {
        const indices = wanted.slice(start, start + DESCRIBER_DEFAULTS.batchSize);
        const chips = indices.map((i) => extractChip(image, chipTransform(faces[i]!, alignment)));
        const descriptors = await describeChips(chips);
        indices.forEach((faceIndex, k) => {
          result[faceIndex] = descriptors[k] ?? null;
        });
      }
      return result;
    },
    async close(): Promise<void> {
      // The net stays loaded: tfjs keeps one engine per thread and loadFaceApi() shares it between describers.
      closed = true;
    },
  };
}

/** Too small to identify: the matcher reports it `too-small`, and by default it is anonymised. */
export function isDescribable(face: Detection, minFaceSize: number): boolean {
  return Math.min(face.box.width, face.box.height) >= minFaceSize;
}

export function chipTransform(face: Detection, alignment: Alignment): Similarity {
  switch (alignment) {
    case 'landmarks':
      return alignedChipTransform(face.landmarks);
    case 'box':
      return boxChipTransform(face.box);
  }
}
