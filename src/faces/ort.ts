/**
 * onnxruntime-node, loaded only after its telemetry is switched off (`src/native-env.ts`). Every module takes it from
 * here, never from 'onnxruntime-node' itself: an `import` of the package would load the native library before any
 * code of ours could run.
 */
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { keepNativeLibrariesLocal } from '../native-env.js';

keepNativeLibrariesLocal();
export const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;
export type InferenceSession = Ort.InferenceSession;
