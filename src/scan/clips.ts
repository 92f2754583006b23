/**
 * The clips of a scan, each taken from file to placed output like a photo (src/scan/pipeline.ts processPhoto): one
 * sha256 decides what the clip is; its analysis comes from the store's cache or from the face engines (once per
 * command, whatever the number of targets); each track is a face for the teacher's corrections and the consent rules
 * (decidePhoto, exactly as for photos); the published clip hides every track not shown, and is placed through the
 * ledger. A clip that fails becomes an `error` record (never published) and the scan goes on.
 *
 * The clip's engines run in this thread, one clip at a time, after the photos: a clip is one long stream whose
 * frames must reach the tracker in order, so the pool's per-photo jobs would only add copies of every frame between
 * threads; by the time clips run, the pool's workers are idle, so the detector here gets their cores.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { toError } from '../errors.js';
import { createDescriber } from '../faces/describer.js';
import { createDetector } from '../faces/detector.js';
import type { FaceDescriber, FaceDetector } from '../faces/engine-types.js';
import { meanDescriptor } from '../faces/match.js';
import type { Descriptor } from '../faces/types.js';
import type { Box } from '../geometry.js';
import type { PhotoFingerprint } from '../images/fingerprint.js';
import type { ShownFaces } from '../history/ledger.js';
import type { PhotoFaces } from '../people/assign.js';
import { trackScore } from '../people/quality.js';
import { correctFaces } from '../policy/correct.js';
import { decidePhoto } from '../policy/decide.js';
import { correctionsFor, type KnownPhoto } from '../policy/same-photo.js';
import type { ClipFacts, FaceRecord, PhotoRecord, TrackSpan } from '../report/types.js';
import { hashFile, type AnalysisCache } from '../store/cache.js';
import { videoDetectionParams } from '../video/detection.js';
import { outputFormat } from '../video/encode.js';
import { findFfmpeg, type FfmpegTools } from '../video/ffmpeg.js';
import { analyseClip, renderClip, summariseTracks, type ClipAnalysis, type Progress } from '../video/filter.js';
import { VideoReadError } from '../video/probe.js';
import { yuvToRgb } from '../video/yuv.js';
import type { Track } from '../video/track.js';
import { clipFingerprint, clipSettingsKey, readCachedClip, writeCachedClip, type CachedClip } from './clip-cache.js';
import type { ScanLedger } from './ledger.js';
import { faceRecords, shownFaces } from './decide.js';
import { collidingStems, outputPathFor } from './folders.js';
import { couldNotRemove, type AfterPhotos } from './pipeline.js';
import { msg } from '../i18n/messages.js';
import type { ScanPlan } from './plan.js';

/** How far one clip has come: which pass (finding faces, then writing), its frames, and a guess of the time left. */
export interface ClipProgress {
  readonly stage: 'analyse' | 'render';
  readonly frame: number;
  /** Null when the container does not say. */
  readonly frames: number | null;
  /** Seconds, for both passes (the writing pass is taken to go as fast as the first); null until it can be told. */
  readonly secondsLeft: number | null;
}

export interface ClipHooks {
  readonly signal?: AbortSignal;
  readonly onClipStart?: (source: string, index: number, total: number) => void;
  readonly onClipProgress?: (source: string, progress: ClipProgress) => void;
  readonly onClipDone?: (record: PhotoRecord, done: number, total: number) => void;
}

/** A clip's analysis for the whole command: the cache, else the engines (started when the first clip needs them). */
export interface ClipAnalyzer {
  analyse(file: string, hash: string, onProgress?: (progress: Progress) => void): Promise<CachedClip>;
  tools(): Promise<FfmpegTools>;
  /** What the analysis depends on (clipSettingsKey): part of each clip's render key. */
  readonly settingsKey: string;
  /** Clips the cache answered, the engines analysed, and those an earlier target of this command had analysed. */
  readonly stats: { cached: number; analysed: number; reused: number };
  close(): Promise<void>;
}

export interface ClipEngines {
  detector(analysis: { readonly width: number; readonly height: number }): Promise<FaceDetector>;
  describer(): Promise<FaceDescriber>;
  close(): Promise<void>;
}

/**
 * The face engines in this thread: one describer, one detector per frame size (video frames' own settings) with
 * `threads` onnxruntime threads (the scan's --jobs: the pool's workers are idle while clips run).
 */
export function clipEngines(threads = 2): ClipEngines {
  let describer: Promise<FaceDescriber> | null = null;
  const detectors = new Map<string, Promise<FaceDetector>>();
  return {
    detector(size) {
      const params = videoDetectionParams(size);
      const key = JSON.stringify(params);
      let detector = detectors.get(key);
      if (detector === undefined) {
        detector = createDetector({ threads, params });
        detectors.set(key, detector);
      }
      return detector;
    },
    describer() {
      describer ??= createDescriber();
      return describer;
    },
    async close() {
      const all = [...detectors.values(), ...(describer === null ? [] : [describer])];
      await Promise.allSettled(all.map(async (engine) => (await engine).close()));
    },
  };
}

export function clipAnalyzer(options: { readonly cache: AnalysisCache | null; readonly engines?: ClipEngines }): ClipAnalyzer {
  const engines = options.engines ?? clipEngines();
  const stats = { cached: 0, analysed: 0, reused: 0 };
  const done = new Map<string, Promise<CachedClip>>();
  const tools = (): Promise<FfmpegTools> => findFfmpeg();
  const analyseAnew = async (file: string, hash: string, onProgress?: (progress: Progress) => void): Promise<CachedClip> => {
    const cached = options.cache === null ? null : await readCachedClip(options.cache, hash, file).catch(() => null);
    if (cached !== null) {
      stats.cached += 1;
      return cached;
    }
    const ffmpeg = await tools();
    let fingerprint: PhotoFingerprint | null = null;
    // Loaded at the first frame, so a clip the probe refuses loads no model; the detector's settings follow the
    // frame size.
    const detector: FaceDetector = {
      settingsKey: clipSettingsKey(),
      detect: async (image) => (await engines.detector(image)).detect(image),
      close: async () => undefined,
    };
    const describer: FaceDescriber = {
      backend: 'onnxruntime',
      settingsKey: clipSettingsKey(),
      describe: async (image, faces) => (await engines.describer()).describe(image, faces),
      close: async () => undefined,
    };
    const analysis = await analyseClip(file, {
      detector,
      describer,
      tools: ffmpeg,
      onFrame: (frame) => {
        if (frame.index === 0) fingerprint = clipFingerprint({ ...yuvToRgb(frame.yuv), channels: 3 });
      },
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    // What was analysed must be the bytes the hash names: a clip replaced while it was read is not cached or published.
    if ((await hashFile(file)) !== hash) throw new VideoReadError(file, msg.videoFiles.changedWhileRead);
    stats.analysed += 1;
    const clip: CachedClip = { analysis, fingerprint };
    if (options.cache !== null) await writeCachedClip(options.cache, hash, clip);
    return clip;
  };
  return {
    analyse(file, hash, onProgress) {
      const key = `${file}\u0000${hash}`;
      const known = done.get(key);
      if (known !== undefined) {
        stats.reused += 1;
        return known;
      }
      const analysis = analyseAnew(file, hash, onProgress);
      done.set(key, analysis);
      // A clip that failed is tried again by the next target rather than failing it from memory.
      analysis.catch(() => done.delete(key));
      return analysis;
    },
    tools,
    settingsKey: clipSettingsKey(),
    stats,
    close: () => engines.close(),
  };
}

/**
 * Names everything a published clip depends on: the clip's bytes, the analysis settings (which fix its tracks), the
 * tracks hidden (and any box the teacher drew), the sound, the anonymisation, FFmpeg's version and the code that
 * renders. Equal keys give an equal clip, so a rerun keeps the one it placed.
 */
export function clipRenderKey(
  contentHash: string,
  settingsKey: string,
  hidden: readonly number[],
  drawn: readonly Box[],
  options: { readonly mute: boolean; readonly style: string; readonly ffmpeg: string },
): string {
  const what = JSON.stringify({ renderer: clipRendererFingerprint(), contentHash, settingsKey, hidden: [...hidden].sort((a, b) => a - b), drawn: drawn.map((b) => [b.x, b.y, b.width, b.height]), ...options });
  return createHash('sha256').update(what).digest('hex');
}

let rendererHash: string | undefined;

function clipRendererFingerprint(): string {
  if (rendererHash === undefined) {
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const hash = createHash('sha256');
    for (const module of ['../images/anonymise', '../video/filter', '../video/encode', '../video/decode', '../video/track', '../video/mkv', './clips']) {
      hash.update(readFileSync(new URL(`${module}${ext}`, import.meta.url)));
    }
    rendererHash = hash.digest('hex');
  }
  return rendererHash;
}

/** The clip's output name: its own where its container is kept (`IMG_1.MOV`), else as photos are renamed (`a.avi` → `a.mp4`). */
export function clipOutputPath(source: string, colliding: ReadonlySet<string>): string {
  const { extension } = outputFormat(source);
  return path.posix.extname(source).toLowerCase() === extension ? source : outputPathFor(source, extension, colliding);
}

const NO_CORRECTIONS: ReadonlyMap<string, KnownPhoto> = new Map();

/**
 * A track for a box that must be hidden on every frame (one the teacher drew, or an "always blur" whose track the
 * analysis no longer finds): the same box from the first frame to the last.
 */
function wholeClipTrack(id: number, box: Box, analysis: ClipAnalysis): Track {
  const last = Math.max(0, analysis.times.length - 1);
  const sightings = [
    { frame: 0, box, score: 1 },
    ...(last > 0 ? [{ frame: last, box, score: 1 }] : []),
  ];
  return { id, sceneStart: 0, sceneEnd: last, sightings, first: 0, last, best: [], thumbnail: { frame: 0, box, quality: 0 } };
}

/** Thrown from a clip's progress once the scan is stopped. */
class ClipStopped extends Error {
  override readonly name = 'ClipStopped';
}

/**
 * One clip from file to placed output. Never throws for a problem with the clip (it becomes an `error` record);
 * does throw when the ledger itself cannot be written.
 * @returns null when the scan was stopped (`hooks.signal`) before the clip was done: it was not decided.
 */
export async function processClip(
  source: string,
  plan: ScanPlan,
  analyzer: ClipAnalyzer,
  ledger: ScanLedger,
  colliding: ReadonlySet<string>,
  hooks: ClipHooks & { readonly onAnalysed?: (faces: PhotoFaces) => void } = {},
): Promise<PhotoRecord | null> {
  const file = path.join(plan.folders.input, source);
  let clip: CachedClip | null = null;
  const started = performance.now();
  const progress = (p: Progress): void => {
    // Ctrl-C stops a clip at its next frame (a long clip would otherwise hold the scan for minutes); the partial
    // render is a temp file that never gets the clip's name.
    if (hooks.signal?.aborted === true) throw new ClipStopped();
    const elapsed = (performance.now() - started) / 1000;
    const total = p.frames === null ? null : 2 * p.frames;
    const done = p.stage === 'analyse' ? p.frame : (p.frames ?? p.frame) + p.frame;
    const secondsLeft = total === null || done < 10 ? null : (elapsed / done) * Math.max(0, total - done);
    hooks.onClipProgress?.(source, { stage: p.stage, frame: p.frame, frames: p.frames, secondsLeft });
  };
  try {
    const hash = await hashFile(file).catch((caught: unknown) => {
      throw new VideoReadError(file, msg.scan.cannotOpen(toError(caught).message), { cause: caught });
    });
    clip = await analyzer.analyse(file, hash, progress);
    const { analysis } = clip;
    const size = analysis.info.size;
    const summaries = summariseTracks(analysis, plan.templates, plan.match);
    // The teacher's corrections follow what she saw: these bytes' own, else those of the clip this is a copy of.
    const found = correctionsFor(hash, clip.fingerprint, plan.corrections ?? NO_CORRECTIONS);
    const corrections = found.kind === 'exact' || found.kind === 'copy' ? found.corrections : null;
    const corrected = correctFaces(summaries.map((t) => ({ box: t.box })), summaries.map((t) => t.recognition), size, corrections);
    const verdict = decidePhoto(corrected.faces, size, plan.pupils, plan.policy, { dropped: corrected.dropped, unsure: found.kind === 'unsure' ? found.why : null });
    // Faces beyond the tracks are boxes only the corrections know: hidden on every frame.
    const extra = corrected.faces.slice(summaries.length).map((face, i) => wholeClipTrack(-1 - i, face.box, analysis));
    const spans: TrackSpan[] = [
      ...summaries.map((t) => ({ frame: t.frame, at: round((analysis.times[t.frame] ?? 0) - (analysis.times[0] ?? 0)), from: round(t.from), to: round(t.to), frames: t.frames, detections: t.detections })),
      ...extra.map(() => ({ frame: 0, at: 0, from: 0, to: round(analysis.info.duration), frames: analysis.times.length, detections: 0 })),
    ];
    const faces: FaceRecord[] = faceRecords(corrected, verdict).map((face, i) => ({ ...face, track: spans[i]! }));
    hooks.onAnalysed?.({ hash, descriptors: analysis.tracks.map((t) => meanOf(t)), scores: analysis.tracks.map((t) => trackScore(t.best)) });
    const facts: ClipFacts = {
      duration: round(analysis.info.duration),
      frames: analysis.times.length,
      fps: round(analysis.info.fps),
      sound: !analysis.info.hasAudio ? 'none' : plan.mute === true ? 'muted' : 'kept',
    };
    const base = { source, kind: 'video' as const, clip: facts, decision: verdict.decision, imageSize: size, faces, why: verdict.reason, error: null };
    switch (verdict.decision) {
      case 'publish':
      case 'anonymised':
      case 'review': {
        const tracks = [...analysis.tracks, ...extra];
        const hiddenIds = new Set(tracks.filter((_t, i) => faces[i]?.action !== 'kept').map((t) => t.id));
        const shown: ShownFaces = shownFaces(faces);
        const kind = verdict.decision === 'review' ? 'review' : 'output';
        const tools = await analyzer.tools();
        const style = plan.style;
        const mute = plan.mute === true;
        const key = clipRenderKey(hash, analyzer.settingsKey, [...hiddenIds].filter((id) => id >= 0), extra.map((t) => t.sightings[0]!.box), { mute, style, ffmpeg: tools.version });
        const relative = clipOutputPath(source, colliding);
        const current = await ledger.current(source, kind, key);
        if (current !== null && current === relative) {
          await ledger.keep(source, shown);
          return { ...base, output: kind === 'output' ? current : null, review: kind === 'review' ? current : null };
        }
        const shownIds = new Set(tracks.filter((t) => !hiddenIds.has(t.id)).map((t) => t.id));
        // Claimed before it is written, written atomically (a temp file renamed), recorded once it is in place.
        const target = await ledger.claim(source, kind, relative, shown);
        // Rendered from a second decode: the clip must still be the bytes its faces were found in, checked before the
        // rendered file takes its name (the catch below withdraws the claim).
        const unchanged = async (): Promise<void> => {
          if ((await hashFile(file)) !== hash) throw new VideoReadError(file, msg.videoFiles.changedDuringScan);
        };
        await renderClip({ ...analysis, tracks }, target, shownIds, { mute, style, tools, onProgress: progress, beforePublish: unchanged });
        await ledger.writtenAs(source, key, await hashFile(target));
        return { ...base, output: kind === 'output' ? relative : null, review: kind === 'review' ? relative : null };
      }
      case 'dropped': {
        const stuck = await ledger.withdraw(source);
        if (stuck.length > 0) return notRemoved(source, stuck.map((s) => s.file), couldNotRemove(stuck, plan.lang ?? 'en'));
        return { ...base, output: null, review: null };
      }
      default:
        return assertNever(verdict.decision);
    }
  } catch (caught) {
    // Stopped: not decided, like a photo the run did not reach; the ledger's finish withdraws an earlier copy.
    if (caught instanceof ClipStopped) {
      await ledger.withdraw(source);
      return null;
    }
    // Whatever went wrong, nothing from an earlier run may stay published for a clip that was not decided now.
    const stuck = await ledger.withdraw(source);
    if (stuck.length > 0) return notRemoved(source, stuck.map((s) => s.file), couldNotRemove(stuck, plan.lang ?? 'en'));
    const error = toError(caught);
    const readable = caught instanceof VideoReadError;
    return {
      source,
      kind: 'video',
      decision: 'error',
      output: null,
      review: null,
      imageSize: clip?.analysis.info.size ?? null,
      faces: [],
      why: { kind: readable ? 'unreadable' : 'failed' },
      error: readable ? caught.text[plan.lang ?? 'en'] : msg.scan.unexpectedError(error.message)[plan.lang ?? 'en'],
    };
  }
}

/** Every clip of the plan in turn, after the photos; stops starting new ones once the signal is aborted. */
export async function runClips(
  plan: ScanPlan,
  analyzer: ClipAnalyzer,
  ledger: ScanLedger,
  colliding: ReadonlySet<string>,
  hooks: ClipHooks & { readonly onAnalysed?: (source: string, faces: PhotoFaces) => void } = {},
): Promise<PhotoRecord[]> {
  const clips = plan.clips ?? [];
  const records: PhotoRecord[] = [];
  for (const [index, source] of clips.entries()) {
    if (hooks.signal?.aborted === true) break;
    hooks.onClipStart?.(source, index, clips.length);
    const record = await processClip(source, plan, analyzer, ledger, colliding, {
      ...hooks,
      onAnalysed: (faces) => hooks.onAnalysed?.(source, faces),
    });
    if (record === null) break;
    records.push(record);
    hooks.onClipDone?.(record, index + 1, clips.length);
  }
  return records;
}

/** The clips' step of runScan (AfterPhotos), for this plan. */
export function clipsAfterPhotos(plan: ScanPlan, analyzer: ClipAnalyzer, hooks: ClipHooks = {}): AfterPhotos {
  const clips = plan.clips ?? [];
  // Output names are given across photos and clips, so a clip never takes a name a photo's copy has.
  const colliding = collidingStems([...plan.sources, ...clips]);
  return async (ledger, onAnalysed) => ({ records: await runClips(plan, analyzer, ledger, colliding, { ...hooks, onAnalysed }), expected: clips.length });
}

function notRemoved(source: string, files: readonly string[], message: string): PhotoRecord {
  return { source, kind: 'video', decision: 'error', output: null, review: null, imageSize: null, faces: [], why: { kind: 'not-removed', files }, error: message };
}

/** The track's face for grouping into people: the mean of its best views (null: never large enough to describe). */
function meanOf(track: Track): Descriptor | null {
  return track.best.length === 0 ? null : meanDescriptor(track.best.map((view) => view.descriptor));
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function assertNever(value: never): never {
  throw new Error(`unhandled decision ${String(value)}`);
}
