/**
 * A clip through the scan's clip step with stand-in face engines on a real (tiny) clip: the consent rules, the
 * stranger options, the teacher's corrections (also of a re-saved copy) and the cache entry, as for photos.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import type { Descriptor, Detection } from '../../src/faces/types.js';
import type { Box } from '../../src/geometry.js';
import { MATCH_DEFAULTS } from '../../src/faces/match.js';
import { POLICY_DEFAULTS, type PolicyOptions, type PupilConsent } from '../../src/policy/decide.js';
import type { FaceCorrection } from '../../src/policy/correct.js';
import type { KnownPhoto } from '../../src/policy/same-photo.js';
import { AnalysisCache, hashFile } from '../../src/store/cache.js';
import { checkPreviousRun, ScanLedger } from '../../src/scan/ledger.js';
import type { ScanPlan } from '../../src/scan/plan.js';
import { planFolders, type ScanFolders } from '../../src/scan/folders.js';
import { clipAnalyzer, processClip, type ClipEngines, type ClipProgress } from '../../src/scan/clips.js';
import { clipFingerprint, clipPayload, clipSettingsKey, parseClip, readCachedClip } from '../../src/scan/clip-cache.js';
import { fingerprintPixels, hashDistance } from '../../src/images/fingerprint.js';
import { SAME_PHOTO } from '../../src/policy/same-photo.js';
import { decodeFrames } from '../../src/video/decode.js';
import { findFfmpeg, run, type FfmpegTools } from '../../src/video/ffmpeg.js';
import { probeVideo } from '../../src/video/probe.js';
import { ANNA, BRAM, STRANGER, templates } from '../helpers/axis-pupils.js';

const pupils = new Map<string, PupilConsent>([
  ['anna', { className: '5b', consent: { internal: true, group: true, public: true } }],
  ['bram', { className: '5b', consent: { internal: true, group: true, public: false } }],
]);

/** Where the white square (the "face") sits on every frame of the test clips. */
const FACE: Box = { x: 48, y: 32, width: 48, height: 48 };

/** Stand-in engines: a face at FACE on every frame, described as the clip's name says (anna.mp4 → ANNA). */
function stubEngines(descriptorOf: (image: { width: number }) => Descriptor): ClipEngines & { detections: number } {
  const state = { detections: 0 };
  const centre = { x: FACE.x + FACE.width / 2, y: FACE.y + FACE.height / 2 };
  const detection: Detection = { box: FACE, score: 0.99, landmarks: [centre, centre, centre, centre, centre] };
  const detector: FaceDetector = {
    settingsKey: 'stub',
    detect: async () => {
      state.detections += 1;
      return [detection];
    },
    close: async () => undefined,
  };
  const describer: FaceDescriber = {
    backend: 'stub',
    settingsKey: 'stub',
    describe: async (image, faces) => faces.map(() => descriptorOf(image)),
    close: async () => undefined,
  };
  return {
    get detections() {
      return state.detections;
    },
    detector: async () => detector,
    describer: async () => describer,
    close: async () => undefined,
  };
}

let tools: FfmpegTools;
let dir: string;
let folders: ScanFolders;
let current: Descriptor = BRAM;

/** A 1-second 160×120 clip, 10 fps: blue with a white square at FACE. */
async function makeClip(file: string, crf = 18): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await run(tools.ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x1a5aa0:s=160x120:d=1:r=10',
    '-vf', `drawbox=x=${FACE.x}:y=${FACE.y}:w=${FACE.width}:h=${FACE.height}:color=white:t=fill`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(crf), '-pix_fmt', 'yuv420p', file,
  ]);
}

function plan(clips: string[], policy: Partial<PolicyOptions> = {}, corrections?: ReadonlyMap<string, KnownPhoto>): ScanPlan {
  return {
    folders,
    sources: [],
    clips,
    templates,
    pupils,
    policy: { ...POLICY_DEFAULTS, scope: 'public', className: null, ...policy },
    match: MATCH_DEFAULTS,
    style: 'solid',
    quality: 90,
    jobs: 1,
    mute: false,
    ...(corrections === undefined ? {} : { corrections }),
  };
}

async function filter(source: string, options: { policy?: Partial<PolicyOptions>; corrections?: ReadonlyMap<string, KnownPhoto>; cache?: AnalysisCache } = {}) {
  const { record, ...rest } = await filterOrStop(source, options);
  if (record === null) throw new Error('stopped');
  return { record, ...rest };
}

async function filterOrStop(source: string, options: { policy?: Partial<PolicyOptions>; corrections?: ReadonlyMap<string, KnownPhoto>; cache?: AnalysisCache; stopAt?: number } = {}) {
  const engines = stubEngines(() => current);
  const analyzer = clipAnalyzer({ cache: options.cache ?? null, engines });
  const identity = { scope: 'public', className: null } as const;
  const ledger = new ScanLedger(folders, identity, await checkPreviousRun(folders, identity));
  await ledger.start();
  const progress: ClipProgress[] = [];
  const stop = new AbortController();
  const record = await processClip(source, plan([source], options.policy, options.corrections), analyzer, ledger, new Set(), {
    signal: stop.signal,
    onClipProgress: (_source, p) => {
      progress.push(p);
      if (progress.length === options.stopAt) stop.abort();
    },
  });
  await ledger.finish(record === null ? [] : [source], record !== null);
  return { record, engines, analyzer, progress };
}

/** Mean brightness of the square's middle on every frame of a clip. */
async function faceBrightness(file: string): Promise<number[]> {
  const info = await probeVideo(file, { tools });
  const out: number[] = [];
  for await (const frame of decodeFrames(tools, info)) {
    let sum = 0;
    let n = 0;
    for (let y = FACE.y + 12; y < FACE.y + 36; y++) {
      for (let x = FACE.x + 12; x < FACE.x + 36; x++) {
        const i = (y * frame.rgb.width + x) * 3;
        sum += (frame.rgb.data[i]! + frame.rgb.data[i + 1]! + frame.rgb.data[i + 2]!) / 3;
        n++;
      }
    }
    out.push(sum / n);
  }
  return out;
}

beforeAll(async () => {
  tools = await findFfmpeg();
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-clip-decide-'));
  folders = planFolders({ input: path.join(dir, 'in'), scope: 'public', className: null });
  await makeClip(path.join(folders.input, 'clip.mp4'));
  current = BRAM;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a clip decided per track with the photos\' consent rules', () => {
  it('hides a pupil without consent on every frame, and shows one with consent', async () => {
    const hidden = await filter('clip.mp4');
    expect(hidden.record).toMatchObject({ kind: 'video', decision: 'anonymised', output: 'clip.mp4' });
    expect(hidden.record.faces).toEqual([expect.objectContaining({ pupil: 'bram', action: 'anonymised', track: expect.objectContaining({ frames: 10 }) as unknown })]);
    const covered = await faceBrightness(path.join(folders.output, 'clip.mp4'));
    expect(covered).toHaveLength(10);
    for (const level of covered) expect(level).toBeLessThan(200);
    // Progress per frame through both passes, with the time left once it can be told.
    expect(hidden.progress.filter((p) => p.stage === 'analyse').map((p) => p.frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hidden.progress.filter((p) => p.stage === 'render').map((p) => p.frame)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hidden.progress.at(-1)).toMatchObject({ frames: 10, secondsLeft: 0 });

    current = ANNA;
    const shown = await filter('clip.mp4');
    expect(shown.record).toMatchObject({ decision: 'publish', output: 'clip.mp4' });
    for (const level of await faceBrightness(path.join(folders.output, 'clip.mp4'))) expect(level).toBeGreaterThan(230);
  });

  it('--unknown drop drops the whole clip; --unknown review sends it to the review folder', async () => {
    current = STRANGER;
    const dropped = await filter('clip.mp4', { policy: { unknown: 'drop' } });
    expect(dropped.record).toMatchObject({ decision: 'dropped', output: null, review: null });
    expect(await readdir(folders.output).catch(() => [])).toEqual([]);
    const review = await filter('clip.mp4', { policy: { unknown: 'review' } });
    expect(review.record).toMatchObject({ decision: 'review', output: null, review: 'clip.mp4' });
    expect(await readdir(folders.review)).toEqual(['clip.mp4']);
    // Hidden in the review copy too, as in a review photo.
    for (const level of await faceBrightness(path.join(folders.review, 'clip.mp4'))) expect(level).toBeLessThan(200);
  });

  it('stops at the next frame on Ctrl-C, while writing, leaving nothing under the clip\'s name (nor a temp file)', async () => {
    const stopped = await filterOrStop('clip.mp4', { stopAt: 14 });
    expect(stopped.record).toBeNull();
    expect(stopped.progress).toHaveLength(14);
    expect(await readdir(folders.output).catch(() => [])).toEqual([]);
  });

  it('a clip that cannot be read is an error, never published', async () => {
    await writeFile(path.join(folders.input, 'broken.mov'), 'not a video');
    const { record } = await filter('broken.mov');
    expect(record).toMatchObject({ kind: 'video', decision: 'error', output: null, why: { kind: 'unreadable' } });
    expect(await readdir(folders.output).catch(() => [])).toEqual([]);
  });
});

describe('the teacher\'s corrections of a clip', () => {
  async function corrected(correction: FaceCorrection, of: string): Promise<Map<string, KnownPhoto>> {
    const cache = new AnalysisCache(path.join(dir, 'cache'), clipSettingsKey());
    const hash = await hashFile(path.join(folders.input, of));
    await filter(of, { cache });
    const clip = await readCachedClip(cache, hash, path.join(folders.input, of));
    return new Map([[hash, { fingerprint: clip!.fingerprint, corrections: { imageSize: { width: 160, height: 120 }, faces: [{ box: FACE, correction }], added: [], dropped: false } }]]);
  }

  it('a stranger named as a pupil with consent is shown; "always blur" hides a pupil with consent', async () => {
    current = STRANGER;
    const named = await corrected({ kind: 'pupil', pupilId: 'anna' }, 'clip.mp4');
    expect((await filter('clip.mp4', { corrections: named })).record).toMatchObject({ decision: 'publish', faces: [expect.objectContaining({ pupil: 'anna', correction: 'pupil' })] });
    current = ANNA;
    const blur = await corrected({ kind: 'blur' }, 'clip.mp4');
    expect((await filter('clip.mp4', { corrections: blur })).record).toMatchObject({ decision: 'anonymised', faces: [expect.objectContaining({ action: 'anonymised', correction: 'blur' })] });
  });

  it('follow a re-saved copy of the clip (other bytes, same first frame) through its fingerprint', async () => {
    current = ANNA;
    const blur = await corrected({ kind: 'blur' }, 'clip.mp4');
    await makeClip(path.join(folders.input, 'copy.mp4'), 28);
    expect(await hashFile(path.join(folders.input, 'copy.mp4'))).not.toBe(await hashFile(path.join(folders.input, 'clip.mp4')));
    const copy = await filter('copy.mp4', { corrections: blur });
    expect(copy.record).toMatchObject({ decision: 'anonymised', faces: [expect.objectContaining({ correction: 'blur' })] });
  });
});

describe('a clip\'s fingerprint', () => {
  it('finds a re-saved clip, never a photo of the same picture: corrections do not cross between clips and photos', async () => {
    const info = await probeVideo(path.join(folders.input, 'clip.mp4'), { tools });
    const frames = decodeFrames(tools, info);
    const first = (await frames.next()).value!;
    await frames.return(undefined);
    const frame = { ...first.rgb, channels: 3 as const };
    expect(hashDistance(clipFingerprint(frame), clipFingerprint(frame))).toBe(0);
    expect(hashDistance(clipFingerprint(frame), fingerprintPixels(frame))).toBeGreaterThan(SAME_PHOTO.looseBits);
  });
});

describe('the cache entry of a clip', () => {
  it('gives the same analysis back, so a second scope analyses nothing', async () => {
    const cache = new AnalysisCache(path.join(dir, 'cache'), clipSettingsKey());
    const first = await filter('clip.mp4', { cache });
    expect(first.engines.detections).toBeGreaterThan(0);
    expect(first.analyzer.stats).toMatchObject({ analysed: 1, cached: 0 });
    const second = await filter('clip.mp4', { cache });
    expect(second.engines.detections).toBe(0);
    expect(second.analyzer.stats).toMatchObject({ analysed: 0, cached: 1 });
    expect(second.record.faces).toEqual(first.record.faces);
    const file = path.join(folders.input, 'clip.mp4');
    const stored = await readCachedClip(cache, await hashFile(file), file);
    const again = parseClip(JSON.parse(JSON.stringify(clipPayload(stored!))), file);
    expect(again).toEqual(stored);
    // No pixels: boxes, times, descriptors and a fingerprint.
    expect(JSON.stringify(clipPayload(stored!)).length).toBeLessThan(20_000);
  });
});
