/** How good a view of a face a detection is, to pick a track's best frames for recognition: large, frontal, sharp. */
import type { RgbImage } from '../geometry.js';
import type { Detection } from '../faces/types.js';

/**
 * Size in pixels (the box's shorter side) × frontalness (0–1) × sharpness (0–1). Pure; reads at most ~1000 pixels.
 */
export function faceQuality(rgb: RgbImage, face: Detection): number {
  const size = Math.min(face.box.width, face.box.height);
  return size * frontalness(face) * sharpness(rgb, face);
}

/** 1 for a face looking at the camera, towards 0 as it turns: how far the nose tip sits off the eyes' midpoint. */
export function frontalness(face: Detection): number {
  const [right, left, nose] = face.landmarks;
  const eyes = Math.hypot(left.x - right.x, left.y - right.y);
  if (eyes <= 0) return 0;
  const off = Math.abs(nose.x - (left.x + right.x) / 2) / eyes;
  return Math.max(0, 1 - 2 * off);
}

/**
 * Motion blur and focus: mean absolute Laplacian of grey values over a grid of points in the face box, mapped to 0–1
 * (8 grey levels per pixel is a sharp face at any size; a blurred one is about 1–2).
 */
export function sharpness(rgb: RgbImage, face: Detection): number {
  const { width, height, data } = rgb;
  const x0 = Math.max(1, Math.floor(face.box.x));
  const y0 = Math.max(1, Math.floor(face.box.y));
  const x1 = Math.min(width - 2, Math.ceil(face.box.x + face.box.width));
  const y1 = Math.min(height - 2, Math.ceil(face.box.y + face.box.height));
  if (x1 <= x0 || y1 <= y0) return 0;
  const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / 1024)));
  const grey = (x: number, y: number): number => {
    const i = (y * width + x) * 3;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  };
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y += step) {
    for (let x = x0; x <= x1; x += step) {
      sum += Math.abs(4 * grey(x, y) - grey(x - 1, y) - grey(x + 1, y) - grey(x, y - 1) - grey(x, y + 1));
      n++;
    }
  }
  return Math.min(1, sum / n / 8);
}
