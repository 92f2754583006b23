/** What a clip holds, read with ffprobe: the picture's size as shown, its rotation, rate, length and sound. */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Size } from '../geometry.js';
import type { Lang } from '../i18n/lang.js';
import { textOf } from '../i18n/compose.js';
import { msg } from '../i18n/messages.js';
import { verbatim, type Text } from '../i18n/text.js';
import { findFfmpeg, lastLines, run, type FfmpegTools } from './ffmpeg.js';

/**
 * A clip that cannot be filtered. `text` is written for the teacher, in both languages, and goes into the report as it
 * is; `message` is its English text (logs, older callers).
 */
export class VideoReadError extends Error {
  override readonly name = 'VideoReadError';
  readonly file: string;
  /** "cannot read video clip.mp4: <reason>", in every language. */
  readonly text: Text;
  /** The reason alone. */
  readonly reason: Text;

  /** `reason` a Text from msg.videoFiles; a plain string (English only) is still taken and shown as it is. */
  constructor(file: string, reason: Text | string, options: { cause?: unknown } = {}) {
    const why = typeof reason === 'string' ? verbatim(reason) : reason;
    const text = textOf((lang, say) => say.videoFiles.cannotRead(path.basename(file), why[lang]));
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    this.reason = why;
    this.text = text;
  }

  format(lang: Lang = 'en'): string {
    return this.text[lang];
  }
}

/** File extensions (lower case, with dot) of the clips phones, cameras and messaging apps make. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.mov', '.m4v', '.3gp', '.avi', '.mkv', '.webm']);

export interface VideoInfo {
  readonly file: string;
  /** Upright, as a person sees it: the stored size with the rotation applied. */
  readonly size: Size;
  /** Clockwise degrees a player turns the stored picture (0, 90, 180, 270). */
  readonly rotation: 0 | 90 | 180 | 270;
  readonly codec: string;
  /** Mean frames per second; `variableRate` when frames are not evenly spaced (screen recordings, some phones). */
  readonly fps: number;
  readonly variableRate: boolean;
  /** Seconds. */
  readonly duration: number;
  /** From the container; null when it does not say (the decoder then finds out). */
  readonly frameCount: number | null;
  readonly hasAudio: boolean;
  /** Audio codecs, in stream order ("aac", "amr_nb"…). */
  readonly audioCodecs: readonly string[];
  /** The container as ffprobe names it ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi"). */
  readonly container: string;
}

export const PROBE_LIMITS = Object.freeze({
  /** An hour: a school clip is seconds to minutes; beyond this it is probably a recording of a whole show. */
  maxDuration: 3600,
  /** 8K: above any phone. */
  maxPixels: 8192 * 4320,
});

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
  disposition?: { attached_pic?: number };
}

interface RawProbe {
  streams?: RawStream[];
  format?: { format_name?: string; duration?: string };
}

/**
 * The clip's streams, checked: a video stream FFmpeg can decode, a length and size within `limits`.
 * @throws VideoReadError with a message a teacher understands.
 */
export async function probeVideo(file: string, options: { tools?: FfmpegTools; limits?: Partial<typeof PROBE_LIMITS> } = {}): Promise<VideoInfo> {
  const limits = { ...PROBE_LIMITS, ...options.limits };
  const tools = options.tools ?? (await findFfmpeg());
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (caught) {
    throw new VideoReadError(file, msg.videoFiles.cannotOpen, { cause: caught });
  }
  if (size === 0) throw new VideoReadError(file, msg.videoFiles.empty);
  let raw: RawProbe;
  try {
    const { stdout } = await run(tools.ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
    raw = JSON.parse(stdout) as RawProbe;
  } catch (caught) {
    const detail = String((caught as { stderr?: unknown }).stderr ?? caught);
    throw new VideoReadError(file, unreadableReason(detail, await isoMediaBox(file)), { cause: caught });
  }
  return describeProbe(file, raw, limits);
}

/** Whether the file starts as an MP4/MOV does (a box type such as ftyp at byte 4), so a missing index means cut off. */
async function isoMediaBox(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].includes(head.toString('latin1', 4, 8));
  } finally {
    await handle.close();
  }
}

/** Turns ffprobe's complaint into what the teacher can do. */
function unreadableReason(stderr: string, isoMedia: boolean): Text {
  if (isoMedia && /moov atom not found/i.test(stderr)) return msg.videoFiles.cutOff;
  if (/Invalid data found|could not find codec parameters|Unknown format|moov atom not found/i.test(stderr)) return msg.videoFiles.notAVideo;
  return msg.videoFiles.ffmpegCannotRead(lastLines(stderr, 1));
}

/** Pure: the probe's JSON checked and summed up (exported for tests). */
export function describeProbe(file: string, raw: RawProbe, limits: typeof PROBE_LIMITS = PROBE_LIMITS): VideoInfo {
  const streams = raw.streams ?? [];
  // An embedded cover image is a video stream too, but not the clip.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (video === undefined) {
    const sound = streams.some((s) => s.codec_type === 'audio');
    throw new VideoReadError(file, sound ? msg.videoFiles.onlySound : msg.videoFiles.noVideoStream);
  }
  const codec = video.codec_name ?? 'none';
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (codec === 'none' || codec === 'unknown' || width <= 0 || height <= 0)
    throw new VideoReadError(file, msg.videoFiles.undecodable);
  if (width * height > limits.maxPixels) throw new VideoReadError(file, msg.videoFiles.tooLarge(width, height));
  const rotation = normaliseRotation(video);
  const upright = rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
  const avg = rate(video.avg_frame_rate);
  const nominal = rate(video.r_frame_rate);
  const fps = avg ?? nominal ?? 0;
  const duration = Number(video.duration ?? raw.format?.duration ?? NaN);
  if (!Number.isFinite(duration) || duration <= 0) throw new VideoReadError(file, msg.videoFiles.noLength);
  if (duration > limits.maxDuration)
    throw new VideoReadError(file, msg.videoFiles.tooLong(Math.round(duration / 60), Math.round(limits.maxDuration / 60)));
  const frames = Number(video.nb_frames);
  const audio = streams.filter((s) => s.codec_type === 'audio');
  return {
    file,
    size: upright,
    rotation,
    codec,
    fps,
    variableRate: avg !== null && nominal !== null && Math.abs(avg - nominal) > 0.01 * nominal,
    duration,
    frameCount: Number.isInteger(frames) && frames > 0 ? frames : null,
    hasAudio: audio.length > 0,
    audioCodecs: audio.map((s) => s.codec_name ?? 'none'),
    container: raw.format?.format_name ?? '',
  };
}

/**
 * Clockwise turn a player applies. The display matrix's `rotation` is counter-clockwise (ffprobe prints -90 for a
 * phone held upright); older files carry a `rotate` tag that is clockwise.
 */
function normaliseRotation(video: RawStream): VideoInfo['rotation'] {
  const matrix = video.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number');
  const degrees = matrix?.rotation !== undefined ? -matrix.rotation : Number(video.tags?.['rotate'] ?? 0);
  const turn = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return turn as VideoInfo['rotation'];
}

/** "30000/1001" → 29.97; "0/0" → null. */
function rate(text: string | undefined): number | null {
  if (text === undefined) return null;
  const [n, d] = text.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n) || n <= 0) return null;
  const value = d === undefined ? n : n / d;
  return Number.isFinite(value) && value > 0 ? value : null;
}
