/**
 * face-api's landmark and recognition nets on tfjs itself (tfjs-node or wasm): the fallback when onnxruntime cannot
 * load the generated ONNX files, and the reference the ONNX nets are tested against.
 */
import path from 'node:path';
import { UserError, toError } from '../errors.js';
import { CHIP_SIZE } from './align.js';
import { LANDMARK_CROP, rows, type RecogniserNets } from './recogniser-nets.js';
import { faceApiModelDir, loadFaceApi } from './tf.js';
import { msg } from '../i18n/messages.js';

/**
 * Faces per forward pass. The wasm heap never shrinks, so it grows to the largest batch: 8 faces (16 chips with
 * flip) took it to ~440 MB per worker, 2 faces to ~250 MB, at the same speed (6 crowd photos at 12 MP, 14.4 s).
 */
const FACES_PER_RUN = 2;

/**
 * Both nets loaded into face-api's tfjs engine (one per thread, shared by every describer in it).
 * @throws UserError when the weights are missing from the installed package.
 */
export async function createTfjsNets(): Promise<RecogniserNets> {
  const { faceapi, backend } = await loadFaceApi();
  const net = faceapi.nets.faceRecognitionNet;
  const landmarkNet = faceapi.nets.faceLandmark68Net;
  if (!landmarkNet.isLoaded) {
    try {
      await landmarkNet.loadFromDisk(faceApiModelDir());
    } catch (error) {
      throw new UserError(msg.faces.landmarksUnreadable, {
        place: { file: path.join(faceApiModelDir(), 'face_landmark_68_model-weights_manifest.json') },
        hint: msg.faces.reinstallFaceApi,
        cause: toError(error),
      });
    }
  }
  return {
    backend,
    facesPerRun: FACES_PER_RUN,
    async landmarks(crops) {
      if (crops.length === 0) return [];
      const tensors = crops.map((c) => faceapi.tf.tensor3d(c, [LANDMARK_CROP, LANDMARK_CROP, 3], 'float32'));
      try {
        const found = await landmarkNet.detectLandmarks(tensors.length === 1 ? tensors[0]! : tensors);
        const list = Array.isArray(found) ? found : [found];
        return list.map((l) => Float32Array.from(l.relativePositions.flatMap((p) => [p.x, p.y])));
      } finally {
        for (const t of tensors) t.dispose();
      }
    },
    async descriptors(chips) {
      if (chips.length === 0) return [];
      const tensors = chips.map((chip) => faceapi.tf.tensor3d(chip, [CHIP_SIZE, CHIP_SIZE, 3], 'float32'));
      try {
        // forward() gives one row per face (computeFaceDescriptor would do the same but returns a union type).
        const out = await net.forward(tensors);
        try {
          return rows((await out.data()) as Float32Array, chips.length);
        } finally {
          out.dispose();
        }
      } finally {
        for (const t of tensors) t.dispose();
      }
    },
    async close() {
      // The nets stay loaded: tfjs keeps one engine per thread and loadFaceApi() shares it between describers.
    },
  };
}
