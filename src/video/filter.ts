/**
 * A clip filtered like a photo, in three steps the scan can call apart (to cache the analysis, or apply the teacher's
 * corrections) or together (`filterClip`):
 * 1. analyseClip: decode once, detect on a schedule and at scene cuts, track, describe each track's best views;
 * 2. recogniseTracks (recognise.ts) and the caller's decision per track;
 * 3. renderClip: decode again, hide the boxes of every track not shown on every frame, encode, write atomically.
 */
import { performance } from 'node:perf_hooks';
import { FILE_MODE, writeAtomicallyWith } from '../atomic.js';
import type { Box, Size } from '../geometry.js';
import type { FaceDescriber, FaceDetector, MatchOptions, Template } from '../faces/engine-types.js';
import { MATCH_DEFAULTS } from '../faces/match.js';
import type { Descriptor } from '../faces/types.js';
import { msg } from '../i18n/messages.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import type { Recognition } from '../policy/types.js';
import { decodeYuvFrames, type Frame, type YuvFrame } from './decode.js';
import { startEncoder, type ClipEncoder } from './encode.js';
import { findFfmpeg, type FfmpegTools } from './ffmpeg.js';
import { probeVideo, VideoReadError, type PROBE_LIMITS, type VideoInfo } from './probe.js';
import { faceQuality } from './quality.js';
import { recogniseTracks } from './recognise.js';
import { frameSignatureYuv, isCut, SCENE_DEFAULTS, type FrameSignature } from './scenes.js';
import { boxAt, isScheduled, TRACK_DEFAULTS, Tracker, type Observation, type Track, type TrackOptions } from './track.js';
import { anonymiseYuvInPlace, yuvToRgb } from './yuv.js';

/** Seconds spent per stage; `decode` counts both passes. */
export interface StageTimes {
  decode: number;
  detect: number;
  track: number;
  recognise: number;
  render: number;
  encode: number;
}

export interface ClipAnalysis {
  readonly info: VideoInfo;
  /** Presentation time of every frame, in seconds. */
  readonly times: Float64Array;
  /** First frame of every scene (0 first). */
  readonly scenes: readonly number[];
  /** Frames the detector ran on. */
  readonly detectedFrames: number;
  readonly tracks: readonly Track[];
  /** The tracker's settings: the render draws the tracks' boxes with the same ones. */
  readonly trackOptions: TrackOptions;
}

export interface Progress {
  readonly stage: 'analyse' | 'render';
  readonly frame: number;
  /** From the container; null when it does not say. */
  readonly frames: number | null;
}

export interface AnalyseOptions {
  readonly detector: FaceDetector;
  readonly describer: FaceDescriber;
  readonly tools?: FfmpegTools;
  readonly track?: Partial<TrackOptions>;
  readonly sceneThreshold?: number;
  readonly limits?: Partial<typeof PROBE_LIMITS>;
  readonly onProgress?: (progress: Progress) => void;
  /** Each decoded frame, before its faces are looked for (the scan fingerprints the first); do not keep it. */
  readonly onFrame?: (frame: YuvFrame) => void;
  /** Filled in as the work goes (for the bench). */
  readonly times?: StageTimes;
}

export function emptyTimes(): StageTimes {
  return { decode: 0, detect: 0, track: 0, recognise: 0, render: 0, encode: 0 };
}

/**
 * Finds every face of the clip through time: one decode, detection every `detectEvery` frames, on every scene's first
 * frame, on the last frame before each cut and on the clip's last frame.
 * @throws VideoReadError for a clip that cannot be read.
 */
export async function analyseClip(file: string, options: AnalyseOptions): Promise<ClipAnalysis> {
  const tools = options.tools ?? (await findFfmpeg());
  const info = await probeVideo(file, { tools, ...(options.limits === undefined ? {} : { limits: options.limits }) });
  const trackOptions: TrackOptions = { ...TRACK_DEFAULTS, ...options.track };
  const times = options.times ?? emptyTimes();
  const tracker = new Tracker(info.fps, trackOptions);
  const frameTimes: number[] = [];
  const scenes = [0];
  let detectedFrames = 0;
  let previous: { frame: YuvFrame; signature: FrameSignature; detected: boolean } | null = null;
  // Frames come as yuv420p (half the bytes of RGB, no conversion in FFmpeg); only those the detector looks at, one in
  // `detectEvery`, are turned into RGB.
  const asRgb = (frame: YuvFrame): Frame => ({ index: frame.index, time: frame.time, rgb: yuvToRgb(frame.yuv) });

  const detect = async (frame: Frame): Promise<void> => {
    let t = performance.now();
    const detections = await options.detector.detect(frame.rgb);
    times.detect += (performance.now() - t) / 1000;
    t = performance.now();
    const observations: Observation[] = detections.map((detection) => ({ detection, quality: faceQuality(frame.rgb, detection) }));
    const matched = tracker.match(frame.index, observations);
    const wanted = observations.flatMap((o, i) => (tracker.wantsDescriptor(matched[i] ?? null, o.quality) ? [i] : []));
    times.track += (performance.now() - t) / 1000;
    t = performance.now();
    const described = wanted.length === 0 ? [] : await options.describer.describe(frame.rgb, wanted.map((i) => detections[i]!));
    const descriptors: (Descriptor | null)[] = detections.map(() => null);
    wanted.forEach((i, k) => (descriptors[i] = described[k] ?? null));
    times.recognise += (performance.now() - t) / 1000;
    t = performance.now();
    tracker.commit(frame.index, observations, matched, descriptors);
    times.track += (performance.now() - t) / 1000;
    detectedFrames++;
  };

  let sceneStart = 0;
  let t = performance.now();
  for await (const frame of decodeYuvFrames(tools, info)) {
    times.decode += (performance.now() - t) / 1000;
    const s = performance.now();
    frameTimes.push(frame.time);
    options.onFrame?.(frame);
    const signature = frameSignatureYuv(frame.yuv);
    const cut = isCut(previous?.signature ?? null, signature, options.sceneThreshold ?? SCENE_DEFAULTS.threshold);
    times.track += (performance.now() - s) / 1000;
    if (cut) {
      // The shot's last frame is seen too, so its faces' tracks reach the cut from both sides of their last detection.
      if (previous !== null && !previous.detected) await detect(asRgb(previous.frame));
      tracker.cut(frame.index);
      sceneStart = frame.index;
      scenes.push(frame.index);
    }
    const scheduled = isScheduled(frame.index, sceneStart, trackOptions.detectEvery);
    if (scheduled) await detect(asRgb(frame));
    previous = { frame, signature, detected: scheduled };
    options.onProgress?.({ stage: 'analyse', frame: frame.index + 1, frames: info.frameCount });
    t = performance.now();
  }
  times.decode += (performance.now() - t) / 1000;
  if (previous !== null && !previous.detected) await detect(asRgb(previous.frame));
  const tracks = tracker.finish(frameTimes.length - 1, scenes, info.size);
  return { info, times: Float64Array.from(frameTimes), scenes, detectedFrames, tracks, trackOptions };
}

/** A track as the report and the consent rules see it. */
export interface TrackSummary {
  readonly id: number;
  readonly recognition: Recognition;
  /** The best view of the face: the frame for a thumbnail and its box there. */
  readonly frame: number;
  readonly box: Box;
  readonly imageSize: Size;
  /** Seconds from the start of the clip to the first and past the last frame it hides. */
  readonly from: number;
  readonly to: number;
  /** Frames it hides, and on how many of them the detector saw it. */
  readonly frames: number;
  readonly detections: number;
  /** Descriptors recognition used (0 = the face was never large enough: `too-small`). */
  readonly described: number;
}

/** Recognises every track of an analysis with the photo rules. */
export function summariseTracks(analysis: ClipAnalysis, templates: readonly Template[], match: MatchOptions = MATCH_DEFAULTS): TrackSummary[] {
  const recognitions = recogniseTracks(
    analysis.tracks.map((t) => ({ id: t.id, first: t.first, last: t.last, descriptors: t.best.map((b) => b.descriptor) })),
    templates,
    match,
  );
  const start = analysis.times[0] ?? 0;
  const end = (frame: number): number => (analysis.times[frame + 1] ?? analysis.info.duration + start) - start;
  return analysis.tracks.map((t, i) => ({
    id: t.id,
    recognition: recognitions[i]!,
    frame: t.thumbnail.frame,
    box: t.thumbnail.box,
    imageSize: analysis.info.size,
    from: (analysis.times[t.first] ?? start) - start,
    to: end(t.last),
    frames: t.last - t.first + 1,
    detections: t.sightings.length,
    described: t.best.length,
  }));
}

export interface RenderOptions {
  /** Leave the sound out. */
  readonly mute: boolean;
  readonly style: AnonymiseStyle;
  readonly tools?: FfmpegTools;
  readonly crf?: number;
  readonly preset?: string;
  readonly onProgress?: (progress: Progress) => void;
  readonly times?: StageTimes;
  /**
   * Runs once the clip is encoded, before it takes its final name; a throw leaves nothing under `output`. The scan
   * checks here that the source is still the bytes its faces were found in.
   */
  readonly beforePublish?: () => Promise<void>;
}

/**
 * Writes the published clip: every track whose id is not in `shown` is hidden on every frame of its span. Written
 * to a temporary file and renamed: an error or a kill leaves nothing under `output`.
 * @throws VideoReadError when the clip cannot be decoded again as it was analysed.
 */
export async function renderClip(analysis: ClipAnalysis, output: string, shown: ReadonlySet<number>, options: RenderOptions): Promise<void> {
  const tools = options.tools ?? (await findFfmpeg());
  const times = options.times ?? emptyTimes();
  const hidden = analysis.tracks.filter((t) => !shown.has(t.id)).sort((a, b) => a.first - b.first);
  const { info } = analysis;
  await writeAtomicallyWith(output, FILE_MODE.shared, async (temp) => {
    // In the clip's own yuv420p from decoder to encoder: no conversion either side, half the bytes of RGB.
    const encoder: ClipEncoder = startEncoder(tools, info, temp, {
      mute: options.mute,
      format: 'yuv420p',
      ...(options.crf === undefined ? {} : { crf: options.crf }),
      ...(options.preset === undefined ? {} : { preset: options.preset }),
    });
    let count = 0;
    try {
      let next = 0;
      let active: Track[] = [];
      let t = performance.now();
      for await (const frame of decodeYuvFrames(tools, info)) {
        times.decode += (performance.now() - t) / 1000;
        t = performance.now();
        if (frame.index >= analysis.times.length) throw new VideoReadError(info.file, msg.videoFiles.moreFramesAgain);
        while (next < hidden.length && hidden[next]!.first <= frame.index) active.push(hidden[next++]!);
        active = active.filter((track) => track.last >= frame.index);
        const boxes = active.flatMap((track) => {
          const box = boxAt(track, frame.index, info.size, analysis.trackOptions);
          return box === null ? [] : [box];
        });
        anonymiseYuvInPlace(frame.yuv, boxes, options.style);
        times.render += (performance.now() - t) / 1000;
        t = performance.now();
        await encoder.write({ time: frame.time, data: frame.yuv.data });
        times.encode += (performance.now() - t) / 1000;
        count++;
        options.onProgress?.({ stage: 'render', frame: count, frames: analysis.times.length });
        t = performance.now();
      }
      if (count !== analysis.times.length) throw new VideoReadError(info.file, msg.videoFiles.otherFramesAgain(count, analysis.times.length));
      t = performance.now();
      await encoder.finish();
      times.encode += (performance.now() - t) / 1000;
      await options.beforePublish?.();
    } catch (caught) {
      encoder.abort();
      throw caught;
    }
  });
}

/** What the caller decides once it knows who is in the clip. */
export type ClipDecision =
  /** Publish, showing only these tracks' faces; every other track is hidden. */
  | { readonly publish: true; readonly shown: ReadonlySet<number> }
  /** Drop the clip, or hold it for review: nothing is written. */
  | { readonly publish: false };

export interface FilterOptions extends AnalyseOptions, Omit<RenderOptions, 'times' | 'onProgress' | 'tools'> {
  readonly templates: readonly Template[];
  readonly match?: MatchOptions;
  /** Decides from all tracks at once, so a clip can be dropped or sent to review as a whole (as a photo can). */
  readonly decide: (tracks: readonly TrackSummary[]) => ClipDecision | Promise<ClipDecision>;
}

export interface FilterResult {
  readonly analysis: ClipAnalysis;
  readonly tracks: readonly TrackSummary[];
  readonly decision: ClipDecision;
  /** `output` when the clip was written; null when the decision was not to publish. */
  readonly written: string | null;
}

/**
 * The whole of it for one clip: analyse, recognise, decide, render. Any failure leaves nothing under `output`.
 * Name `output` with outputFormat(input).extension: the container follows the input, not `output`'s name.
 */
export async function filterClip(input: string, output: string, options: FilterOptions): Promise<FilterResult> {
  const tools = options.tools ?? (await findFfmpeg());
  const analysis = await analyseClip(input, { ...options, tools });
  const t = performance.now();
  const tracks = summariseTracks(analysis, options.templates, options.match ?? MATCH_DEFAULTS);
  if (options.times !== undefined) options.times.recognise += (performance.now() - t) / 1000;
  const decision = await options.decide(tracks);
  if (!decision.publish) return { analysis, tracks, decision, written: null };
  await renderClip(analysis, output, decision.shown, {
    mute: options.mute,
    style: options.style,
    tools,
    ...(options.crf === undefined ? {} : { crf: options.crf }),
    ...(options.preset === undefined ? {} : { preset: options.preset }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.times === undefined ? {} : { times: options.times }),
  });
  return { analysis, tracks, decision, written: output };
}

