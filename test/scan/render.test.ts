import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoReadError } from '../../src/images/load.js';
import { renderKey, renderPhoto } from '../../src/engine/render.js';
import { hashFile } from '../../src/store/cache.js';
import { PLANTED, phoneJpeg, scene } from '../images/make-photos.js';

let dir: string;
const options = { style: 'pixelate', quality: 92 } as const;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-render-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The compressed image data: from the first SOS marker to the end. */
function scanData(jpeg: Buffer): Buffer {
  return jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])));
}

describe('renderPhoto', () => {
  it('publishes an upright JPEG with nothing to hide as it was taken: same compressed pixels, no metadata', async () => {
    const file = path.join(dir, 'upright.jpg');
    const original = await sharp(scene(120, 80).data, { raw: { width: 120, height: 80, channels: 3 } })
      .withExif({ IFD0: { Make: PLANTED.cameraSerial, Copyright: 'Anna de Vries' }, IFD3: { GPSLatitudeRef: 'N' } })
      .jpeg({ quality: 90 })
      .toBuffer();
    await writeFile(file, original);
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const { data, extension } = await renderPhoto(file, await hashFile(file), { width: 120, height: 80 }, [], options);
    expect(extension).toBe('.jpg');
    expect(scanData(data).equals(scanData(original))).toBe(true);
    expect((await sharp(data).metadata()).exif).toBeUndefined();
    expect(data.toString('latin1')).not.toContain(PLANTED.cameraSerial);
  });

  it('re-encodes a photo stored sideways, upright, since the orientation tag goes with the metadata', async () => {
    const file = path.join(dir, 'sideways.jpg');
    await writeFile(file, await phoneJpeg(scene(96, 64)));
    const { data } = await renderPhoto(file, await hashFile(file), { width: 96, height: 64 }, [], options);
    const meta = await sharp(data).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([96, 64, undefined, undefined]);
  });

  it('re-encodes when a face is anonymised, and refuses a photo whose size changed since its faces were found', async () => {
    const file = path.join(dir, 'face.jpg');
    const original = await sharp(scene(120, 80).data, { raw: { width: 120, height: 80, channels: 3 } }).jpeg().toBuffer();
    await writeFile(file, original);
    const box = { x: 40, y: 20, width: 30, height: 30 };
    const hash = await hashFile(file);
    const { data } = await renderPhoto(file, hash, { width: 120, height: 80 }, [box], options);
    expect(scanData(data).equals(scanData(original))).toBe(false);
    await expect(renderPhoto(file, hash, { width: 100, height: 80 }, [box], options)).rejects.toThrow(/--no-cache/);
    // Nothing to anonymise, but the size does not match either: it must not be copied as it is.
    await expect(renderPhoto(file, hash, { width: 100, height: 80 }, [], options)).rejects.toThrow(/--no-cache/);
  });

  it('renders only the bytes the faces were found in: a photo replaced since is refused, with or without faces to hide', async () => {
    const file = path.join(dir, 'replaced.jpg');
    await writeFile(file, await sharp(scene(120, 80).data, { raw: { width: 120, height: 80, channels: 3 } }).jpeg().toBuffer());
    const analysed = await hashFile(file);
    // Same size, other content: the boxes found in the first photo would miss the faces of this one.
    await writeFile(file, await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c0ffee' } }).jpeg().toBuffer());
    for (const boxes of [[{ x: 40, y: 20, width: 30, height: 30 }], []]) {
      const refused = renderPhoto(file, analysed, { width: 120, height: 80 }, boxes, options);
      await expect(refused).rejects.toBeInstanceOf(PhotoReadError);
      await expect(refused).rejects.toThrow(/changed while it was being scanned/);
    }
  });
});

describe('renderKey', () => {
  const size = { width: 400, height: 300 };
  const box = { x: 10, y: 20, width: 30, height: 40 };
  const options = { style: 'pixelate', quality: 92 } as const;
  const key = renderKey('a'.repeat(64), size, [box], options);

  it('is the same for the same photo, faces and options', () => {
    expect(renderKey('a'.repeat(64), size, [{ ...box }], { ...options })).toBe(key);
  });

  it.each([
    ['another photo', renderKey('b'.repeat(64), size, [box], options)],
    ['a face more', renderKey('a'.repeat(64), size, [box, { ...box, x: 100 }], options)],
    ['no face to hide', renderKey('a'.repeat(64), size, [], options)],
    ['a moved face', renderKey('a'.repeat(64), size, [{ ...box, x: 11 }], options)],
    ['another style', renderKey('a'.repeat(64), size, [box], { ...options, style: 'solid' })],
    ['another quality', renderKey('a'.repeat(64), size, [box], { ...options, quality: 80 })],
  ])('changes for %s', (_what, other) => {
    expect(other).not.toBe(key);
  });
});
