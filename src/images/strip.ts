/**
 * A JPEG published as it is need not be decoded and encoded again: copying its compressed image data and leaving out
 * the metadata segments gives exactly the pixels that were analysed, with no second generation of JPEG loss, in a
 * few milliseconds instead of a few hundred.
 *
 * Kept: the segments a decoder needs (quantisation and Huffman tables, frame, scans, restart intervals), the colour
 * profile (APP2 ICC_PROFILE), Adobe's colour-transform flag (APP14) and a JFIF header without thumbnail.
 * Left out: EXIF (GPS, serial numbers, dates, the thumbnail), XMP (face regions and names), IPTC/Photoshop, comments,
 * maker segments, MPF (and the extra images it points to after the end of the first), anything after EOI.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;

/** Segment markers with no length field. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);
/** Decoder segments: DQT, DHT, DAC, DRI, SOF0-15 (except DHT/JPG/DAC, listed apart), DNL, DHP, EXP. */
const DECODER_SEGMENTS = new Set([0xdb, 0xc4, 0xcc, 0xdd, 0xdc, 0xde, 0xdf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function startsWith(data: Buffer, at: number, text: string): boolean {
  return data.toString('latin1', at, at + text.length) === text;
}

function keepApp(marker: number, data: Buffer, body: number, end: number): boolean | 'unsafe' {
  if (marker === APP2) return startsWith(data, body, 'ICC_PROFILE\0');
  if (marker === APP14) return startsWith(data, body, 'Adobe');
  if (marker === APP0 && startsWith(data, body, 'JFIF\0')) {
    // A JFIF header may carry a thumbnail of the unblurred photo: then this is no job for a segment copy.
    const xThumb = end - body > 12 ? data[body + 12] : 0;
    const yThumb = end - body > 13 ? data[body + 13] : 0;
    return xThumb === 0 && yThumb === 0 ? true : 'unsafe';
  }
  return false;
}

/**
 * The JPEG without its metadata, or null when it cannot be done safely by copying segments (not a JPEG, malformed,
 * a JFIF thumbnail): the caller then re-encodes. The caller must also make sure the photo needs no rotation
 * (EXIF orientation 1), since the orientation tag goes with the EXIF segment.
 */
export function stripJpegMetadata(data: Buffer): Buffer | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== SOI) return null;
  const parts: Buffer[] = [data.subarray(0, 2)];
  let at = 2;
  while (at < data.length) {
    if (data[at] !== 0xff) return null;
    let markerAt = at;
    while (data[markerAt + 1] === 0xff) markerAt += 1; // fill bytes
    const marker = data[markerAt + 1];
    if (marker === undefined) return null;
    if (marker === EOI) {
      parts.push(Buffer.from([0xff, EOI]));
      return Buffer.concat(parts);
    }
    if (STANDALONE.has(marker)) {
      at = markerAt + 2;
      continue;
    }
    if (markerAt + 3 >= data.length) return null;
    const length = data.readUInt16BE(markerAt + 2);
    if (length < 2) return null;
    const end = markerAt + 2 + length;
    if (end > data.length) return null;
    if (marker === SOS) {
      // The scan's entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      let scanEnd = end;
      while (scanEnd < data.length - 1) {
        if (data[scanEnd] === 0xff) {
          const next = data[scanEnd + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        scanEnd += 1;
      }
      if (scanEnd >= data.length - 1) return null; // truncated: no EOI
      parts.push(data.subarray(markerAt, scanEnd));
      at = scanEnd;
      continue;
    }
    if (DECODER_SEGMENTS.has(marker)) {
      parts.push(data.subarray(markerAt, end));
    } else if (marker >= APP0 && marker <= 0xef) {
      const keep = keepApp(marker, data, markerAt + 4, end);
      if (keep === 'unsafe') return null;
      if (keep) parts.push(data.subarray(markerAt, end));
    } else if (marker !== 0xfe) {
      // An unknown segment (not a comment): better re-encode than guess what it holds.
      return null;
    }
    at = end;
  }
  return null;
}
