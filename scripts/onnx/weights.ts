/**
 * face-api's weights as tfjs stores them: a `*-weights_manifest.json` listing tensors in order, and `.bin` shards
 * holding their bytes back to back. Most tensors are uint8-quantised with a `scale` and `min`; they are
 * dequantised exactly as tfjs' `decodeWeights` does (`q * scale + min` in double precision, stored as float32), so
 * the ONNX graphs start from bit-identical weights.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ManifestWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string; readonly scale?: number; readonly min?: number };
}
interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly ManifestWeight[];
}

export interface Weight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Every tensor of one face-api model by name (`conv32_down/conv/filters`, …), in tfjs' NHWC/HWIO layouts. */
export function readWeights(modelDir: string, manifestFile: string): Map<string, Weight> {
  const manifest = JSON.parse(readFileSync(path.join(modelDir, manifestFile), 'utf8')) as ManifestGroup[];
  const out = new Map<string, Weight>();
  for (const group of manifest) {
    const buffer = Buffer.concat(group.paths.map((p) => readFileSync(path.join(modelDir, p))));
    let offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32') throw new Error(`${manifestFile}: ${w.name} has dtype ${w.dtype}; only float32 tensors are expected`);
      const count = w.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(count);
      const q = w.quantization;
      if (q === undefined) {
        for (let i = 0; i < count; i++) values[i] = buffer.readFloatLE(offset + 4 * i);
        offset += 4 * count;
      } else if ((q.dtype === 'uint8' || q.dtype === 'uint16') && q.scale !== undefined && q.min !== undefined) {
        const bytes = q.dtype === 'uint8' ? 1 : 2;
        for (let i = 0; i < count; i++) {
          const v = bytes === 1 ? buffer.readUInt8(offset + i) : buffer.readUInt16LE(offset + 2 * i);
          values[i] = v * q.scale + q.min;
        }
        offset += bytes * count;
      } else {
        throw new Error(`${manifestFile}: ${w.name} uses quantization ${JSON.stringify(q)}, which this reader does not know`);
      }
      out.set(w.name, { shape: w.shape, values });
    }
    if (offset !== buffer.length) throw new Error(`${manifestFile}: the manifest accounts for ${offset} bytes but the shards hold ${buffer.length}`);
  }
  return out;
}

/**
 * Reorders a tensor's axes (row-major): `perm[i]` is the source axis that becomes axis i, as in tf.transpose.
 * HWIO conv filters → ONNX's OIHW is `[3, 2, 0, 1]`.
 */
export function transpose(w: Weight, perm: readonly number[]): Weight {
  const rank = w.shape.length;
  if (perm.length !== rank) throw new RangeError(`Expected ${rank} axes in the permutation but received ${perm.length}`);
  const shape = perm.map((p) => w.shape[p]!);
  const srcStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    srcStrides[i] = s;
    s *= w.shape[i]!;
  }
  const values = new Float32Array(w.values.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < values.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i]! * srcStrides[perm[i]!]!;
    values[o] = w.values[src]!;
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i]! < shape[i]!) break;
      index[i] = 0;
    }
  }
  return { shape, values };
}
