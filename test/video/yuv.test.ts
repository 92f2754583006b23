/** The render works on yuv420p planes: the cover must be the photos' cover, on every plane, over the whole face. */
import { describe, expect, it } from 'vitest';
import type { Box, RgbImage } from '../../src/geometry.js';
import { anonymiseFaces } from '../../src/images/anonymise.js';
import { frameSignature, frameSignatureYuv, signatureChange } from '../../src/video/scenes.js';
import { anonymiseYuvInPlace, rgbToYuv, yuvBytes, yuvPlanes, yuvToRgb } from '../../src/video/yuv.js';
import { detailEnergy, noise } from '../images/make-photos.js';

/** Mean absolute difference per channel inside `box`. */
function diffIn(a: RgbImage, b: RgbImage, box: Box): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let i = (y * a.width + box.x) * 3; i < (y * a.width + box.x + box.width) * 3; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  }
  return sum / (box.width * box.height * 3);
}

describe('yuv420p frames', () => {
  const width = 320;
  const height = 240;
  // Noise is the hardest case: every pixel differs from its neighbours, so any detail left shows.
  const rgb = noise(width, height, 7);
  const face: Box = { x: 120, y: 80, width: 64, height: 72 };

  it('has FFmpeg’s layout: Y, then U and V at half size each way, rounded up', () => {
    expect(yuvBytes({ width: 320, height: 240 })).toBe(320 * 240 * 1.5);
    expect(yuvBytes({ width: 5, height: 3 })).toBe(15 + 2 * 3 * 2);
    const { y, u, v } = yuvPlanes({ data: Buffer.alloc(yuvBytes({ width: 5, height: 3 })), width: 5, height: 3 });
    expect([y.width, y.height, u.width, u.height, v.width, v.height]).toEqual([5, 3, 3, 2, 3, 2]);
  });

  it('turns into RGB and back within the rounding of the colour samples', () => {
    const flat: RgbImage = { data: Buffer.alloc(width * height * 3), width, height };
    for (let i = 0; i < flat.data.length; i += 3) flat.data.set([200, 120, 40], i);
    const back = yuvToRgb(rgbToYuv(flat));
    expect(diffIn(back, flat, { x: 0, y: 0, width, height })).toBeLessThan(2);
  });

  it('covers the face as the photo anonymisation does, on every plane', () => {
    const yuv = rgbToYuv(rgb);
    // The reference: the same frame as RGB (after the same trip through yuv420p), anonymised as a photo.
    const reference = anonymiseFaces(yuvToRgb(rgbToYuv(rgb)), [face], 'pixelate');
    anonymiseYuvInPlace(yuv, [face], 'pixelate');
    const covered = yuvToRgb(yuv);
    expect(diffIn(covered, reference, face)).toBeLessThan(4);
    // Nothing of the noise is left inside the face: the cover is smooth there, in colour as in brightness.
    const before = detailEnergy(yuvToRgb(rgbToYuv(rgb)), face);
    expect(detailEnergy(covered, face)).toBeLessThan(before * 0.02);
    // Outside the grown region the frame is untouched.
    const corner: Box = { x: 0, y: 0, width: 40, height: 40 };
    expect(diffIn(covered, yuvToRgb(rgbToYuv(rgb)), corner)).toBe(0);
  });

  it('gives the scene-cut grid of its RGB picture, so the cut threshold means the same', () => {
    // Smooth colour fields: the grid then depends on the colours, not on the chroma samples' rounding.
    const field: RgbImage = { data: Buffer.alloc(width * height * 3), width, height };
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) field.data.set([(x * 255) / width, (y * 255) / height, 255 - (x * 200) / width], (y * width + x) * 3);
    const yuv = rgbToYuv(field);
    expect(signatureChange(frameSignatureYuv(yuv), frameSignature(yuvToRgb(yuv)))).toBeLessThan(1.5);
    expect(signatureChange(frameSignatureYuv(yuv), frameSignature(field))).toBeLessThan(2);
  });

  it('leaves a frame without boxes as it was', () => {
    const yuv = rgbToYuv(rgb);
    const copy = Buffer.from(yuv.data);
    anonymiseYuvInPlace(yuv, [], 'pixelate');
    expect(yuv.data.equals(copy)).toBe(true);
  });
});
