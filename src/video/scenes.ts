/**
 * Scene cuts: where one shot ends and another begins, a face cannot carry on, so tracks end there. Found from a
 * coarse colour grid of each frame; pure.
 */
import type { RgbImage } from '../geometry.js';
import { yuvPlanes, type YuvImage } from './yuv.js';

export const SCENE_DEFAULTS = Object.freeze({
  /** Cells across and down of the grid a frame is summed into. */
  across: 16,
  down: 9,
  /**
   * Mean change of a cell's colour (0–255) that counts as a cut. A slow pan changes cells by a few levels, a cut to
   * another shot by 40 or more. A false cut only costs a detection (tracks restart on the next frame, which is
   * detected); a missed one could let a track jump from one shot to the next, so this errs low.
   */
  threshold: 28,
});

/** A frame's colour grid: mean R, G, B per cell. */
export type FrameSignature = Float32Array;

/** Samples every 4th pixel each way: plenty for cell means, and cheap at 4K. */
export function frameSignature(rgb: RgbImage, across = SCENE_DEFAULTS.across, down = SCENE_DEFAULTS.down): FrameSignature {
  const sums = new Float64Array(across * down * 3);
  const counts = new Uint32Array(across * down);
  const step = 4;
  for (let y = 0; y < rgb.height; y += step) {
    const cy = Math.min(down - 1, Math.floor((y * down) / rgb.height));
    for (let x = 0; x < rgb.width; x += step) {
      const cell = cy * across + Math.min(across - 1, Math.floor((x * across) / rgb.width));
      const i = (y * rgb.width + x) * 3;
      sums[cell * 3]! += rgb.data[i]!;
      sums[cell * 3 + 1]! += rgb.data[i + 1]!;
      sums[cell * 3 + 2]! += rgb.data[i + 2]!;
      counts[cell]!++;
    }
  }
  const out = new Float32Array(sums.length);
  for (let c = 0; c < counts.length; c++) for (let k = 0; k < 3; k++) out[c * 3 + k] = counts[c]! > 0 ? sums[c * 3 + k]! / counts[c]! : 0;
  return out;
}

/**
 * frameSignature of a yuv420p frame: the same grid of the same samples, summed as Y, U and V and turned into RGB
 * per cell (BT.601, as yuvToRgb; the conversion is affine, so the mean's RGB is the RGB's mean up to clamping).
 */
export function frameSignatureYuv(yuv: YuvImage, across = SCENE_DEFAULTS.across, down = SCENE_DEFAULTS.down): FrameSignature {
  const { y: yp, u: up, v: vp } = yuvPlanes(yuv);
  const sums = new Float64Array(across * down * 3);
  const counts = new Uint32Array(across * down);
  const step = 4;
  for (let y = 0; y < yuv.height; y += step) {
    const cy = Math.min(down - 1, Math.floor((y * down) / yuv.height));
    const crow = (y >> 1) * up.width;
    for (let x = 0; x < yuv.width; x += step) {
      const cell = cy * across + Math.min(across - 1, Math.floor((x * across) / yuv.width));
      sums[cell * 3]! += yp.data[y * yuv.width + x]!;
      sums[cell * 3 + 1]! += up.data[crow + (x >> 1)]!;
      sums[cell * 3 + 2]! += vp.data[crow + (x >> 1)]!;
      counts[cell]!++;
    }
  }
  const out = new Float32Array(sums.length);
  const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);
  for (let c = 0; c < counts.length; c++) {
    if (counts[c]! === 0) continue;
    const luma = 1.164 * (sums[c * 3]! / counts[c]! - 16);
    const u = sums[c * 3 + 1]! / counts[c]! - 128;
    const v = sums[c * 3 + 2]! / counts[c]! - 128;
    out[c * 3] = clamp(luma + 1.596 * v);
    out[c * 3 + 1] = clamp(luma - 0.392 * u - 0.813 * v);
    out[c * 3 + 2] = clamp(luma + 2.017 * u);
  }
  return out;
}

/** Mean absolute change per cell and channel between two frames' grids. */
export function signatureChange(a: FrameSignature, b: FrameSignature): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - (b[i] ?? 0));
  return a.length === 0 ? 0 : sum / a.length;
}

export function isCut(previous: FrameSignature | null, current: FrameSignature, threshold: number = SCENE_DEFAULTS.threshold): boolean {
  return previous !== null && signatureChange(previous, current) > threshold;
}
