/**
 * The fingerprint (src/images/fingerprint.ts): a re-saved copy of a photo is near it, another photo is far, and it is
 * computed on the upright pixels, so a copy with the orientation baked in has the fingerprint of the original.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bitsApart, fingerprintPixels, hashDistance, isFingerprint, type PhotoFingerprint } from '../../src/images/fingerprint.js';
import { loadPhoto } from '../../src/images/load.js';
import { SAME_PHOTO } from '../../src/policy/same-photo.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';

async function fingerprintOf(bytes: Buffer): Promise<PhotoFingerprint> {
  const { rgb } = await loadPhoto('photo.jpg', bytes);
  return fingerprintPixels({ ...rgb, channels: 3 });
}

/** A textured synthetic scene (waves whose phase is `seed`), the same picture at any size. */
function scene(width: number, height: number, seed = 1): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const value = 128 + 60 * Math.sin(7 * u + seed) * Math.cos(5 * v) + 40 * Math.sin(13 * u * v + 2 * seed);
      data.fill(Math.max(0, Math.min(255, Math.round(value))), (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return data;
}

describe('fingerprintPixels', () => {
  it('is the same for grey, RGB and RGBA pixels of one image, and carries its size', () => {
    const rgb = scene(120, 80);
    const grey = Buffer.alloc(120 * 80);
    const rgba = Buffer.alloc(120 * 80 * 4);
    for (let i = 0; i < 120 * 80; i++) {
      grey[i] = rgb[i * 3]!;
      rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
    }
    const a = fingerprintPixels({ data: rgb, width: 120, height: 80, channels: 3 });
    expect(a.size).toEqual({ width: 120, height: 80 });
    expect(isFingerprint(a)).toBe(true);
    expect(fingerprintPixels({ data: grey, width: 120, height: 80, channels: 1 }).phash).toBe(a.phash);
    expect(fingerprintPixels({ data: rgba, width: 120, height: 80, channels: 4 }).phash).toBe(a.phash);
  });

  it('finds the same scene at another size, also smaller than its thumbnail, and tells another scene apart', () => {
    const at = (width: number, height: number, seed = 1): PhotoFingerprint => fingerprintPixels({ data: scene(width, height, seed), width, height, channels: 3 });
    const big = at(400, 300);
    for (const [width, height] of [[200, 150], [333, 250], [100, 75], [40, 30], [20, 15]] as const) {
      expect(hashDistance(big, at(width, height)), `${width}×${height}`).toBeLessThanOrEqual(SAME_PHOTO.sameBits);
    }
    expect(hashDistance(big, at(400, 300, 2.5))).toBeGreaterThan(SAME_PHOTO.looseBits);
  });

  it('counts differing bits', () => {
    const size = { width: 1, height: 1 };
    expect(hashDistance({ phash: '0000000000000000', size }, { phash: 'ffffffffffffffff', size })).toBe(64);
    expect(hashDistance({ phash: '8000000000000001', size }, { phash: '0000000000000000', size })).toBe(2);
    expect(isFingerprint({ phash: 'xyz', size })).toBe(false);
    expect(isFingerprint({ phash: '0123456789abcdef', size: { width: 0, height: 3 } })).toBe(false);
  });
});

describe.skipIf(!hasSharedFaces)('fingerprints of real photos', () => {
  it('keeps a re-saved, stripped, downscaled or orientation-baked copy within sameBits and other photos beyond looseBits', async () => {
    const bytes = await readFile(shared('groups/ageitgey_obama_and_biden.jpg'));
    const original = await fingerprintOf(bytes);
    const upright = await sharp(bytes).rotate().toBuffer();
    const copies = {
      q95: await sharp(bytes).jpeg({ quality: 95 }).toBuffer(),
      q75: await sharp(bytes).jpeg({ quality: 75 }).toBuffer(),
      appended: Buffer.concat([bytes, Buffer.from('8 bytes!')]),
      half: await sharp(bytes).resize({ width: 1000 }).jpeg({ quality: 85 }).toBuffer(),
      // Stored sideways with EXIF orientation 6, as a phone does: upright again once decoded.
      sideways: await sharp(await sharp(upright).rotate(-90).toBuffer()).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer(),
    };
    for (const [name, copy] of Object.entries(copies)) expect(hashDistance(original, await fingerprintOf(copy)), name).toBeLessThanOrEqual(SAME_PHOTO.sameBits);
    expect((await fingerprintOf(copies.sideways)).size).toEqual(original.size);
    // Turned or mirrored by someone: one of its turned hashes is the original's.
    for (const turn of [(s: sharp.Sharp) => s.rotate(90), (s: sharp.Sharp) => s.rotate(180), (s: sharp.Sharp) => s.rotate(270), (s: sharp.Sharp) => s.flop(), (s: sharp.Sharp) => s.flip()]) {
      const copy = await fingerprintOf(await turn(sharp(upright)).jpeg({ quality: 90 }).toBuffer());
      expect(hashDistance(original, copy)).toBeGreaterThan(SAME_PHOTO.looseBits);
      expect(Math.min(...copy.turned.map((h) => bitsApart(h, original.phash)))).toBeLessThanOrEqual(SAME_PHOTO.sameBits);
    }
    for (const other of ['groups/ageitgey_two_people.jpg', 'groups/serengil_couple.jpg', 'crowds/jasmcaus_group_1.jpg']) {
      expect(hashDistance(original, await fingerprintOf(await readFile(shared(other)))), other).toBeGreaterThan(SAME_PHOTO.looseBits);
    }
  });
});
