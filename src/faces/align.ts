import type { Box, Landmarks5, Point, RgbImage } from './types.js';

/**
 * Face chips for the recognition net. face-api's recogniser is dlib's ResNet, trained on 150 × 150 chips that dlib's
 * `get_face_chip_details(shape, 150, 0.25)` cuts: a similarity transform that puts the landmarks where dlib's mean
 * face has them, with 25 % padding. Giving the net anything else (a loose box, a tilted head) moves descriptors of
 * the same person apart, which is what makes a tight threshold miss.
 */

/** Side of the chip the recognition net takes. */
export const CHIP_SIZE = 150;
/** dlib's padding around the mean face (0.25 in `compute_face_descriptor`). */
export const CHIP_PADDING = 0.25;

/**
 * dlib's mean face shape (`mean_face_shape_x/y` in dlib/image_transforms/interpolation.h, 0..1 units) reduced to
 * YuNet's five points: eye centres (mean of the six eye-contour points 36–41 and 42–47), nose tip (30),
 * outer mouth corners (48, 54). Image-left first, as in `Landmarks5`.
 */
const MEAN_FACE_5: readonly Point[] = [
  { x: 0.225492, y: 0.21599 },
  { x: 0.754761, y: 0.21599 },
  { x: 0.490127, y: 0.515625 },
  { x: 0.254149, y: 0.780233 },
  { x: 0.726104, y: 0.780233 },
];

/** Where the five landmarks sit in a `size` chip with dlib's padding. */
export function chipLandmarks(size = CHIP_SIZE, padding = CHIP_PADDING): Landmarks5 {
  const place = (p: Point): Point => ({
    x: ((p.x + padding) / (2 * padding + 1)) * size,
    y: ((p.y + padding) / (2 * padding + 1)) * size,
  });
  const [a, b, c, d, e] = MEAN_FACE_5 as readonly [Point, Point, Point, Point, Point];
  return [place(a), place(b), place(c), place(d), place(e)];
}

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty: rotation, uniform scale and shift, no shear or mirroring. */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

/** Least-squares similarity taking `from` onto `to` (as dlib's `find_similarity_transform`). */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
  const n = Math.min(from.length, to.length);
  if (n < 2) throw new RangeError(`Expected at least 2 point pairs for a similarity but received ${n}`);
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]!.x;
    fy += from[i]!.y;
    tx += to[i]!.x;
    ty += to[i]!.y;
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const ux = from[i]!.x - fx;
    const uy = from[i]!.y - fy;
    const vx = to[i]!.x - tx;
    const vy = to[i]!.y - ty;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
    norm += ux * ux + uy * uy;
  }
  if (norm === 0) throw new RangeError('Expected distinct points for a similarity but received identical points');
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/** The chip transform for a face from its five landmarks. */
export function alignedChipTransform(landmarks: Landmarks5, size = CHIP_SIZE): Similarity {
  return fitSimilarity(landmarks, chipLandmarks(size));
}

/** The chip transform for a plain square around the detector box (no landmarks): the baseline alignment beats. */
export function boxChipTransform(box: Box, size = CHIP_SIZE): Similarity {
  const side = Math.max(box.width, box.height);
  const scale = size / side;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { a: scale, b: 0, tx: size / 2 - scale * cx, ty: size / 2 - scale * cy };
}

/** Source pixels per chip pixel. */
export function sourcePixelsPerChipPixel(t: Similarity): number {
  return 1 / Math.hypot(t.a, t.b);
}

/**
 * Cuts a `size` × `size` RGB chip (float 0..255, interleaved) out of `image` through `t` (image → chip).
 * Bilinear sampling; when the face is much larger than the chip several samples per chip pixel are averaged,
 * so a 2000-px face in a 12 MP photo is not reduced to aliasing. Outside the image is black, as in dlib.
 */
export function extractChip(image: RgbImage, t: Similarity, size = CHIP_SIZE): Float32Array {
  // Inverse of the similarity: chip → image.
  const det = t.a * t.a + t.b * t.b;
  const ia = t.a / det;
  const ib = -t.b / det;
  const itx = -(ia * t.tx - ib * t.ty);
  const ity = -(ib * t.tx + ia * t.ty);
  const step = sourcePixelsPerChipPixel(t);
  const k = Math.max(1, Math.min(8, Math.ceil(step)));
  const out = new Float32Array(size * size * 3);
  const { data, width, height } = image;
  const rgb = [0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let sy = 0; sy < k; sy++) {
        const cy = y + (sy + 0.5) / k - 0.5;
        for (let sx = 0; sx < k; sx++) {
          const cx = x + (sx + 0.5) / k - 0.5;
          sampleBilinear(data, width, height, ia * cx - ib * cy + itx, ib * cx + ia * cy + ity, rgb);
          r += rgb[0]!;
          g += rgb[1]!;
          bl += rgb[2]!;
        }
      }
      const o = (y * size + x) * 3;
      const n = k * k;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = bl / n;
    }
  }
  return out;
}

function sampleBilinear(data: Buffer, width: number, height: number, x: number, y: number, rgb: number[]): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  rgb[0] = 0;
  rgb[1] = 0;
  rgb[2] = 0;
  for (let dy = 0; dy <= 1; dy++) {
    const yy = y0 + dy;
    if (yy < 0 || yy >= height) continue;
    const wy = dy === 0 ? 1 - fy : fy;
    for (let dx = 0; dx <= 1; dx++) {
      const xx = x0 + dx;
      if (xx < 0 || xx >= width) continue;
      const w = wy * (dx === 0 ? 1 - fx : fx);
      const i = (yy * width + xx) * 3;
      rgb[0] += w * data[i]!;
      rgb[1] += w * data[i + 1]!;
      rgb[2] += w * data[i + 2]!;
    }
  }
}
