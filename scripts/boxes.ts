/** What the bench and the detection eval both do with boxes they compare: one overlap rule, one crop to look at. */
import sharp from 'sharp';
import type { Box } from '../src/geometry.js';

/**
 * Intersection over the smaller box's area: above 0.5, two boxes are the same face found twice (a tighter or
 * shifted box on the same face is no loss); a box with 0.2–0.5 lies beside one, shifted off a face or between two.
 */
export function overlapOfSmaller(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.min(a.width * a.height, b.width * b.height) : 0;
}

/** A PNG of `box` and its own size again on every side, scaled into `size` × `size`, the box drawn in red. */
export async function writeMarkedCrop(image: sharp.Sharp, box: Box, file: string, size = 192): Promise<void> {
  const { width = 0, height = 0 } = await image.metadata();
  const pad = Math.max(box.width, box.height);
  const left = Math.max(0, Math.floor(box.x - pad));
  const top = Math.max(0, Math.floor(box.y - pad));
  const cropWidth = Math.min(width - left, Math.ceil(box.width + 2 * pad));
  const cropHeight = Math.min(height - top, Math.ceil(box.height + 2 * pad));
  const { data, info } = await image
    .extract({ left, top, width: cropWidth, height: cropHeight })
    .resize(size, size, { fit: 'inside' })
    .png()
    .toBuffer({ resolveWithObject: true });
  const k = info.width / cropWidth;
  const mark =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${info.height}">` +
    `<rect x="${(box.x - left) * k}" y="${(box.y - top) * k}" width="${box.width * k}" height="${box.height * k}" fill="none" stroke="red" stroke-width="2"/></svg>`;
  await sharp(data).composite([{ input: Buffer.from(mark) }]).png().toFile(file);
}
