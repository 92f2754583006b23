import type { Box, RgbImage, Size } from '../geometry.js';

/** `pixelate`: coarse blocks, then blurred; `solid`: one flat colour. Both destroy the face; neither can be undone. */
export const ANONYMISE_STYLES = ['pixelate', 'solid'] as const;
export type AnonymiseStyle = (typeof ANONYMISE_STYLES)[number];

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
  anonymiseFacesInPlace(out, boxes, style);
  return out;
}

/** Makes every face in `rgb` unrecognisable, overwriting its pixels: for a decoded photo nobody needs afterwards. */
export function anonymiseFacesInPlace(rgb: RgbImage, boxes: readonly Box[], style: AnonymiseStyle): void {
  anonymisePlaneInPlace({ ...rgb, channels: 3 }, boxes, style);
}

/**
 * An image of 1 or 3 interleaved channels: RGB, or one plane of a YUV video frame. The cover is a weighted mean of
 * block means, which is linear, so covering Y, U and V apart gives the cover of the RGB picture (up to rounding): a
 * video frame is anonymised as its photo would be, without turning it into RGB and back.
 */
export interface Plane extends Size {
  readonly data: Uint8Array;
  readonly channels: 1 | 3;
}

/** anonymiseFacesInPlace for any plane; `boxes` in the plane's own pixels (a half-size chroma plane takes halved boxes). */
export function anonymisePlaneInPlace(plane: Plane, boxes: readonly Box[], style: AnonymiseStyle): void {
  for (const box of boxes) {
    const region = anonymiseRegion(box, plane);
    if (region.width === 0 || region.height === 0) continue;
    blend(plane, region, coverFor(plane, region, box, style), box);
  }
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

/**
 * The replacement pixels for the region, from pixels inside the region only: block means joined by a spline (see
 * smoothBlocks). A solid fill is the same with a single block, whose spline is that block's mean everywhere.
 */
function coverFor(image: Plane, region: Box, face: Box, style: AnonymiseStyle): Cover {
  switch (style) {
    case 'pixelate':
      return smoothBlocks(image, region, Math.max(2, Math.ceil(face.width / ANONYMISE_DEFAULTS.blocksAcrossFace)));
    case 'solid':
      return smoothBlocks(image, region, Math.max(region.width, region.height));
    default:
      return assertNever(style);
  }
}

/** The mean colour of each block × block square of the region (the last row and column of blocks may be smaller). */
function blockMeans(image: Plane, region: Box, block: number): { means: Float64Array; across: number; down: number } {
  const across = Math.ceil(region.width / block);
  const down = Math.ceil(region.height / block);
  const ch = image.channels;
  const means = new Float64Array(across * down * ch);
  const src = image.data;
  for (let y = 0; y < region.height; y++) {
    const rowStart = ((region.y + y) * image.width + region.x) * ch;
    const gridRow = Math.floor(y / block) * across * ch;
    for (let bx = 0; bx < across; bx++) {
      let i = rowStart + bx * block * ch;
      const end = rowStart + Math.min((bx + 1) * block, region.width) * ch;
      const m = gridRow + bx * ch;
      if (ch === 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (; i < end; i += 3) {
          r += src[i]!;
          g += src[i + 1]!;
          b += src[i + 2]!;
        }
        means[m]! += r;
        means[m + 1]! += g;
        means[m + 2]! += b;
      } else {
        let v = 0;
        for (; i < end; i++) v += src[i]!;
        means[m]! += v;
      }
    }
  }
  for (let by = 0; by < down; by++) {
    const bh = Math.min(block, region.height - by * block);
    for (let bx = 0; bx < across; bx++) {
      const n = bh * Math.min(block, region.width - bx * block);
      const m = (by * across + bx) * ch;
      for (let k = 0; k < ch; k++) means[m + k]! /= n;
    }
  }
  return { means, across, down };
}

/**
 * Coarse blocks, smoothed: the block means joined by a quadratic B-spline. That is what blurring the blocks twice by
 * a block's width gives (box ∗ box ∗ box), computed from the few block means instead of from every pixel. Without the
 * smoothing the block edges form a mosaic that people and some models read surprisingly well; the spline's weights
 * are never negative, so no pixel is brighter than the brightest block and nothing finer than a block survives.
 */
function smoothBlocks(image: Plane, region: Box, block: number): Cover {
  const { means, across, down } = blockMeans(image, region, block);
  const ch = image.channels;
  const width = region.width;
  const columns = splineTaps(width, block, across, ch);
  const rows = splineTaps(region.height, block, down, width * ch);
  // Each row of blocks interpolated along x once; every pixel row then only mixes three of these.
  const blended = new Int32Array(down * width * ch);
  for (let by = 0; by < down; by++) {
    const base = by * across * ch;
    for (let x = 0, o = by * width * ch; x < width; x++, o += ch) {
      const l = base + columns.left[x]!;
      const c = base + columns.centre[x]!;
      const r = base + columns.right[x]!;
      const wl = columns.wLeft[x]! / WEIGHT_ONE;
      const wc = columns.wCentre[x]! / WEIGHT_ONE;
      const wr = columns.wRight[x]! / WEIGHT_ONE;
      for (let k = 0; k < ch; k++) blended[o + k] = Math.round((wl * means[l + k]! + wc * means[c + k]! + wr * means[r + k]!) * BLENDED_ONE);
    }
  }
  return { blended, rows };
}

/**
 * Fixed point, so that a covered pixel is three integer multiply-adds and a shift (a third of the float version's
 * time): blended values carry 8 fraction bits, weights 14, and 255·2⁸·2¹⁴ stays below 2³¹.
 */
const BLENDED_ONE = 1 << 8;
const WEIGHT_ONE = 1 << 14;
const COVER_SHIFT = 22;
const COVER_HALF = 1 << (COVER_SHIFT - 1);
const COVER_ONE = 1 << COVER_SHIFT;

/** The cover of a region: pixel (x, y) mixes row `rows.left[y]` … of `blended` (rows of blocks interpolated along x). */
interface Cover {
  /** Scaled by BLENDED_ONE. */
  readonly blended: Int32Array;
  readonly rows: ReturnType<typeof splineTaps>;
}

/** For each pixel along one axis: its three blocks (clamped at the edges, as index × `stride`) and their weights (summing to WEIGHT_ONE). */
function splineTaps(length: number, block: number, blocks: number, stride: number) {
  const taps = {
    left: new Int32Array(length),
    centre: new Int32Array(length),
    right: new Int32Array(length),
    wLeft: new Int32Array(length),
    wCentre: new Int32Array(length),
    wRight: new Int32Array(length),
  };
  for (let p = 0; p < length; p++) {
    // In block units with block centres at whole numbers.
    const t = (p + 0.5) / block - 0.5;
    const centre = Math.round(t);
    const f = t - centre;
    taps.centre[p] = clamp(centre, 0, blocks - 1) * stride;
    taps.left[p] = clamp(centre - 1, 0, blocks - 1) * stride;
    taps.right[p] = clamp(centre + 1, 0, blocks - 1) * stride;
    const wLeft = Math.round(WEIGHT_ONE * 0.5 * (0.5 - f) * (0.5 - f));
    const wRight = Math.round(WEIGHT_ONE * 0.5 * (0.5 + f) * (0.5 + f));
    taps.wLeft[p] = wLeft;
    taps.wRight[p] = wRight;
    taps.wCentre[p] = WEIGHT_ONE - wLeft - wRight;
  }
  return taps;
}

/**
 * Writes the cover into the image. Full cover inside a rounded outline of the (unclamped) grown box and always inside
 * the face box itself; a soft edge only in the outer band, so the face never shows through the fade.
 */
function blend(image: Plane, region: Box, cover: Cover, face: Box): void {
  const ch = image.channels;
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
  const faceX0 = clamp(Math.ceil(face.x - 0.5 - region.x), 0, region.width);
  const faceX1 = clamp(Math.floor(face.x + face.width - 0.5 - region.x) + 1, 0, region.width);
  const { blended, rows } = cover;
  const data = image.data;
  const halfWidth = grown.width / 2;
  const span = (power: number): [number, number] => {
    // Columns with |u|^p + rowTerm below `power`: |u| < (power - rowTerm)^(1/p), a span centred on cx.
    const reach = power > 0 ? Math.pow(power, 1 / p) * halfWidth : -1;
    return [clamp(Math.floor(cx - reach - region.x), 0, region.width), clamp(Math.ceil(cx + reach - region.x), 0, region.width)];
  };
  for (let y = 0; y < region.height; y++) {
    const py = region.y + y + 0.5;
    const rowTerm = Math.pow(Math.abs(py - cy) / (grown.height / 2), p);
    const inFaceRow = py >= face.y && py <= face.y + face.height;
    let [from, to] = span(1 - rowTerm);
    // The fully covered columns: inside the inner outline, widened to the face box on its rows (both centred on cx).
    let [fullFrom, fullTo] = span(innerP - rowTerm);
    if (inFaceRow && faceX0 < faceX1) {
      fullFrom = Math.min(fullFrom < fullTo ? fullFrom : faceX0, faceX0);
      fullTo = Math.max(fullTo, faceX1);
    }
    if (fullFrom >= fullTo) fullFrom = fullTo = from;
    from = Math.min(from, fullFrom);
    to = Math.max(to, fullTo);
    if (from >= to) continue;
    const l = rows.left[y]!;
    const c = rows.centre[y]!;
    const r = rows.right[y]!;
    const wl = rows.wLeft[y]!;
    const wc = rows.wCentre[y]!;
    const wr = rows.wRight[y]!;
    const rowStart = ((region.y + y) * image.width + region.x) * ch;
    // Cover and blend are weighted means of values in 0..255 with non-negative weights: never out of range.
    for (let i = fullFrom * ch, o = rowStart + fullFrom * ch, end = fullTo * ch; i < end; i++, o++) {
      data[o] = (Math.imul(wl, blended[l + i]!) + Math.imul(wc, blended[c + i]!) + Math.imul(wr, blended[r + i]!) + COVER_HALF) >> COVER_SHIFT;
    }
    // The soft edge, on either side of the fully covered columns.
    for (const [a, b] of [
      [from, fullFrom],
      [fullTo, to],
    ] as const) {
      for (let x = a, i = a * ch, o = rowStart + a * ch; x < b; x++, i += ch, o += ch) {
        const sum = columnTerm[x]! + rowTerm;
        if (sum >= 1) continue;
        const alpha = (1 - (p === 4 ? Math.sqrt(Math.sqrt(sum)) : Math.pow(sum, 1 / p))) / (1 - inner);
        const keep = 1 - alpha;
        for (let k = 0; k < ch; k++) {
          const value = (Math.imul(wl, blended[l + i + k]!) + Math.imul(wc, blended[c + i + k]!) + Math.imul(wr, blended[r + i + k]!)) / COVER_ONE;
          data[o + k] = alpha * value + keep * data[o + k]! + 0.5;
        }
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
