/** Turning a decided photo into the bytes that may be shared: faces anonymised, metadata gone. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Box, Size } from '../geometry.js';
import { anonymiseFacesInPlace, type AnonymiseStyle } from '../images/anonymise.js';
import { loadPhoto, readPhotoBytes, type LoadedPhoto } from '../images/load.js';
import { stripJpegMetadata } from '../images/strip.js';
import { encodePhoto } from '../images/write.js';
import { packageVersion } from '../version.js';

export interface RenderOptions {
  readonly style: AnonymiseStyle;
  readonly quality: number;
}

/**
 * Names everything the rendered bytes depend on: the photo's content, the faces to anonymise, the options, and the
 * code that renders (its source files, this version and libvips'). Equal keys give equal files, so a rerun may keep a
 * file placed under the same key instead of rendering it again.
 */
export function renderKey(contentHash: string, imageSize: Size, boxes: readonly Box[], options: RenderOptions): string {
  const renderer = rendererFingerprint();
  const what = JSON.stringify({ renderer, contentHash, imageSize, boxes: boxes.map((b) => [b.x, b.y, b.width, b.height]), style: options.style, quality: options.quality });
  return createHash('sha256').update(what).digest('hex');
}

let fingerprint: string | undefined;

/** The rendering code itself, hashed: a changed anonymiser or encoder renders every photo again, with no one to remember it. */
function rendererFingerprint(): string {
  if (fingerprint === undefined) {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const hash = createHash('sha256').update(`privacy-filter ${packageVersion()}, libvips ${sharp.versions.vips}`);
    for (const module of ['../images/anonymise', '../images/load', '../images/strip', '../images/write', './render']) {
      hash.update(readFileSync(new URL(`${module}${ext}`, import.meta.url)));
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

/**
 * Decodes the photo again (unless the caller still has it decoded: `decoded`, which is then overwritten), anonymises
 * `boxes` (measured on an image of `imageSize`) and encodes it without metadata.
 * An upright sRGB JPEG with nothing to anonymise is not re-encoded: its metadata segments are left out and its
 * compressed pixels copied, so it is published exactly as it was taken.
 * @param contentHash the sha256 of the bytes the faces were found in: only those bytes are rendered. `decoded` must
 *   have been decoded from them.
 * @throws PhotoReadError when the file no longer holds those bytes (replaced or edited during the scan).
 * @throws Error when the photo no longer has the size the faces were found on: the boxes would miss the faces.
 */
export async function renderPhoto(
  file: string,
  contentHash: string,
  imageSize: Size,
  boxes: readonly Box[],
  options: RenderOptions,
  decoded?: LoadedPhoto,
): Promise<{ data: Buffer; extension: string }> {
  // Read once, checked, and everything below is made from these bytes.
  const bytes = boxes.length === 0 || decoded === undefined ? await readPhotoBytes(file, contentHash) : null;
  if (boxes.length === 0 && bytes !== null) {
    const unchanged = await copyWithoutMetadata(bytes, imageSize);
    if (unchanged != null) return { data: unchanged, extension: '.jpg' };
  }
  const photo = decoded ?? (await loadPhoto(file, bytes ?? undefined));
  if (photo.rgb.width !== imageSize.width || photo.rgb.height !== imageSize.height) {
    throw new Error(
      `the photo is ${photo.rgb.width}×${photo.rgb.height} but its faces were found on ${imageSize.width}×${imageSize.height}; run again with --no-cache`,
    );
  }
  // The decoded photo is this function's own: anonymising it in place saves a 36 MB copy per 12 MP photo.
  anonymiseFacesInPlace(photo.rgb, boxes, options.style);
  return encodePhoto(photo, { quality: options.quality });
}

/** The JPEG's own bytes less its metadata, when that shows the same upright image the faces were found on; else null. */
async function copyWithoutMetadata(bytes: Buffer, imageSize: Size): Promise<Buffer | null> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return null;
  }
  // The orientation tag leaves with the EXIF segment, so only photos stored upright qualify; CMYK and other colour
  // spaces go through the decoder, which turns them into what every viewer shows the same way.
  const upright = (meta.orientation ?? 1) === 1;
  const plain = meta.format === 'jpeg' && (meta.space === 'srgb' || meta.space === 'b-w') && (meta.channels === 3 || meta.channels === 1);
  if (!upright || !plain || meta.width !== imageSize.width || meta.height !== imageSize.height) return null;
  return stripJpegMetadata(bytes);
}
