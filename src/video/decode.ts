/**
 * Decodes a clip into upright frames, one at a time through a pipe: a clip is never held in memory whole. Each frame
 * carries its presentation time, so a variable frame rate survives the round trip. Frames come as RGB, or as the
 * clip's own yuv420p (half the bytes, and no conversion in FFmpeg) for the render.
 */
import { spawn } from 'node:child_process';
import type { RgbImage, Size } from '../geometry.js';
import { msg } from '../i18n/messages.js';
import { lastLines, passthroughArgs, type FfmpegTools } from './ffmpeg.js';
import { VideoReadError, type VideoInfo } from './probe.js';
import { yuvBytes, type YuvImage } from './yuv.js';

export interface Frame {
  /** 0-based, in display order. */
  readonly index: number;
  /** Presentation time in seconds, as the file stores it. */
  readonly time: number;
  readonly rgb: RgbImage;
}

export interface YuvFrame {
  readonly index: number;
  readonly time: number;
  readonly yuv: YuvImage;
}

/** The raw frame layouts the pipes carry. */
export type PixelFormat = 'rgb24' | 'yuv420p';

export function frameBytes(size: Size, format: PixelFormat): number {
  return format === 'rgb24' ? size.width * size.height * 3 : yuvBytes(size);
}

/** Every frame of the clip as RGB (see decodeRaw). */
export async function* decodeFrames(tools: FfmpegTools, info: VideoInfo): AsyncGenerator<Frame> {
  for await (const { index, time, data } of decodeRaw(tools, info, 'rgb24')) yield { index, time, rgb: { data, width: info.size.width, height: info.size.height } };
}

/** Every frame of the clip as yuv420p (see decodeRaw). */
export async function* decodeYuvFrames(tools: FfmpegTools, info: VideoInfo): AsyncGenerator<YuvFrame> {
  for await (const { index, time, data } of decodeRaw(tools, info, 'yuv420p')) yield { index, time, yuv: { data, width: info.size.width, height: info.size.height } };
}

/** showinfo's line per frame: "[Parsed_showinfo_0 @ 0x…] n:  12 pts:  12345 pts_time:0.41 …". */
const SHOWINFO = /\[Parsed_showinfo_\d+ @ [^\]]+\] n:\s*(\d+) pts:\s*(-?\d+|NOPTS)\s+pts_time:\s*(-?[\d.e+-]+|NOPTS).*? s:(\d+)x(\d+)/;

/**
 * Every frame of the clip's first video stream, upright (FFmpeg applies the rotation), in display order. Stops FFmpeg
 * when the caller stops early.
 * @throws VideoReadError when FFmpeg fails or the clip ends well before the container says it should (a cut-off file).
 */
async function* decodeRaw(tools: FfmpegTools, info: VideoInfo, format: PixelFormat): AsyncGenerator<{ index: number; time: number; data: Buffer }> {
  const { width, height } = info.size;
  const bytes = frameBytes(info.size, format);
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'info',
    '-i', info.file,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    ...passthroughArgs(tools),
    // showinfo after the rotation FFmpeg inserts: it prints each frame's timestamp as the frame leaves the graph.
    '-vf', 'showinfo',
    '-pix_fmt', format, '-f', 'rawvideo', 'pipe:1',
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const times: number[] = [];
  /** A frame of another size than the probe said (a rotation not applied, a size change mid-clip): never misread. */
  let wrongSize: string | null = null;
  const tail: string[] = [];
  let stderrDone = false;
  let wake: (() => void) | null = null;
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    pending += text;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = SHOWINFO.exec(line);
      if (m !== null) {
        times[Number(m[1])] = m[3] === 'NOPTS' ? NaN : Number(m[3]);
        if (Number(m[4]) !== width || Number(m[5]) !== height) wrongSize ??= `${m[4]} × ${m[5]}`;
      } else {
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    }
    wake?.();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      stderrDone = true;
      wake?.();
      resolve(code);
    });
    child.on('error', () => resolve(-1));
  });
  const timeOf = async (index: number): Promise<number> => {
    while (times[index] === undefined && !stderrDone) await new Promise<void>((r) => (wake = r));
    const t = times[index];
    // Without a timestamp (never seen from showinfo) the frame is placed after the one before it at the mean rate.
    if (t === undefined || Number.isNaN(t)) return index === 0 ? 0 : (times[index - 1] ?? 0) + 1 / (info.fps || 30);
    return t;
  };

  let index = 0;
  let frame = Buffer.allocUnsafe(bytes);
  let filled = 0;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(bytes - filled, chunk.length - offset);
        chunk.copy(frame, filled, offset, offset + take);
        filled += take;
        offset += take;
        if (filled === bytes) {
          const time = await timeOf(index);
          if (wrongSize !== null)
            throw new VideoReadError(info.file, msg.videoFiles.wrongFrameSize(wrongSize, width, height));
          yield { index, time, data: frame };
          index++;
          frame = Buffer.allocUnsafe(bytes);
          filled = 0;
        }
      }
    }
    const code = await exited;
    finished = true;
    if (code !== 0) throw new VideoReadError(info.file, msg.videoFiles.ffmpegStopped(lastLines(tail.join('\n'), 2)));
    if (index === 0) throw new VideoReadError(info.file, msg.videoFiles.noFrame);
    if (info.frameCount !== null && index < info.frameCount - Math.max(2, Math.ceil(info.frameCount * 0.01)))
      throw new VideoReadError(info.file, msg.videoFiles.endsEarly(index, info.frameCount));
  } finally {
    if (!finished) child.kill('SIGKILL');
  }
}
