import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import { findFfmpeg, run, type FfmpegTools } from '../../src/video/ffmpeg.js';
import { analyseClip, filterClip, renderClip } from '../../src/video/filter.js';
import { mkvFrameHeader, mkvHeader } from '../../src/video/mkv.js';
import { describeProbe, VideoReadError } from '../../src/video/probe.js';

let tools: FfmpegTools;
let dir: string;

/** No engine is needed: a clip that cannot be read is refused before any face is looked for. */
const detector: FaceDetector = { detect: () => Promise.resolve([]), settingsKey: 'none', close: () => Promise.resolve() };
const describer: FaceDescriber = { describe: (_, faces) => Promise.resolve(faces.map(() => null)), backend: 'none', settingsKey: 'none', close: () => Promise.resolve() };

beforeAll(async () => {
  tools = await findFfmpeg();
  dir = await mkdtemp(path.join(tmpdir(), 'pf-video-bad-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function clip(name: string, args: readonly string[], size = '160x96'): Promise<string> {
  const file = path.join(dir, name);
  await run(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=15:duration=2`, ...args, file]);
  return file;
}

/** Filters `input` into an empty folder and returns the error and whatever files ended up there. */
async function refused(input: string): Promise<{ error: unknown; left: string[] }> {
  const out = path.join(dir, `out-${path.basename(input)}`);
  await mkdir(out);
  const error = await filterClip(input, path.join(out, 'clip.mp4'), {
    detector,
    describer,
    templates: [],
    decide: () => ({ publish: true, shown: new Set() }),
    mute: false,
    style: 'pixelate',
    tools,
  }).then(
    () => null,
    (caught: unknown) => caught,
  );
  return { error, left: await readdir(out) };
}

describe('clips that cannot be filtered are refused with a reason a teacher understands, and nothing is written', () => {
  it('an empty file', async () => {
    const file = path.join(dir, 'leeg.mp4');
    await writeFile(file, '');
    const { error, left } = await refused(file);
    expect(error).toBeInstanceOf(VideoReadError);
    expect((error as Error).message).toMatch(/leeg\.mp4.*empty/);
    // The teacher reads it in Dutch too: the file's name and what to do.
    expect((error as VideoReadError).format('nl')).toBe('kan video leeg.mp4 niet lezen: het bestand is leeg (0 bytes); kopieer het opnieuw van de telefoon of uit het bericht');
    expect(left).toEqual([]);
  });

  it('a text file named .mp4', async () => {
    const file = path.join(dir, 'notities.mp4');
    await writeFile(file, 'Boodschappen: melk, brood\n'.repeat(2000));
    const { error, left } = await refused(file);
    expect((error as Error).message).toMatch(/not a video/);
    expect(left).toEqual([]);
  });

  it('a clip cut off while copying (index at the end, lost)', async () => {
    const whole = await clip('heel.mp4', ['-c:v', 'libx264', '-f', 'mp4']);
    const bytes = await readFile(whole);
    const file = path.join(dir, 'afgebroken.mp4');
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const { error, left } = await refused(file);
    expect((error as Error).message).toMatch(/incomplete/);
    expect(left).toEqual([]);
  });

  it('a clip cut off while copying (index at the start, frames lost)', async () => {
    const whole = await clip('snel.mp4', ['-c:v', 'libx264', '-movflags', '+faststart', '-f', 'mp4']);
    const bytes = await readFile(whole);
    const file = path.join(dir, 'half.mp4');
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.5)));
    const { error, left } = await refused(file);
    expect(error).toBeInstanceOf(VideoReadError);
    expect((error as Error).message).toMatch(/incomplete|damaged/);
    expect(left).toEqual([]);
  });

  it('a sound recording without picture', async () => {
    const file = path.join(dir, 'geluid.mp4');
    await run(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', file]);
    const { error, left } = await refused(file);
    expect((error as Error).message).toMatch(/only sound, no picture/);
    expect((error as VideoReadError).text.nl).toMatch(/geluid\.mp4.*alleen geluid in, geen beeld/);
    expect(left).toEqual([]);
  });

  it('a picture format FFmpeg cannot decode', async () => {
    const header = mkvHeader(32, 16);
    header.write('ZZZZ', header.indexOf(Buffer.from([0x52, 0x47, 0x42, 24])), 'ascii');
    const frame = Buffer.alloc(32 * 16 * 3, 100);
    const file = path.join(dir, 'vreemd.mkv');
    await writeFile(file, Buffer.concat([header, mkvFrameHeader(0, frame.length), frame]));
    const { error, left } = await refused(file);
    expect(error).toBeInstanceOf(VideoReadError);
    expect(left).toEqual([]);
  });

  it('an interruption while writing leaves nothing under the final name, and no temporary file', async () => {
    // Large enough frames that FFmpeg has finished probing its input and opened its output by then.
    const input = await clip('goed.mp4', ['-c:v', 'libx264', '-f', 'mp4'], '640x360');
    const analysis = await analyseClip(input, { detector, describer, tools });
    const out = path.join(dir, 'out-failing');
    // Interrupted two thirds in, when FFmpeg has long started writing.
    const stop = (p: { frame: number }): void => {
      if (p.frame === 20) throw new Error('interrupted');
    };
    const error = await renderClip(analysis, path.join(out, 'goed.mp4'), new Set(), { mute: false, style: 'pixelate', tools, onProgress: stop }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe('interrupted');
    expect(await readdir(out)).toEqual([]);
  });
});

describe('describeProbe', () => {
  const stream = { codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, avg_frame_rate: '30/1', r_frame_rate: '30/1', duration: '3.0', nb_frames: '90' };

  it('turns a phone held upright (display matrix -90) into an upright portrait size', () => {
    const info = describeProbe('IMG.MOV', { streams: [{ ...stream, side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }] });
    expect(info).toMatchObject({ rotation: 90, size: { width: 1080, height: 1920 } });
  });

  it('reads the older rotate tag, and a phone held upside down', () => {
    expect(describeProbe('a.mp4', { streams: [{ ...stream, tags: { rotate: '90' } }] }).rotation).toBe(90);
    expect(describeProbe('a.mp4', { streams: [{ ...stream, side_data_list: [{ side_data_type: 'Display Matrix', rotation: 180 }] }] }).size).toEqual({ width: 1920, height: 1080 });
  });

  it('tells a variable frame rate from a constant one', () => {
    expect(describeProbe('a.mp4', { streams: [stream] }).variableRate).toBe(false);
    expect(describeProbe('a.mp4', { streams: [{ ...stream, avg_frame_rate: '2650/99' }] }).variableRate).toBe(true);
  });

  it('ignores a cover image and refuses clips beyond the limits with their reason', () => {
    expect(() => describeProbe('a.mp4', { streams: [{ ...stream, disposition: { attached_pic: 1 } }] })).toThrow(/no video stream/);
    expect(() => describeProbe('a.mp4', { streams: [{ ...stream, duration: '7200' }] })).toThrow(/120 minutes long/);
  });
});
