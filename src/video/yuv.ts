/**
 * Frames as the clip stores them: yuv420p, the brightness plane at full size and the two colour planes at half size
 * each way. The published copy is rendered in this form, so FFmpeg converts nothing on either side and half as many
 * bytes cross the pipes as in RGB; only the frames the detector looks at are turned into RGB.
 */
import type { Box, RgbImage, Size } from '../geometry.js';
import { anonymisePlaneInPlace, type AnonymiseStyle, type Plane } from '../images/anonymise.js';

/** yuv420p: Y (width × height), then U and V (each ⌈width/2⌉ × ⌈height/2⌉), no padding: FFmpeg's rawvideo layout. */
export interface YuvImage extends Size {
  readonly data: Buffer;
}

/** Bytes of one yuv420p frame of this size. */
export function yuvBytes(size: Size): number {
  const cw = Math.ceil(size.width / 2);
  const ch = Math.ceil(size.height / 2);
  return size.width * size.height + 2 * cw * ch;
}

/** The three planes of a frame, as views of its bytes (writing to a plane writes the frame). */
export function yuvPlanes(image: YuvImage): { y: Plane; u: Plane; v: Plane } {
  const { width, height, data } = image;
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const ySize = width * height;
  const cSize = cw * ch;
  return {
    y: { data: data.subarray(0, ySize), width, height, channels: 1 },
    u: { data: data.subarray(ySize, ySize + cSize), width: cw, height: ch, channels: 1 },
    v: { data: data.subarray(ySize + cSize, ySize + 2 * cSize), width: cw, height: ch, channels: 1 },
  };
}

/**
 * The photos' anonymisation, on each plane: the boxes as they are on the brightness plane, halved on the colour
 * planes. The cover is a weighted mean of block means, so Y, U and V covered apart are the covered RGB picture's.
 */
export function anonymiseYuvInPlace(image: YuvImage, boxes: readonly Box[], style: AnonymiseStyle): void {
  if (boxes.length === 0) return;
  const { y, u, v } = yuvPlanes(image);
  const half = boxes.map((b) => ({ x: b.x / 2, y: b.y / 2, width: b.width / 2, height: b.height / 2 }));
  anonymisePlaneInPlace(y, boxes, style);
  anonymisePlaneInPlace(u, half, style);
  anonymisePlaneInPlace(v, half, style);
}

/**
 * RGB for the detector and the describer: BT.601 limited range, as FFmpeg converts when it is asked for rgb24 (so a
 * frame looks to the detector as it did when FFmpeg converted it). Fixed point, one pass.
 */
export function yuvToRgb(image: YuvImage, out: Buffer = Buffer.allocUnsafe(image.width * image.height * 3)): RgbImage {
  const { width, height } = image;
  const { y: yp, u: up, v: vp } = yuvPlanes(image);
  const yd = yp.data;
  const ud = up.data;
  const vd = vp.data;
  const cw = up.width;
  for (let row = 0; row < height; row++) {
    const crow = (row >> 1) * cw;
    let o = row * width * 3;
    for (let x = 0, yi = row * width; x < width; x++, yi++, o += 3) {
      const c = 298 * (yd[yi]! - 16);
      const d = ud[crow + (x >> 1)]! - 128;
      const e = vd[crow + (x >> 1)]! - 128;
      out[o] = clampByte((c + 409 * e + 128) >> 8);
      out[o + 1] = clampByte((c - 100 * d - 208 * e + 128) >> 8);
      out[o + 2] = clampByte((c + 516 * d + 128) >> 8);
    }
  }
  return { data: out, width, height };
}

/** yuv420p from RGB (BT.601 limited range; each colour sample the mean of its 2 × 2 pixels): for tests and clips. */
export function rgbToYuv(rgb: RgbImage): YuvImage {
  const { width, height, data } = rgb;
  const image: YuvImage = { data: Buffer.alloc(yuvBytes(rgb)), width, height };
  const { y, u, v } = yuvPlanes(image);
  for (let i = 0, p = 0; p < width * height; p++, i += 3) {
    y.data[p] = clampByte(((66 * data[i]! + 129 * data[i + 1]! + 25 * data[i + 2]! + 128) >> 8) + 16);
  }
  for (let cy = 0; cy < u.height; cy++) {
    for (let cx = 0; cx < u.width; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const px = 2 * cx + dx;
          const py = 2 * cy + dy;
          if (px >= width || py >= height) continue;
          const i = (py * width + px) * 3;
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
          n++;
        }
      }
      r /= n;
      g /= n;
      b /= n;
      u.data[cy * u.width + cx] = clampByte(Math.round((-38 * r - 74 * g + 112 * b) / 256 + 128));
      v.data[cy * u.width + cx] = clampByte(Math.round((112 * r - 94 * g - 18 * b) / 256 + 128));
    }
  }
  return image;
}

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}
