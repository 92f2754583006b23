import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_DEFAULTS, PHOTO_EXTENSIONS, PhotoReadError, loadPhoto } from '../../src/images/load.js';
import { fixture, makeTempDir } from '../helpers/fixtures.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';
import { meanAbsDiff, phoneJpeg, scene } from './make-photos.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await cleanup();
});

const raw = (image: { data: Buffer; width: number; height: number }) => ({ raw: { width: image.width, height: image.height, channels: 3 as const } });

describe('loadPhoto', () => {
  it('turns a sideways phone JPEG upright (EXIF orientation 6) and keeps its colour profile', async () => {
    const upright = scene();
    const file = path.join(dir, 'phone.jpg');
    await writeFile(file, await phoneJpeg(upright));
    expect((await sharp(file).metadata()).orientation).toBe(6);

    const photo = await loadPhoto(file);
    expect(photo.format).toBe('jpeg');
    expect([photo.rgb.width, photo.rgb.height]).toEqual([upright.width, upright.height]);
    expect(photo.rgb.data.length).toBe(upright.width * upright.height * 3);
    expect(photo.icc?.toString('latin1', 16, 20)).toBe('RGB ');
    // The stored pixels are in Display P3, so compare with the scene converted the same way.
    const p3 = await sharp(upright.data, raw(upright)).withIccProfile('p3').keepIccProfile().raw().toBuffer();
    expect(meanAbsDiff(photo.rgb, { ...upright, data: p3 })).toBeLessThan(4);
    // Rotated the wrong way round, the quadrants land elsewhere and the difference is large.
    const wrong = await sharp(p3, raw(upright)).rotate(180).raw().toBuffer();
    expect(meanAbsDiff(photo.rgb, { ...upright, data: wrong })).toBeGreaterThan(40);
  });

  it('flattens transparency on white and reads PNG, WebP and GIF', async () => {
    const rgba = Buffer.alloc(4 * 4 * 4); // fully transparent black
    for (const format of ['png', 'webp', 'gif'] as const) {
      const file = path.join(dir, `clear.${format}`);
      await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } }).toFormat(format, format === 'webp' ? { lossless: true } : {}).toFile(file);
      const photo = await loadPhoto(file);
      expect(photo.format).toBe(format);
      expect(Math.min(...photo.rgb.data), format).toBeGreaterThan(240);
    }
  });

  it('reads TIFF', async () => {
    const file = path.join(dir, 'scan.tiff');
    const image = scene(8, 6);
    await sharp(image.data, raw(image)).tiff({ compression: 'lzw' }).toFile(file);
    const photo = await loadPhoto(file);
    expect(photo.format).toBe('tiff');
    expect(meanAbsDiff(photo.rgb, image)).toBeLessThan(1);
  });

  it('converts a CMYK JPEG to sRGB and keeps no CMYK profile', async () => {
    const file = path.join(dir, 'print.jpg');
    const image = scene(16, 12);
    await sharp(image.data, raw(image)).toColourspace('cmyk').jpeg({ quality: 95 }).toFile(file);
    expect((await sharp(file).metadata()).space).toBe('cmyk');
    const photo = await loadPhoto(file);
    expect(photo.icc).toBeNull();
    expect(photo.rgb.data.length).toBe(16 * 12 * 3);
    expect(meanAbsDiff(photo.rgb, image)).toBeLessThan(25);
  });

  it('converts a greyscale photo to RGB', async () => {
    const file = path.join(dir, 'grey.png');
    await sharp(Buffer.alloc(6 * 4, 77), { raw: { width: 6, height: 4, channels: 1 } }).png().toFile(file);
    const photo = await loadPhoto(file);
    expect(photo.rgb.data.length).toBe(6 * 4 * 3);
    expect(photo.icc).toBeNull();
  });

  const broken: [string, (file: string) => Promise<void>, RegExp][] = [
    ['a truncated JPEG', async (f) => writeFile(f, (await phoneJpeg(scene(400, 300))).subarray(0, 3000)), /truncated or damaged/],
    ['a text file named .jpg', (f) => writeFile(f, 'this is not a photo\n'), /not a photo privacy-filter can read/],
    ['an empty file', (f) => writeFile(f, ''), /empty/],
    ['a JPEG header with garbage after it', (f) => writeFile(f, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)])), /truncated or damaged|not a photo/],
  ];
  it.each(broken)('refuses %s with a PhotoReadError naming the file', async (_what, make, reason) => {
    const file = path.join(dir, `broken-${Math.random().toString(36).slice(2)}.jpg`);
    await make(file);
    const error = await loadPhoto(file).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PhotoReadError);
    expect((error as PhotoReadError).message).toMatch(new RegExp(`^cannot read photo ${path.basename(file)}: `));
    expect((error as PhotoReadError).message).toMatch(reason);
    expect((error as PhotoReadError).file).toBe(file);
  });

  it('refuses a missing file with a PhotoReadError', async () => {
    await expect(loadPhoto(path.join(dir, 'nope.jpg'))).rejects.toBeInstanceOf(PhotoReadError);
  });

  it(`refuses images above ${LOAD_DEFAULTS.maxPixels / 1e6} megapixels before decoding them`, async () => {
    // Only a PNG header claiming 10001 × 10001 pixels: the limit must act on the header, before any decoding.
    const file = path.join(dir, 'huge.png');
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(10_001, 0);
    ihdr.writeUInt32BE(10_001, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    await writeFile(file, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(1000)).subarray(0, 20)), pngChunk('IEND', Buffer.alloc(0))]));
    await expect(loadPhoto(file)).rejects.toThrow(/megapixel limit/);
  });

  it('lists the photo extensions in lower case with a dot', () => {
    for (const ext of ['.jpg', '.jpeg', '.png', '.heic', '.heif', '.webp']) expect(PHOTO_EXTENSIONS.has(ext)).toBe(true);
    for (const ext of PHOTO_EXTENSIONS) expect(ext).toMatch(/^\.[a-z]+$/);
    expect(PHOTO_EXTENSIONS.has('.csv')).toBe(false);
  });
});

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * fixtures/photos/scene-irot.heic: `scene(96, 64)` stored sideways (64 × 96), HEVC-coded by heif-enc, with an `irot`
 * property (3 quarter turns anticlockwise) added by `withHeifRotation`, as an iPhone stores a portrait-held photo.
 * sharp's prebuilt libvips has no HEVC decoder, so this goes through the libheif fallback.
 */
describe('loadPhoto on HEIC', () => {
  it('decodes an HEVC-coded HEIC upright, with the HEIF rotation applied once', async () => {
    const photo = await loadPhoto(fixture('photos/scene-irot.heic'));
    expect(photo.format).toBe('heic');
    expect([photo.rgb.width, photo.rgb.height]).toEqual([96, 64]);
    expect(meanAbsDiff(photo.rgb, scene(96, 64))).toBeLessThan(6);
  });

  it('fails with a PhotoReadError naming the file when the HEIC is damaged', async () => {
    const bytes = await readFile(fixture('photos/scene-irot.heic'));
    const file = path.join(dir, 'IMG_0002.HEIC');
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const logged: unknown[][] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logged.push(args);
    let error: unknown;
    try {
      error = await loadPhoto(file).then(() => null, (e: unknown) => e);
    } finally {
      console.log = log;
    }
    expect(error).toBeInstanceOf(PhotoReadError);
    expect((error as Error).message).toContain('IMG_0002.HEIC');
    // libheif-js logs its failure to stdout, where the CLI prints results; it must stay quiet.
    expect(logged).toEqual([]);
  });
});

describe.skipIf(!hasSharedFaces)('loadPhoto on a real photo', () => {
  it('decodes the White House photo at its full size', async () => {
    const photo = await loadPhoto(shared('groups/ageitgey_two_people.jpg'));
    const meta = await sharp(shared('groups/ageitgey_two_people.jpg')).metadata();
    expect([photo.rgb.width, photo.rgb.height]).toEqual([meta.width, meta.height]);
  });
});
