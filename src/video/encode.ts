/**
 * Encodes rendered frames into the published clip: H.264 at a quality close to the source, the original sound copied
 * as it is (or left out), the frames' own timing, upright pixels, and no metadata at all. Frames go to FFmpeg through a
 * pipe as they are rendered.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { frameBytes, type PixelFormat } from './decode.js';
import { lastLines, passthroughArgs, type FfmpegTools } from './ffmpeg.js';
import { mkvFrameHeader, mkvHeader } from './mkv.js';
import type { VideoInfo } from './probe.js';

export const ENCODE_DEFAULTS = Object.freeze({
  /**
   * x264's constant quality: 18 is about visually lossless, 23 its default. At 20 with `preset` superfast a clip stays
   * closer to its source than at veryfast (SSIM 0.986 against 0.980 on the bench's 1080p clip) for 60 % of the
   * encoder's CPU time, at about twice the file size; 22 would match veryfast's size but softens small faces of a 360p
   * clip past what the kept-face test allows. The anonymised patches, being smooth, cost almost nothing.
   */
  crf: 20,
  /** The encoder must keep up with a 1080p30 clip on two cores beside detection (docs/video.md, Speed). */
  preset: 'superfast',
});

export interface EncodeOptions {
  /** Leave the sound out (speech can name a child). */
  readonly mute: boolean;
  readonly crf?: number;
  readonly preset?: string;
  /** The frames' layout on the pipe; yuv420p (what x264 encodes) spares FFmpeg a conversion. Default rgb24. */
  readonly format?: PixelFormat;
}

/** The output container for an input file: the same kind where H.264 fits, else MP4. */
export function outputFormat(inputFile: string): { format: 'mp4' | 'mov' | '3gp' | 'matroska'; extension: string } {
  const ext = path.extname(inputFile).toLowerCase();
  switch (ext) {
    case '.mov':
      return { format: 'mov', extension: ext };
    case '.mp4':
    case '.m4v':
      return { format: 'mp4', extension: ext };
    case '.3gp':
      return { format: '3gp', extension: ext };
    case '.mkv':
      return { format: 'matroska', extension: ext };
    default:
      // .avi and .webm cannot hold H.264 well (AVI has no B-frame timing, WebM no H.264 at all).
      return { format: 'mp4', extension: '.mp4' };
  }
}

/** Audio codecs each container takes as they are; any other sound is re-encoded to AAC. */
const COPYABLE_AUDIO: Record<ReturnType<typeof outputFormat>['format'], ReadonlySet<string>> = {
  mp4: new Set(['aac', 'mp3', 'alac', 'ac3', 'eac3', 'opus', 'flac']),
  mov: new Set(['aac', 'mp3', 'alac', 'ac3', 'eac3', 'pcm_s16le', 'pcm_s16be', 'pcm_s24le']),
  '3gp': new Set(['aac', 'amr_nb', 'amr_wb']),
  matroska: new Set(['aac', 'mp3', 'opus', 'vorbis', 'flac', 'ac3', 'eac3', 'alac', 'pcm_s16le']),
};

/** The FFmpeg arguments that write the clip (exported for tests: the metadata rules are read here). */
export function encoderArgs(tools: FfmpegTools, info: VideoInfo, outputFile: string, options: EncodeOptions): string[] {
  const { format } = outputFormat(info.file);
  const withAudio = info.hasAudio && !options.mute;
  const copyAudio = info.audioCodecs.every((c) => COPYABLE_AUDIO[format].has(c));
  const mp4Family = format !== 'matroska';
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'matroska', '-i', 'pipe:0',
    ...(withAudio ? ['-i', info.file] : []),
    // The source's timestamps as they are, so the sound stays in step with the frames.
    '-copyts',
    // Explicit maps: only the rendered picture and the sound. No timed metadata, data, subtitle or cover streams.
    '-map', '0:v:0',
    ...(withAudio ? ['-map', '1:a'] : []),
    '-c:v', 'libx264', '-preset', options.preset ?? ENCODE_DEFAULTS.preset, '-crf', String(options.crf ?? ENCODE_DEFAULTS.crf),
    '-pix_fmt', 'yuv420p',
    ...passthroughArgs(tools),
    ...(withAudio ? (copyAudio ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '160k']) : []),
    // No metadata: none from the file, none from any stream, no chapters, no encoder name or creation time.
    '-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1', '-map_chapters', '-1',
    '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact',
    ...(mp4Family ? ['-video_track_timescale', '90000', '-movflags', '+faststart'] : []),
    '-f', format, outputFile,
  ];
}

export interface ClipEncoder {
  /**
   * Adds the next frame (the clip's upright size, in the encoder's format); resolves when FFmpeg has taken it
   * (back-pressure keeps memory flat).
   */
  write(frame: { time: number; data: Buffer }): Promise<void>;
  /** Ends the stream and waits for FFmpeg to finish the file. */
  finish(): Promise<void>;
  /** Stops FFmpeg; the caller removes the half-written file. */
  abort(): void;
}

/** Starts FFmpeg writing `outputFile` (a temporary file: see writeAtomicallyWith). */
export function startEncoder(tools: FfmpegTools, info: VideoInfo, outputFile: string, options: EncodeOptions): ClipEncoder {
  const child: ChildProcessByStdio<Writable, null, Readable> = spawn(tools.ffmpeg, encoderArgs(tools, info, outputFile, options), {
    stdio: ['pipe', 'ignore', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (t: string) => (stderr = (stderr + t).slice(-4000)));
  let failure: Error | null = null;
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => {
      failure = e;
      reject(e);
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        failure = new Error(`FFmpeg could not write the video: ${lastLines(stderr) || `exit ${code}`}`);
        reject(failure);
      }
    });
  });
  exited.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  let started = false;
  let lastMicros = -1;
  const push = (data: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      if (failure !== null) return reject(failure);
      if (child.stdin.write(data)) return resolve();
      const onDrain = (): void => {
        child.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        child.stdin.off('drain', onDrain);
        reject(failure ?? new Error('FFmpeg stopped before the video was written'));
      };
      child.stdin.once('drain', onDrain);
      child.once('close', onClose);
    });
  const format = options.format ?? 'rgb24';
  const bytes = frameBytes(info.size, format);
  return {
    async write(frame) {
      const { data } = frame;
      if (data.length !== bytes) throw new RangeError(`a ${format} frame of ${info.size.width} × ${info.size.height} has ${bytes} bytes, not ${data.length}`);
      if (!started) {
        started = true;
        await push(mkvHeader(info.size.width, info.size.height, format));
      }
      // Strictly increasing, never negative: Matroska clusters cannot go back in time.
      const micros = Math.max(lastMicros + 1, Math.round(Math.max(0, frame.time) * 1e6));
      lastMicros = micros;
      await push(mkvFrameHeader(micros, data.length));
      await push(data);
    },
    async finish() {
      child.stdin.end();
      await exited;
    },
    abort() {
      child.kill('SIGKILL');
    },
  };
}
