/**
 * `npm run bench`: how fast a scan is, against a naive baseline, on 12 MP phone-sized photos, for two corpora:
 * `crowd` (group and crowd photos, 5–160 faces) and `school` (2–10 people, faces of 60–600 px at 12 MP, as a school
 * event's photos mostly are). For each corpus:
 *
 *   (a) naive: one thread, one photo after another: decode, detect, describe — no pool, no cache, no output.
 *   (i) with --ideal: the whole naive pass in each of `cores` processes at once, timed per corpus. No scan can beat
 *       that on this machine, so a/i is the ceiling for b/a (a shared CPU runs one busy core faster than two).
 *   (b) the real `privacy-filter scan`, cold (empty cache): every core busy, output and report written.
 *   (t) as (b), with PRIVACY_FILTER_DESCRIBER=tfjs: the recogniser on tfjs, as before issue 14 (--skip-tfjs).
 *   (r) with --baseline <git rev>: as (b), by that revision's code, built in a temporary worktree (npm ci from the
 *       local cache): the speed-up over it, same machine, same run, and whether it found as many faces.
 *   (c) a scan for another scope, into its own output folder: the cache answers, only matching and writing run. A
 *       photo that hides the same faces as in (b) is copied from (b)'s output; on this corpus of strangers that is
 *       every photo, as it is in a school for the photos of strangers and of pupils without any consent.
 *   (e) as (c), but with --style solid, so no file of (b) can be copied: every photo with a face to hide is decoded,
 *       anonymised and encoded again. The worst case for another scope.
 *   (d) the scan of (b) again into the same folders, as a batch job or a rerun after a consent change does: the cache
 *       answers, and files still current from (b) are kept rather than rendered again.
 * and once, after the runs: the time per stage per photo, on one thread (hash, decode, detect with its tensor fill
 * and each pyramid level, landmarks, describe, render, thumbnail).
 *
 * Each phase runs in its own child process so that its peak memory (max RSS, worker threads included) is its own.
 * Options: --photos N (default 24 per corpus; 200 for the memory check), --corpus crowd|school (default both),
 * --jobs N (passed to scan), --skip-naive (the memory check does not need the baseline, which takes longest),
 * --skip-cached (no c, d, e), --skip-tfjs, --skip-stages, --baseline <rev>, --runs N (repeat all phases N times and
 * print each phase's median and range: on a shared virtual machine one run of the same phase varies by ±8 %), --ideal
 * (also run the naive pass in one process per core at once: the most any parallel scan could reach here), --clean
 * (remove the corpora, working folders and baseline worktree afterwards). PRIVACY_FILTER_BENCH_DIR moves the bench's
 * folder (default: privacy-filter-bench in the temporary folder), so that two checkouts can bench at once.
 * --skip-enrol (leave out the enrolment line: (f) the portraits of ../shared/faces/identities enrolled in one thread,
 * as before issue 14, and (g) `enroll` on the worker pool), --enrol-only (only that line), --portraits N (enrol only
 * the first N portraits).
 * Section review (scripts/bench-review.ts): the review page's open time on 500 photos with 5 000 faces in Chromium,
 * and Apply after a correction on 60 photos of 12 MP; --review-only runs only it, --skip-review leaves it out,
 * --review-photos N and --apply-photos N change the sizes.
 * Section video (scripts/bench-video.ts): seconds of work per second of video at 720p, 1080p and 4K, by stage;
 * --video-only runs only it, --skip-video leaves it out, --video-sizes 720,1080 and --video-seconds N change the clips.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { overlapOfSmaller, writeMarkedCrop } from './boxes.js';
import { benchReview } from './bench-review.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const sharedFaces = path.resolve(repo, '..', 'shared', 'faces');
const benchRoot = process.env['PRIVACY_FILTER_BENCH_DIR'] ?? path.join(os.tmpdir(), 'privacy-filter-bench');
/** 4032 × 3024: a 12 MP phone photo. */
const PHONE_LONG_SIDE = 4032;

interface PhaseResult {
  readonly phase: string;
  readonly seconds: number;
  readonly photos: number;
  readonly faces: number;
  readonly peakMb: number;
  /**
   * CPU time of the phase's process, worker threads included: on a machine shared with other jobs, the clock counts
   * waiting for a core, CPU time does not, so this is the figure that compares two codes under a changing load.
   */
  readonly cpuSeconds?: number;
  readonly backend: string;
  readonly workers: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

type CorpusName = 'crowd' | 'school';

/**
 * Group photos of 2–10 people whose faces measure 60–600 px once upscaled to 4032 px (counted with this detector on
 * 2026-12-01): the school-like corpus. Only photos of adults may be shared (../shared/faces/SOURCES.md), so adults
 * stand in for pupils.
 */
const SCHOOL_SOURCES = [
  'crowds/jasmcaus_group_2.jpg',
  'crowds/linzaer_12.jpg',
  'crowds/linzaer_16.jpg',
  'crowds/linzaer_18.jpg',
  'crowds/linzaer_19.jpg',
  'crowds/linzaer_2.jpg',
  'crowds/linzaer_21.jpg',
  'crowds/yxlijun_test.jpg',
  'detection/davisking_2007_007763.jpg',
  'detection/davisking_2008_002079.jpg',
  'detection/davisking_2008_002470.jpg',
  'detection/davisking_2008_007676.jpg',
  'detection/dlunion_12_group_group_12_group_group_12_728.jpg',
] as const;

/** Photos with people from ../shared/faces, or the demo fixtures when it is absent. */
async function sourcePhotos(corpus: CorpusName): Promise<string[]> {
  if (!existsSync(sharedFaces)) {
    const demo = path.join(repo, 'fixtures', 'demo', 'photos');
    return (await readdir(demo)).filter((name) => /\.(jpe?g|png)$/i.test(name)).sort().map((name) => path.join(demo, name));
  }
  if (corpus === 'school') return SCHOOL_SOURCES.map((file) => path.join(sharedFaces, file));
  const files: string[] = [];
  for (const folder of ['detection', 'groups', 'crowds'].map((f) => path.join(sharedFaces, f))) {
    for (const name of (await readdir(folder)).sort()) {
      // Rendered avatars and a photo of dogs say nothing about school photos' speed.
      if (/\.(jpe?g|png)$/i.test(name) && !/linzaer_22|dogs/.test(name)) files.push(path.join(folder, name));
    }
  }
  return files;
}

/** Upscales (and for variants mirrors and crops) each source to phone size, so every corpus photo has its own content. */
async function buildCorpus(corpus: CorpusName, count: number): Promise<string> {
  const dir = path.join(benchRoot, `${corpus}-${count}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const sources = await sourcePhotos(corpus);
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length]!;
    const variant = Math.floor(i / sources.length);
    let image = sharp(source).rotate();
    const meta = await sharp(source).rotate().metadata();
    const width = meta.autoOrient?.width ?? meta.width ?? 1;
    const height = meta.autoOrient?.height ?? meta.height ?? 1;
    if (variant > 0) {
      // Each variant its own trim (up to 0.1 by 0.02, then by 0.01), so no two photos of a 200-photo corpus are the
      // same bytes: the scan would analyse a copy once and the figure would lie.
      const trim = Math.min(0.02 * variant, 0.1) + Math.max(0, variant - 5) * 0.01;
      image = image.extract({ left: Math.round(width * trim), top: 0, width: Math.round(width * (1 - trim)), height });
      if (variant % 2 === 1) image = image.flop();
    }
    const landscape = width >= height;
    await image
      .resize(landscape ? { width: PHONE_LONG_SIDE, kernel: 'lanczos3' } : { height: PHONE_LONG_SIDE, kernel: 'lanczos3' })
      .jpeg({ quality: 90 })
      .toFile(path.join(dir, `photo-${String(i + 1).padStart(4, '0')}.jpg`));
  }
  const hashes = new Set<string>();
  for (const file of await readdir(dir)) hashes.add(createHash('sha256').update(await readFile(path.join(dir, file))).digest('hex'));
  if (hashes.size !== count) throw new Error(`the ${corpus} corpus has only ${hashes.size} different photos of ${count}: too many variants per source`);
  await writeFile(path.join(dir, '.complete'), '');
  return dir;
}

/** Where one revision's code is run from: its `bin/privacy-filter.js` and compiled CLI. */
interface Code {
  readonly label: string;
  readonly root: string;
}
const OURS: Code = { label: 'this checkout', root: repo };

/** A working folder with a store enrolled from the demo fixtures by `code`'s own CLI (the bench measures scanning, not enrolment). */
function prepareWorkdir(code: Code, name: string): string {
  const work = path.join(benchRoot, name);
  if (!['templates.enc', 'templates.json'].some((f) => existsSync(path.join(work, '.privacy-filter', f)))) {
    const demo = path.join(repo, 'fixtures', 'demo');
    mkdirSync(work, { recursive: true });
    const result = spawnSync(process.execPath, [path.join(code.root, 'bin', 'privacy-filter.js'), 'init', '--roster', path.join(demo, 'roster.csv'), '--portraits', path.join(demo, 'portraits')], {
      cwd: work,
      env: childEnv(),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`init failed:\n${result.stderr}`);
  }
  return work;
}

/**
 * `rev` built in a worktree of its own under the bench folder, once: `git worktree add`, then `npm ci` from the local
 * npm cache (onnxruntime-node's CUDA download skipped by its own variable: older revisions do not deny its script in
 * package.json's allowScripts), which builds it.
 */
function prepareBaseline(rev: string): Code {
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.stderr}`);
    return result.stdout.trim();
  };
  const sha = git('rev-parse', '--verify', `${rev}^{commit}`);
  const root = path.join(benchRoot, `baseline-${sha.slice(0, 7)}`);
  if (!existsSync(path.join(root, '.bench-built'))) {
    if (existsSync(root)) {
      spawnSync('git', ['-C', repo, 'worktree', 'remove', '--force', root], { encoding: 'utf8' });
      rmSync(root, { recursive: true, force: true });
    }
    git('worktree', 'add', '--detach', root, sha);
    process.stderr.write(`building ${rev} (${sha.slice(0, 7)}) in ${root} (npm ci --prefer-offline) ...\n`);
    const ci = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: root,
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (ci.status !== 0) throw new Error(`npm ci of ${rev} failed:\n${ci.stderr}`);
    writeFileSync(path.join(root, '.bench-built'), `${sha}\n`);
  }
  return { label: `${rev} (${sha.slice(0, 7)})`, root };
}

/** The same malloc setting bin/privacy-filter.js gives the real CLI on Linux, for every phase's process. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // The bench's store is encrypted like a school's (its scrypt is part of every scan's time) and must not prompt.
  const passphrase = process.env['PRIVACY_FILTER_PASSPHRASE'] ?? 'bench only, not for real pupils';
  return { ...process.env, MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2', PRIVACY_FILTER_PASSPHRASE: passphrase, ...extra };
}

function runChild(phase: 'naive' | 'scan' | 'stages', args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): string {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', phase, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0 && result.status !== 3 && result.status !== 4) {
    throw new Error(`phase ${phase} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return result.stdout.trim().split('\n').pop() ?? '';
}

function runNaive(corpus: string, cwd: string): PhaseResult {
  return JSON.parse(runChild('naive', [corpus], cwd)) as PhaseResult;
}

/** A scan by `code` (its compiled CLI, in this process's child), with `env` added to the child's environment. */
function runScan(code: Code, corpus: string, out: string, scope: string, more: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): PhaseResult {
  const cli = path.join(code.root, 'dist', 'src', 'cli', 'index.js');
  return JSON.parse(runChild('scan', [cli, corpus, out, scope, ...more], cwd, childEnv(env))) as PhaseResult;
}

/**
 * The ceiling for any parallel scan on this machine: the whole naive pass in each of `cores` processes at once, no
 * coordination, no output, equal work in each. Reported per corpus (wall time ÷ cores), so a/i is the most b/a can be.
 */
async function idealPhase(corpus: string, cores: number, cwd: string): Promise<PhaseResult> {
  const env = childEnv();
  const started = performance.now();
  const results = await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise<PhaseResult>((resolve, reject) => {
          const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', 'naive', corpus], { cwd, env });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('close', (code) => {
            if (code !== 0) return reject(new Error(`ideal phase failed (exit ${code}):\n${err}`));
            resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as PhaseResult);
          });
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000 / cores;
  const first = results[0]!;
  return { ...first, phase: 'ideal', seconds, peakMb: results.reduce((total, r) => total + r.peakMb, 0), workers: cores };
}

async function childNaive(corpus: string): Promise<void> {
  const { createDetector } = await import('../src/faces/detector.js');
  const { createDescriber } = await import('../src/faces/describer.js');
  const { loadPhoto } = await import('../src/images/load.js');
  // Timed from before the models load, as the scan's time includes starting its workers.
  const started = performance.now();
  const detector = await createDetector({ threads: 1 });
  const describer = await createDescriber();
  const files = (await readdir(corpus)).filter((f) => f.endsWith('.jpg')).sort();
  let faces = 0;
  for (const file of files) {
    const { rgb } = await loadPhoto(path.join(corpus, file));
    const found = await detector.detect(rgb);
    await describer.describe(rgb, found);
    faces += found.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([detector.close(), describer.close()]);
  report({ phase: 'naive', seconds, photos: files.length, faces, peakMb: peakMb(), cpuSeconds: cpuSeconds(), backend: describer.backend, workers: 1 });
}

/** `cli`: the compiled CLI module to run (this checkout's or a baseline's); `more`: further scan options (--style, --jobs). */
async function childScan(cli: string, corpus: string, out: string, scope: string, more: readonly string[]): Promise<void> {
  const { main } = (await import(pathToFileURL(cli).href)) as { main: (argv: readonly string[]) => Promise<number> };
  const report_ = path.join(`${out}-report`);
  const argv = ['node', 'privacy-filter', 'scan', corpus, '--scope', scope, '--out', out, '--report', report_, '--quiet', '--json', ...more];
  const jobsAt = more.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? more[jobsAt + 1] : undefined;
  // The scan's JSON summary goes nowhere: the bench prints its own line.
  const { code, seconds } = await timedQuietly(main, argv);
  const scan = JSON.parse(await readFile(path.join(report_, 'report.json'), 'utf8')) as {
    backend: string;
    summary: { photos: number; faces: number };
    options: Record<string, unknown>;
  };
  const workers = typeof scan.options['jobs'] === 'number' ? scan.options['jobs'] : Number(jobs ?? os.availableParallelism());
  report({ phase: 'scan', seconds, photos: scan.summary.photos, faces: scan.summary.faces, peakMb: peakMb(), cpuSeconds: cpuSeconds(), backend: scan.backend, workers });
  process.exitCode = code === 3 || code === 4 ? 0 : code;
}

/** Runs a CLI's `main` with its standard output silenced (the bench prints its own lines), timed. */
async function timedQuietly(main: (argv: readonly string[]) => Promise<number>, argv: readonly string[]): Promise<{ code: number; seconds: number }> {
  const originalWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const started = performance.now();
  try {
    const code = await main(argv);
    return { code, seconds: (performance.now() - started) / 1000 };
  } finally {
    process.stdout.write = originalWrite;
  }
}

function peakMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function cpuSeconds(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

function report(result: PhaseResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** One corpus's phases in one run; null where a phase was skipped. */
interface Run {
  readonly naive: PhaseResult | null;
  readonly ideal: PhaseResult | null;
  readonly cold: PhaseResult;
  readonly tfjs: PhaseResult | null;
  readonly baseline: PhaseResult | null;
  readonly cached: PhaseResult | null;
  readonly rerun: PhaseResult | null;
  readonly rendered: PhaseResult | null;
}
type PhaseKey = keyof Run;

function ratioLine(run: Run, baselineLabel: string | null): string {
  const { naive, ideal, cold, tfjs, baseline, cached, rerun, rendered } = run;
  const parts: string[] = [];
  const x = (v: number) => `${v.toFixed(2)}x`;
  if (naive != null && ideal != null) parts.push(`i/a = ${x(naive.seconds / ideal.seconds)} (the ceiling)`);
  if (naive != null) parts.push(`b/a = ${x(naive.seconds / cold.seconds)}`);
  if (baseline != null) parts.push(`r/b = ${x(baseline.seconds / cold.seconds)} (faster than ${baselineLabel ?? 'the baseline'})`);
  if (baseline?.cpuSeconds != null && cold.cpuSeconds != null) parts.push(`r/b in CPU time = ${x(baseline.cpuSeconds / cold.cpuSeconds)}`);
  if (tfjs != null) parts.push(`t/b = ${x(tfjs.seconds / cold.seconds)} (faster than the tfjs recogniser)`);
  for (const [name, r] of [['c/b', cached], ['d/b', rerun], ['e/b', rendered]] as const) {
    if (r != null) parts.push(`${name} = ${(cold.seconds / r.seconds).toFixed(1)}x`);
  }
  const faces: string[] = [];
  if (naive != null) faces.push(`naive ${naive.faces}`);
  faces.push(`scan ${cold.faces}`);
  if (tfjs != null) faces.push(`tfjs ${tfjs.faces}`);
  if (baseline != null) faces.push(`baseline ${baseline.faces}${baseline.faces > cold.faces ? ' (more boxes than this scan: which, below)' : ''}`);
  const equal = naive == null || naive.faces === cold.faces ? '' : ' (DIFFERENT: naive and scan detection are not equal)';
  return `${parts.join('   ')}\n  faces found: ${faces.join(', ')}${equal}`;
}

function row(label: string, r: PhaseResult): string {
  return [
    label.padEnd(28),
    (r.photos / r.seconds).toFixed(2).padStart(9),
    (r.faces / r.seconds).toFixed(1).padStart(9),
    r.seconds.toFixed(1).padStart(8),
    String(r.faces).padStart(6),
    String(r.peakMb).padStart(8),
    (r.cpuSeconds?.toFixed(1) ?? '').padStart(6),
    r.backend.padStart(11),
    String(r.workers).padStart(8),
  ].join(' ');
}

const PHASE_LABELS: readonly [PhaseKey, string][] = [
  ['naive', '(a) naive, 1 thread'],
  ['ideal', '(i) naive, all cores at once'],
  ['cold', '(b) scan, cold'],
  ['tfjs', '(t) cold, tfjs recogniser'],
  ['baseline', '(r) cold, baseline code'],
  ['cached', '(c) cached, other scope'],
  ['rerun', '(d) cached, same again'],
  ['rendered', '(e) cached, nothing to copy'],
];

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(1)).join(' ');
}

/**
 * Seconds of work per second of video at 720p, 1080p and 4K, by stage (scripts/bench-video.ts, in a process of its own
 * so that its FFmpeg children and memory are counted apart from the photo runs). --video-sizes and --video-seconds
 * override the clips; --skip-video leaves it out, --video-only runs only it.
 */
function benchVideo(): void {
  const script = fileURLToPath(new URL('./bench-video.js', import.meta.url));
  const args = [script, '--sizes', arg('--video-sizes') ?? '720,1080,2160', '--seconds', arg('--video-seconds') ?? '10'];
  spawnSync(process.execPath, args, { stdio: 'inherit' });
}

async function parent(): Promise<void> {
  if (process.argv.includes('--video-only')) {
    benchVideo();
    return;
  }
  if (process.argv.includes('--review-only')) {
    console.log(await benchReview(Number(arg('--review-photos') ?? 500), 3, Number(arg('--apply-photos') ?? 60)));
    return;
  }
  if (process.argv.includes('--enrol-only')) {
    console.log(`privacy-filter bench: enrolment only, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
    console.log(await benchEnrolment(process.argv.includes('--skip-naive')));
    return;
  }
  const count = Number(arg('--photos') ?? 24);
  const jobs = arg('--jobs');
  const runCount = Math.max(1, Number(arg('--runs') ?? 1));
  const flag = (name: string) => process.argv.includes(name);
  const skipNaive = flag('--skip-naive');
  const withIdeal = flag('--ideal') && !skipNaive;
  const only = arg('--corpus');
  if (only !== undefined && only !== 'crowd' && only !== 'school') throw new Error(`--corpus must be crowd or school, not ${only}`);
  const corpora: CorpusName[] = only === undefined ? ['school', 'crowd'] : [only];
  const baselineRev = arg('--baseline');
  const baselineCode = baselineRev === undefined ? null : prepareBaseline(baselineRev);
  const extra = jobs === undefined ? [] : ['--jobs', jobs];
  const dirs = new Map<CorpusName, string>();
  for (const corpus of corpora) {
    process.stderr.write(`building the ${corpus} corpus of ${count} photos at ${PHONE_LONG_SIDE} px (12 MP) in ${benchRoot} ...\n`);
    dirs.set(corpus, await buildCorpus(corpus, count));
  }
  const work = prepareWorkdir(OURS, 'work');
  const baselineWork = baselineCode === null ? null : prepareWorkdir(baselineCode, `work-${path.basename(baselineCode.root)}`);
  const runs = new Map<CorpusName, Run[]>(corpora.map((c) => [c, []]));
  const loads: string[] = [];
  const clearCache = (dir: string) => rm(path.join(dir, '.privacy-filter', 'cache'), { recursive: true, force: true });
  for (let n = 1; n <= runCount; n++) {
    const of = runCount > 1 ? ` (run ${n} of ${runCount})` : '';
    for (const corpus of corpora) {
      const photos = dirs.get(corpus)!;
      const out = (name: string) => path.join(work, `${corpus}-${name}`);
      await clearCache(work);
      for (const name of ['cold', 'cached', 'solid', 'tfjs']) {
        for (const dir of [out(name), `${out(name)}-report`]) await rm(dir, { recursive: true, force: true });
      }
      const step = (label: string) => process.stderr.write(`${corpus}: ${label}${of}, load ${loadAverage()} ...\n`);
      loads.push(loadAverage());
      if (!skipNaive) step('(a) naive single thread');
      const naive = skipNaive ? null : runNaive(photos, work);
      let ideal: PhaseResult | null = null;
      if (withIdeal) {
        step(`(i) the naive pass in each of ${os.availableParallelism()} processes at once`);
        ideal = await idealPhase(photos, os.availableParallelism(), work);
      }
      step('(b) scan, cold');
      const cold = runScan(OURS, photos, out('cold'), 'public', extra, work);
      let baseline: PhaseResult | null = null;
      if (baselineCode !== null && baselineWork !== null) {
        step(`(r) scan, cold, by ${baselineCode.label}`);
        await clearCache(baselineWork);
        for (const dir of [path.join(baselineWork, `${corpus}-cold`), path.join(baselineWork, `${corpus}-cold-report`)]) await rm(dir, { recursive: true, force: true });
        baseline = runScan(baselineCode, photos, path.join(baselineWork, `${corpus}-cold`), 'public', extra, baselineWork);
      }
      let cached: PhaseResult | null = null;
      let rerun: PhaseResult | null = null;
      let rendered: PhaseResult | null = null;
      if (!flag('--skip-cached')) {
        step('(c) scan, cached, another scope');
        cached = runScan(OURS, photos, out('cached'), 'internal', extra, work);
        step('(d) scan, cached, the same scan again');
        rerun = runScan(OURS, photos, out('cold'), 'public', extra, work);
        step('(e) scan, cached, another scope and --style solid: nothing to copy');
        rendered = runScan(OURS, photos, out('solid'), 'internal', ['--style', 'solid', ...extra], work);
      }
      let tfjs: PhaseResult | null = null;
      if (!flag('--skip-tfjs')) {
        step('(t) scan, cold, PRIVACY_FILTER_DESCRIBER=tfjs');
        // Cold again: the cache (b) filled would answer it otherwise.
        await clearCache(work);
        tfjs = runScan(OURS, photos, out('tfjs'), 'public', extra, work, { PRIVACY_FILTER_DESCRIBER: 'tfjs' });
      }
      const run: Run = { naive, ideal, cold, tfjs, baseline, cached, rerun, rendered };
      runs.get(corpus)!.push(run);
      if (runCount > 1) process.stderr.write(`    ${corpus} run ${n}: ${ratioLine(run, baselineCode?.label ?? null)}\n`);
    }
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`privacy-filter bench: ${count} photos per corpus of 12 MP (${PHONE_LONG_SIDE} px long side), ${os.availableParallelism()} cores (${cpu}), Node ${process.version}`);
  console.log(`load average (1, 5, 15 min) at the start of each corpus's run: ${loads.join(' | ')}`);
  if (runCount > 1) console.log(`median of ${runCount} runs, each phase's range in brackets`);
  for (const corpus of corpora) {
    const all = runs.get(corpus)!;
    const median = (key: PhaseKey): PhaseResult | null => {
      const results = all.flatMap((run) => run[key] ?? []).sort((x, y) => x.seconds - y.seconds);
      return results[Math.floor((results.length - 1) / 2)] ?? null;
    };
    const spread = (key: PhaseKey): string => {
      const seconds = all.flatMap((run) => run[key]?.seconds ?? []);
      return runCount > 1 ? `  (${Math.min(...seconds).toFixed(1)}–${Math.max(...seconds).toFixed(1)} s)` : '';
    };
    const mid = Object.fromEntries(PHASE_LABELS.map(([key]) => [key, median(key)])) as unknown as Run;
    console.log(`\n${corpus} corpus`);
    console.log(`${'phase'.padEnd(28)} ${'photos/s'.padStart(9)} ${'faces/s'.padStart(9)} ${'seconds'.padStart(8)} ${'faces'.padStart(6)} ${'peak MB'.padStart(8)} ${'CPU s'.padStart(6)} ${'backend'.padStart(11)} ${'workers'.padStart(8)}`);
    for (const [key, label] of PHASE_LABELS) {
      const r = mid[key];
      if (r != null) console.log(row(label, r) + spread(key));
    }
    console.log(ratioLine(mid, baselineCode?.label ?? null));
    if (baselineCode !== null && baselineWork !== null) {
      const lost = await lostBoxes(
        path.join(work, `${corpus}-cold-report`, 'report.json'),
        path.join(baselineWork, `${corpus}-cold-report`, 'report.json'),
        dirs.get(corpus)!,
        path.join(benchRoot, `lost-${corpus}`),
      );
      console.log(
        `  the baseline's boxes that no box of this scan overlaps by half of the smaller: ${lost.lost} of ${lost.total}` +
          (lost.lost > 0 ? ` (each in red in ${path.join(benchRoot, `lost-${corpus}`)}: look at them before calling it a loss)` : ''),
      );
    }
    if (runCount > 1) {
      for (const [name, pick] of [
        ['b/a', (r: Run) => (r.naive == null ? null : r.naive.seconds / r.cold.seconds)],
        ['r/b', (r: Run) => (r.baseline == null ? null : r.baseline.seconds / r.cold.seconds)],
        ['r/b in CPU time', (r: Run) => (r.baseline?.cpuSeconds == null || r.cold.cpuSeconds == null ? null : r.baseline.cpuSeconds / r.cold.cpuSeconds)],
        ['t/b', (r: Run) => (r.tfjs == null ? null : r.tfjs.seconds / r.cold.seconds)],
      ] as const) {
        const values = all.flatMap((r) => pick(r) ?? []);
        if (values.length > 0) console.log(`  ${name} per run: ${values.map((v) => v.toFixed(2)).join(', ')}`);
      }
    }
  }
  if (!flag('--skip-stages')) {
    for (const corpus of corpora) {
      process.stderr.write(`${corpus}: stages, one thread, load ${loadAverage()} ...\n`);
      const stages = JSON.parse(runChild('stages', [dirs.get(corpus)!], work)) as Stages;
      console.log(stagesLine(corpus, stages, os.availableParallelism()));
    }
  }
  // Enrolment is its own corpus and line (issue 14 item 3); --skip-enrol leaves it out.
  if (!flag('--skip-enrol')) console.log(await benchEnrolment(flag('--skip-naive')));
  // The review page at a sports day's size and Apply after a correction (scripts/bench-review.ts); --skip-review leaves it out.
  if (!flag('--skip-review')) console.log(await benchReview(Number(arg('--review-photos') ?? 500), 3, Number(arg('--apply-photos') ?? 60)));
  // Video clips (issue 23): seconds per video-second by stage; --skip-video leaves it out.
  if (!flag('--skip-video')) benchVideo();
  if (flag('--clean')) {
    if (baselineCode !== null) spawnSync('git', ['-C', repo, 'worktree', 'remove', '--force', baselineCode.root], { encoding: 'utf8' });
    await rm(benchRoot, { recursive: true, force: true });
  }
}

interface ReportedPhoto {
  readonly source: string;
  readonly faces: readonly { readonly box: { x: number; y: number; width: number; height: number } }[];
}

/**
 * The boxes a baseline scan found that this scan has nothing over (no box of this scan overlaps it by more than half
 * of the smaller of the two: the same face found with a tighter or shifted box is no loss), each written as a crop
 * with the box in red: a count alone cannot tell a lost face from a sleeve the baseline took for one.
 */
async function lostBoxes(ours: string, theirs: string, corpus: string, outDir: string): Promise<{ lost: number; total: number }> {
  const read = async (file: string) => new Map(((JSON.parse(await readFile(file, 'utf8')) as { photos: ReportedPhoto[] }).photos).map((p) => [p.source, p.faces]));
  const [mine, base] = await Promise.all([read(ours), read(theirs)]);
  await rm(outDir, { recursive: true, force: true });
  let lost = 0;
  let total = 0;
  for (const [source, faces] of base) {
    const covering = mine.get(source) ?? [];
    for (const { box } of faces) {
      total++;
      if (covering.some(({ box: b }) => overlapOfSmaller(box, b) > 0.5)) continue;
      lost++;
      await mkdir(outDir, { recursive: true });
      await writeMarkedCrop(sharp(path.join(corpus, source)), box, path.join(outDir, `${lost}-${path.basename(source, path.extname(source))}-${Math.round(box.width)}px.png`), 256);
    }
  }
  return { lost, total };
}

/** Mean milliseconds per photo of each stage, on one thread. */
interface Stages {
  readonly photos: number;
  readonly faces: number;
  readonly backend: string;
  readonly ms: Readonly<Record<'hash' | 'decode' | 'detect' | 'fill' | 'landmarks' | 'describe' | 'anonymise' | 'encode' | 'thumbnail', number>>;
  /** False when the describer has no five-point alignment to tell landmarks from describing. */
  readonly landmarksApart: boolean;
  readonly levels: readonly { readonly scale: number; readonly ms: number; readonly kept: number }[];
}

function stagesLine(corpus: string, s: Stages, cores: number): string {
  const ms = (v: number) => `${Math.round(v)}`;
  // 0.75× reads better than 1/1; 1/12 better than 0.083×.
  const label = (scale: number) => (scale >= 0.5 ? `${Number(scale.toFixed(2))}×` : `1/${Math.round(1 / scale)}`);
  const levels = s.levels.map((l) => `${label(l.scale)} ${ms(l.ms)} ms, ${l.kept.toFixed(1)} faces`).join('; ');
  const total = s.ms.hash + s.ms.decode + s.ms.detect + s.ms.landmarks + s.ms.describe + s.ms.anonymise + s.ms.encode + s.ms.thumbnail;
  const landmarks = s.landmarksApart ? `landmarks ${ms(s.ms.landmarks)} · describe ${ms(s.ms.describe)}` : `landmarks + describe ${ms(s.ms.describe)}`;
  return (
    `\nstages, ${corpus} corpus, one thread, mean ms per photo (${s.photos} photos, ${(s.faces / Math.max(1, s.photos)).toFixed(1)} faces each, recogniser on ${s.backend}):\n` +
    `  hash ${ms(s.ms.hash)} · decode ${ms(s.ms.decode)} · detect ${ms(s.ms.detect)} (of which tensor fill ${ms(s.ms.fill)}) · ${landmarks} · ` +
    `render ${ms(s.ms.anonymise + s.ms.encode)} (anonymise ${ms(s.ms.anonymise)}, encode ${ms(s.ms.encode)}) · thumbnail ${ms(s.ms.thumbnail)} · total ${ms(total)}\n` +
    `  detect per level (kept faces from it): ${levels}\n` +
    `  ${cores} cores at this CPU time per photo: at most ${((cores * 1000) / total).toFixed(2)} photos/s; 3 photos/s needs ${ms((cores * 1000) / 3)} ms per photo`
  );
}

/**
 * The stages of one photo, one after another on one thread, each timed on its own: hash, decode, detect (with the
 * tensor fill of its full-resolution tiles timed apart), landmarks (the default describer less one that aligns on
 * the detector's five points, when it has that option), describe, render (every face anonymised, as in (b)), thumbnail.
 */
async function childStages(corpus: string): Promise<void> {
  const { DETECTOR_DEFAULTS, detectFacesTraced, tileRegions } = await import('../src/faces/detector.js');
  const { loadYunet, toInputTensor } = await import('../src/faces/yunet.js');
  const { createDescriber } = await import('../src/faces/describer.js');
  const { loadPhoto } = await import('../src/images/load.js');
  const { anonymiseFacesInPlace } = await import('../src/images/anonymise.js');
  const { encodePhoto } = await import('../src/images/write.js');
  const { hashFile } = await import('../src/store/cache.js');
  const { thumbnail } = await import('../src/report/thumbs.js');
  sharp.cache(false);
  sharp.concurrency(1);
  const { threads: _threads, ...params } = DETECTOR_DEFAULTS;
  const yunet = await loadYunet(params.model, 1);
  const describer = await createDescriber();
  let fivePoint: Awaited<ReturnType<typeof createDescriber>> | null = null;
  try {
    fivePoint = await createDescriber({ alignment: 'landmarks' });
  } catch {
    fivePoint = null;
  }
  const files = (await readdir(corpus)).filter((f) => f.endsWith('.jpg')).sort();
  const ms = { hash: 0, decode: 0, detect: 0, fill: 0, landmarks: 0, describe: 0, anonymise: 0, encode: 0, thumbnail: 0 };
  const levels: { scale: number; ms: number; kept: number }[] = [];
  let faces = 0;
  const timed = async <T>(key: keyof typeof ms, run: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await run();
    ms[key] += performance.now() - started;
    return result;
  };
  // One untimed pass over the first photo: the first run of each net compiles and allocates what later runs reuse.
  if (files[0] !== undefined) {
    const first = await loadPhoto(path.join(corpus, files[0]));
    const found = (await detectFacesTraced(yunet, first.rgb, params)).faces;
    await Promise.all([describer.describe(first.rgb, found), fivePoint?.describe(first.rgb, found)]);
  }
  for (const file of files) {
    const full = path.join(corpus, file);
    await timed('hash', () => hashFile(full));
    const photo = await timed('decode', () => loadPhoto(full));
    const traced = await timed('detect', () => detectFacesTraced(yunet, photo.rgb, params));
    traced.levels.forEach((l, i) => {
      const sum = levels[i] ?? { scale: l.scale, ms: 0, kept: 0 };
      levels[i] = { scale: l.scale, ms: sum.ms + l.resizeMs + l.runMs, kept: sum.kept + l.kept };
    });
    let buffer: Float32Array = new Float32Array(0);
    await timed('fill', () => {
      for (const region of tileRegions(photo.rgb.width, photo.rgb.height, params.tileSize, params.tileOverlap)) {
        const input = toInputTensor(photo.rgb, region, buffer);
        if (input.data.buffer !== buffer.buffer) buffer = input.data;
      }
    });
    faces += traced.faces.length;
    if (fivePoint !== null) {
      const describer5 = fivePoint;
      await timed('describe', () => describer5.describe(photo.rgb, traced.faces));
    }
    await timed('landmarks', () => describer.describe(photo.rgb, traced.faces));
    const boxes = traced.faces.map((f) => f.box);
    await timed('anonymise', () => anonymiseFacesInPlace(photo.rgb, boxes, 'pixelate'));
    await timed('encode', () => encodePhoto(photo));
    await timed('thumbnail', () => thumbnail(full));
  }
  await Promise.all([yunet.close(), describer.close(), fivePoint?.close()]);
  // 'landmarks' timed the default describer whole; with a five-point one, the difference is the landmark net's share.
  const whole = ms.landmarks;
  const landmarksApart = fivePoint !== null;
  const split = landmarksApart ? { landmarks: Math.max(0, whole - ms.describe), describe: Math.min(whole, ms.describe) } : { landmarks: 0, describe: whole };
  const n = Math.max(1, files.length);
  const mean = Object.fromEntries(Object.entries({ ...ms, ...split }).map(([k, v]) => [k, v / n])) as Stages['ms'];
  const result: Stages = {
    photos: files.length,
    faces,
    backend: describer.backend,
    ms: mean,
    landmarksApart,
    levels: levels.map((l) => ({ scale: l.scale, ms: l.ms / n, kept: l.kept / n })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------- enrolment (issue 14 item 3): portraits/s, one thread against the worker pool ----------
// Kept apart from the scan's phases above: its own corpus, its own children, one line in the output.

interface EnrolPhaseResult {
  readonly phase: 'enrol-naive' | 'enrol';
  readonly seconds: number;
  readonly portraits: number;
  readonly enrolled: number;
  readonly peakMb: number;
  readonly workers: number;
}

/**
 * Portraits as a school has them, one pupil per photo: every photo of ../shared/faces/identities (209, of which 192
 * give a face), or the demo's two when it is absent. A roster beside them names each pupil.
 */
async function buildPortraits(limit: number): Promise<string> {
  const dir = path.join(benchRoot, `portraits-${Number.isFinite(limit) ? limit : 'all'}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'portraits'), { recursive: true });
  const sources = existsSync(path.join(sharedFaces, 'identities.csv'))
    ? (await readFile(path.join(sharedFaces, 'identities.csv'), 'utf8'))
        .split('\n')
        .slice(1)
        .flatMap((line) => (line.trim() === '' ? [] : [path.join(sharedFaces, line.split(',')[0]!)]))
    : ['1001.jpg', '1002.jpg'].map((f) => path.join(repo, 'fixtures', 'demo', 'portraits', f));
  const rows = ["Leerlingnummer;Roepnaam;Groep;Toestemming intern;Foto's in de groep;Toestemming publiek"];
  for (const [i, source] of sources.slice(0, limit).entries()) {
    const id = String(2001 + i);
    await writeFile(path.join(dir, 'portraits', `${id}${path.extname(source).toLowerCase()}`), await readFile(source));
    rows.push(`${id};Leerling ${id};5b;ja;ja;nee`);
  }
  await writeFile(path.join(dir, 'roster.csv'), `${rows.join('\n')}\n`);
  await writeFile(path.join(dir, '.complete'), '');
  return dir;
}

function runEnrolPhase(phase: EnrolPhaseResult['phase'], portraits: string): EnrolPhaseResult {
  const work = path.join(benchRoot, `work-${phase}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', phase, portraits], { cwd: work, env: childEnv(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`phase ${phase} failed (exit ${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as EnrolPhaseResult;
}

/** Before issue 14: the portraits one after another on engines in this thread, timed from before the models load. */
async function childEnrolNaive(portraits: string): Promise<void> {
  const { createFaceEngines } = await import('../src/faces/engines.js');
  const { enrollPupils, inThisThread } = await import('../src/enrol/portraits.js');
  const { readRoster } = await import('../src/roster/read.js');
  const roster = await readRoster(path.join(portraits, 'roster.csv'));
  const started = performance.now();
  const engines = await createFaceEngines();
  const result = await enrollPupils(roster, path.join(portraits, 'portraits'), inThisThread(engines));
  const seconds = (performance.now() - started) / 1000;
  await engines.close();
  const count = result.templates.reduce((n, t) => n + t.descriptors.length, 0) + result.skipped.length;
  process.stdout.write(`${JSON.stringify({ phase: 'enrol-naive', seconds, portraits: count, enrolled: result.templates.length, peakMb: peakMb(), workers: 1 } satisfies EnrolPhaseResult)}\n`);
}

/** The real `privacy-filter enroll` into an empty working folder: roster, worker pool, templates written. */
async function childEnrol(portraits: string): Promise<void> {
  const { main } = await import('../src/cli/index.js');
  const argv = ['node', 'privacy-filter', 'enroll', '--roster', path.join(portraits, 'roster.csv'), '--portraits', path.join(portraits, 'portraits'), '--quiet'];
  const { code, seconds } = await timedQuietly(main, argv);
  if (code !== 0) throw new Error(`enroll exited with ${code}`);
  // Through the store, which is encrypted as a school's would be (the file is not plain JSON).
  const { openStoreAndSweep } = await import('../src/store/open.js');
  const store = await openStoreAndSweep(process.cwd());
  if (store === null) throw new Error('enroll left no store');
  const stored = { pupils: (await store.readTemplates()).templates };
  const count = (await readdir(path.join(portraits, 'portraits'))).filter((f) => !f.startsWith('.')).length;
  const workers = Math.min(os.availableParallelism(), count);
  process.stdout.write(`${JSON.stringify({ phase: 'enrol', seconds, portraits: count, enrolled: stored.pupils.length, peakMb: peakMb(), workers } satisfies EnrolPhaseResult)}\n`);
}

/** (f) enrolment in one thread, as before issue 14 (skipped with --skip-naive), and (g) `enroll` on the worker pool. */
async function benchEnrolment(skipNaive: boolean): Promise<string> {
  const portraits = await buildPortraits(Number(arg('--portraits') ?? Number.POSITIVE_INFINITY));
  process.stderr.write(skipNaive ? '(f) enrolment, one thread: skipped\n' : '(f) enrolment, one thread ...\n');
  const naive = skipNaive ? null : runEnrolPhase('enrol-naive', portraits);
  process.stderr.write('(g) enroll on the worker pool ...\n');
  const pool = runEnrolPhase('enrol', portraits);
  const line = (label: string, r: EnrolPhaseResult) =>
    `${label} ${(r.portraits / r.seconds).toFixed(2)} portraits/s (${r.seconds.toFixed(1)} s, ${r.enrolled} enrolled, ${r.peakMb} MB, ${r.workers} worker${r.workers === 1 ? '' : 's'})`;
  const parts = [`enrolment of ${pool.portraits} portraits:`, ...(naive != null ? [line('(f) one thread', naive)] : []), line('(g) enroll', pool)];
  if (naive != null) parts.push(`g/f = ${(naive.seconds / pool.seconds).toFixed(2)}x${naive.enrolled === pool.enrolled ? '' : ' (DIFFERENT number enrolled)'}`);
  return parts.join('   ');
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const phase = process.argv[childIndex + 1];
  const rest = process.argv.slice(childIndex + 2);
  if (phase === 'naive') await childNaive(rest[0]!);
  else if (phase === 'stages') await childStages(rest[0]!);
  else if (phase === 'enrol-naive') await childEnrolNaive(rest[0]!);
  else if (phase === 'enrol') await childEnrol(rest[0]!);
  else await childScan(rest[0]!, rest[1]!, rest[2]!, rest[3]!, rest.slice(4));
} else {
  await parent();
}
