import type { Recognition } from '../policy/types.js';
import type { Descriptor, Detection } from './types.js';
import type { RgbImage, Size } from '../geometry.js';
import type { PhotoFingerprint } from '../images/fingerprint.js';

/** Finds faces. One instance per worker; create once, close in `finally`. */
export interface FaceDetector {
  /** Faces in an oriented RGB image, boxes in that image's pixels. */
  detect(image: RgbImage): Promise<Detection[]>;
  /** Changes whenever detections could change (model file hash, scales, tiling, thresholds): part of the cache key. */
  readonly settingsKey: string;
  close(): Promise<void>;
}

/** Turns faces into 128-d descriptors. One instance per worker; create once, close in `finally`. */
export interface FaceDescriber {
  /**
   * One descriptor per face, in the same order; null for a face too small (or too cut off) to describe,
   * which the matcher reports as `too-small`.
   */
  describe(image: RgbImage, faces: readonly Detection[]): Promise<(Descriptor | null)[]>;
  /** What runs the nets: "onnxruntime" (the default), or tfjs' "tensorflow" (tfjs-node) / "wasm" (the fallback). */
  readonly backend: string;
  /** Changes whenever descriptors could change (model, alignment, minimum size): part of the cache key. */
  readonly settingsKey: string;
  close(): Promise<void>;
}

/** An enrolled pupil: one descriptor per reference portrait. */
export interface Template {
  readonly pupilId: string;
  readonly descriptors: readonly Descriptor[];
}

export interface MatchOptions {
  /** A face is identified only at a distance at or below this. */
  readonly threshold: number;
  /** Between `threshold` and this distance a face is `uncertain`; beyond it `unknown`. */
  readonly uncertainBelow: number;
  /** The best pupil must beat the second-best pupil's distance by at least this, else `uncertain`. */
  readonly margin: number;
}

/** Signature of the matcher (src/faces/match.ts): faces of one photo against all templates, jointly. */
export type MatchFaces = (
  descriptors: readonly (Descriptor | null)[],
  templates: readonly Template[],
  options: MatchOptions,
) => Recognition[];

/** What the face engines found in one photo: detections and, in the same order, descriptors (null = too small). Cached per photo content. */
export interface PhotoAnalysis {
  readonly imageSize: Size;
  /**
   * What a person sees (src/images/fingerprint.ts), by which the teacher's corrections follow a re-saved copy. Every
   * analyzer that decodes the photo sets it; without it only corrections of exactly these bytes apply.
   */
  readonly fingerprint?: PhotoFingerprint;
  readonly faces: readonly Detection[];
  readonly descriptors: readonly (Descriptor | null)[];
}
