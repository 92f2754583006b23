import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymiseFaces } from '../../src/images/anonymise.js';
import { loadPhoto, type LoadedPhoto } from '../../src/images/load.js';
import { FILE_MODE, TEMP_SUFFIX, writeFileAtomic } from '../../src/atomic.js';
import { encodePhoto } from '../../src/images/write.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { GPS_POINTER, PLANTED, jpegSegments, meanAbsDiff, phoneJpeg, scene } from './make-photos.js';

let dir: string;
let cleanup: () => Promise<void>;
let phone: LoadedPhoto;
let phoneFile: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  phoneFile = path.join(dir, 'phone.jpg');
  await writeFile(phoneFile, await phoneJpeg(scene()));
  phone = await loadPhoto(phoneFile);
});
afterAll(async () => {
  await cleanup();
});

describe('encodePhoto + writeFileAtomic: no metadata leaves the machine', () => {
  it('the test photo really carries EXIF, GPS, a thumbnail, XMP, IPTC and a profile (so the checks below can fail)', async () => {
    const bytes = await readFile(phoneFile);
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeDefined();
    expect(meta.xmp).toBeDefined();
    expect(meta.iptc).toBeDefined();
    expect(meta.icc).toBeDefined();
    const text = bytes.toString('latin1');
    for (const planted of Object.values(PLANTED)) expect(text).toContain(planted);
    expect(bytes.includes(GPS_POINTER)).toBe(true);
    // The EXIF thumbnail is a second JPEG inside APP1.
    const app1 = jpegSegments(bytes).find((s) => s.marker === 0xe1 && s.payload.toString('latin1', 0, 4) === 'Exif');
    expect(app1?.payload.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  });

  it('writes a JPEG with no EXIF, XMP, IPTC, GPS or thumbnail, with the colour profile, upright', async () => {
    const anonymised: LoadedPhoto = { ...phone, rgb: anonymiseFaces(phone.rgb, [{ x: 40, y: 20, width: 16, height: 20 }], 'pixelate') };
    const { data, extension } = await encodePhoto(anonymised);
    expect(extension).toBe('.jpg');
    const dest = path.join(dir, 'out', 'nested', `photo${extension}`);
    await writeFileAtomic(dest, data, FILE_MODE.shared);
    const written = await readFile(dest);

    const meta = await sharp(written).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.icc?.equals(phone.icc ?? Buffer.alloc(0))).toBe(true);

    const segments = jpegSegments(written);
    const markers = segments.map((s) => s.marker);
    expect(markers).not.toContain(0xe1); // APP1: EXIF or XMP
    expect(markers).not.toContain(0xed); // APP13: IPTC
    const icc = segments.filter((s) => s.marker === 0xe2 && s.payload.toString('latin1', 0, 12) === 'ICC_PROFILE\0');
    expect(icc).toHaveLength(1);
    const text = written.toString('latin1');
    for (const forbidden of ['Exif\0', 'http://ns.adobe.com/xap', 'Photoshop 3.0', ...Object.values(PLANTED)]) {
      expect(text, forbidden).not.toContain(forbidden);
    }
    expect(written.includes(GPS_POINTER)).toBe(false);
    // Exactly one image in the file: a thumbnail would bring a second SOI marker.
    expect(written.indexOf(Buffer.from([0xff, 0xd8, 0xff]), 2)).toBe(-1);

    // Orientation baked in: the file is landscape, and its pixels are the upright photo's.
    const back = await sharp(written).keepIccProfile().raw().toBuffer({ resolveWithObject: true });
    expect([back.info.width, back.info.height]).toEqual([anonymised.rgb.width, anonymised.rgb.height]);
    expect(meanAbsDiff({ data: back.data, width: back.info.width, height: back.info.height }, anonymised.rgb)).toBeLessThan(3);
  });

  it.each([
    ['png', '.png'],
    ['webp', '.webp'],
    ['tiff', '.jpg'],
    ['heic', '.jpg'],
    ['gif', '.jpg'],
  ] as const)('a %s photo is written as %s, clean, with its profile', async (format, extension) => {
    const photo: LoadedPhoto = { ...phone, format };
    const { data, extension: ext } = await encodePhoto(photo);
    expect(ext).toBe(extension);
    const meta = await sharp(data).metadata();
    expect(meta.format).toBe(extension.slice(1).replace('jpg', 'jpeg'));
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc?.equals(phone.icc ?? Buffer.alloc(0))).toBe(true);
    // Pixels stay in the profile's colour space: no conversion on the way out.
    const back = await sharp(data).keepIccProfile().raw().toBuffer({ resolveWithObject: true });
    expect(meanAbsDiff({ data: back.data, width: back.info.width, height: back.info.height }, phone.rgb)).toBeLessThan(4);
    // And a viewer that converts to sRGB sees the same colours as from the original file.
    const viewedOriginal = await sharp(phoneFile).rotate().raw().toBuffer();
    const viewedOutput = await sharp(data).raw().toBuffer();
    expect(meanAbsDiff({ ...phone.rgb, data: viewedOutput }, { ...phone.rgb, data: viewedOriginal })).toBeLessThan(4);
  });

  it('writes no profile for an untagged (sRGB) photo', async () => {
    const { data } = await encodePhoto({ ...phone, icc: null });
    expect((await sharp(data).metadata()).icc).toBeUndefined();
  });
});

describe('encodePhoto: chroma resolution', () => {
  // A 4:2:0 photo re-encoded at 4:4:4 only grows (its colour detail is gone already); a 4:4:4 one must not lose it.
  it.each(['4:2:0', '4:4:4'] as const)('writes a %s JPEG back with the same chroma subsampling', async (chroma) => {
    const file = path.join(dir, `chroma-${chroma.replaceAll(':', '')}.jpg`);
    const { width, height, data } = scene();
    await writeFile(file, await sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90, chromaSubsampling: chroma }).toBuffer());
    const loaded = await loadPhoto(file);
    expect(loaded.chroma).toBe(chroma);
    const { data: written } = await encodePhoto(loaded);
    expect((await sharp(written).metadata()).chromaSubsampling).toBe(chroma);
  });

  it('writes other formats that become JPEG with full chroma', async () => {
    const file = path.join(dir, 'chroma.tiff');
    const { width, height, data } = scene();
    await writeFile(file, await sharp(data, { raw: { width, height, channels: 3 } }).tiff().toBuffer());
    const { data: written, extension } = await encodePhoto(await loadPhoto(file));
    expect(extension).toBe('.jpg');
    expect((await sharp(written).metadata()).chromaSubsampling).toBe('4:4:4');
  });
});

describe('writeFileAtomic', () => {
  it('replaces an existing file and leaves no temporary file behind', async () => {
    const dest = path.join(dir, 'atomic', 'a.jpg');
    await writeFileAtomic(dest, Buffer.from('old'), FILE_MODE.shared);
    await writeFileAtomic(dest, Buffer.from('new'), FILE_MODE.shared);
    expect((await readFile(dest)).toString()).toBe('new');
    expect(await readdir(path.dirname(dest))).toEqual(['a.jpg']);
  });

  it.skipIf(process.platform === 'win32')('gives the file the mode its caller asks for, also when it replaces one', async () => {
    const dest = path.join(dir, 'modes', 'templates.json');
    await writeFileAtomic(dest, 'shared', FILE_MODE.shared);
    await writeFileAtomic(dest, 'private', FILE_MODE.private);
    expect((await stat(dest)).mode & 0o777).toBe(0o600);
  });

  it('leaves neither the destination nor a partial file when the rename fails', async () => {
    const folder = path.join(dir, 'rename-fails');
    const dest = path.join(folder, 'photo.jpg');
    await mkdir(dest, { recursive: true }); // renaming a file over a non-empty folder fails
    await writeFile(path.join(dest, 'keep'), 'x');
    await expect(writeFileAtomic(dest, Buffer.from('data'), FILE_MODE.shared)).rejects.toThrow();
    const left = await readdir(folder);
    expect(left).toEqual(['photo.jpg']);
    expect(left.some((f) => f.endsWith(TEMP_SUFFIX))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('fails cleanly in a read-only folder', async () => {
    const folder = path.join(dir, 'read-only');
    await mkdir(folder);
    await chmod(folder, 0o555);
    try {
      await expect(writeFileAtomic(path.join(folder, 'photo.jpg'), Buffer.from('data'), FILE_MODE.shared)).rejects.toThrow();
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await chmod(folder, 0o755);
    }
  });
});
