/**
 * Pixel geometry every stage shares (faces, images, policy, report). Always in the photo as a person sees it: EXIF
 * orientation applied, top-left origin.
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Top-left origin, in pixels of the image named by the `imageSize` that travels with it. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An RGB image decoded into memory, orientation applied. `data` is width × height × 3 bytes. */
export interface RgbImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Area of a box in pixels; 0 for an empty one. */
export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

/** Area in pixels where two boxes meet; 0 when they do not touch. */
export function intersectionArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * How much two boxes overlap, the one meaning the tool gives the word: intersection over union, 0..1, 0 when they do
 * not touch or one is empty. A rule about how much of one box lies inside another says so instead:
 * `intersectionArea(inner, outer) / boxArea(inner)`.
 */
export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** A box measured on `from` in the pixels of `to` (the same photo decoded at another size). */
export function scaleBox(box: Box, from: Size, to: Size): Box {
  if (from.width === to.width && from.height === to.height) return box;
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy };
}
