/**
 * The two networks behind the describer, whichever runtime runs them: face-api's 68-point landmark net and its
 * recognition net (dlib's ResNet). The describer (describer.ts) owns alignment, chips and the flip; a runtime only
 * turns batches of chips into numbers, so onnxruntime and tfjs are interchangeable behind this seam.
 */

/** Side of the upright crop face-api's landmark net takes. */
export const LANDMARK_CROP = 112;

export interface RecogniserNets {
  /** What runs the nets, as reports and `doctor` show it: `onnxruntime`, or tfjs' `tensorflow` / `wasm`. */
  readonly backend: string;
  /** Most faces described in one forward pass (their chips and mirrored chips go through together). */
  readonly facesPerRun: number;
  /**
   * Per 112 px crop (interleaved RGB, float 0..255), the 68 points x0, y0, …, x67, y67 relative to the crop (0..1),
   * all crops in one run.
   */
  landmarks(crops: readonly Float32Array[]): Promise<Float32Array[]>;
  /** Per 150 px chip (interleaved RGB, float 0..255), the raw 128-d descriptor, all chips in one run. */
  descriptors(chips: readonly Float32Array[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Which runtime runs the nets: `onnx` (onnxruntime-node, the default) or `tfjs` (face-api itself, the fallback). */
export type DescriberRuntime = 'onnx' | 'tfjs';

/** Selects the runtime: `onnx` or `tfjs`. Unset: onnx, and tfjs when onnxruntime cannot load the nets. */
export const DESCRIBER_ENV = 'PRIVACY_FILTER_DESCRIBER';

/** Splits one batched output into a row per input. */
export function rows(flat: Float32Array, count: number): Float32Array[] {
  const size = flat.length / count;
  return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
}
