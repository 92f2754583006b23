/** Turning a decided photo into the bytes that may be shared: faces anonymised, metadata gone. */
import type { Box, Size } from '../faces/types.js';
import { anonymiseFaces, type AnonymiseStyle } from '../images/anonymise.js';
import { loadPhoto } from '../images/load.js';
import { encodePhoto } from '../images/write.js';

export interface RenderOptions {
  readonly style: AnonymiseStyle;
  readonly quality: number;
}

/**
 * Decodes the photo again, anonymises `boxes` (measured on an image of `imageSize`) and encodes it without metadata.
 * @throws Error when the photo no longer has the size the faces were found on: the boxes would miss the faces.
 */
export async function renderPhoto(
  file: string,
  imageSize: Size,
  boxes: readonly Box[],
  options: RenderOptions,
): Promise<{ data: Buffer; extension: string }> {
  const photo = await loadPhoto(file);
  if (photo.rgb.width !== imageSize.width || photo.rgb.height !== imageSize.height) {
    throw new Error(
      `the photo is ${photo.rgb.width}×${photo.rgb.height} but its faces were found on ${imageSize.width}×${imageSize.height}; run again with --no-cache`,
    );
  }
  const rgb = boxes.length > 0 ? anonymiseFaces(photo.rgb, boxes, options.style) : photo.rgb;
  return encodePhoto({ ...photo, rgb }, { quality: options.quality });
}
