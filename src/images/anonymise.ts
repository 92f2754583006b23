import type { Box, RgbImage, Size } from '../faces/types.js';

/** `pixelate`: coarse blocks, then blurred; `solid`: one flat colour. Both destroy the face; neither can be undone. */
export type AnonymiseStyle = 'pixelate' | 'solid';

export const ANONYMISE_DEFAULTS = Object.freeze({
  /** The detector's box is brow to chin; hair, ears and the side of the head identify a child too. */
  growSide: 0.35,
  growTop: 0.5,
  growBottom: 0.3,
  /** At most this many blocks across the face box: too few for a recogniser or a person to read features from. */
  blocksAcrossFace: 8,
  /** Share of the region (from its edge inwards) over which it fades into the photo; always outside the face box. */
  feather: 0.15,
  /** Squareness of the region's rounded outline (2 = ellipse; higher = closer to a rectangle). */
  roundness: 4,
});

/** The area that hides a face: the face box grown to cover hair, ears and chin, clamped to the image. */
export function anonymiseRegion(box: Box, imageSize: Size): Box {
  const grown = grow(box);
  const x0 = clamp(Math.floor(grown.x), 0, imageSize.width);
  const y0 = clamp(Math.floor(grown.y), 0, imageSize.height);
  const x1 = clamp(Math.ceil(grown.x + grown.width), 0, imageSize.width);
  const y1 = clamp(Math.ceil(grown.y + grown.height), 0, imageSize.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A new image with every face made unrecognisable; `rgb` itself is left untouched. */
export function anonymiseFaces(rgb: RgbImage, boxes: readonly Box[], style: AnonymiseStyle): RgbImage {
  const out: RgbImage = { data: Buffer.from(rgb.data), width: rgb.width, height: rgb.height };
  for (const box of boxes) {
    const region = anonymiseRegion(box, out);
    if (region.width === 0 || region.height === 0) continue;
    const cover = coverFor(out, region, box, style);
    blend(out, region, cover, box);
  }
  return out;
}

function grow(box: Box): Box {
  const d = ANONYMISE_DEFAULTS;
  return {
    x: box.x - box.width * d.growSide,
    y: box.y - box.height * d.growTop,
    width: box.width * (1 + 2 * d.growSide),
    height: box.height * (1 + d.growTop + d.growBottom),
  };
}

/** The replacement pixels for the region (width × height × 3), computed only from pixels inside the region. */
function coverFor(image: RgbImage, region: Box, face: Box, style: AnonymiseStyle): Float32Array {
  switch (style) {
    case 'pixelate': {
      const block = Math.max(2, Math.ceil(face.width / ANONYMISE_DEFAULTS.blocksAcrossFace));
      const cover = pixelate(image, region, block);
      // Blurring by a block's width twice (≈ a Gaussian) erases the block edges, which would otherwise still form a
      // mosaic that people and some models read surprisingly well.
      boxBlur(cover, region.width, region.height, block);
      boxBlur(cover, region.width, region.height, block);
      return cover;
    }
    case 'solid': {
      const mean = pixelate(image, region, Math.max(region.width, region.height));
      return mean;
    }
    default:
      return assertNever(style);
  }
}

/** Every pixel replaced by the mean of its block; blocks are aligned to the region's top-left corner. */
function pixelate(image: RgbImage, region: Box, block: number): Float32Array {
  const { width: rw, height: rh } = region;
  const cover = new Float32Array(rw * rh * 3);
  for (let by = 0; by < rh; by += block) {
    for (let bx = 0; bx < rw; bx += block) {
      const bw = Math.min(block, rw - bx);
      const bh = Math.min(block, rh - by);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = by; y < by + bh; y++) {
        let i = ((region.y + y) * image.width + region.x + bx) * 3;
        for (let x = 0; x < bw; x++, i += 3) {
          r += image.data[i] ?? 0;
          g += image.data[i + 1] ?? 0;
          b += image.data[i + 2] ?? 0;
        }
      }
      const n = bw * bh;
      for (let y = by; y < by + bh; y++) {
        let o = (y * rw + bx) * 3;
        for (let x = 0; x < bw; x++, o += 3) {
          cover[o] = r / n;
          cover[o + 1] = g / n;
          cover[o + 2] = b / n;
        }
      }
    }
  }
  return cover;
}

/** Separable box blur in place, edges clamped, so that nothing from outside the region is mixed in. */
function boxBlur(pixels: Float32Array, width: number, height: number, size: number): void {
  const radius = Math.max(1, Math.floor(size / 2));
  blurRows(pixels, width, height, radius);
  blurColumns(pixels, width, height, radius);
}

/** Running sums keep both passes O(1) per pixel: a face filling a 12 MP photo has a block radius of 60+ pixels. */
function blurRows(pixels: Float32Array, width: number, height: number, radius: number): void {
  const n = 2 * radius + 1;
  const last = (width - 1) * 3;
  const line = new Float32Array(width * 3);
  for (let y = 0; y < height; y++) {
    const start = y * width * 3;
    line.set(pixels.subarray(start, start + width * 3));
    let r = 0;
    let g = 0;
    let b = 0;
    for (let k = -radius; k <= radius; k++) {
      const j = Math.min(Math.max(k * 3, 0), last);
      r += line[j]!;
      g += line[j + 1]!;
      b += line[j + 2]!;
    }
    for (let x = 0, i = start; x < width; x++, i += 3) {
      pixels[i] = r / n;
      pixels[i + 1] = g / n;
      pixels[i + 2] = b / n;
      const leave = Math.max((x - radius) * 3, 0);
      const enter = Math.min((x + radius + 1) * 3, last);
      r += line[enter]! - line[leave]!;
      g += line[enter + 1]! - line[leave + 1]!;
      b += line[enter + 2]! - line[leave + 2]!;
    }
  }
}

/** Column sums for a whole row at a time, so memory is read row by row rather than with a stride. */
function blurColumns(pixels: Float32Array, width: number, height: number, radius: number): void {
  const n = 2 * radius + 1;
  const stride = width * 3;
  const source = Float32Array.from(pixels);
  const sums = new Float64Array(stride);
  for (let k = -radius; k <= radius; k++) {
    const row = Math.min(Math.max(k, 0), height - 1) * stride;
    for (let i = 0; i < stride; i++) sums[i]! += source[row + i]!;
  }
  for (let y = 0; y < height; y++) {
    const out = y * stride;
    const leave = Math.max(y - radius, 0) * stride;
    const enter = Math.min(y + radius + 1, height - 1) * stride;
    for (let i = 0; i < stride; i++) {
      pixels[out + i] = sums[i]! / n;
      sums[i]! += source[enter + i]! - source[leave + i]!;
    }
  }
}

/**
 * Writes the cover into the image. Full cover inside a rounded outline of the (unclamped) grown box and always inside
 * the face box itself; a soft edge only in the outer band, so the face never shows through the fade.
 */
function blend(image: RgbImage, region: Box, cover: Float32Array, face: Box): void {
  const grown = grow(face);
  const cx = grown.x + grown.width / 2;
  const cy = grown.y + grown.height / 2;
  const p = ANONYMISE_DEFAULTS.roundness;
  const inner = 1 - ANONYMISE_DEFAULTS.feather;
  const innerP = Math.pow(inner, p);
  // |u|^p per column: the outline test is |u|^p + |v|^p against 1 and inner^p, so no root in the fully covered part.
  const columnTerm = new Float64Array(region.width);
  for (let x = 0; x < region.width; x++) columnTerm[x] = Math.pow(Math.abs(region.x + x + 0.5 - cx) / (grown.width / 2), p);
  // The face box itself is always fully covered: its columns, as indices into the region.
  const faceX0 = Math.ceil(face.x - 0.5 - region.x);
  const faceX1 = Math.floor(face.x + face.width - 0.5 - region.x);
  // A clamped view rounds and clamps on write, which is what every pixel needs (and far cheaper than Math.round).
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  for (let y = 0; y < region.height; y++) {
    const py = region.y + y + 0.5;
    const rowTerm = Math.pow(Math.abs(py - cy) / (grown.height / 2), p);
    const inFaceRow = py >= face.y && py <= face.y + face.height;
    let o = ((region.y + y) * image.width + region.x) * 3;
    let c = y * region.width * 3;
    for (let x = 0; x < region.width; x++, o += 3, c += 3) {
      const sum = columnTerm[x]! + rowTerm;
      if (sum <= innerP || (inFaceRow && x >= faceX0 && x <= faceX1)) {
        data[o] = cover[c]!;
        data[o + 1] = cover[c + 1]!;
        data[o + 2] = cover[c + 2]!;
      } else if (sum < 1) {
        const alpha = (1 - Math.pow(sum, 1 / p)) / (1 - inner);
        const keep = 1 - alpha;
        data[o] = alpha * cover[c]! + keep * data[o]!;
        data[o + 1] = alpha * cover[c + 1]! + keep * data[o + 1]!;
        data[o + 2] = alpha * cover[c + 2]! + keep * data[o + 2]!;
      }
    }
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

function assertNever(value: never): never {
  throw new Error(`unexpected anonymise style: ${String(value)}`);
}
