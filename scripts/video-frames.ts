/**
 * Frame-by-frame checks of a published clip against the frames it was made from (the video tests and
 * `npm run eval -- video` use them).
 */
import { intersectionArea, type Box, type RgbImage } from '../src/geometry.js';
import { decodeFrames } from '../src/video/decode.js';
import type { FfmpegTools } from '../src/video/ffmpeg.js';
import { probeVideo } from '../src/video/probe.js';
import { frameCount, renderFrame, truthBoxes, type ClipSpec } from './video-clips.js';

/** The middle 60 % of a box, inside the frame; null when less than `minSide` pixels of it are visible. */
function core(box: Box, width: number, height: number, minSide: number): Box | null {
  const x0 = Math.max(0, Math.ceil(box.x + 0.2 * box.width));
  const y0 = Math.max(0, Math.ceil(box.y + 0.2 * box.height));
  const x1 = Math.min(width, Math.floor(box.x + 0.8 * box.width));
  const y1 = Math.min(height, Math.floor(box.y + 0.8 * box.height));
  if (Math.min(box.width, box.height) < minSide || x1 - x0 < 0.3 * minSide || y1 - y0 < 0.3 * minSide) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Mean absolute Laplacian of grey: the fine detail a recogniser (or a person) reads a face from. */
export function detail(rgb: { data: Buffer; width: number }, box: Box): number {
  const grey = (x: number, y: number): number => {
    const i = (y * rgb.width + x) * 3;
    return 0.299 * rgb.data[i]! + 0.587 * rgb.data[i + 1]! + 0.114 * rgb.data[i + 2]!;
  };
  let sum = 0;
  let n = 0;
  for (let y = box.y + 1; y < box.y + box.height - 1; y++) {
    for (let x = box.x + 1; x < box.x + box.width - 1; x++) {
      sum += Math.abs(4 * grey(x, y) - grey(x - 1, y) - grey(x + 1, y) - grey(x, y - 1) - grey(x, y + 1));
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

export function meanDifference(a: Buffer, b: Buffer, width: number, box: Box): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let i = (y * width + box.x) * 3, end = (y * width + box.x + box.width) * 3; i < end; i++) sum += Math.abs(a[i]! - b[i]!);
  }
  return sum / (box.width * box.height * 3);
}

export interface FrameCheck {
  readonly frames: number;
  /** Hidden-face regions checked, and those where the face still shows (detail kept, little change). */
  readonly hiddenChecked: number;
  readonly hiddenFailures: string[];
  /** Of those failures, the ones with at least half the face's box in the picture (not a sliver at the edge). */
  readonly hiddenFailuresHalfIn: number;
  readonly keptChecked: number;
  readonly keptFailures: string[];
  /** Frames where at least one face to hide was checked, and those of them where every such face was hidden. */
  readonly framesWithHidden: number;
  readonly framesAllHidden: number;
}

/**
 * Decodes `published` and compares every frame with the frame the clip was made from: a face that must be hidden
 * has lost most of its fine detail on EVERY frame where at least `minSide` pixels of it show; a kept face stays close
 * to its source.
 */
export async function checkEveryFrame(tools: FfmpegTools, spec: ClipSpec, published: string, minSide = 16): Promise<FrameCheck> {
  const info = await probeVideo(published, { tools });
  let hiddenChecked = 0;
  let keptChecked = 0;
  const hiddenFailures: string[] = [];
  const keptFailures: string[] = [];
  let frames = 0;
  let framesWithHidden = 0;
  let framesAllHidden = 0;
  let hiddenFailuresHalfIn = 0;
  for await (const frame of decodeFrames(tools, info)) {
    const n = frame.index;
    if (n >= frameCount(spec)) break;
    frames++;
    const source = await renderFrame(spec, n);
    const src: RgbImage = { data: source, width: spec.width, height: spec.height };
    let hiddenHere = 0;
    let showingHere = 0;
    for (const face of truthBoxes(spec, n)) {
      const box = core(face.box, spec.width, spec.height, minSide);
      if (box === null) continue;
      const before = detail(src, box);
      const after = detail(frame.rgb, box);
      const diff = meanDifference(source, frame.rgb.data, spec.width, box);
      const where = `frame ${n} face at ${Math.round(face.box.x)},${Math.round(face.box.y)} ${Math.round(face.box.width)} px: detail ${before.toFixed(1)} → ${after.toFixed(1)}, change ${diff.toFixed(1)}`;
      // A kept face is checked only where it is wholly in the picture and not about to leave it (half a width from
      // the edge): half a face at the edge cannot be recognised, so it is hidden there, and the hiding reaches a few
      // frames back, as for every face whose detection the tracker could not link (fail safe).
      const m = 0.5 * face.box.width;
      const whole = face.box.x >= m && face.box.y >= 0 && face.box.x + face.box.width <= spec.width - m && face.box.y + face.box.height <= spec.height;
      if (face.kept && !whole) continue;
      if (face.kept) {
        keptChecked++;
        if (diff > 10 || after < 0.5 * before) keptFailures.push(where);
      } else {
        hiddenChecked++;
        hiddenHere++;
        if (after > 0.35 * before) {
          const inside = intersectionArea(face.box, { x: 0, y: 0, width: spec.width, height: spec.height }) / (face.box.width * face.box.height);
          hiddenFailures.push(`${where}, ${Math.round(100 * inside)} % in the picture`);
          if (inside >= 0.5) hiddenFailuresHalfIn++;
          showingHere++;
        }
      }
    }
    if (hiddenHere > 0) framesWithHidden++;
    if (hiddenHere > 0 && showingHere === 0) framesAllHidden++;
  }
  return { frames, hiddenChecked, hiddenFailures, hiddenFailuresHalfIn, keptChecked, keptFailures, framesWithHidden, framesAllHidden };
}
