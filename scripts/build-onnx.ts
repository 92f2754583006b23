/**
 * Generates models/face-api-landmark68.onnx and models/face-api-recognition.onnx from the weights that ship inside
 * @vladmandic/face-api (node_modules/@vladmandic/face-api/model/). Runs as the last step of `npm run build`, so
 * `npm ci` makes them; run by hand with `npm run build` or `node dist/scripts/build-onnx.js [--force]`.
 *
 * Generated rather than committed: the recognition net is 22 MB as float32 ONNX, and deriving it from the installed
 * package keeps one source of truth for the weights. The bytes are deterministic; their sha256 is recorded in
 * src/faces/onnx-models.ts and checked at load. If the bytes come out different (another face-api version), the file is
 * still written but the build fails: rerun test/faces/onnx-parity.test.ts and record the new hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_MODE, writeFileAtomic } from '../src/atomic.js';
import { FACE_API_ONNX, type OnnxNetFile } from '../src/faces/onnx-models.js';
import { faceApiModelDir } from '../src/faces/tf.js';
import { landmarkGraph, recognitionGraph } from './onnx/faceapi-graphs.js';
import { encodeModel, type OnnxModel } from './onnx/proto.js';
import { readWeights, type Weight } from './onnx/weights.js';

interface Target {
  readonly net: OnnxNetFile;
  readonly manifest: string;
  readonly graph: (weights: Map<string, Weight>) => OnnxModel;
}

const TARGETS: readonly Target[] = [
  { net: FACE_API_ONNX.landmarks, manifest: 'face_landmark_68_model-weights_manifest.json', graph: landmarkGraph },
  { net: FACE_API_ONNX.recognition, manifest: 'face_recognition_model-weights_manifest.json', graph: recognitionGraph },
];

/** models/ of the repository: the nearest folder up with a package.json (this runs from scripts/ or dist/scripts/). */
function modelsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'models');
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The model's bytes, built from face-api's weights. */
function buildNet(target: Target): Uint8Array {
  return encodeModel(target.graph(readWeights(faceApiModelDir(), target.manifest)));
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  let mismatched = 0;
  for (const target of TARGETS) {
    const file = path.join(modelsDir(), target.net.file);
    // Nothing to do when the file is already the recorded one: keeps `npm run build` fast.
    if (!force && existsSync(file) && sha256(readFileSync(file)) === target.net.sha256) continue;
    const bytes = buildNet(target);
    const actual = sha256(bytes);
    // Model weights, not data about anyone: readable like the rest of the install.
    await writeFileAtomic(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), FILE_MODE.shared);
    if (actual === target.net.sha256) {
      process.stderr.write(`build-onnx: wrote ${path.relative(process.cwd(), file)} (${(bytes.length / 1e6).toFixed(1)} MB, sha256 matches)\n`);
    } else {
      mismatched++;
      process.stderr.write(
        `build-onnx: wrote ${file}, but its sha256 ${actual} is not the recorded ${target.net.sha256}.\n` +
          '  The face-api weights or the graph builder changed: run test/faces/onnx-parity.test.ts, then record the new sha256 in\n' +
          '  src/faces/onnx-models.ts (FACE_API_ONNX) and models/README.md.\n',
      );
    }
  }
  if (mismatched > 0) process.exitCode = 1;
}

await main();
