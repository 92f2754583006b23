import sharp from 'sharp';
import type { RgbImage } from '../../src/geometry.js';

/** Strings planted in the test photo's metadata; none of them may be found in an output file. */
export const PLANTED = Object.freeze({
  cameraSerial: 'SerialCam-XJ9-0042',
  xmpName: 'Pupil Anna de Vries',
  iptcByline: 'Jane Photographer',
});

/** The EXIF IFD0 entry that points to the GPS position (tag 0x8825, type LONG, little-endian). */
export const GPS_POINTER = Buffer.from([0x25, 0x88, 0x04, 0x00]);

/**
 * An upright landscape scene with four coloured quadrants (so a wrong rotation shows) and a fine texture
 * (so blurring and pixelation have something to remove).
 */
export function scene(width = 96, height = 64): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const base: [number, number, number] = top ? (left ? [200, 40, 40] : [40, 180, 60]) : left ? [40, 60, 200] : [230, 230, 230];
      const texture = ((x >> 1) + (y >> 1)) % 2 === 0 ? 20 : -20;
      const i = (y * width + x) * 3;
      data[i] = clampByte(base[0] + texture);
      data[i + 1] = clampByte(base[1] + texture);
      data[i + 2] = clampByte(base[2] + texture);
    }
  }
  return { data, width, height };
}

/** 1-pixel black/white checkerboard: the most detail an image can have, so any smoothing shows. */
export function checkerboard(width: number, height: number): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill((x + y) % 2 === 0 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { data, width, height };
}

/** Deterministic noise (xorshift), for detail that a pixelation cannot keep. */
export function noise(width: number, height: number, seed = 1): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    data[i] = s & 0xff;
  }
  return { data, width, height };
}

/**
 * A JPEG as a phone writes it, and worse: pixels stored sideways with EXIF orientation 6, camera make/serial, GPS
 * position, an EXIF thumbnail, XMP with a person's name, IPTC by-line, and a Display P3 colour profile.
 */
export async function phoneJpeg(upright: RgbImage): Promise<Buffer> {
  const thumbnail = await sharp(upright.data, { raw: { width: upright.width, height: upright.height, channels: 3 } })
    .resize(16)
    .jpeg({ quality: 60 })
    .toBuffer();
  const base = await sharp(upright.data, { raw: { width: upright.width, height: upright.height, channels: 3 } })
    .rotate(270) // stored sideways; orientation 6 means "turn 90° clockwise to view"
    .withIccProfile('p3')
    .withXmp(xmp(PLANTED.xmpName))
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return insertAfterSoi(base, [exifSegment(thumbnail), iptcSegment(PLANTED.iptcByline)]);
}

function xmp(name: string): string {
  return `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"><mwg-rs:Regions><mwg-rs:RegionList><rdf:Bag><rdf:li mwg-rs:Name="${name}" mwg-rs:Type="Face"/></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

/** APP1 "Exif": IFD0 (Make = serial, Orientation 6, GPS pointer), GPS IFD (52°22'N), IFD1 with a JPEG thumbnail. */
function exifSegment(thumbnail: Buffer): Buffer {
  const make = Buffer.from(`${PLANTED.cameraSerial}\0`, 'latin1');
  const ifd0 = 8;
  const makeAt = ifd0 + 2 + 3 * 12 + 4;
  const gpsAt = makeAt + make.length + (make.length % 2);
  const latAt = gpsAt + 2 + 2 * 12 + 4;
  const ifd1 = latAt + 24;
  const thumbAt = ifd1 + 2 + 2 * 12 + 4;
  const tiff = Buffer.alloc(thumbAt + thumbnail.length);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: (b: Buffer, o: number) => void): void => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    value(tiff, at + 8);
  };
  const ASCII = 2;
  const SHORT = 3;
  const LONG = 4;
  const RATIONAL = 5;
  tiff.writeUInt16LE(3, ifd0);
  entry(ifd0 + 2, 0x010f, ASCII, make.length, (b, o) => b.writeUInt32LE(makeAt, o));
  entry(ifd0 + 14, 0x0112, SHORT, 1, (b, o) => b.writeUInt16LE(6, o));
  entry(ifd0 + 26, 0x8825, LONG, 1, (b, o) => b.writeUInt32LE(gpsAt, o));
  tiff.writeUInt32LE(ifd1, ifd0 + 38);
  make.copy(tiff, makeAt);
  tiff.writeUInt16LE(2, gpsAt);
  entry(gpsAt + 2, 0x0001, ASCII, 2, (b, o) => b.write('N\0', o, 'latin1'));
  entry(gpsAt + 14, 0x0002, RATIONAL, 3, (b, o) => b.writeUInt32LE(latAt, o));
  tiff.writeUInt32LE(0, gpsAt + 26);
  [52, 1, 22, 1, 0, 1].forEach((v, k) => tiff.writeUInt32LE(v, latAt + 4 * k));
  tiff.writeUInt16LE(2, ifd1);
  entry(ifd1 + 2, 0x0201, LONG, 1, (b, o) => b.writeUInt32LE(thumbAt, o));
  entry(ifd1 + 14, 0x0202, LONG, 1, (b, o) => b.writeUInt32LE(thumbnail.length, o));
  tiff.writeUInt32LE(0, ifd1 + 26);
  thumbnail.copy(tiff, thumbAt);
  return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

/** APP13 "Photoshop 3.0" with an 8BIM IPTC resource holding record 2:80 (by-line). */
function iptcSegment(byline: string): Buffer {
  const text = Buffer.from(byline, 'latin1');
  const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50, text.length >> 8, text.length & 0xff]), text]);
  const padded = iptc.length % 2 === 0 ? iptc : Buffer.concat([iptc, Buffer.alloc(1)]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iptc.length);
  return segment(
    0xed,
    Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, padded]),
  );
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

function insertAfterSoi(jpeg: Buffer, segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** The marker segments of a JPEG up to the image data: marker byte (e.g. 0xe1 for APP1) and payload. */
export function jpegSegments(jpeg: Buffer): { marker: number; payload: Buffer }[] {
  const found: { marker: number; payload: Buffer }[] = [];
  if (jpeg.readUInt16BE(0) !== 0xffd8) throw new Error('not a JPEG');
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`no marker at ${at}`);
    const marker = jpeg[at + 1] ?? 0;
    const length = jpeg.readUInt16BE(at + 2);
    found.push({ marker, payload: jpeg.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) break; // start of scan: image data follows
    at += 2 + length;
  }
  return found;
}

/** Mean absolute difference per channel value between two images of the same size. */
export function meanAbsDiff(a: RgbImage, b: RgbImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / a.data.length;
}

/** Sum of absolute differences between horizontal and vertical neighbours inside a box: how much detail it holds. */
export function detailEnergy(image: RgbImage, box: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height - 1; y++) {
    for (let x = box.x; x < box.x + box.width - 1; x++) {
      const i = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        sum += Math.abs((image.data[i + c] ?? 0) - (image.data[i + 3 + c] ?? 0));
        sum += Math.abs((image.data[i + c] ?? 0) - (image.data[i + image.width * 3 + c] ?? 0));
      }
    }
  }
  return sum;
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/**
 * Adds an `irot` property (rotation by `quarterTurns` × 90° anticlockwise, as iPhones write it) to the primary image of
 * a single-image HEIF from heif-enc (which cannot write one itself). Only the box layout heif-enc produces is handled:
 * iloc version 0 with absolute offsets, ipma version 0 with 7-bit indices.
 */
export function withHeifRotation(heif: Buffer, quarterTurns: 1 | 2 | 3): Buffer {
  const boxes = (start: number, end: number): Map<string, { at: number; size: number }> => {
    const found = new Map<string, { at: number; size: number }>();
    for (let at = start; at < end; ) {
      const size = heif.readUInt32BE(at);
      found.set(heif.toString('latin1', at + 4, at + 8), { at, size });
      at += size;
    }
    return found;
  };
  const top = boxes(0, heif.length);
  const meta = top.get('meta');
  const mdat = top.get('mdat');
  if (meta == null || mdat == null || mdat.at < meta.at) throw new Error('expected meta before mdat');
  const inMeta = boxes(meta.at + 12, meta.at + meta.size);
  const iprp = inMeta.get('iprp');
  const iloc = inMeta.get('iloc');
  const pitm = inMeta.get('pitm');
  if (iprp == null || iloc == null || pitm == null || iloc.at > iprp.at) throw new Error('unexpected HEIF layout');
  const inIprp = boxes(iprp.at + 8, iprp.at + iprp.size);
  const ipco = inIprp.get('ipco');
  const ipma = inIprp.get('ipma');
  if (ipco == null || ipma == null || ipma.at < ipco.at || heif.readUInt32BE(ipma.at + 8) !== 0) throw new Error('unexpected iprp');
  const primary = heif.readUInt16BE(pitm.at + 12);
  const propertyIndex = boxes(ipco.at + 8, ipco.at + ipco.size).size + 1;

  const out = Buffer.from(heif);
  const grow = 9 + 1; // the irot box, one more association byte
  // Absolute offsets into mdat move by `grow`.
  const sizes = out.readUInt8(iloc.at + 12);
  const offsetSize = sizes >> 4;
  const lengthSize = sizes & 0xf;
  const baseSize = out.readUInt8(iloc.at + 13) >> 4;
  let at = iloc.at + 14;
  const items = out.readUInt16BE(at);
  at += 2;
  const shift = (pos: number, bytes: number): void => {
    if (bytes === 4) out.writeUInt32BE(out.readUInt32BE(pos) + grow, pos);
    else if (bytes === 8) out.writeBigUInt64BE(out.readBigUInt64BE(pos) + BigInt(grow), pos);
  };
  for (let i = 0; i < items; i++) {
    at += 2 + 2; // item_ID, data_reference_index
    const base = baseSize === 0 ? 0 : baseSize === 4 ? out.readUInt32BE(at) : Number(out.readBigUInt64BE(at));
    if (base !== 0) shift(at, baseSize);
    at += baseSize;
    const extents = out.readUInt16BE(at);
    at += 2;
    for (let e = 0; e < extents; e++) {
      if (base === 0) shift(at, offsetSize);
      at += offsetSize + lengthSize;
    }
  }
  // ipma: find the primary item's entry and add one association.
  let p = ipma.at + 12;
  const entries = out.readUInt32BE(p);
  p += 4;
  let insertAt = -1;
  for (let e = 0; e < entries; e++) {
    const item = out.readUInt16BE(p);
    const count = out.readUInt8(p + 2);
    if (item === primary) {
      out.writeUInt8(count + 1, p + 2);
      insertAt = p + 3 + count;
    }
    p += 3 + count;
  }
  if (insertAt < 0) throw new Error('primary item has no properties');
  const irot = Buffer.alloc(9);
  irot.writeUInt32BE(9, 0);
  irot.write('irot', 4, 'latin1');
  irot.writeUInt8(quarterTurns, 8);
  const ipcoEnd = ipco.at + ipco.size;
  const patched = Buffer.concat([
    out.subarray(0, ipcoEnd),
    irot,
    out.subarray(ipcoEnd, insertAt),
    Buffer.from([0x80 | propertyIndex]),
    out.subarray(insertAt),
  ]);
  // Enclosing boxes grow: meta and iprp by both, ipco by the irot box, ipma by the association byte.
  patched.writeUInt32BE(meta.size + grow, meta.at);
  patched.writeUInt32BE(iprp.size + grow, iprp.at);
  patched.writeUInt32BE(ipco.size + 9, ipco.at);
  patched.writeUInt32BE(ipma.size + 1, ipma.at + 9);
  return patched;
}
