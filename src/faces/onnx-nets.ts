/**
 * face-api's landmark and recognition nets on onnxruntime-node. The `.onnx` files are generated from face-api's own
 * weights by `scripts/build-onnx.ts` during `npm run build` (so during `npm ci`), into `models/`; nothing is
 * downloaded. Each file's sha256 is recorded here: the build refuses to produce other bytes without saying so, and
 * loading refuses a file that differs, so the nets that run are the ones the parity test compared with face-api.
 */
import path from 'node:path';
import { ort, type InferenceSession } from './ort.js';
import { FACE_API_ONNX, type OnnxNetFile } from './onnx-models.js';
import { rows, type RecogniserNets } from './recogniser-nets.js';
import { modelsDir, readVerifiedModel, type ModelFileKind } from './yunet.js';
import { msg } from '../i18n/messages.js';

/**
 * Faces per run: chips and mirrored chips of up to 16 faces (32 × 150² px) keep onnxruntime's arena, which never
 * shrinks, at tens of MB per worker; the pool hands a worker four faces at a time anyway.
 */
const FACES_PER_RUN = 16;

/**
 * Both nets on onnxruntime's CPU provider, `threads` intra-op threads each (1 in the scan's workers, which already
 * fill the cores).
 * @throws UserError when a generated model is missing or differs from the recorded sha256.
 */
export async function createOnnxNets(options: { threads?: number } = {}): Promise<RecogniserNets> {
  const threads = options.threads ?? 1;
  const [landmarks, recognition] = await Promise.all([
    openSession(FACE_API_ONNX.landmarks, threads),
    openSession(FACE_API_ONNX.recognition, threads),
  ]);
  return {
    backend: 'onnxruntime',
    facesPerRun: FACES_PER_RUN,
    landmarks: (crops) => run(landmarks, FACE_API_ONNX.landmarks, crops),
    descriptors: (chips) => run(recognition, FACE_API_ONNX.recognition, chips),
    close: async () => {
      await Promise.allSettled([landmarks.release(), recognition.release()]);
    },
  };
}

async function openSession(net: OnnxNetFile, threads: number): Promise<InferenceSession> {
  const bytes = await readVerifiedModel(path.join(modelsDir(), net.file), net.sha256, RECOGNITION_NET);
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

/** All inputs in one batch: NHWC float32, as `extractChip` cuts them. */
async function run(session: InferenceSession, net: OnnxNetFile, inputs: readonly Float32Array[]): Promise<Float32Array[]> {
  if (inputs.length === 0) return [];
  const plane = net.side * net.side * 3;
  const batch = new Float32Array(inputs.length * plane);
  inputs.forEach((chip, i) => {
    if (chip.length !== plane) throw new RangeError(`Expected ${net.side} × ${net.side} RGB input for ${net.file} but received ${chip.length} values`);
    batch.set(chip, i * plane);
  });
  const tensor = new ort.Tensor('float32', batch, [inputs.length, net.side, net.side, 3]);
  const out = await session.run({ [net.input]: tensor });
  const result = out[net.output];
  if (result === undefined) throw new Error(`${net.file} returned no ${net.output}`);
  try {
    return rows(result.data as Float32Array, inputs.length);
  } finally {
    result.dispose();
  }
}

const RECOGNITION_NET: ModelFileKind = {
  name: msg.faces.recognitionModelOnnx,
  restore: () => msg.faces.restoreRecognition,
};
