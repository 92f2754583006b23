/**
 * Pixel geometry every stage shares (faces, images, policy, report). Always in the photo as a person sees it: EXIF
 * orientation applied, top-left origin.
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Top-left origin, in pixels of the image named by the `imageSize` that travels with it. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An RGB image decoded into memory, orientation applied. `data` is width × height × 3 bytes. */
export interface RgbImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}
