import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDescriber, FaceDetector, Template } from '../../src/faces/engine-types.js';
import { describePortrait } from '../../src/faces/enroll.js';
import { MATCH_DEFAULTS, matchFaces } from '../../src/faces/match.js';
import { videoDetectionParams } from '../../src/video/detection.js';
import { findFfmpeg, run, type FfmpegTools } from '../../src/video/ffmpeg.js';
import { filterClip, type TrackSummary } from '../../src/video/filter.js';
import { probeVideo } from '../../src/video/probe.js';
import { readStill, viewAt, writeClip, type ClipSpec, type StillPhoto } from '../../scripts/video-clips.js';
import { repoRoot } from '../helpers/shared.js';
import { checkEveryFrame } from './frames.js';

let tools: FfmpegTools;
let detector: FaceDetector;
let describer: FaceDescriber;
let dir: string;

beforeAll(async () => {
  tools = await findFfmpeg();
  // Test clips are at most 640 px long: the video settings search them at full size.
  detector = await createDetector({ params: videoDetectionParams({ width: 640, height: 360 }) });
  describer = await createDescriber();
  dir = await mkdtemp(path.join(tmpdir(), 'pf-video-'));
});

afterAll(async () => {
  await detector?.close();
  await describer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function enrol(pupils: Record<string, readonly string[]>): Promise<Template[]> {
  const templates: Template[] = [];
  for (const [pupilId, files] of Object.entries(pupils)) {
    const descriptors = [];
    for (const file of files) {
      const outcome = await describePortrait(file, { detector, describer });
      if (outcome.kind === 'ok') descriptors.push(outcome.descriptor);
    }
    templates.push({ pupilId, descriptors });
  }
  return templates;
}

/** A still with its faces found on it, and which of them is a consenting pupil. */
async function still(file: string, templates: readonly Template[], consenting: ReadonlySet<string>): Promise<StillPhoto> {
  const photo = await readStill(file);
  const found = await detector.detect(photo.rgb);
  const recognised = matchFaces(await describer.describe(photo.rgb, found), templates, MATCH_DEFAULTS);
  return { ...photo, faces: found.map((d) => d.box), kept: recognised.map((r) => r.kind === 'identified' && consenting.has(r.pupilId)) };
}

/** The consent rules in miniature: only identified consenting pupils are shown. */
function showOnly(consenting: ReadonlySet<string>) {
  return (tracks: readonly TrackSummary[]) => ({
    publish: true as const,
    shown: new Set(tracks.filter((t) => t.recognition.kind === 'identified' && consenting.has(t.recognition.pupilId)).map((t) => t.id)),
  });
}

async function packetTimes(file: string): Promise<number[]> {
  const { stdout } = await run(tools.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file]);
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number)
    .sort((a, b) => a - b);
}

describe('filterClip on a portrait HEVC .mov with a rotation, a variable frame rate and no sound (fixtures/demo)', () => {
  const consenting = new Set(['1001']);
  let spec: ClipSpec;
  let input: string;
  let output: string;
  let tracks: readonly TrackSummary[];

  beforeAll(async () => {
    const demo = path.join(repoRoot, 'fixtures', 'demo');
    const templates = await enrol({ '1001': [path.join(demo, 'portraits', '1001.jpg')], '1002': [path.join(demo, 'portraits', '1002.jpg')] });
    const photo = await still(path.join(demo, 'photos', 'sportdag-01.jpg'), templates, consenting);
    expect(photo.kept).toContain(true);
    expect(photo.kept).toContain(false);
    spec = {
      width: 360,
      height: 640,
      fps: 15,
      audio: false,
      // Uneven: every third frame comes late, as phones do when the light drops.
      time: (n) => n / 15 + (n % 3 === 1 ? 0.03 : 0),
      shots: [{ photo, frames: 36, view: (k) => viewAt(photo, 9 / 16, 1, 0.2 + (0.6 * k) / 35, 0.5) }],
      rotate90: true,
      encode: ['-c:v', 'libx265', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-f', 'mov'],
    };
    input = path.join(dir, 'IMG_0001.MOV');
    output = path.join(dir, 'out', 'IMG_0001.MOV');
    await writeClip(tools, spec, input);
    const result = await filterClip(input, output, { detector, describer, templates, decide: showOnly(consenting), mute: false, style: 'pixelate', tools });
    tracks = result.tracks;
  });

  it('reads the clip as a phone shows it: upright, HEVC, its own timing', async () => {
    const info = await probeVideo(input, { tools });
    expect(info).toMatchObject({ rotation: 90, size: { width: 360, height: 640 }, codec: 'hevc', hasAudio: false, frameCount: 36 });
  });

  it('recognises the consenting pupil and hides everyone else', () => {
    expect(tracks.some((t) => t.recognition.kind === 'identified' && t.recognition.pupilId === '1001')).toBe(true);
    expect(tracks.some((t) => t.recognition.kind === 'identified' && t.recognition.pupilId === '1002')).toBe(true);
  });

  it('publishes H.264, upright without a rotation flag, with every frame at its own time', async () => {
    const info = await probeVideo(output, { tools });
    expect(info).toMatchObject({ rotation: 0, size: { width: 360, height: 640 }, codec: 'h264', hasAudio: false, frameCount: 36 });
    const [before, after] = [await packetTimes(input), await packetTimes(output)];
    expect(after).toHaveLength(before.length);
    after.forEach((t, i) => expect(t).toBeCloseTo(before[i]!, 3));
  });

  it('hides the pupil without consent on EVERY frame and keeps the consenting one close to the source', async () => {
    const check = await checkEveryFrame(tools, spec, output);
    expect(check.frames).toBe(36);
    expect(check.hiddenChecked).toBeGreaterThanOrEqual(12);
    expect(check.hiddenFailures).toEqual([]);
    expect(check.keptChecked).toBeGreaterThan(10);
    expect(check.keptFailures).toEqual([]);
  });

  it('leaves no temporary file beside the published clip', async () => {
    expect(await readdir(path.dirname(output))).toEqual(['IMG_0001.MOV']);
  });
});
