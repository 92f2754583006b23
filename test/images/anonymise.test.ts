import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, RgbImage } from '../../src/geometry.js';
import { ANONYMISE_DEFAULTS, anonymiseFaces, anonymiseRegion, type AnonymiseStyle } from '../../src/images/anonymise.js';
import { loadPhoto } from '../../src/images/load.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';
import { checkerboard, detailEnergy, noise } from './make-photos.js';

const size = { width: 400, height: 300 };

describe('anonymiseRegion', () => {
  it.each<[string, Box, Box]>([
    // 100 wide: 35 each side; 100 high: 50 above, 30 below.
    ['a face in the middle grows around hair, ears and chin', { x: 150, y: 100, width: 100, height: 100 }, { x: 115, y: 50, width: 170, height: 180 }],
    ['a face in the top-left corner is clamped to the image', { x: 10, y: 10, width: 40, height: 40 }, { x: 0, y: 0, width: 64, height: 62 }],
    ['a face at the bottom-right edge is clamped to the image', { x: 380, y: 280, width: 20, height: 20 }, { x: 373, y: 270, width: 27, height: 30 }],
    ['fractional boxes round outwards', { x: 100.5, y: 100.5, width: 10, height: 10 }, { x: 97, y: 95, width: 17, height: 19 }],
    ['a box outside the image has no area', { x: 500, y: 500, width: 10, height: 10 }, { x: 400, y: 300, width: 0, height: 0 }],
  ])('%s', (_what, box, expected) => {
    expect(anonymiseRegion(box, size)).toEqual(expected);
  });

  it('always contains the face box itself', () => {
    for (const box of [{ x: 0, y: 0, width: 30, height: 30 }, { x: 370, y: 270, width: 30, height: 30 }, { x: 200, y: 150, width: 3, height: 5 }]) {
      const r = anonymiseRegion(box, size);
      expect(r.x).toBeLessThanOrEqual(box.x);
      expect(r.y).toBeLessThanOrEqual(box.y);
      expect(r.x + r.width).toBeGreaterThanOrEqual(box.x + box.width);
      expect(r.y + r.height).toBeGreaterThanOrEqual(box.y + box.height);
    }
  });
});

function pixel(image: RgbImage, x: number, y: number): [number, number, number] {
  const i = (y * image.width + x) * 3;
  return [image.data[i] ?? -1, image.data[i + 1] ?? -1, image.data[i + 2] ?? -1];
}

function inside(box: Box, x: number, y: number): boolean {
  return x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
}

describe.each<AnonymiseStyle>(['pixelate', 'solid'])('anonymiseFaces, %s', (style) => {
  const face: Box = { x: 120, y: 110, width: 80, height: 90 };

  it('changes every pixel of the face, nothing outside the grown region, and not the input', () => {
    const input = checkerboard(size.width, size.height);
    const before = Buffer.from(input.data);
    const out = anonymiseFaces(input, [face], style);
    expect(input.data.equals(before)).toBe(true);
    expect(out.data).not.toBe(input.data);
    const region = anonymiseRegion(face, size);
    let faceUnchanged = 0;
    let outsideChanged = 0;
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        const a = pixel(input, x, y);
        const b = pixel(out, x, y);
        const diff = Math.max(...a.map((v, c) => Math.abs(v - (b[c] ?? 0))));
        if (inside(face, x, y) && diff < 60) faceUnchanged++;
        if (!inside(region, x, y) && diff !== 0) outsideChanged++;
      }
    }
    expect(faceUnchanged).toBe(0);
    expect(outsideChanged).toBe(0);
  });

  it('removes the detail of the face', () => {
    const input = noise(size.width, size.height, 7);
    const out = anonymiseFaces(input, [face], style);
    const ratio = detailEnergy(out, face) / detailEnergy(input, face);
    expect(ratio).toBeLessThan(0.03);
  });

  it('handles several faces, overlapping faces and faces cut off by the border', () => {
    const input = checkerboard(size.width, size.height);
    const faces: Box[] = [face, { x: 150, y: 130, width: 60, height: 60 }, { x: -20, y: -10, width: 50, height: 60 }, { x: 380, y: 250, width: 60, height: 80 }];
    const out = anonymiseFaces(input, faces, style);
    for (const f of faces) {
      const visible = { x: Math.max(0, f.x), y: Math.max(0, f.y), width: Math.min(size.width, f.x + f.width) - Math.max(0, f.x), height: Math.min(size.height, f.y + f.height) - Math.max(0, f.y) };
      expect(detailEnergy(out, visible) / detailEnergy(input, visible)).toBeLessThan(0.05);
    }
  });

  it('returns an equal copy when there are no faces', () => {
    const input = noise(50, 40);
    const out = anonymiseFaces(input, [], style);
    expect(out.data.equals(input.data)).toBe(true);
    expect(out.data).not.toBe(input.data);
  });
});

describe('anonymiseFaces, pixelate', () => {
  it(`spreads any single feature over at least a block of 1/${ANONYMISE_DEFAULTS.blocksAcrossFace} of the face width`, () => {
    // One white dot (a glint in an eye, a mole) on grey: after anonymising, no pixel may stand out by more than the dot
    // averaged over one block, so nothing can be located more finely than a block.
    const width = 300;
    const height = 240;
    const data = Buffer.alloc(width * height * 3, 128);
    const face: Box = { x: 100, y: 80, width: 96, height: 110 };
    const dot = { x: face.x + 41, y: face.y + 37 };
    data.fill(255, (dot.y * width + dot.x) * 3, (dot.y * width + dot.x) * 3 + 3);
    const out = anonymiseFaces({ data, width, height }, [face], 'pixelate');
    const block = face.width / ANONYMISE_DEFAULTS.blocksAcrossFace;
    let maxLift = 0;
    for (let i = 0; i < out.data.length; i++) maxLift = Math.max(maxLift, (out.data[i] ?? 0) - 128);
    expect(maxLift).toBeLessThanOrEqual(Math.ceil(127 / (block * block)));
  });
});

describe('anonymiseFaces, solid', () => {
  it('fills the face with one flat colour', () => {
    const input = noise(size.width, size.height, 3);
    const face: Box = { x: 100, y: 100, width: 60, height: 60 };
    const out = anonymiseFaces(input, [face], 'solid');
    const first = pixel(out, face.x, face.y);
    for (let y = face.y; y < face.y + face.height; y++) for (let x = face.x; x < face.x + face.width; x++) expect(pixel(out, x, y)).toEqual(first);
  });
});

describe.skipIf(!hasSharedFaces)('anonymiseFaces on a real face', () => {
  it('leaves no facial detail in a portrait', async () => {
    const photo = await loadPhoto(shared('identities/face_recognition/obama/01.jpg'));
    const { width, height } = photo.rgb;
    // A portrait crop: the face fills the middle.
    const face: Box = { x: Math.round(width * 0.25), y: Math.round(height * 0.25), width: Math.round(width * 0.5), height: Math.round(height * 0.5) };
    const out = anonymiseFaces(photo.rgb, [face], 'pixelate');
    expect(detailEnergy(out, face) / detailEnergy(photo.rgb, face)).toBeLessThan(0.1);
    // At 16 × 16, the scale at which people still recognise a familiar face, more than half the contrast is gone
    // (the rest is the coarse light/dark layout that 8 blocks across keep; irreversible.test.ts checks the recogniser).
    const thumb = async (img: RgbImage) =>
      sharp(img.data, { raw: { width, height, channels: 3 } }).extract({ left: face.x, top: face.y, width: face.width, height: face.height }).resize(16, 16).greyscale().raw().toBuffer();
    const grey = async (img: RgbImage): Promise<RgbImage> => {
      const g = await thumb(img);
      return { data: Buffer.from(Array.from(g).flatMap((v) => [v, v, v])), width: 16, height: 16 };
    };
    const all = { x: 0, y: 0, width: 16, height: 16 };
    const ratio = detailEnergy(await grey(out), all) / detailEnergy(await grey(photo.rgb), all);
    expect(ratio).toBeLessThan(0.5);
  });
});
