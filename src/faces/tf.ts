import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError, toError } from '../errors.js';
import { msg } from '../i18n/messages.js';

type FaceApi = typeof import('@vladmandic/face-api');

/** Which tensorflow backend runs the recogniser. */
export type TfBackend = 'tensorflow' | 'wasm';

export interface LoadedFaceApi {
  readonly faceapi: FaceApi;
  readonly backend: TfBackend;
}

const require = createRequire(import.meta.url);

/** Set to `wasm` to skip tfjs-node even when it is installed, so tests and the benchmark run the fallback. */
export const BACKEND_ENV = 'PRIVACY_FILTER_BACKEND';

let loading: Promise<LoadedFaceApi> | undefined;

/**
 * face-api with its recognition net loaded, once per thread (tfjs keeps one global engine per thread,
 * so a second load would only waste memory). Uses tfjs-node when it loads, else the wasm backend.
 * @throws UserError when the model weights are missing from the installed package.
 */
export function loadFaceApi(): Promise<{ faceapi: FaceApi; backend: string }> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a failed load must not stick: the next call may run after the user fixed the install
    throw error;
  });
  return loading;
}

/** Where face-api's weights live: inside the installed package, so nothing is fetched at run time. */
export function faceApiModelDir(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

async function load(): Promise<LoadedFaceApi> {
  const { faceapi, backend } = await importFaceApi();
  const modelDir = faceApiModelDir();
  const manifest = path.join(modelDir, 'face_recognition_model-weights_manifest.json');
  if (!existsSync(manifest)) {
    throw new UserError(msg.faces.recognitionMissing, { place: { file: manifest }, hint: msg.faces.reinstallFaceApi });
  }
  try {
    await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  } catch (error) {
    throw new UserError(msg.faces.recognitionUnreadable, { place: { file: manifest }, hint: msg.faces.reinstallDamaged, cause: toError(error) });
  }
  return { faceapi, backend };
}

async function importFaceApi(): Promise<LoadedFaceApi> {
  if (process.env[BACKEND_ENV] !== 'wasm' && (await tfjsNodeLoads())) {
    const faceapi = (await import('@vladmandic/face-api/dist/face-api.node.js')) as unknown as FaceApi;
    return { faceapi: unwrap(faceapi), backend: 'tensorflow' };
  }
  const faceapi = unwrap((await import('@vladmandic/face-api/dist/face-api.node-wasm.js')) as unknown as FaceApi);
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
  const tf = (await import('@tensorflow/tfjs')) as typeof import('@tensorflow/tfjs');
  // Point wasm at the installed binaries: by default it would fetch them from a CDN.
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  // One thread per instance: the scan runs one engine per worker, and workers already fill the cores.
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  return { faceapi, backend: 'wasm' };
}

/** tfjs-node is optional: its install downloads libtensorflow, which fails offline and npm leaves it out. */
async function tfjsNodeLoads(): Promise<boolean> {
  const name = '@tensorflow/tfjs-node'; // a variable, so TypeScript does not insist the package exists
  try {
    await import(name);
    return true;
  } catch {
    return false;
  }
}

/** A CommonJS bundle imported from ESM may arrive as `{ default: module }`. */
function unwrap(module: FaceApi): FaceApi {
  const maybe = module as FaceApi & { default?: FaceApi };
  return maybe.nets === undefined && maybe.default !== undefined ? maybe.default : module;
}
