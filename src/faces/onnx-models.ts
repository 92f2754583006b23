/**
 * The ONNX files of face-api's nets that `scripts/build-onnx.ts` generates into `models/`, apart from the code that
 * runs them, so that the build needs no onnxruntime.
 */
import { CHIP_SIZE } from './align.js';
import { LANDMARK_CROP } from './recogniser-nets.js';

export interface OnnxNetFile {
  readonly file: string;
  readonly sha256: string;
  readonly input: string;
  readonly side: number;
  readonly output: string;
  readonly outputSize: number;
}

/** The generated graphs: names, shapes and the sha256 of the bytes `scripts/build-onnx.ts` writes (see models/README.md). */
export const FACE_API_ONNX = Object.freeze({
  recognition: {
    file: 'face-api-recognition.onnx',
    sha256: '28d011757ba6f1613d2626cbfff7b083facf236f1f2766b6337caa8fb966cd1a',
    input: 'chips',
    side: CHIP_SIZE,
    output: 'descriptors',
    outputSize: 128,
  },
  landmarks: {
    file: 'face-api-landmark68.onnx',
    sha256: 'f87b68d73e283de0c44e0a2a0b23d6cfdf35f144950d650efc7ff02440d374b1',
    input: 'crops',
    side: LANDMARK_CROP,
    output: 'landmarks',
    outputSize: 136,
  },
} satisfies Record<string, OnnxNetFile>);
