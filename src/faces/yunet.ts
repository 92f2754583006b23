import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ort, type InferenceSession } from './ort.js';
import { UserError } from '../errors.js';
import type { Detection, Landmarks5 } from './types.js';
import type { Box, Point, RgbImage } from '../geometry.js';
import { textOf } from '../i18n/compose.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';

/** The YuNet files shipped in `models/`, with the sha256 recorded in `models/README.md`. */
export const YUNET_MODELS = Object.freeze({
  s: { file: 'yunet_s_dynamic.onnx', sha256: 'daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3' },
  n: { file: 'yunet_n_dynamic.onnx', sha256: '104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12' },
});
export type YunetVariant = keyof typeof YUNET_MODELS;

const STRIDES = [8, 16, 32] as const;
/** The network downsamples by 32, so its input sides must be multiples of it. */
const ALIGN = 32;

/**
 * The package's `models/` folder. Walks up to the folder holding `package.json`, because this file runs both as
 * `src/faces/yunet.ts` (vitest) and as `dist/src/faces/yunet.js` (the built CLI), at different depths.
 */
export function modelsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'models');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** One YuNet network on onnxruntime's CPU provider. Not safe for concurrent `run` calls: one per worker. */
export interface Yunet {
  readonly variant: YunetVariant;
  readonly sha256: string;
  /**
   * Faces in `region` of `image` (integer pixels, inside the image) scoring at least `minScore`, before any
   * suppression; boxes and landmarks in `image`'s pixels.
   */
  run(image: RgbImage, region: Box, minScore: number): Promise<Detection[]>;
  close(): Promise<void>;
}

/**
 * Loads a YuNet model after checking its sha256, so a corrupted or swapped file cannot silently change what is found.
 * @throws UserError when the file is missing or its content differs from the one this version was tested with.
 */
export async function loadYunet(variant: YunetVariant, threads: number): Promise<Yunet> {
  const { file, sha256 } = YUNET_MODELS[variant];
  const bytes = await readVerifiedModel(path.join(modelsDir(), file), sha256);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const inputName = session.inputNames[0] ?? 'input';
  // One input buffer, reused tile after tile; a second concurrent run gets its own.
  let spare: Float32Array | null = null;
  return {
    variant,
    sha256,
    run: async (image, region, minScore) => {
      const buffer = spare ?? new Float32Array(0);
      spare = null;
      const input = toInputTensor(image, region, buffer);
      try {
        return await runRegion(session, inputName, input, region, minScore);
      } finally {
        const used = input.data.buffer === buffer.buffer ? buffer : input.data;
        const current = spare as Float32Array | null; // another run may have returned one meanwhile
        if (current === null || current.length < used.length) spare = used;
      }
    },
    close: () => session.release(),
  };
}

/** What a model file is called in a message, and how a user gets a good copy back. */
export interface ModelFileKind {
  readonly name: Text;
  readonly restore: (file: string) => Text;
}

const DETECTION_MODEL: ModelFileKind = {
  name: msg.faces.detectionModel,
  restore: (file) => msg.faces.restoreDetection(path.basename(file)),
};

/**
 * The model file's bytes, after checking them against the recorded sha256 (the detector's and the recogniser's
 * files alike), so a corrupted or swapped file cannot silently change what is found.
 * @throws UserError when the file is missing or altered, saying how to restore it.
 */
export async function readVerifiedModel(modelPath: string, sha256: string, kind: ModelFileKind = DETECTION_MODEL): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(modelPath);
  } catch (cause) {
    const restore = kind.restore(modelPath);
    throw new UserError(textOf((lang, say) => say.faces.modelMissing(kind.name[lang])), {
      place: { file: modelPath },
      hint: textOf((lang, say) => say.faces.modelMissingHint(restore[lang])),
      cause,
    });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    const restore = kind.restore(modelPath);
    throw new UserError(textOf((lang, say) => say.faces.modelAltered(kind.name[lang])), {
      place: { file: modelPath },
      hint: textOf((lang, say) => say.faces.modelAlteredHint(restore[lang], sha256, actual)),
    });
  }
  return bytes;
}

/**
 * RGB HWC bytes of one region → BGR CHW float32 0–255, zero-padded right and bottom to multiples of 32. Written into
 * `reuse` when it is large enough (a 1024-px tile is 12 MB, and a 12 MP photo has about 25 of them: allocating each
 * afresh cost more in page faults and garbage collection than filling it).
 */
export function toInputTensor(image: RgbImage, region: Box, reuse?: Float32Array): { data: Float32Array; width: number; height: number } {
  const width = Math.ceil(region.width / ALIGN) * ALIGN;
  const height = Math.ceil(region.height / ALIGN) * ALIGN;
  const plane = width * height;
  const data = reuse !== undefined && reuse.length >= 3 * plane ? reuse.subarray(0, 3 * plane) : new Float32Array(3 * plane);
  const src = image.data;
  for (let y = 0; y < region.height; y++) {
    let s = ((region.y + y) * image.width + region.x) * 3;
    let d = y * width;
    for (let x = 0; x < region.width; x++, s += 3, d++) {
      data[d] = src[s + 2]!;
      data[plane + d] = src[s + 1]!;
      data[2 * plane + d] = src[s]!;
    }
    if (reuse !== undefined) for (let c = 0; c < 3; c++) data.fill(0, c * plane + d, c * plane + (y + 1) * width);
  }
  if (reuse !== undefined) for (let c = 0; c < 3; c++) data.fill(0, c * plane + region.height * width, (c + 1) * plane);
  return { data, width, height };
}

async function runRegion(
  session: InferenceSession,
  inputName: string,
  input: { data: Float32Array; width: number; height: number },
  region: Box,
  minScore: number,
): Promise<Detection[]> {
  const tensor = new ort.Tensor('float32', input.data, [1, 3, input.height, input.width]);
  const outputs = await session.run({ [inputName]: tensor });
  const found: Detection[] = [];
  for (const stride of STRIDES) {
    const out = (name: string): Float32Array => {
      const t = outputs[`${name}_${stride}`];
      if (t === undefined) throw new Error(`YuNet output ${name}_${stride} missing`);
      return t.data as Float32Array;
    };
    decodeStride(
      { cls: out('cls'), obj: out('obj'), bbox: out('bbox'), kps: out('kps') },
      stride,
      input.width / stride,
      minScore,
      region,
      found,
    );
  }
  return found;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Decodes one stride's grid as `models/README.md` describes; offsets results by the region's origin. */
export function decodeStride(
  out: { cls: Float32Array; obj: Float32Array; bbox: Float32Array; kps: Float32Array },
  stride: number,
  columns: number,
  minScore: number,
  offset: Point,
  into: Detection[],
): void {
  for (let i = 0; i < out.cls.length; i++) {
    const score = Math.sqrt(clamp01(out.cls[i] ?? 0) * clamp01(out.obj[i] ?? 0));
    if (score < minScore) continue;
    const r = Math.floor(i / columns);
    const c = i - r * columns;
    const b = i * 4;
    const cx = (c + (out.bbox[b] ?? 0)) * stride;
    const cy = (r + (out.bbox[b + 1] ?? 0)) * stride;
    const w = Math.exp(out.bbox[b + 2] ?? 0) * stride;
    const h = Math.exp(out.bbox[b + 3] ?? 0) * stride;
    const k = i * 10;
    const point = (n: number): Point => ({
      x: offset.x + (c + (out.kps[k + 2 * n] ?? 0)) * stride,
      y: offset.y + (r + (out.kps[k + 2 * n + 1] ?? 0)) * stride,
    });
    const landmarks: Landmarks5 = [point(0), point(1), point(2), point(3), point(4)];
    into.push({ box: { x: offset.x + cx - w / 2, y: offset.y + cy - h / 2, width: w, height: h }, score, landmarks });
  }
}
