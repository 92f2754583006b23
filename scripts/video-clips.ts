/**
 * Test and bench clips made from still photos, with the exact place of every face on every frame: each frame is cut
 * from the photo here (a pan, a zoom, a second photo after a cut, a face crossing the picture) and handed to FFmpeg
 * with its own timestamp, so the truth is known without trusting the tool under test.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Box, RgbImage } from '../src/geometry.js';
import { lastLines, run, type FfmpegTools } from '../src/video/ffmpeg.js';
import { mkvFrameHeader, mkvHeader } from '../src/video/mkv.js';

export interface StillPhoto {
  readonly rgb: RgbImage;
  /** Where its faces are, in its own pixels, and whether each may be shown (a consented pupil). */
  readonly faces: readonly Box[];
  readonly kept?: readonly boolean[];
}

export async function readStill(file: string, faces: readonly Box[] = []): Promise<StillPhoto> {
  const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: { data, width: info.width, height: info.height }, faces };
}

/** A face on one frame of a made clip. */
export interface TruthFace {
  readonly box: Box;
  readonly kept: boolean;
}

/** The part of a photo a frame shows (in the photo's pixels); it is stretched to the frame. */
export interface View {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Shot {
  readonly photo: StillPhoto;
  readonly frames: number;
  /** What frame k of the shot (0-based) shows. */
  readonly view: (k: number) => View;
  /** A second photo pasted on top (a person walking through): its size in frame pixels and top-left per frame. */
  readonly walker?: { readonly photo: StillPhoto; readonly width: number; readonly at: (k: number) => { x: number; y: number } };
}

export interface ClipSpec {
  readonly width: number;
  readonly height: number;
  readonly shots: readonly Shot[];
  /** Presentation time of frame n in seconds (variable frame rates); default n / fps. */
  readonly time?: (n: number) => number;
  readonly fps: number;
  /** A tone under the picture, AAC. */
  readonly audio: boolean;
  /** Codec and container arguments; default H.264 in MP4. */
  readonly encode?: readonly string[];
  /** Stored sideways and marked to be turned 90° clockwise when shown (a phone held upright). */
  readonly rotate90?: boolean;
  /** Further output arguments (metadata to be removed, …). */
  readonly extra?: readonly string[];
  /** Further inputs before the frames (a subtitle file …), mapped by `extra`. */
  readonly inputs?: readonly string[];
}

/** Where each face is on frame n, in the upright frame's pixels (may reach beyond the frame's edges). */
export function truthBoxes(spec: ClipSpec, n: number): TruthFace[] {
  let k = n;
  for (const shot of spec.shots) {
    if (k < shot.frames) {
      const v = shot.view(k);
      const sx = spec.width / v.width;
      const sy = spec.height / v.height;
      const p = shot.photo;
      const boxes = p.faces.map((b, i) => ({ box: { x: (b.x - v.x) * sx, y: (b.y - v.y) * sy, width: b.width * sx, height: b.height * sy }, kept: p.kept?.[i] ?? false }));
      if (shot.walker !== undefined) {
        const at = shot.walker.at(k);
        const w = shot.walker.photo;
        const s = shot.walker.width / w.rgb.width;
        boxes.push(...w.faces.map((b, i) => ({ box: { x: at.x + b.x * s, y: at.y + b.y * s, width: b.width * s, height: b.height * s }, kept: w.kept?.[i] ?? false })));
      }
      return boxes;
    }
    k -= shot.frames;
  }
  return [];
}

export function frameCount(spec: ClipSpec): number {
  return spec.shots.reduce((n, s) => n + s.frames, 0);
}

/** Frame n as the clip shows it (before any encoding). */
export async function renderFrame(spec: ClipSpec, n: number): Promise<Buffer> {
  let k = n;
  for (const shot of spec.shots) {
    if (k < shot.frames) {
      const v = shot.view(k);
      const { rgb } = shot.photo;
      const left = Math.max(0, Math.round(v.x));
      const top = Math.max(0, Math.round(v.y));
      const region = { left, top, width: Math.min(rgb.width - left, Math.round(v.width)), height: Math.min(rgb.height - top, Math.round(v.height)) };
      const frame = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
        .extract(region)
        .resize(spec.width, spec.height, { fit: 'fill' })
        .raw()
        .toBuffer();
      if (shot.walker !== undefined) await paste(frame, spec, shot.walker, k);
      return frame;
    }
    k -= shot.frames;
  }
  throw new RangeError(`frame ${n} beyond the clip`);
}

async function paste(frame: Buffer, spec: ClipSpec, walker: NonNullable<Shot['walker']>, k: number): Promise<void> {
  const { rgb } = walker.photo;
  const height = Math.round((rgb.height * walker.width) / rgb.width);
  const small = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } }).resize(walker.width, height, { fit: 'fill' }).raw().toBuffer();
  const at = walker.at(k);
  const ox = Math.round(at.x);
  const oy = Math.round(at.y);
  for (let y = 0; y < height; y++) {
    const fy = oy + y;
    if (fy < 0 || fy >= spec.height) continue;
    for (let x = 0; x < walker.width; x++) {
      const fx = ox + x;
      if (fx < 0 || fx >= spec.width) continue;
      small.copy(frame, (fy * spec.width + fx) * 3, (y * walker.width + x) * 3, (y * walker.width + x) * 3 + 3);
    }
  }
}

/** Writes the clip with the packaged FFmpeg; frames go through the same Matroska pipe the filter uses. */
export async function writeClip(tools: FfmpegTools, spec: ClipSpec, out: string): Promise<void> {
  const total = frameCount(spec);
  const time = spec.time ?? ((n: number) => n / spec.fps);
  const seconds = time(total - 1) + 1 / spec.fps;
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'matroska', '-i', 'pipe:0',
    ...(spec.audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds.toFixed(3)}`] : []),
    ...(spec.inputs ?? []),
    '-map', '0:v', ...(spec.audio ? ['-map', '1:a', '-c:a', 'aac', '-b:a', '96k'] : []),
    ...(spec.rotate90 ? ['-vf', 'transpose=2'] : []),
    '-vsync', 'passthrough',
    ...(spec.encode ?? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-f', 'mp4']),
    ...(spec.extra ?? []),
    spec.rotate90 ? `${out}.sideways${path.extname(out)}` : out,
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`making ${out} failed: ${lastLines(stderr)}`))));
  });
  const write = (b: Buffer): Promise<void> => new Promise((resolve) => (child.stdin.write(b) ? resolve() : child.stdin.once('drain', () => resolve())));
  await write(mkvHeader(spec.width, spec.height));
  for (let n = 0; n < total; n++) {
    const frame = await renderFrame(spec, n);
    await write(mkvFrameHeader(Math.round(time(n) * 1e6), frame.length));
    await write(frame);
  }
  child.stdin.end();
  await done;
  if (spec.rotate90) {
    // FFmpeg drops a rotate tag on encoding; set on a stream copy, it becomes the display matrix phones write.
    const sideways = `${out}.sideways${path.extname(out)}`;
    await run(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', sideways, '-map', '0', '-c', 'copy', '-metadata:s:v:0', 'rotate=270', out]);
    await rm(sideways);
  }
}

/** A view of the photo at `zoom` (1 = the whole photo's width at the clip's aspect), centred on (cx, cy) in 0–1. */
export function viewAt(photo: StillPhoto, aspect: number, zoom: number, cx: number, cy: number): View {
  const width = Math.min(photo.rgb.width, photo.rgb.height * aspect) / zoom;
  const height = width / aspect;
  const x = Math.min(Math.max(0, cx * photo.rgb.width - width / 2), photo.rgb.width - width);
  const y = Math.min(Math.max(0, cy * photo.rgb.height - height / 2), photo.rgb.height - height);
  return { x, y, width, height };
}
