/**
 * A clip's analysis in the store's cache (src/store/cache.ts, sealed and swept like photos' entries, under a settings
 * key of its own), so another scope, purpose or rerun decides and renders the clip without decoding it for faces
 * again. What is kept is what deciding and rendering need, no more: the frames' times, the scene cuts, each track's
 * detections (boxes), its best views' descriptors, and a fingerprint of the first frame for the teacher's
 * corrections. No pixels.
 */
import { describerSettingsKey } from '../faces/describer.js';
import { defaultDetectorSettingsKey } from '../faces/detector.js';
import type { Descriptor, Detection, Landmarks5 } from '../faces/types.js';
import type { Box, Point } from '../geometry.js';
import { fingerprintPixels, isPhotoFingerprint, type PhotoFingerprint, type UprightPixels } from '../images/fingerprint.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from '../store/codec.js';
import type { AnalysisCache } from '../store/cache.js';
import { VIDEO_FINEST_SIDE } from '../video/detection.js';
import type { ClipAnalysis } from '../video/filter.js';
import type { VideoInfo } from '../video/probe.js';
import { SCENE_DEFAULTS } from '../video/scenes.js';
import { TRACK_DEFAULTS, type BestView, type Sighting, type Track, type TrackOptions } from '../video/track.js';

/** A clip's analysis with what the scan measured of its first frame. */
export interface CachedClip {
  readonly analysis: ClipAnalysis;
  /** The first frame's fingerprint: how the teacher's corrections of a clip find a re-saved copy of it. */
  readonly fingerprint: PhotoFingerprint | null;
}

/**
 * A clip's fingerprint: its first frame's (src/images/fingerprint.ts), every hash XORed with this 64-bit pattern of 32
 * ones. So a re-saved copy of the clip finds the clip's corrections as a copy of a photo does (the same pattern on
 * both sides cancels), while a photo that shows the clip's first frame (a still from the same moment, a frame saved
 * from it) lies about 32 bits from it, beyond SAME_PHOTO.looseBits: what the teacher said about a clip is about that
 * clip, and what she said about a photo never hides or shows a track (and a dropped clip does not drop the photo).
 */
const CLIP_SALT = 0xf0f0f0f0f0f0f0f0n;

export function clipFingerprint(frame: UprightPixels): PhotoFingerprint {
  const plain = fingerprintPixels(frame);
  const salt = (hex: string): string => (BigInt(`0x${hex}`) ^ CLIP_SALT).toString(16).padStart(16, '0');
  return { phash: salt(plain.phash), size: plain.size, turned: plain.turned.map(salt) };
}

/** 1: the first version. */
const CLIP_ENTRY_VERSION = 1;

/**
 * Everything that changes a clip's analysis: the face engines (the detector with video frames' settings, see
 * src/video/detection.ts), the tracker's and the scene detector's settings, and this entry's format.
 */
export function clipSettingsKey(track: TrackOptions = TRACK_DEFAULTS, sceneThreshold: number = SCENE_DEFAULTS.threshold): string {
  const detector = defaultDetectorSettingsKey({ upscaleBelow: 0 });
  return `video:${CLIP_ENTRY_VERSION}|${detector}|finest:${VIDEO_FINEST_SIDE}|${describerSettingsKey()}|track:${JSON.stringify(track)}|scene:${sceneThreshold}`;
}

export async function readCachedClip(cache: AnalysisCache, contentHash: string, file: string): Promise<CachedClip | null> {
  return cache.read(contentHash, (payload) => parseClip(payload, file));
}

export async function writeCachedClip(cache: AnalysisCache, contentHash: string, clip: CachedClip): Promise<void> {
  await cache.write(contentHash, JSON.stringify(clipPayload(clip)));
}

const boxOut = (b: Box): number[] => [b.x, b.y, b.width, b.height];

/** The JSON of a clip's analysis (exported for tests). */
export function clipPayload({ analysis, fingerprint }: CachedClip): unknown {
  const { file: _file, ...info } = analysis.info;
  const sighting = (s: Sighting): number[] => [s.frame, ...boxOut(s.box), s.score];
  return {
    info,
    times: [...analysis.times],
    scenes: analysis.scenes,
    detectedFrames: analysis.detectedFrames,
    trackOptions: analysis.trackOptions,
    fingerprint: fingerprint === null ? null : { phash: fingerprint.phash, size: fingerprint.size, turned: fingerprint.turned },
    tracks: analysis.tracks.map((t) => ({
      id: t.id,
      scene: [t.sceneStart, t.sceneEnd],
      span: [t.first, t.last],
      sightings: t.sightings.map(sighting),
      best: t.best.map((b) => ({
        frame: b.frame,
        quality: b.quality,
        box: boxOut(b.detection.box),
        score: b.detection.score,
        landmarks: b.detection.landmarks.flatMap((p) => [p.x, p.y]),
        descriptor: encodeDescriptor(b.descriptor),
      })),
      thumbnail: { frame: t.thumbnail.frame, box: boxOut(t.thumbnail.box), quality: t.thumbnail.quality },
      ...(t.bridgedFrom === undefined ? {} : { bridgedFrom: sighting(t.bridgedFrom) }),
      ...(t.bridgedTo === undefined ? {} : { bridgedTo: sighting(t.bridgedTo) }),
    })),
  };
}

function num(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error('not a number');
  return value;
}

function int(value: unknown): number {
  const n = num(value);
  if (!Number.isInteger(n) || n < 0) throw new Error('not a count');
  return n;
}

function numbers(value: unknown, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length) throw new Error('not a list');
  return value.map(num);
}

function boxIn(value: unknown): Box {
  const [x, y, width, height] = numbers(value, 4) as [number, number, number, number];
  return { x, y, width, height };
}

function sightingIn(value: unknown): Sighting {
  const [frame, x, y, width, height, score] = numbers(value, 6) as [number, number, number, number, number, number];
  return { frame: int(frame), box: { x, y, width, height }, score };
}

function record(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error('not an object');
  return value;
}

function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('not a list');
  return value;
}

/** The analysis back, for the clip at `file`; null (or a throw) when anything does not fit: the entry is damaged. */
export function parseClip(raw: unknown, file: string): CachedClip | null {
  const r = record(raw);
  const info = record(r['info']);
  const size = record(info['size']);
  const rotation = info['rotation'];
  if (rotation !== 0 && rotation !== 90 && rotation !== 180 && rotation !== 270) return null;
  const frameCount = info['frameCount'] === null ? null : int(info['frameCount']);
  const audioCodecs = list(info['audioCodecs']).map((c) => {
    if (typeof c !== 'string') throw new Error('not text');
    return c;
  });
  if (typeof info['codec'] !== 'string' || typeof info['container'] !== 'string') return null;
  if (typeof info['variableRate'] !== 'boolean' || typeof info['hasAudio'] !== 'boolean') return null;
  const videoInfo: VideoInfo = {
    file,
    size: { width: int(size['width']), height: int(size['height']) },
    rotation,
    codec: info['codec'],
    fps: num(info['fps']),
    variableRate: info['variableRate'],
    duration: num(info['duration']),
    frameCount,
    hasAudio: info['hasAudio'],
    audioCodecs,
    container: info['container'],
  };
  const times = Float64Array.from(list(r['times']).map(num));
  const scenes = list(r['scenes']).map(int);
  const options = record(r['trackOptions']);
  const trackOptions = Object.fromEntries(Object.keys(TRACK_DEFAULTS).map((key) => [key, num(options[key])])) as unknown as TrackOptions;
  const fingerprint = r['fingerprint'];
  if (fingerprint !== null && !isPhotoFingerprint(fingerprint)) return null;
  const frames = times.length;
  const tracks: Track[] = list(r['tracks']).map((value) => {
    const t = record(value);
    const [sceneStart, sceneEnd] = numbers(t['scene'], 2).map(int) as [number, number];
    const [first, last] = numbers(t['span'], 2).map(int) as [number, number];
    if (first > last || last >= frames) throw new Error('a span outside the clip');
    const best: BestView[] = list(t['best']).map((b) => {
      const v = record(b);
      const descriptor: Descriptor | null = decodeDescriptor(v['descriptor']);
      if (descriptor === null) throw new Error('not a descriptor');
      const l = numbers(v['landmarks'], 10);
      const landmarks = [0, 1, 2, 3, 4].map((i): Point => ({ x: l[2 * i]!, y: l[2 * i + 1]! })) as unknown as Landmarks5;
      const detection: Detection = { box: boxIn(v['box']), score: num(v['score']), landmarks };
      return { frame: int(v['frame']), detection, quality: num(v['quality']), descriptor };
    });
    const thumb = record(t['thumbnail']);
    return {
      id: int(t['id']),
      sceneStart,
      sceneEnd,
      sightings: list(t['sightings']).map(sightingIn),
      first,
      last,
      best,
      thumbnail: { frame: int(thumb['frame']), box: boxIn(thumb['box']), quality: num(thumb['quality']) },
      ...(t['bridgedFrom'] === undefined ? {} : { bridgedFrom: sightingIn(t['bridgedFrom']) }),
      ...(t['bridgedTo'] === undefined ? {} : { bridgedTo: sightingIn(t['bridgedTo']) }),
    };
  });
  const analysis: ClipAnalysis = { info: videoInfo, times, scenes, detectedFrames: int(r['detectedFrames']), tracks, trackOptions };
  return { analysis, fingerprint: fingerprint === null ? null : (fingerprint as PhotoFingerprint) };
}
