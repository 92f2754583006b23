/** Pixel sizes and positions, always in the photo as a person sees it (EXIF orientation applied). */
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

/** YuNet's five landmarks, in this order: right eye, left eye (as seen in the picture: left-most first), nose tip, mouth corners. */
export type Landmarks5 = readonly [Point, Point, Point, Point, Point];

export interface Detection {
  readonly box: Box;
  /** Detector confidence, 0..1. */
  readonly score: number;
  readonly landmarks: Landmarks5;
}

/** All faces found in one photo, with the size of the image their boxes refer to. */
export interface PhotoDetections {
  readonly imageSize: Size;
  readonly faces: readonly Detection[];
}

/** A 128-d face descriptor from face-api's recognition net. */
export type Descriptor = Float32Array;

/** An RGB image decoded into memory, orientation applied. `data` is width × height × 3 bytes. */
export interface RgbImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}
