import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { stripJpegMetadata } from '../../src/images/strip.js';
import { GPS_POINTER, PLANTED, jpegSegments, phoneJpeg, scene } from './make-photos.js';

const APP1 = 0xe1;
const APP13 = 0xed;

async function rawPixels(jpeg: Buffer): Promise<Buffer> {
  // No .rotate(): the stored pixels themselves must be the same.
  return sharp(jpeg).raw().toBuffer();
}

describe('stripJpegMetadata', () => {
  it('leaves out EXIF (GPS, serial, thumbnail), XMP and IPTC, keeps the colour profile, and keeps the pixels exactly', async () => {
    const original = await phoneJpeg(scene(96, 64));
    const stripped = stripJpegMetadata(original);
    expect(stripped).not.toBeNull();
    const markers = jpegSegments(stripped!).map((s) => s.marker);
    expect(markers).not.toContain(APP1);
    expect(markers).not.toContain(APP13);
    const text = stripped!.toString('latin1');
    for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
    expect(stripped!.includes(GPS_POINTER)).toBe(false);
    expect(text).not.toContain('http://ns.adobe.com/xap');
    expect(text).toContain('ICC_PROFILE\0');
    const meta = await sharp(stripped!).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.icc).toBeDefined();
    expect((await rawPixels(stripped!)).equals(await rawPixels(original))).toBe(true);
  });

  it('drops whatever follows the image (MPF extra images, appended videos)', async () => {
    const original = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#884422' } }).jpeg().toBuffer();
    const appended = Buffer.concat([original, Buffer.from('secret second image with a face')]);
    const stripped = stripJpegMetadata(appended);
    expect(stripped).not.toBeNull();
    expect(stripped!.toString('latin1')).not.toContain('secret');
    expect(stripped!.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('keeps progressive and restart-marker JPEGs decodable and identical', async () => {
    const image = sharp(scene(200, 120).data, { raw: { width: 200, height: 120, channels: 3 } });
    for (const jpeg of [await image.clone().jpeg({ progressive: true }).toBuffer(), await image.clone().jpeg({ quality: 80 }).toBuffer()]) {
      const stripped = stripJpegMetadata(jpeg);
      expect(stripped).not.toBeNull();
      expect((await rawPixels(stripped!)).equals(await rawPixels(jpeg))).toBe(true);
    }
  });

  it.each([
    ['a PNG', async () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer()],
    ['a truncated JPEG', async () => (await phoneJpeg(scene(96, 64))).subarray(0, 2000)],
    ['an empty file', async () => Buffer.alloc(0)],
  ])('gives null (re-encode instead) for %s', async (_label, make) => {
    expect(stripJpegMetadata(await make())).toBeNull();
  });

  it('gives null for a JFIF header that carries a thumbnail', async () => {
    const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).jpeg().toBuffer();
    const jfif = Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01', 'latin1'); // 1×1 thumbnail declared
    const head = Buffer.from([0xff, 0xe0, 0, jfif.length + 2 + 3]);
    const withThumb = Buffer.concat([plain.subarray(0, 2), head, jfif, Buffer.from([1, 2, 3]), plain.subarray(2)]);
    expect(stripJpegMetadata(withThumb)).toBeNull();
  });
});
