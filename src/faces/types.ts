import type { Box, Point } from '../geometry.js';

/** YuNet's five landmarks, in this order: right eye, left eye (as seen in the picture: left-most first), nose tip, mouth corners. */
export type Landmarks5 = readonly [Point, Point, Point, Point, Point];

export interface Detection {
  readonly box: Box;
  /** Detector confidence, 0..1. */
  readonly score: number;
  readonly landmarks: Landmarks5;
}

/** A 128-d face descriptor from face-api's recognition net. */
export type Descriptor = Float32Array;
