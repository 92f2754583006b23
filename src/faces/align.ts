import type { Landmarks5 } from './types.js';
import type { Box, Point, RgbImage } from '../geometry.js';

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

/**
 * dlib's full mean face (`mean_face_shape_x/y`), for landmarks 17–67 of the 68-point iBUG layout, 0..1 units.
 * Verified against the arrays copied in many dlib-based aligners.
 */
const MEAN_FACE_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127,
  0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825,
  0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985,
  0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379,
  0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
] as const;
const MEAN_FACE_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
  0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758,
  0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233,
  0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805,
  0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
] as const;

/**
 * The 68-point landmarks dlib's `get_face_chip_details` fits, as it does: no jaw (0–16), no eyebrows (17–26) and no
 * lower lip (55–59, 65–67), because those move with expression and pose more than they tell where the face is.
 */
export const DLIB_CHIP_POINTS: readonly number[] = Array.from({ length: 68 }, (_, i) => i).filter(
  (i) => i >= 27 && !(i >= 55 && i <= 59) && !(i >= 65 && i <= 67),
);

/** The chip transform from 68 landmarks (iBUG order, image pixels), exactly as dlib cuts its training chips. */
export function alignedChipTransform68(points: readonly Point[], size = CHIP_SIZE, padding = CHIP_PADDING): Similarity {
  if (points.length !== 68) throw new RangeError(`Expected 68 landmarks but received ${points.length}`);
  const from: Point[] = [];
  const to: Point[] = [];
  for (const i of DLIB_CHIP_POINTS) {
    from.push(points[i]!);
    to.push({
      x: ((MEAN_FACE_X[i - 17]! + padding) / (2 * padding + 1)) * size,
      y: ((MEAN_FACE_Y[i - 17]! + padding) / (2 * padding + 1)) * size,
    });
  }
  return fitSimilarity(from, to);
}

/**
 * A square crop around the detector box, turned so the eyes are level: what the 68-landmark net expects
 * (a face roughly filling an upright frame).
 */
export function uprightBoxTransform(box: Box, landmarks: Landmarks5, size: number): Similarity {
  const [left, right] = landmarks;
  const angle = Math.atan2(right.y - left.y, right.x - left.x);
  const scale = size / Math.max(box.width, box.height);
  // Rotate by −angle about the box centre, then put that centre in the middle of the crop.
  const a = scale * Math.cos(-angle);
  const b = scale * Math.sin(-angle);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { a, b, tx: size / 2 - (a * cx - b * cy), ty: size / 2 - (b * cx + a * cy) };
}

/** Maps a point through a similarity's inverse (chip → image). */
export function invertPoint(t: Similarity, p: Point): Point {
  const det = t.a * t.a + t.b * t.b;
  const x = p.x - t.tx;
  const y = p.y - t.ty;
  return { x: (t.a * x + t.b * y) / det, y: (-t.b * x + t.a * y) / det };
}

/** The chip mirrored left–right (interleaved RGB): the same face seen from its other side. */
export function mirrorChip(chip: Float32Array, size = CHIP_SIZE): Float32Array {
  const out = new Float32Array(chip.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 3;
      const to = (y * size + (size - 1 - x)) * 3;
      out[to] = chip[from]!;
      out[to + 1] = chip[from + 1]!;
      out[to + 2] = chip[from + 2]!;
    }
  }
  return out;
}

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
  const rowBytes = width * 3;
  const rgb = [0, 0, 0];
  // The products of the inverse transform with each sample's chip coordinates, made once per column and row: the
  // same products in the same sums as computing them per sample, so chips stay bit for bit the same.
  const iaC = new Float64Array(size * k);
  const ibC = new Float64Array(size * k);
  for (let p = 0; p < size; p++) {
    for (let q = 0; q < k; q++) {
      const c = p + (q + 0.5) / k - 0.5;
      iaC[p * k + q] = ia * c;
      ibC[p * k + q] = ib * c;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let sy = 0; sy < k; sy++) {
        const ibCy = ibC[y * k + sy]!;
        const iaCy = iaC[y * k + sy]!;
        for (let sx = 0; sx < k; sx++) {
          const column = x * k + sx;
          const px = iaC[column]! - ibCy + itx;
          const py = ibC[column]! + iaCy + ity;
          const x0 = Math.floor(px);
          const y0 = Math.floor(py);
          if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
            sampleBilinear(data, width, height, px, py, rgb);
            r += rgb[0]!;
            g += rgb[1]!;
            bl += rgb[2]!;
            continue;
          }
          // All four taps inside: sampleBilinear's sums inlined, in its order (a chip of a 600-px face takes 49
          // samples a pixel, and the call was most of the recogniser's JS time).
          const fx = px - x0;
          const fy = py - y0;
          const w00 = (1 - fy) * (1 - fx);
          const w01 = (1 - fy) * fx;
          const w10 = fy * (1 - fx);
          const w11 = fy * fx;
          const i = (y0 * width + x0) * 3;
          const j = i + rowBytes;
          r += w00 * data[i]! + w01 * data[i + 3]! + w10 * data[j]! + w11 * data[j + 3]!;
          g += w00 * data[i + 1]! + w01 * data[i + 4]! + w10 * data[j + 1]! + w11 * data[j + 4]!;
          bl += w00 * data[i + 2]! + w01 * data[i + 5]! + w10 * data[j + 2]! + w11 * data[j + 5]!;
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
