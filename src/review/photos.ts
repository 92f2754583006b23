/** The pictures the review page shows: the report's own thumbnails, and the scan's photos large enough to judge a face. */
import path from 'node:path';
import sharp from 'sharp';
import type { Box, Size } from '../geometry.js';
import { loadPhoto } from '../images/load.js';
import { THUMB_DEFAULTS } from '../report/thumbs.js';

export const PHOTO_DEFAULTS = Object.freeze({
  /** Long side in pixels: a face of 40 px in a 12 MP photo stays about 20 px on screen, still recognisable to its teacher. */
  longSide: 2048,
  quality: 85,
  /** A face crop's side in pixels: the People view shows it at 88 CSS pixels, sharp on a screen of twice the density. */
  cropSide: 176,
  /** The crop is this much wider than the face's box, so hair and chin tell people apart too. */
  cropMargin: 1.3,
});

/** The square around `box` a crop shows, inside the photo (shifted, never shrunk, at an edge when the photo allows). */
export function cropRegion(box: Box, size: Size): { left: number; top: number; width: number; height: number } {
  const side = Math.max(1, Math.min(size.width, size.height, Math.round(Math.max(box.width, box.height) * PHOTO_DEFAULTS.cropMargin)));
  const clamp = (start: number, extent: number): number => Math.max(0, Math.min(extent - side, Math.round(start)));
  return { left: clamp(box.x + box.width / 2 - side / 2, size.width), top: clamp(box.y + box.height / 2 - side / 2, size.height), width: side, height: side };
}

/**
 * One face of a photo as a small square JPEG without metadata, for the People view: a group of 40 faces loads 40 small
 * crops, not 40 whole photos. `box` and `size` are the report's, in the upright photo's pixels.
 */
export async function faceCropForBrowser(file: string | Buffer, box: Box, size: Size): Promise<Buffer> {
  const region = cropRegion(box, size);
  const out = { width: PHOTO_DEFAULTS.cropSide, height: PHOTO_DEFAULTS.cropSide, fit: 'cover' } as const;
  try {
    // rotate() before extract(): the box is in the upright photo's pixels.
    return await sharp(file, { failOn: 'none' }).rotate().extract(region).resize(out).jpeg({ quality: PHOTO_DEFAULTS.quality }).toBuffer();
  } catch (caught) {
    // A picture already decoded (a clip's, src/review/clip-picture.ts) has no other way in.
    if (typeof file !== 'string') throw caught;
    const { rgb } = await loadPhoto(file);
    return sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } }).extract(region).resize(out).jpeg({ quality: PHOTO_DEFAULTS.quality }).toBuffer();
  }
}

/** The thumbnail report.html shows for photo `index` (thumbs.ts names them by their place in the report). */
export function thumbnailFile(reportDir: string, index: number): string {
  return path.join(reportDir, THUMB_DEFAULTS.folder, `${String(index + 1).padStart(4, '0')}.jpg`);
}

/**
 * The photo upright (so the report's boxes fit it), shrunk, as JPEG without metadata: the browser gets no GPS or
 * camera serial, and a HEIC from an iPhone shows in any browser.
 */
export async function photoForBrowser(file: string | Buffer): Promise<Buffer> {
  const size = { width: PHOTO_DEFAULTS.longSide, height: PHOTO_DEFAULTS.longSide, fit: 'inside', withoutEnlargement: true } as const;
  try {
    return await sharp(file, { failOn: 'none' }).rotate().resize(size).jpeg({ quality: PHOTO_DEFAULTS.quality }).toBuffer();
  } catch (caught) {
    if (typeof file !== 'string') throw caught;
    const { rgb } = await loadPhoto(file);
    return sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } }).resize(size).jpeg({ quality: PHOTO_DEFAULTS.quality }).toBuffer();
  }
}
