/**
 * A photo's fingerprint: what a person sees, not its bytes. A re-saved, re-compressed, metadata-stripped,
 * orientation-baked or downscaled copy has other bytes (another sha256) but nearly the same fingerprint, so the
 * teacher's corrections can follow the photo (src/policy/same-photo.ts decides how near is the same photo).
 *
 * A DCT perceptual hash (pHash, as in Zauner's thesis and the `imagehash` library): the upright pixels averaged
 * down to a 32 × 32 greyscale thumbnail, its 2-D DCT, and one bit per coefficient of the 8 × 8 lowest frequencies:
 * above their median or not. Low frequencies are what survives JPEG quantisation, resizing and colour tweaks; the
 * median makes the bits independent of brightness. Pure and generic over any upright image (a photo, a video frame),
 * without sharp, so the same function serves every pipeline.
 */
import type { Size } from '../geometry.js';

/** An upright image in memory: `channels` interleaved bytes per pixel (1 grey, 3 RGB, 4 RGBA; alpha is ignored). */
export interface UprightPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
}

export interface Fingerprint {
  /** The 64-bit perceptual hash, 16 hex digits. */
  readonly phash: string;
  /** The upright size it was computed on: boxes measured on that photo map onto another copy by the size ratio. */
  readonly size: Size;
}

/**
 * A photo's fingerprint as a scan measures it: also the hashes of the photo turned a quarter, half and three quarters,
 * and of those four mirrored, so that a copy someone rotated or flipped is recognised too (src/policy/same-photo.ts).
 */
export interface PhotoFingerprint extends Fingerprint {
  /** 7 hashes: turned 90°, 180°, 270° clockwise, then mirrored left-right and turned 0°, 90°, 180°, 270°. */
  readonly turned: readonly string[];
}

const THUMB = 32;
const LOW = 8;

/** The fingerprint of an upright image, with its turned and mirrored hashes. */
export function fingerprintPixels(image: UprightPixels): PhotoFingerprint {
  const grey = greyThumbnail(image);
  // Averaging over a grid commutes with quarter turns and mirroring, so turning the thumbnail is turning the photo.
  const turned = TURNS.slice(1).map((turn) => phashOf(transformed(grey, turn)));
  return { phash: phashOf(grey), size: { width: image.width, height: image.height }, turned };
}

/** Just the hash and size, as the store keeps a corrected photo's fingerprint. */
export function plainFingerprint(fingerprint: Fingerprint): Fingerprint {
  return { phash: fingerprint.phash, size: { width: fingerprint.size.width, height: fingerprint.size.height } };
}

/** Where pixel (x, y) of the transformed thumbnail comes from, for the 8 ways of turning and mirroring a square. */
type Turn = (x: number, y: number, last: number) => readonly [number, number];
const TURNS: readonly Turn[] = [
  (x, y) => [x, y],
  (x, y, n) => [y, n - x],
  (x, y, n) => [n - x, n - y],
  (x, y, n) => [n - y, x],
  (x, y, n) => [n - x, y],
  (x, y, n) => [n - y, n - x],
  (x, y, n) => [x, n - y],
  (x, y) => [y, x],
];

function transformed(grey: Float64Array, turn: Turn): Float64Array {
  const out = new Float64Array(grey.length);
  for (let y = 0; y < THUMB; y++) {
    for (let x = 0; x < THUMB; x++) {
      const [sx, sy] = turn(x, y, THUMB - 1);
      out[y * THUMB + x] = grey[sy * THUMB + sx]!;
    }
  }
  return out;
}

/** Bits that differ between two fingerprints' hashes, 0–64. */
export function hashDistance(a: Fingerprint, b: Fingerprint): number {
  return bitsApart(a.phash, b.phash);
}

/** Bits that differ between two 16-hex-digit hashes. */
export function bitsApart(a: string, b: string): number {
  let diff = BigInt.asUintN(64, BigInt(`0x${a}`) ^ BigInt(`0x${b}`));
  let bits = 0;
  while (diff !== 0n) {
    diff &= diff - 1n;
    bits += 1;
  }
  return bits;
}

/** True for a well-formed scan's fingerprint: a stored one with its 7 turned hashes. */
export function isPhotoFingerprint(value: unknown): value is PhotoFingerprint {
  if (!isFingerprint(value)) return false;
  const turned = (value as { turned?: unknown }).turned;
  return Array.isArray(turned) && turned.length === TURNS.length - 1 && turned.every((h) => typeof h === 'string' && /^[0-9a-f]{16}$/u.test(h));
}

/** True for a well-formed stored fingerprint (16 hex digits, a positive integer size). */
export function isFingerprint(value: unknown): value is Fingerprint {
  if (typeof value !== 'object' || value === null) return false;
  const { phash, size } = value as { phash?: unknown; size?: unknown };
  if (typeof phash !== 'string' || !/^[0-9a-f]{16}$/u.test(phash)) return false;
  if (typeof size !== 'object' || size === null) return false;
  const { width, height } = size as { width?: unknown; height?: unknown };
  return Number.isInteger(width) && Number.isInteger(height) && (width as number) > 0 && (height as number) > 0;
}

/**
 * The image averaged down to THUMB × THUMB grey levels (Rec. 601 luma), each cell the exact area-weighted mean of the
 * pixels it covers (a pixel on a cell border counts in both by the share it lies in each). Averaging, unlike sampling,
 * gives nearly the same cells for a copy at half the size or with other JPEG noise; weighting by area keeps that true
 * for sizes that are no multiple of THUMB, and for images smaller than the thumbnail.
 */
export function greyThumbnail(image: UprightPixels): Float64Array {
  const { data, width, height, channels } = image;
  if (width < 1 || height < 1 || data.length < width * height * channels) throw new Error(`image data too short for ${width}×${height}×${channels}`);
  // Per source row, the sum over each cell's columns, read off a running sum (one pass over the pixels).
  const rows = new Float64Array(height * THUMB);
  const prefix = new Float64Array(width + 1);
  for (let y = 0; y < height; y++) {
    let i = y * width * channels;
    for (let x = 0; x < width; x++, i += channels) {
      const luma = channels === 1 ? data[i]! : 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      prefix[x + 1] = prefix[x]! + luma;
    }
    for (let c = 0; c < THUMB; c++) rows[y * THUMB + c] = cellSum(prefix, width, c);
  }
  // Then per cell column, the sum over each cell's rows.
  const grey = new Float64Array(THUMB * THUMB);
  const down = new Float64Array(height + 1);
  const area = (width / THUMB) * (height / THUMB);
  for (let cx = 0; cx < THUMB; cx++) {
    for (let y = 0; y < height; y++) down[y + 1] = down[y]! + rows[y * THUMB + cx]!;
    for (let cy = 0; cy < THUMB; cy++) grey[cy * THUMB + cx] = cellSum(down, height, cy) / area;
  }
  return grey;
}

/**
 * The sum of a row of `length` pixels over cell `c`'s stretch [c, c + 1) × length / THUMB, from its running sum
 * `prefix` (prefix[i] = the first i pixels): a pixel cut by the cell's border counts by the share inside.
 */
function cellSum(prefix: Float64Array, length: number, c: number): number {
  const at = (t: number): number => {
    const i = Math.min(Math.floor(t), length - 1);
    return prefix[i]! + (t - i) * (prefix[i + 1]! - prefix[i]!);
  };
  return at(((c + 1) * length) / THUMB) - at((c * length) / THUMB);
}

/** The 8 × 8 lowest DCT-II coefficients of a THUMB × THUMB thumbnail, one bit each: above their median. */
function phashOf(grey: Float64Array): string {
  const cos = dctBasis();
  // Rows first, then columns, only for the LOW frequencies needed.
  const rows = new Float64Array(THUMB * LOW);
  for (let y = 0; y < THUMB; y++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < THUMB; x++) sum += grey[y * THUMB + x]! * cos[u * THUMB + x]!;
      rows[y * LOW + u] = sum;
    }
  }
  const coefficients = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < THUMB; y++) sum += rows[y * LOW + u]! * cos[v * THUMB + y]!;
      coefficients[v * LOW + u] = sum;
    }
  }
  const sorted = [...coefficients].sort((a, b) => a - b);
  const median = (sorted[LOW * LOW / 2 - 1]! + sorted[LOW * LOW / 2]!) / 2;
  let bits = 0n;
  for (const c of coefficients) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

let basis: Float64Array | undefined;
function dctBasis(): Float64Array {
  if (basis !== undefined) return basis;
  basis = new Float64Array(LOW * THUMB);
  for (let u = 0; u < LOW; u++) for (let x = 0; x < THUMB; x++) basis[u * THUMB + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * THUMB));
  return basis;
}
