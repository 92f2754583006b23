/** The detector's settings for video frames, which differ from photos' in one way: no upscaled levels. */
import type { DetectionParams } from '../faces/detector.js';
import type { Size } from '../geometry.js';

/**
 * The finest level a video frame is searched at is at most this long. Photos below 2048 px are also searched
 * upscaled (×2, ×√2) for faces of 10–20 px; on a 1080p frame that is a 4K pass on every detection frame, 14× the time
 * (measured: 2.5 s of CPU a frame, against 176 ms at 0.75 without), which no clip can afford. At 1440 px YuNet still
 * finds faces of about 15 px: 20 px in a 1080p frame, 40 px in 4K, where a phone clip's faces mostly are.
 */
export const VIDEO_FINEST_SIDE = 1440;

/** createDetector({ params: videoDetectionParams(info.size) }) for a clip of this size. */
export function videoDetectionParams(size: Size): Partial<DetectionParams> {
  const longSide = Math.max(size.width, size.height);
  return { upscaleBelow: 0, finestScale: Math.min(1, VIDEO_FINEST_SIDE / longSide) };
}
