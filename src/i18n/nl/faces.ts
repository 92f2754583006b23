import type { Shape } from '../catalogue.js';
import type { faces as en } from '../en/faces.js';

export const faces: Shape<typeof en> = {
  detectionModel: 'model voor gezichtsdetectie',
  recognitionModelOnnx: 'model voor gezichtsherkenning (ONNX)',
  restoreDetection: (file: string) => `Installeer privacy-filter opnieuw (npm ci), of zet models/${file} terug uit de repository`,
  restoreRecognition: 'Voer npm run build uit (npm ci doet dat ook) om het opnieuw te maken uit de gewichten van face-api in node_modules',
  modelMissing: (name: string) => `Het ${name} ontbreekt.`,
  modelMissingHint: (restore: string) => `${restore}.`,
  modelAltered: (name: string) => `Het bestand met het ${name} is veranderd of beschadigd.`,
  modelAlteredHint: (restore: string, expected: string, found: string) => `${restore} (verwacht sha256 ${expected}, gevonden ${found}).`,
  recognitionMissing: 'Het model voor gezichtsherkenning ontbreekt.',
  recognitionUnreadable: 'Het model voor gezichtsherkenning kan niet gelezen worden.',
  landmarksUnreadable: 'Het model voor herkenningspunten in het gezicht kan niet gelezen worden.',
  reinstallFaceApi: 'Installeer privacy-filter opnieuw (npm ci), zodat @vladmandic/face-api met zijn map met modellen meekomt.',
  reinstallDamaged: 'Installeer privacy-filter opnieuw (npm ci); de bestanden van het model zijn misschien beschadigd.',
  unknownRuntime: (name: string, value: string) => `${name} is "${value}", en dat kent privacy-filter niet.`,
  unknownRuntimeHint: (name: string) =>
    `Zet ${name}=onnx (onnxruntime, de standaard) of ${name}=tfjs (face-api op tensorflow.js), of laat het leeg.`,
  onnxFallback: (why: string) => `onnxruntime kon niet laden (${why}); de herkenning draait nu op tensorflow.js: hetzelfde netwerk, trager.`,
};
