/**
 * A clip on the review page, which shows a picture with the report's boxes on it: one frame of the clip with, inside
 * each track's box, that track's face as its best view showed it. So every box frames its own face (each track's box
 * is on its own frame), and the page, the People view's crops and `correct` address a clip's tracks exactly as the
 * faces of a photo. Made from the original, unblurred, for the teacher's eyes only, like the report's thumbnails.
 */
import sharp from 'sharp';
import type { Box, Size } from '../geometry.js';
import type { ReportFace } from '../report/decode.js';
import { findFfmpeg } from '../video/ffmpeg.js';
import { clipStill } from '../video/still.js';

/** The picture as a raw upright frame of `size`, PNG-encoded: the caller shrinks or crops it like a photo. */
export async function clipPicture(file: string, faces: readonly ReportFace[], size: Size): Promise<Buffer> {
  const tools = await findFfmpeg();
  const stills = new Map<number, Promise<Buffer>>();
  const still = (at: number): Promise<Buffer> => {
    let frame = stills.get(at);
    if (frame === undefined) {
      frame = clipStill(tools, file, at);
      stills.set(at, frame);
    }
    return frame;
  };
  const base = await still(faces[0]?.track?.at ?? 0);
  const patches: sharp.OverlayOptions[] = [];
  for (const face of faces) {
    if (face.track == null) continue;
    const region = inside(face.box, size);
    if (region === null) continue;
    const input = await sharp(await still(face.track.at)).extract(region).png().toBuffer();
    patches.push({ input, left: region.left, top: region.top });
  }
  return sharp(base).composite(patches).png().toBuffer();
}

/** A frame of a published clip, as PNG. */
export async function publishedStill(file: string, at: number): Promise<Buffer> {
  return clipStill(await findFfmpeg(), file, at);
}

/** The box in whole pixels inside the frame; null when nothing of it is. */
function inside(box: Box, size: Size): { left: number; top: number; width: number; height: number } | null {
  const left = Math.max(0, Math.floor(box.x));
  const top = Math.max(0, Math.floor(box.y));
  const right = Math.min(size.width, Math.ceil(box.x + box.width));
  const bottom = Math.min(size.height, Math.ceil(box.y + box.height));
  return right - left < 1 || bottom - top < 1 ? null : { left, top, width: right - left, height: bottom - top };
}
