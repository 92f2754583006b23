/** The face engines' errors (src/faces/): models that are missing or altered, an unknown runtime. */
export const faces = {
  detectionModel: 'face detection model',
  recognitionModelOnnx: 'face recognition model (ONNX)',
  restoreDetection: (file: string) => `Reinstall privacy-filter (npm ci), or restore models/${file} from the repository`,
  restoreRecognition: 'Run npm run build (npm ci does it) to generate it again from the face-api weights in node_modules',
  modelMissing: (name: string) => `The ${name} is missing.`,
  modelMissingHint: (restore: string) => `${restore}.`,
  modelAltered: (name: string) => `The ${name} file has been changed or is damaged.`,
  modelAlteredHint: (restore: string, expected: string, found: string) => `${restore} (expected sha256 ${expected}, found ${found}).`,
  recognitionMissing: 'The face recognition model is missing.',
  recognitionUnreadable: 'The face recognition model could not be read.',
  landmarksUnreadable: 'The face landmark model could not be read.',
  reinstallFaceApi: 'Reinstall privacy-filter (npm ci) so that @vladmandic/face-api comes with its model folder.',
  reinstallDamaged: 'Reinstall privacy-filter (npm ci); the model files may be damaged.',
  unknownRuntime: (name: string, value: string) => `${name} is "${value}", which privacy-filter does not know.`,
  unknownRuntimeHint: (name: string) =>
    `Set ${name}=onnx (onnxruntime, the default) or ${name}=tfjs (face-api on tensorflow.js), or leave it unset.`,
  onnxFallback: (why: string) => `onnxruntime could not load (${why}); the recogniser runs on tensorflow.js instead: the same network, slower.`,
};
