/** The pictures the review page shows: the report's own thumbnails, and the scan's photos large enough to judge a face. */
import path from 'node:path';
import sharp from 'sharp';
import { loadPhoto } from '../images/load.js';
import { THUMB_DEFAULTS } from '../report/thumbs.js';

export const PHOTO_DEFAULTS = Object.freeze({
  /** Long side in pixels: a face of 40 px in a 12 MP photo stays about 20 px on screen, still recognisable to its teacher. */
  longSide: 2048,
  quality: 85,
});

/** The thumbnail report.html shows for photo `index` (thumbs.ts names them by their place in the report). */
export function thumbnailFile(reportDir: string, index: number): string {
  return path.join(reportDir, THUMB_DEFAULTS.folder, `${String(index + 1).padStart(4, '0')}.jpg`);
}

/**
 * The photo upright (so the report's boxes fit it), shrunk, as JPEG without metadata: the browser gets no GPS or
 * camera serial, and a HEIC from an iPhone shows in any browser.
 */
export async function photoForBrowser(file: string): Promise<Buffer> {
  const size = { width: PHOTO_DEFAULTS.longSide, height: PHOTO_DEFAULTS.longSide, fit: 'inside', withoutEnlargement: true } as const;
  try {
    return await sharp(file, { failOn: 'none' }).rotate().resize(size).jpeg({ quality: PHOTO_DEFAULTS.quality }).toBuffer();
  } catch {
    const { rgb } = await loadPhoto(file);
    return sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } }).resize(size).jpeg({ quality: PHOTO_DEFAULTS.quality }).toBuffer();
  }
}
