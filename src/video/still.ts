/** One frame of a clip as a picture, upright, for the report's strip of tracks: not the filtering path. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { lastLines, type FfmpegTools } from './ffmpeg.js';

/**
 * The frame shown `seconds` after the clip's start, as PNG bytes, turned upright as players show it (FFmpeg applies
 * the rotation when it decodes to a picture). Seeks to the keyframe before and decodes on from there, so it costs a
 * fraction of a second even deep into a long clip.
 */
export function clipStill(tools: FfmpegTools, file: string, seconds: number): Promise<Buffer> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-ss', Math.max(0, seconds).toFixed(3), '-i', file, '-frames:v', '1', '-an', '-sn', '-dn', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'];
  return new Promise((resolve, reject) => {
    execFile(tools.ffmpeg, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${path.basename(tools.ffmpeg)} could not show ${path.basename(file)} at ${seconds.toFixed(2)} s: ${lastLines(stderr.toString()) || error.message}`));
      else if (stdout.length === 0) reject(new Error(`${path.basename(file)} has no frame at ${seconds.toFixed(2)} s`));
      else resolve(stdout);
    });
  });
}
