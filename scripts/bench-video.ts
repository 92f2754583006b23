/**
 * Seconds of work per second of video, split by stage, for clips made from a group photo (a pan and zoom with a
 * passer-by), at 720p, 1080p and (with --sizes 720,1080,2160) 4K.
 *
 *   npm run build && node dist/scripts/bench-video.js [--sizes 720,1080] [--seconds 10] [--fps 30] [--every 5] [--preset superfast] [--crf 20] [--clips DIR]
 *
 * --clips keeps the made clips in DIR and uses them again on the next run (making a 4K clip takes longer than
 * filtering it), so repeated runs measure the filter alone.
 *
 * Stages: decode = waiting for FFmpeg's frames (both passes; FFmpeg decodes ahead in its own process), detect,
 * track (scene cuts, quality, linking), recognise (descriptors of each track's best views, matching), render
 * (anonymising the frames), encode = waiting for FFmpeg to take the frames (x264 runs in its own process).
 * The machine's load average is printed beside the figures: the bench shares the cores with whatever else runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import { videoDetectionParams } from '../src/video/detection.js';
import { ENCODE_DEFAULTS } from '../src/video/encode.js';
import { findFfmpeg } from '../src/video/ffmpeg.js';
import { emptyTimes, filterClip, type StageTimes } from '../src/video/filter.js';
import { readStill, viewAt, writeClip, type ClipSpec } from './video-clips.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** CPU seconds of this process's finished children (FFmpeg), from /proc on Linux; null elsewhere. */
function childCpu(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // cutime and cstime are fields 16 and 17 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const sizes = option('sizes', '720,1080').split(',').map(Number);
const seconds = Number(option('seconds', '10'));
const fps = Number(option('fps', '30'));
const every = Number(option('every', '5'));
const preset = option('preset', ENCODE_DEFAULTS.preset);
const crf = Number(option('crf', String(ENCODE_DEFAULTS.crf)));
const clips = option('clips', '');

const sharedGroup = path.resolve(repo, '..', 'shared', 'faces', 'groups', 'ageitgey_obama_and_biden.jpg');
const photoFile = existsSync(sharedGroup) ? sharedGroup : path.join(repo, 'fixtures', 'demo', 'photos', 'sportdag-01.jpg');
const walkerFile = path.join(repo, 'fixtures', 'demo', 'portraits', '1002.jpg');

async function main(): Promise<void> {
  const tools = await findFfmpeg();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-bench-video-'));
  console.log(`FFmpeg ${tools.version} (${tools.source}); ${os.cpus().length} cores; clip: ${path.basename(photoFile)}, ${seconds} s at ${fps} fps, detection every ${every} frames, x264 preset ${preset} crf ${crf}`);
  try {
    for (const height of sizes) {
      const width = Math.round((height * 16) / 9 / 2) * 2;
      const detector0 = await createDetector({ threads: 2, params: videoDetectionParams({ width, height }) });
      const group = await readStill(photoFile);
      const faces = (await detector0.detect((await readStill(photoFile)).rgb)).map((d) => d.box);
      const walker = await readStill(walkerFile);
      const frames = Math.round(seconds * fps);
      const spec: ClipSpec = {
        width,
        height,
        fps,
        audio: true,
        shots: [
          {
            photo: { ...group, faces },
            frames,
            view: (k) => viewAt(group, 16 / 9, 1.05 + (0.4 * k) / frames, 0.4 + (0.2 * k) / frames, 0.45),
            walker: { photo: walker, width: Math.round(width / 5), at: (k) => ({ x: -width / 5 + (k * (width * 1.2)) / frames, y: height * 0.45 }) },
          },
        ],
        encode: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-f', 'mp4'],
      };
      const input = path.join(clips === '' ? dir : clips, `clip-${height}-${seconds}s-${fps}fps.mp4`);
      if (!existsSync(input)) {
        process.stderr.write(`making a ${width} × ${height} clip…\n`);
        await mkdir(path.dirname(input), { recursive: true });
        await writeClip(tools, spec, `${input}.part.mp4`);
        await rename(`${input}.part.mp4`, input);
      }
      const describer = await createDescriber({ threads: 2 });
      const times: StageTimes = emptyTimes();
      const load = os.loadavg()[0]!;
      const cpu0 = process.cpuUsage();
      const children0 = childCpu();
      let peak = process.memoryUsage().rss;
      const t0 = performance.now();
      const result = await filterClip(input, path.join(dir, `out-${height}.mp4`), {
        detector: detector0,
        describer,
        templates: [],
        track: { detectEvery: every },
        preset,
        crf,
        decide: () => ({ publish: true, shown: new Set() }),
        mute: false,
        style: 'pixelate',
        tools,
        times,
        // Sampled every 10th frame: reading the memory use on every frame cost the bench 5 % of its time.
        onProgress: ({ frame }) => {
          if (frame % 10 === 0) peak = Math.max(peak, process.memoryUsage.rss());
        },
      });
      const wall = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const children1 = childCpu();
      const ffmpegCpu = children0 === null || children1 === null ? null : children1 - children0;
      await detector0.close();
      await describer.close();
      const per = (s: number): string => (s / seconds).toFixed(2);
      console.log(
        `${height}p: ${per(wall)} s per video-second (wall ${wall.toFixed(1)} s for ${seconds} s; CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} s/s here + ${ffmpegCpu === null ? '?' : (ffmpegCpu / seconds).toFixed(2)} s/s in FFmpeg; peak memory ${Math.round(peak / 2 ** 20)} MB; load average ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)})`,
      );
      console.log(
        `  decode ${per(times.decode)}  detect ${per(times.detect)}  track ${per(times.track)}  recognise ${per(times.recognise)}  render ${per(times.render)}  encode ${per(times.encode)}   (${result.analysis.detectedFrames} frames detected of ${result.analysis.times.length}, ${result.tracks.length} tracks)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
