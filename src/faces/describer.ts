import { UserError, toError } from '../errors.js';
import { warnOnStderr, type Warn } from '../paths.js';
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
import { DESCRIBER_ENV, LANDMARK_CROP, type DescriberRuntime, type RecogniserNets } from './recogniser-nets.js';
import { createTfjsNets } from './tfjs-nets.js';
import { msg } from '../i18n/messages.js';

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
  /** What runs the nets; default from PRIVACY_FILTER_DESCRIBER, else onnx with tfjs as the fallback (see `chooseNets`). */
  readonly runtime?: DescriberRuntime;
  /** onnxruntime's intra-op threads (default 1: the scan's workers already fill the cores). */
  readonly threads?: number;
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
});

/**
 * The network's name in the settings key. Not the runtime: onnxruntime and tfjs (native or wasm) run the same
 * network on the same chips, and test/faces/onnx-parity.test.ts holds them to 1e-4 per descriptor value (measured
 * 4e-7 on 150 real faces; 4e-5 in distance through the whole describer, where each runtime places its own chips),
 * while the closest stranger in `npm run eval` sits 0.05 beyond the threshold. So templates enrolled and photos
 * cached by one runtime stay valid under the other, as they already did between tfjs-node and wasm; if that test
 * ever fails, the ONNX nets are not the same network and this name must change with them.
 */
const MODEL = 'face-api-1.7.15/dlib-resnet-128';
/** Bump when chip cutting changes in a way that moves descriptors. */
const CHIP_VERSION = 2;

/**
 * The recogniser: one 128-d descriptor per face, from the full-resolution image.
 * @example
 * const describer = await createDescriber();
 * try { const descriptors = await describer.describe(rgb, detections); } finally { await describer.close(); }
 * @throws UserError when the model weights are missing, or PRIVACY_FILTER_DESCRIBER names an unknown runtime.
 */
export async function createDescriber(options: DescriberOptions = {}): Promise<FaceDescriber> {
  return describerOn(await chooseNets(options), options);
}

/** How each runtime's nets are loaded; a parameter of `chooseNets` so its fallback can be tested without breaking an install. */
export interface NetLoaders {
  readonly onnx: (options: { threads?: number }) => Promise<RecogniserNets>;
  readonly tfjs: () => Promise<RecogniserNets>;
}

const LOADERS: NetLoaders = {
  // Imported on demand, so that a broken onnxruntime install still leaves the tfjs fallback.
  onnx: async (options) => (await import('./onnx-nets.js')).createOnnxNets(options),
  tfjs: createTfjsNets,
};

/**
 * The nets to run: `runtime` (or PRIVACY_FILTER_DESCRIBER) when given, and then a failure to load is an error;
 * otherwise onnxruntime, falling back to tfjs, said on stderr, only when onnxruntime itself cannot load (same
 * network, slower), as `doctor` reports. A model file that is missing or altered (a UserError naming it) is never a
 * reason to run something else: it is an install to repair, and the error says how.
 */
export async function chooseNets(
  options: { runtime?: DescriberRuntime; threads?: number } = {},
  loaders: NetLoaders = LOADERS,
  warn: Warn = warnOnStderr,
): Promise<RecogniserNets> {
  const runtime = options.runtime ?? runtimeFromEnv();
  const onnx = () => loaders.onnx(options.threads === undefined ? {} : { threads: options.threads });
  switch (runtime) {
    case 'onnx':
      return onnx();
    case 'tfjs':
      return loaders.tfjs();
    case undefined:
      try {
        return await onnx();
      } catch (caught) {
        if (caught instanceof UserError) throw caught;
        const text = msg.faces.onnxFallback(toError(caught).message.split('\n')[0] ?? '');
        warn(text.en, text);
        return loaders.tfjs();
      }
  }
}

/** PRIVACY_FILTER_DESCRIBER, checked. @throws UserError for a value other than onnx or tfjs. */
export function runtimeFromEnv(): DescriberRuntime | undefined {
  const value = process.env[DESCRIBER_ENV]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'onnx' || value === 'tfjs') return value;
  throw new UserError(msg.faces.unknownRuntime(DESCRIBER_ENV, process.env[DESCRIBER_ENV] ?? ''), { hint: msg.faces.unknownRuntimeHint(DESCRIBER_ENV) });
}

/** The describer pipeline on given nets: 68 landmarks (if aligned by them), chips, descriptors with the flip. */
export function describerOn(nets: RecogniserNets, options: DescriberOptions = {}): FaceDescriber {
  const alignment = options.alignment ?? DESCRIBER_DEFAULTS.alignment;
  const minFaceSize = options.minFaceSize ?? DESCRIBER_DEFAULTS.minFaceSize;
  const flip = options.flip ?? DESCRIBER_DEFAULTS.flip;
  let closed = false;

  /** One run of the recognition net for all chips and, with flip, their mirror images. */
  async function describeChips(chips: readonly Float32Array[]): Promise<Descriptor[]> {
    if (!flip) return nets.descriptors(chips);
    const both = await nets.descriptors([...chips, ...chips.map((c) => mirrorChip(c))]);
    return chips.map((_, i) => averageDescriptors(both[i]!, both[i + chips.length]!));
  }

  /** dlib's 68 points for each face, found by face-api's landmark net in an upright crop (one run) and mapped back. */
  async function landmarks68(image: RgbImage, faces: readonly Detection[]): Promise<Point[][]> {
    const crops = faces.map((f) => uprightBoxTransform(f.box, f.landmarks, LANDMARK_CROP));
    const found = await nets.landmarks(crops.map((t) => extractChip(image, t, LANDMARK_CROP)));
    return found.map((xy, i) =>
      Array.from({ length: xy.length / 2 }, (_, k) => invertPoint(crops[i]!, { x: xy[2 * k]! * LANDMARK_CROP, y: xy[2 * k + 1]! * LANDMARK_CROP })),
    );
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
    backend: nets.backend,
    settingsKey: describerSettingsKey(options),
    async describe(image: RgbImage, faces: readonly Detection[]): Promise<(Descriptor | null)[]> {
      if (closed) throw new Error('describe() called after close()');
      const result: (Descriptor | null)[] = faces.map(() => null);
      const wanted = faces.flatMap((face, index) => (isDescribable(face, minFaceSize) ? [index] : []));
      for (let start = 0; start < wanted.length; start += nets.facesPerRun) {
        const indices = wanted.slice(start, start + nets.facesPerRun);
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
      closed = true;
      await nets.close();
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
