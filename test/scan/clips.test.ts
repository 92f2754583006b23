/**
 * Clips in a scan, from the command line: a folder of photos and clips scanned for public gives one output where
 * every clip is filtered frame by frame like the photos, one report listing them all; a broken clip is an error while
 * the photos still publish; another scope takes the clip's analysis from the cache; recheck covers clips; --videos
 * skip leaves them out, listed.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import { MATCH_DEFAULTS, matchFaces } from '../../src/faces/match.js';
import { describePortrait } from '../../src/faces/portrait.js';
import type { ScanReport } from '../../src/report/types.js';
import { videoDetectionParams } from '../../src/video/detection.js';
import { findFfmpeg, run, type FfmpegTools } from '../../src/video/ffmpeg.js';
import { probeVideo } from '../../src/video/probe.js';
import { readStill, viewAt, writeClip, type ClipSpec, type StillPhoto } from '../../scripts/video-clips.js';
import { fixture } from '../helpers/fixtures.js';
import { checkEveryFrame } from '../../scripts/video-frames.js';
import { runCli } from './cli-helpers.js';
import sharp from 'sharp';
import { startReviewServer, TOKEN_HEADER } from '../../src/review/server.js';
import { openReviewSession } from '../../src/review/session.js';

let cwd: string;
let tools: FfmpegTools;
let spec: ClipSpec;

/** sportdag-01.jpg's faces, and which belong to pupil 1001 (public consent yes; 1002 has none for public). */
async function demoStill(): Promise<StillPhoto> {
  const detector = await createDetector({ params: videoDetectionParams({ width: 640, height: 360 }) });
  const describer = await createDescriber();
  try {
    const portrait = await describePortrait(fixture('demo/portraits/1001.jpg'), { detector, describer });
    const other = await describePortrait(fixture('demo/portraits/1002.jpg'), { detector, describer });
    if (portrait.kind !== 'ok' || other.kind !== 'ok') throw new Error('the demo portraits have no face');
    const templates = [
      { pupilId: '1001', descriptors: [portrait.descriptor] },
      { pupilId: '1002', descriptors: [other.descriptor] },
    ];
    const photo = await readStill(fixture('demo/photos/sportdag-01.jpg'));
    const found = await detector.detect(photo.rgb);
    const recognised = matchFaces(await describer.describe(photo.rgb, found), templates, MATCH_DEFAULTS);
    return { ...photo, faces: found.map((d) => d.box), kept: recognised.map((r) => r.kind === 'identified' && r.pupilId === '1001') };
  } finally {
    await detector.close();
    await describer.close();
  }
}

async function report(folder: string): Promise<ScanReport> {
  return JSON.parse(await readFile(path.join(cwd, folder, 'report.json'), 'utf8')) as ScanReport;
}

async function probeJson(file: string): Promise<{ format: { duration: string; tags?: Record<string, string> }; streams: { codec_type: string; tags?: Record<string, string> }[] }> {
  const { stdout } = await run(tools.ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  return JSON.parse(stdout) as never;
}

beforeAll(async () => {
  tools = await findFfmpeg();
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-clips-'));
  await cp(fixture('demo'), cwd, { recursive: true });
  const photo = await demoStill();
  expect(photo.kept).toContain(true);
  expect(photo.kept).toContain(false);
  // Short and small: a slow zoom into the whole photo, with sound and tags that must not be published.
  spec = {
    width: 640,
    height: 360,
    fps: 15,
    audio: true,
    shots: [{ photo, frames: 24, view: (k) => viewAt(photo, 16 / 9, 1 + 0.008 * k, 0.5, 0.45) }],
    extra: ['-metadata', 'title=Sportdag', '-metadata', 'artist=Juf Anna', '-metadata', 'location=+52.3702+004.8952/'],
  };
  await writeClip(tools, spec, path.join(cwd, 'photos', 'sportdag.mp4'));
  await writeFile(path.join(cwd, 'photos', 'kapot.mp4'), 'dit is geen video\n');
  const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
  expect(init.code, init.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

describe('a folder of photos and clips scanned for public', () => {
  let scanned: ScanReport;

  beforeAll(async () => {
    const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
    // The broken clip is an error: exit 4, as for an unreadable photo.
    expect(scan.code, scan.stderr + scan.stdout).toBe(4);
    scanned = await report('photos-public-report');
  }, 180_000);

  it('lists the clip with its tracks, each decided, and the broken clip as an error; the photos still publish', () => {
    const clip = scanned.photos.find((p) => p.source === 'sportdag.mp4');
    expect(clip).toMatchObject({ kind: 'video', decision: 'anonymised', output: 'sportdag.mp4', clip: { frames: 24, sound: 'kept' } });
    expect(clip!.faces.some((f) => f.pupil === '1001' && f.action === 'kept')).toBe(true);
    expect(clip!.faces.some((f) => f.pupil === '1002' && f.action === 'anonymised')).toBe(true);
    for (const face of clip!.faces) expect(face.track).toMatchObject({ frames: expect.any(Number) as number, from: expect.any(Number) as number });
    const broken = scanned.photos.find((p) => p.source === 'kapot.mp4');
    expect(broken).toMatchObject({ kind: 'video', decision: 'error', output: null });
    expect(broken!.error).toMatch(/kapot\.mp4/u);
    expect(scanned.summary).toMatchObject({ photos: 3, clips: 2, error: 1 });
    expect(scanned.photos.filter((p) => p.kind === undefined && p.output !== null)).toHaveLength(3);
  });

  it('hides the pupil without consent on EVERY frame of the published clip and keeps the consenting one', async () => {
    const check = await checkEveryFrame(tools, spec, path.join(cwd, 'photos-public', 'sportdag.mp4'));
    expect(check.frames).toBe(24);
    expect(check.hiddenChecked).toBeGreaterThanOrEqual(12);
    expect(check.hiddenFailures).toEqual([]);
    expect(check.keptChecked).toBeGreaterThanOrEqual(3);
    expect(check.keptFailures).toEqual([]);
  });

  it('keeps the sound and the length, and no metadata', async () => {
    const published = path.join(cwd, 'photos-public', 'sportdag.mp4');
    const [before, after] = [await probeVideo(path.join(cwd, 'photos', 'sportdag.mp4'), { tools }), await probeVideo(published, { tools })];
    expect(after).toMatchObject({ hasAudio: true, frameCount: 24, codec: 'h264' });
    expect(after.duration).toBeCloseTo(before.duration, 1);
    const text = JSON.stringify(await probeJson(published));
    for (const word of ['Sportdag', 'Juf Anna', '52.3702']) expect(text).not.toContain(word);
  });

  it('writes a csv row per track and a strip of the clip into the html report', async () => {
    const csv = await readFile(path.join(cwd, 'photos-public-report', 'report.csv'), 'utf8');
    const rows = csv.split('\r\n').filter((line) => line.startsWith('sportdag.mp4;'));
    expect(rows.length).toBe(scanned.photos.find((p) => p.source === 'sportdag.mp4')!.faces.length);
    const html = await readFile(path.join(cwd, 'photos-public-report', 'report.html'), 'utf8');
    const card = /<figure class="card clip">[\s\S]*?<\/figure>\n<\/figure>|<figure class="card clip">[\s\S]*?<figcaption><p class="where">/u.exec(html)?.[0] ?? '';
    const tiles = [...card.matchAll(/<img src="(thumbs\/[^"]+)"/gu)].map((m) => m[1]!);
    expect(tiles).toHaveLength(rows.length);
    // Each a picture of the source frame, written beside the report.
    for (const tile of tiles) expect((await readFile(path.join(cwd, 'photos-public-report', tile))).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('shows the clip on the review page as a picture with each track\'s face in its box, and its published copy', async () => {
    const session = await openReviewSession(path.join(cwd, 'photos-public-report'), cwd);
    const server = await startReviewServer(session, async () => ({ code: 0, output: '' }));
    try {
      const index = session.report().photos.findIndex((p) => p.source === 'sportdag.mp4');
      const get = async (route: string): Promise<{ status: number; body: Buffer }> => {
        const answer = await fetch(`http://127.0.0.1:${server.port}${route}`, { headers: { [TOKEN_HEADER]: server.token } });
        return { status: answer.status, body: Buffer.from(await answer.arrayBuffer()) };
      };
      for (const route of [`/photo/${index}`, `/thumb/${index}`, `/published/${index}`, `/face/${index}/1`, `/face/${index}/2`]) {
        const answer = await get(route);
        expect(answer.status, route).toBe(200);
        expect(answer.body.subarray(0, 2), route).toEqual(Buffer.from([0xff, 0xd8]));
      }
      const picture = await sharp((await get(`/photo/${index}`)).body).metadata();
      expect({ width: picture.width, height: picture.height }).toEqual({ width: 640, height: 360 });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('serves another scope from the cache: the clip is not analysed again', async () => {
    const scan = await runCli(['scan', 'photos', '--scope', 'internal', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(4);
    const internal = await report('photos-internal-report');
    // Every photo and the readable clip come from the cache; the broken clip is tried again and fails again.
    expect(internal.options.analysed).toBe(0);
    expect(internal.options.fromCache).toBe(4);
    const clip = internal.photos.find((p) => p.source === 'sportdag.mp4');
    // Both pupils have consent for internal use.
    expect(clip!.faces.filter((f) => f.pupil === '1002').every((f) => f.action === 'kept')).toBe(true);
  }, 120_000);

  it('recheck flags the published clip when a pupil it shows withdraws consent', async () => {
    const roster = path.join(cwd, 'roster.csv');
    const text = await readFile(roster, 'utf8');
    await writeFile(roster, text.replace('1001;Barack;van;Dijk;8a;ja;ja;ja', '1001;Barack;van;Dijk;8a;ja;ja;nee'));
    const recheck = await runCli(['recheck'], cwd);
    expect(recheck.stdout + recheck.stderr).toMatch(/sportdag\.mp4/u);
    await writeFile(roster, text);
  }, 60_000);
});

describe('what is held about a pupil', () => {
  it('show names the clips that show them, beside the photos', async () => {
    const show = await runCli(['show', '1002'], cwd);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/sportdag\.mp4/u);
    expect(show.stdout).toMatch(/photos and clips/u);
  }, 60_000);
});

describe('correcting a clip\'s track with privacy-filter correct', () => {
  it('"always blur" on the consenting pupil\'s track hides it in the next scan; --drop leaves the clip out', async () => {
    const before = await report('photos-public-report');
    const clip = before.photos.find((p) => p.source === 'sportdag.mp4')!;
    const face = clip.faces.findIndex((f) => f.pupil === '1001' && f.action === 'kept') + 1;
    expect(face).toBeGreaterThan(0);
    const correct = await runCli(['correct', 'photos/sportdag.mp4', String(face), 'blur'], cwd);
    expect(correct.code, correct.stderr).toBe(0);
    const again = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
    expect(again.code, again.stderr).toBe(4);
    const after = (await report('photos-public-report')).photos.find((p) => p.source === 'sportdag.mp4')!;
    expect(after.faces[face - 1]).toMatchObject({ pupil: '1001', action: 'anonymised', correction: 'blur' });
    expect(after.faces.every((f) => f.action === 'anonymised')).toBe(true);

    expect((await runCli(['correct', 'photos/sportdag.mp4', '--drop'], cwd)).code).toBe(0);
    expect((await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd)).code).toBe(4);
    const dropped = (await report('photos-public-report')).photos.find((p) => p.source === 'sportdag.mp4')!;
    expect(dropped).toMatchObject({ decision: 'dropped', output: null });
    await expect(readFile(path.join(cwd, 'photos-public', 'sportdag.mp4'))).rejects.toThrow();
  }, 180_000);
});

describe('--videos skip', () => {
  it('leaves the clips out and lists them as skipped', async () => {
    const scan = await runCli(['scan', 'photos', '--scope', 'public', '--videos', 'skip', '--out', 'zonder-video', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(0);
    const skipped = await report('zonder-video-report');
    expect(skipped.photos.map((p) => p.source)).not.toContain('sportdag.mp4');
    expect(skipped.skipped).toEqual(expect.arrayContaining([{ file: 'sportdag.mp4', reason: 'videos-skipped' }, { file: 'kapot.mp4', reason: 'videos-skipped' }]));
    expect(skipped.options.videos).toBe('skip');
  }, 120_000);
});
