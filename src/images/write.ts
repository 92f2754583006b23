import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { LoadedPhoto } from './load.js';

export const WRITE_DEFAULTS = Object.freeze({
  /** JPEG/WebP quality: 92 is visually lossless for phone photos at about a third of the size of 100. */
  quality: 92,
});

/**
 * Encodes the (anonymised) pixels into a file with no metadata at all: no EXIF (GPS, camera serial, dates,
 * orientation), no XMP (face regions, names), no IPTC, no thumbnail. Only the colour profile is kept, so colours stay
 * right. JPEG, PNG and WebP keep their format; everything else becomes JPEG, which every school app accepts.
 *
 * JPEG keeps the source's chroma subsampling (4:2:0 for phone JPEGs; 4:4:4 for other sources, whose colour detail may
 * be full) and uses plain libjpeg without optimised Huffman tables or mozjpeg's trellis search: measured on 12 MP
 * photos, optimised tables save 5 % of size for three times the encoding time (85 ms → 260 ms at 4:4:4), and
 * encoding is most of what a cached rescan does.
 */
export async function encodePhoto(photo: LoadedPhoto, options: { quality?: number } = {}): Promise<{ data: Buffer; extension: string }> {
  const quality = options.quality ?? WRITE_DEFAULTS.quality;
  const { rgb, icc } = photo;
  // A raw input carries no metadata and sharp adds none unless asked (no withMetadata/keepExif), so nothing leaks.
  const pipeline = sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } });
  switch (photo.format) {
    case 'png': {
      const data = await pipeline.png({ compressionLevel: 6 }).toBuffer();
      return { data: icc === null ? data : pngWithProfile(data, icc), extension: '.png' };
    }
    case 'webp': {
      const data = await pipeline.webp({ quality }).toBuffer();
      return { data: icc === null ? data : webpWithProfile(data, icc, rgb.width, rgb.height), extension: '.webp' };
    }
    case 'jpeg':
    case 'tiff':
    case 'heic':
    case 'avif':
    case 'gif': {
      const data = await pipeline.jpeg({ quality, chromaSubsampling: photo.chroma, optimiseCoding: false, mozjpeg: false }).toBuffer();
      return { data: icc === null ? data : jpegWithProfile(data, icc), extension: '.jpg' };
    }
    default:
      return assertNever(photo.format);
  }
}

// sharp embeds an ICC profile only by converting pixels into it (withIccProfile), and raw input is taken as sRGB, so
// the source profile is put back by hand: the pixels are already in it.

/** ICC in JPEG: APP2 segments "ICC_PROFILE\0", sequence number, count, at most 65519 profile bytes each, after SOI. */
function jpegWithProfile(jpeg: Buffer, icc: Buffer): Buffer {
  const chunk = 65_519;
  const count = Math.ceil(icc.length / chunk);
  if (count > 255) return jpeg;
  const segments: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const part = icc.subarray(n * chunk, (n + 1) * chunk);
    const header = Buffer.alloc(4 + 14);
    header.writeUInt16BE(0xffe2, 0);
    header.writeUInt16BE(2 + 14 + part.length, 2);
    header.write('ICC_PROFILE\0', 4, 'latin1');
    header.writeUInt8(n + 1, 16);
    header.writeUInt8(count, 17);
    segments.push(header, part);
  }
  // After SOI and the JFIF APP0 segment if there is one: readers expect APP0 first.
  let at = 2;
  if (jpeg.readUInt16BE(2) === 0xffe0) at = 4 + jpeg.readUInt16BE(4);
  return Buffer.concat([jpeg.subarray(0, at), ...segments, jpeg.subarray(at)]);
}

/** ICC in PNG: an iCCP chunk (name, compression method 0, deflated profile) right after IHDR. */
function pngWithProfile(png: Buffer, icc: Buffer): Buffer {
  const ihdrEnd = 8 + 8 + png.readUInt32BE(8) + 4;
  const body = Buffer.concat([Buffer.from('ICC profile\0\0', 'latin1'), deflateSync(icc)]);
  return Buffer.concat([png.subarray(0, ihdrEnd), pngChunk('iCCP', body), png.subarray(ihdrEnd)]);
}

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Buffer): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** ICC in WebP: the extended format, a VP8X chunk with the ICC flag followed by an ICCP chunk, then the image. */
function webpWithProfile(webp: Buffer, icc: Buffer, width: number, height: number): Buffer {
  const ICC_FLAG = 0x20;
  let chunks = webp.subarray(12);
  let vp8x: Buffer;
  if (chunks.toString('latin1', 0, 4) === 'VP8X') {
    vp8x = Buffer.from(chunks.subarray(0, 18));
    chunks = chunks.subarray(18);
  } else {
    vp8x = Buffer.alloc(18);
    vp8x.write('VP8X', 0, 'latin1');
    vp8x.writeUInt32LE(10, 4);
    vp8x.writeUIntLE(width - 1, 12, 3);
    vp8x.writeUIntLE(height - 1, 15, 3);
  }
  vp8x.writeUInt8((vp8x.readUInt8(8) | ICC_FLAG) & 0xff, 8);
  const iccp = Buffer.alloc(8 + icc.length + (icc.length % 2));
  iccp.write('ICCP', 0, 'latin1');
  iccp.writeUInt32LE(icc.length, 4);
  icc.copy(iccp, 8);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), vp8x, iccp, chunks]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function assertNever(value: never): never {
  throw new Error(`unexpected photo format: ${String(value)}`);
}
