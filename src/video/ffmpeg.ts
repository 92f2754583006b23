/**
 * Which FFmpeg runs: the one inside the npm packages (@ffmpeg-installer/ffmpeg, @ffprobe-installer/ffprobe; installed
 * by `npm ci` from the registry alone, GPLv3 builds with libx264), or a newer one on the PATH. Nothing is downloaded.
 */
import { execFile, spawn } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';

export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** Where they came from: the npm packages or the PATH. */
  readonly source: 'npm' | 'path';
  /** As `ffmpeg -version` says it, e.g. "4.1" or "N-47683-g0e8eb07980-static". */
  readonly version: string;
  /** Major and minor version; [4, 1] for the packaged git build, which predates 4.2. */
  readonly release: readonly [number, number];
}

/** The packaged builds are git snapshots ("N-47683-g…") from the 4.1 era; their packages say 4.1.x. */
const PACKAGED_RELEASE: readonly [number, number] = [4, 1];

let found: Promise<FfmpegTools> | null = null;

/**
 * FFmpeg and ffprobe, found once per process: a system FFmpeg on the PATH when it is newer than the packaged one (and
 * has ffprobe beside it), else the packaged one.
 * @throws UserError when neither exists (a platform the packages do not cover, or an install without optional packages).
 */
export function findFfmpeg(): Promise<FfmpegTools> {
  found ??= locate().catch((caught: unknown) => {
    found = null;
    throw caught;
  });
  return found;
}

async function locate(): Promise<FfmpegTools> {
  const packaged = await packagedTools();
  const system = await systemTools();
  if (system !== null && (packaged === null || newer(system.release, packaged.release))) return system;
  if (packaged !== null) return packaged;
  if (system !== null) return system;
  throw new UserError(msg.videoFiles.noFfmpeg(`${process.platform}-${process.arch}`), { hint: msg.videoFiles.noFfmpegHint });
}

function newer(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

async function packagedTools(): Promise<FfmpegTools | null> {
  const require = createRequire(import.meta.url);
  let ffmpeg: string;
  let ffprobe: string;
  try {
    ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
  } catch {
    // The packages throw a string for an unsupported platform or a missing optional package.
    return null;
  }
  if (!(await executable(ffmpeg)) || !(await executable(ffprobe))) return null;
  const version = await versionOf(ffmpeg);
  if (version === null) return null;
  return { ffmpeg, ffprobe, source: 'npm', version, release: parseRelease(version) ?? PACKAGED_RELEASE };
}

/**
 * The packages mark their binaries executable in an install script; an install without scripts (`--ignore-scripts`,
 * as the README's global install does, to keep onnxruntime's CUDA download off) leaves ffprobe at mode 644. Setting
 * the bit on our own installed copy is what that script would have done; where we may not, FFmpeg counts as absent.
 */
async function executable(binary: string): Promise<boolean> {
  if (process.platform === 'win32') return true;
  try {
    await access(binary, constants.X_OK);
    return true;
  } catch {
    try {
      await chmod(binary, (await stat(binary)).mode | 0o111);
      await access(binary, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
}

async function systemTools(): Promise<FfmpegTools | null> {
  const ffmpeg = onPath('ffmpeg');
  const ffprobe = onPath('ffprobe');
  if (ffmpeg === null || ffprobe === null) return null;
  const version = await versionOf(ffmpeg);
  const release = version === null ? null : parseRelease(version);
  // A git build without a release number cannot be compared: the packaged one, whose features are known, wins.
  if (version === null || release === null) return null;
  return { ffmpeg, ffprobe, source: 'path', version, release };
}

function onPath(name: string): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, exe);
    if (existsSync(file)) return file;
  }
  return null;
}

/** "ffmpeg version 6.1.1-3ubuntu5 Copyright…" → "6.1.1-3ubuntu5"; null when it does not run. */
async function versionOf(binary: string): Promise<string | null> {
  try {
    const { stdout } = await run(binary, ['-hide_banner', '-version']);
    return /version\s+(\S+)/.exec(stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** "6.1.1-3ubuntu5" → [6, 1]; "n7.0" → [7, 0]; a git snapshot "N-47683-g…" → null. */
export function parseRelease(version: string): [number, number] | null {
  const m = /^n?(\d+)\.(\d+)/.exec(version);
  return m === null ? null : [Number(m[1]), Number(m[2])];
}

/** The options that pass every decoded frame through once with its own timestamp (keeps variable frame rates). */
export function passthroughArgs(tools: FfmpegTools): string[] {
  // -vsync is deprecated from 5.1 on in favour of -fps_mode, which 4.x lacks.
  return newer(tools.release, [5, 0]) ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough'];
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool to its end; rejects with its stderr's last lines when it fails. */
export function run(binary: string, args: readonly string[], options: { input?: Buffer } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(binary, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(new Error(`${path.basename(binary)} failed: ${lastLines(stderr) || error.message}`), { stderr }));
      else resolve({ stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export function lastLines(text: string, count = 3): string {
  return text.trim().split(/\r?\n/).slice(-count).join(' / ');
}

/** The licence a build carries, from its configure line: what the README must say and whether it may be passed on. */
export type FfmpegLicence = 'LGPL-2.1' | 'LGPL-3.0' | 'GPL-2.0' | 'GPL-3.0' | 'nonfree';

/**
 * `--enable-nonfree` (e.g. libfdk-aac beside GPL code) makes a build that may not be redistributed at all; otherwise
 * `--enable-gpl` makes it GPL and `--enable-version3` version 3, as FFmpeg's LICENSE.md says.
 */
export function licenceOf(configuration: string): FfmpegLicence {
  const has = (flag: string): boolean => new RegExp(`(^|\\s)--enable-${flag}(\\s|$)`).test(configuration);
  if (has('nonfree')) return 'nonfree';
  if (has('gpl')) return has('version3') ? 'GPL-3.0' : 'GPL-2.0';
  return has('version3') ? 'LGPL-3.0' : 'LGPL-2.1';
}

/** What `doctor` reports: which FFmpeg, and whether it does the four things videos need. */
export interface FfmpegReport {
  readonly tools: FfmpegTools;
  readonly licence: FfmpegLicence;
  readonly decodes: { readonly h264: boolean; readonly hevc: boolean };
  readonly encodes: { readonly h264: boolean; readonly aac: boolean };
}

/**
 * Checks the codecs by using them: a short H.264 + AAC clip is encoded and decoded again. HEVC decoding is checked
 * the same way when the build can encode HEVC (libx265), else from the decoder list.
 */
export async function checkFfmpeg(tools?: FfmpegTools): Promise<FfmpegReport> {
  const t = tools ?? (await findFfmpeg());
  const configuration = /configuration:(.*)/.exec((await run(t.ffmpeg, ['-version'])).stdout)?.[1] ?? '';
  const decoders = (await run(t.ffmpeg, ['-hide_banner', '-decoders'])).stdout;
  const encoders = (await run(t.ffmpeg, ['-hide_banner', '-encoders'])).stdout;
  const has = (list: string, name: string): boolean => new RegExp(`^\\s*\\S+\\s+${name}\\s`, 'm').test(list);
  const h264 = await roundTrip(t, ['-c:v', 'libx264', '-c:a', 'aac']);
  const hevc = has(encoders, 'libx265') ? await roundTrip(t, ['-c:v', 'libx265', '-x265-params', 'log-level=error', '-an']) : has(decoders, 'hevc');
  return {
    tools: t,
    licence: licenceOf(configuration),
    decodes: { h264: h264 && has(decoders, 'h264'), hevc },
    encodes: { h264: h264 && has(encoders, 'libx264'), aac: h264 && has(encoders, 'aac') },
  };
}

/** Encodes a quarter second of test picture and tone with `codecArgs` and decodes it back, all through pipes. */
async function roundTrip(t: FfmpegTools, codecArgs: readonly string[]): Promise<boolean> {
  try {
    const source = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=0.3', '-f', 'lavfi', '-i', 'sine=duration=0.3'];
    const encoded = await runBinary(t.ffmpeg, ['-hide_banner', '-loglevel', 'error', ...source, ...codecArgs, '-f', 'matroska', 'pipe:1']);
    const { stderr } = await run(t.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-f', 'null', '-'], { input: encoded });
    return encoded.length > 0 && stderr.trim() === '';
  } catch {
    return false;
  }
}

function runBinary(binary: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(lastLines(stderr)))));
  });
}
