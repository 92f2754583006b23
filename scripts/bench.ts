/**
 * `npm run bench`: how fast a scan is, against a naive baseline, on 12 MP phone-sized photos.
 *
 *   (a) naive: one thread, one photo after another: decode, detect, describe — no pool, no cache, no output.
 *   (i) with --ideal: the whole naive pass in each of `cores` processes at once, timed per corpus. No scan can beat
 *       that on this machine, so a/i is the ceiling for b/a (a shared CPU runs one busy core faster than two).
 *   (b) the real `privacy-filter scan`, cold (empty cache): every core busy, output and report written.
 *   (c) a scan for another scope, into its own output folder: the cache answers, only matching and writing run. A
 *       photo that hides the same faces as in (b) is copied from (b)'s output; on this corpus of strangers that is
 *       every photo, as it is in a school for the photos of strangers and of pupils without any consent.
 *   (e) as (c), but with --style solid, so no file of (b) can be copied: every photo with a face to hide is decoded,
 *       anonymised and encoded again. The worst case for another scope.
 *   (d) the scan of (b) again into the same folders, as a batch job or a rerun after a consent change does: the cache
 *       answers, and files still current from (b) are kept rather than rendered again.
 *
 * Each phase runs in its own child process so that its peak memory (max RSS, worker threads included) is its own.
 * Options: --photos N (default 24; 200 for the memory check), --jobs N (passed to scan), --skip-naive (the memory
 * check does not need the baseline, which takes longest), --runs N (repeat all phases N times and print each phase's
 * median and range: on a shared virtual machine one run of the same phase varies by ±8 %), --ideal (also run the
 * naive pass in one process per core at once: the most any parallel scan could reach here), --clean
 * (remove the corpus afterwards), --skip-enrol (leave out the enrolment line: (f) the portraits of
 * ../shared/faces/identities enrolled in one thread, as before issue 14, and (g) `enroll` on the worker pool),
 * --enrol-only (only that line), --portraits N (enrol only the first N portraits).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const sharedFaces = path.resolve(repo, '..', 'shared', 'faces');
const benchRoot = path.join(os.tmpdir(), 'privacy-filter-bench');
/** 4032 × 3024: a 12 MP phone photo. */
const PHONE_LONG_SIDE = 4032;

interface PhaseResult {
  readonly phase: string;
  readonly seconds: number;
  readonly photos: number;
  readonly faces: number;
  readonly peakMb: number;
  readonly backend: string;
  readonly workers: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Photos with people from ../shared/faces, or the demo fixtures when it is absent. */
async function sourcePhotos(): Promise<string[]> {
  const folders = existsSync(sharedFaces)
    ? ['detection', 'groups', 'crowds'].map((f) => path.join(sharedFaces, f))
    : [path.join(repo, 'fixtures', 'demo', 'photos')];
  const files: string[] = [];
  for (const folder of folders) {
    for (const name of (await readdir(folder)).sort()) {
      // Rendered avatars and a photo of dogs say nothing about school photos' speed.
      if (/\.(jpe?g|png)$/i.test(name) && !/linzaer_22|dogs/.test(name)) files.push(path.join(folder, name));
    }
  }
  return files;
}

/** Upscales (and for variants mirrors and crops) each source to phone size, so every corpus photo has its own content. */
async function buildCorpus(count: number): Promise<string> {
  const dir = path.join(benchRoot, `corpus-${count}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const sources = await sourcePhotos();
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length]!;
    const variant = Math.floor(i / sources.length);
    let image = sharp(source).rotate();
    const meta = await sharp(source).rotate().metadata();
    const width = meta.autoOrient?.width ?? meta.width ?? 1;
    const height = meta.autoOrient?.height ?? meta.height ?? 1;
    if (variant > 0) {
      const trim = Math.min(0.02 * variant, 0.1);
      image = image.extract({ left: Math.round(width * trim), top: 0, width: Math.round(width * (1 - trim)), height });
      if (variant % 2 === 1) image = image.flop();
    }
    const landscape = width >= height;
    await image
      .resize(landscape ? { width: PHONE_LONG_SIDE, kernel: 'lanczos3' } : { height: PHONE_LONG_SIDE, kernel: 'lanczos3' })
      .jpeg({ quality: 90 })
      .toFile(path.join(dir, `photo-${String(i + 1).padStart(4, '0')}.jpg`));
  }
  await writeFile(path.join(dir, '.complete'), '');
  return dir;
}

/** A working folder with a store enrolled from the demo fixtures (the benchmark measures scanning, not enrolment). */
function prepareWorkdir(): string {
  const work = path.join(benchRoot, 'work');
  if (!['templates.enc', 'templates.json'].some((f) => existsSync(path.join(work, '.privacy-filter', f)))) {
    const demo = path.join(repo, 'fixtures', 'demo');
    mkdirSync(work, { recursive: true });
    const result = spawnSync(process.execPath, [path.join(repo, 'bin', 'privacy-filter.js'), 'init', '--roster', path.join(demo, 'roster.csv'), '--portraits', path.join(demo, 'portraits')], {
      cwd: work,
      env: childEnv(),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`init failed:\n${result.stderr}`);
  }
  return work;
}

/** The same malloc setting bin/privacy-filter.js gives the real CLI on Linux, for every phase's process. */
function childEnv(): NodeJS.ProcessEnv {
  // The bench's store is encrypted like a school's (its scrypt is part of every scan's time) and must not prompt.
  const passphrase = process.env['PRIVACY_FILTER_PASSPHRASE'] ?? 'bench only, not for real pupils';
  return { ...process.env, MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2', PRIVACY_FILTER_PASSPHRASE: passphrase };
}

function runPhase(phase: 'naive' | 'scan', args: readonly string[], cwd: string): PhaseResult {
  const env = childEnv();
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', phase, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0 && result.status !== 3 && result.status !== 4) {
    throw new Error(`phase ${phase} failed (exit ${result.status}):\n${result.stderr}`);
  }
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as PhaseResult;
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
  report({ phase: 'naive', seconds, photos: files.length, faces, peakMb: peakMb(), backend: describer.backend, workers: 1 });
}

/** `more`: further scan options (--style, --jobs) as given to the phase. */
async function childScan(corpus: string, out: string, scope: string, more: readonly string[]): Promise<void> {
  const { main } = await import('../src/cli/index.js');
  const report_ = path.join(`${out}-report`);
  const argv = ['node', 'privacy-filter', 'scan', corpus, '--scope', scope, '--out', out, '--report', report_, '--quiet', '--json', ...more];
  const jobsAt = more.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? more[jobsAt + 1] : undefined;
  // The scan's JSON summary goes nowhere: the bench prints its own line.
  const originalWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const started = performance.now();
  const code = await main(argv);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write = originalWrite;
  const scan = JSON.parse(await readFile(path.join(report_, 'report.json'), 'utf8')) as {
    backend: string;
    summary: { photos: number; faces: number };
    options: Record<string, unknown>;
  };
  const workers = typeof scan.options['jobs'] === 'number' ? scan.options['jobs'] : Number(jobs ?? os.availableParallelism());
  report({ phase: 'scan', seconds, photos: scan.summary.photos, faces: scan.summary.faces, peakMb: peakMb(), backend: scan.backend, workers });
  process.exitCode = code === 3 || code === 4 ? 0 : code;
}

function peakMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function report(result: PhaseResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

interface Run {
  readonly naive: PhaseResult | null;
  readonly ideal: PhaseResult | null;
  readonly cold: PhaseResult;
  readonly cached: PhaseResult;
  readonly rerun: PhaseResult;
  readonly rendered: PhaseResult;
}

function ratioLine({ naive, ideal, cold, cached, rerun, rendered }: Run): string {
  const ceiling = naive != null && ideal != null ? `i/a = ${(naive.seconds / ideal.seconds).toFixed(2)}x (the ceiling)   ` : '';
  const ratios = naive != null ? `${ceiling}b/a = ${(naive.seconds / cold.seconds).toFixed(2)}x   ` : '';
  const equal =
    naive == null ? '' : `   faces found: naive ${naive.faces}, scan ${cold.faces}${naive.faces === cold.faces ? ' (equal detection)' : ' (DIFFERENT: detection is not equal)'}`;
  const speedUp = (r: PhaseResult) => (cold.seconds / r.seconds).toFixed(1);
  return `${ratios}c/b = ${speedUp(cached)}x   d/b = ${speedUp(rerun)}x   e/b = ${speedUp(rendered)}x${equal}`;
}

function row(label: string, r: PhaseResult): string {
  return [
    label.padEnd(24),
    (r.photos / r.seconds).toFixed(2).padStart(9),
    (r.faces / r.seconds).toFixed(1).padStart(9),
    r.seconds.toFixed(1).padStart(8),
    String(r.faces).padStart(6),
    String(r.peakMb).padStart(8),
    r.backend.padStart(11),
    String(r.workers).padStart(8),
  ].join(' ');
}

async function parent(): Promise<void> {
  if (process.argv.includes('--enrol-only')) {
    console.log(`privacy-filter bench: enrolment only, ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
    console.log(await benchEnrolment(process.argv.includes('--skip-naive')));
    return;
  }
  const count = Number(arg('--photos') ?? 24);
  const jobs = arg('--jobs');
  const runCount = Math.max(1, Number(arg('--runs') ?? 1));
  const withIdeal = process.argv.includes('--ideal') && !process.argv.includes('--skip-naive');
  process.stderr.write(`building a corpus of ${count} photos at ${PHONE_LONG_SIDE} px (12 MP) in ${benchRoot} ...\n`);
  const corpus = await buildCorpus(count);
  const work = prepareWorkdir();
  const extra = jobs === undefined ? [] : ['--jobs', jobs];
  const skipNaive = process.argv.includes('--skip-naive');
  const runs: Run[] = [];
  for (let n = 1; n <= runCount; n++) {
    const of = runCount > 1 ? ` (run ${n} of ${runCount})` : '';
    await rm(path.join(work, '.privacy-filter', 'cache'), { recursive: true, force: true });
    for (const name of ['out-cold', 'out-cold-report', 'out-cached', 'out-cached-report', 'out-solid', 'out-solid-report']) await rm(path.join(work, name), { recursive: true, force: true });
    process.stderr.write(skipNaive ? '(a) naive single thread: skipped\n' : `(a) naive single thread${of} ...\n`);
    const naive = skipNaive ? null : runPhase('naive', [corpus], work);
    let ideal: PhaseResult | null = null;
    if (withIdeal) {
      process.stderr.write(`(i) ideal: the naive pass in each of ${os.availableParallelism()} processes at once${of} ...\n`);
      ideal = await idealPhase(corpus, os.availableParallelism(), work);
    }
    process.stderr.write(`(b) scan, cold${of} ...\n`);
    const cold = runPhase('scan', [corpus, path.join(work, 'out-cold'), 'public', ...extra], work);
    process.stderr.write(`(c) scan, cached, another scope${of} ...\n`);
    const cached = runPhase('scan', [corpus, path.join(work, 'out-cached'), 'internal', ...extra], work);
    process.stderr.write(`(d) scan, cached, the same scan again${of} ...\n`);
    const rerun = runPhase('scan', [corpus, path.join(work, 'out-cold'), 'public', ...extra], work);
    process.stderr.write(`(e) scan, cached, another scope and --style solid: nothing to copy${of} ...\n`);
    const rendered = runPhase('scan', [corpus, path.join(work, 'out-solid'), 'internal', '--style', 'solid', ...extra], work);
    const run: Run = { naive, ideal, cold, cached, rerun, rendered };
    runs.push(run);
    if (runCount > 1) process.stderr.write(`    run ${n}: ${ratioLine(run)}\n`);
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const median = (pick: (run: Run) => PhaseResult | null): PhaseResult | null => {
    const results = runs.flatMap((run) => pick(run) ?? []).sort((x, y) => x.seconds - y.seconds);
    return results[Math.floor((results.length - 1) / 2)] ?? null;
  };
  const spread = (pick: (run: Run) => PhaseResult | null): string => {
    const seconds = runs.flatMap((run) => pick(run)?.seconds ?? []);
    return runCount > 1 ? `  (${Math.min(...seconds).toFixed(1)}–${Math.max(...seconds).toFixed(1)} s)` : '';
  };
  const mid: Run = {
    naive: median((r) => r.naive),
    ideal: median((r) => r.ideal),
    cold: median((r) => r.cold)!,
    cached: median((r) => r.cached)!,
    rerun: median((r) => r.rerun)!,
    rendered: median((r) => r.rendered)!,
  };
  console.log(`privacy-filter bench: ${count} photos of 12 MP (${PHONE_LONG_SIDE} px long side), ${os.availableParallelism()} cores (${cpu}), Node ${process.version}`);
  if (runCount > 1) console.log(`median of ${runCount} runs, each phase's range in brackets`);
  console.log(`${'phase'.padEnd(24)} ${'photos/s'.padStart(9)} ${'faces/s'.padStart(9)} ${'seconds'.padStart(8)} ${'faces'.padStart(6)} ${'peak MB'.padStart(8)} ${'backend'.padStart(11)} ${'workers'.padStart(8)}`);
  if (mid.naive != null) console.log(row('(a) naive, 1 thread', mid.naive) + spread((r) => r.naive));
  if (mid.ideal != null) console.log(row(`(i) ${mid.ideal.workers} naive at once`, mid.ideal) + spread((r) => r.ideal));
  console.log(row('(b) scan, cold', mid.cold) + spread((r) => r.cold));
  console.log(row('(c) cached, other scope', mid.cached) + spread((r) => r.cached));
  console.log(row('(d) cached, same again', mid.rerun) + spread((r) => r.rerun));
  console.log(row('(e) cached, nothing to copy', mid.rendered) + spread((r) => r.rendered));
  console.log(ratioLine(mid));
  // Where a render's time goes, on the photos and faces the cold scan decided: what bounds (c).
  const profile = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', 'render-profile', path.join(work, 'out-cold-report', 'report.json')], {
    cwd: work,
    encoding: 'utf8',
  });
  if (profile.status === 0) console.log(profile.stdout.trim());
  else process.stderr.write(`render profile failed:\n${profile.stderr}`);
  // Enrolment is its own corpus and line (issue 14 item 3); --skip-enrol leaves it out.
  if (!process.argv.includes('--skip-enrol')) console.log(await benchEnrolment(skipNaive));
  if (process.argv.includes('--clean')) await rm(benchRoot, { recursive: true, force: true });
}

/** One thread, one photo after another: decode, anonymise the faces the scan anonymised, encode; mean ms per photo. */
async function childRenderProfile(reportFile: string): Promise<void> {
  const { loadPhoto } = await import('../src/images/load.js');
  const { anonymiseFacesInPlace, anonymiseRegion } = await import('../src/images/anonymise.js');
  const { encodePhoto } = await import('../src/images/write.js');
  sharp.cache(false);
  sharp.concurrency(1);
  const scan = JSON.parse(await readFile(reportFile, 'utf8')) as {
    input: string;
    photos: { source: string; decision: string; faces: { box: { x: number; y: number; width: number; height: number }; action: string }[] }[];
  };
  const photos = scan.photos.filter((p) => p.decision === 'anonymised');
  const ms = { decode: 0, anonymise: 0, encode: 0 };
  let regionPixels = 0;
  for (const p of photos) {
    let t = performance.now();
    const photo = await loadPhoto(path.join(scan.input, p.source));
    ms.decode += performance.now() - t;
    const boxes = p.faces.filter((f) => f.action === 'anonymised').map((f) => f.box);
    for (const box of boxes) {
      const region = anonymiseRegion(box, photo.rgb);
      regionPixels += region.width * region.height;
    }
    t = performance.now();
    anonymiseFacesInPlace(photo.rgb, boxes, 'pixelate');
    ms.anonymise += performance.now() - t;
    t = performance.now();
    await encodePhoto(photo);
    ms.encode += performance.now() - t;
  }
  const n = Math.max(1, photos.length);
  const each = (v: number) => `${Math.round(v / n)} ms`;
  process.stdout.write(
    `render, one thread, mean per anonymised photo (${photos.length} photos, ${(regionPixels / n / 1e6).toFixed(1)} Mpx of face regions each): ` +
      `decode ${each(ms.decode)}, anonymise ${each(ms.anonymise)}, encode ${each(ms.encode)}\n`,
  );
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
  const { enrollPupils, inThisThread } = await import('../src/faces/enroll.js');
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
  const originalWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const started = performance.now();
  const code = await main(argv);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write = originalWrite;
  if (code !== 0) throw new Error(`enroll exited with ${code}`);
  const stored = JSON.parse(await readFile(path.join(process.cwd(), '.privacy-filter', 'templates.json'), 'utf8')) as { pupils: unknown[] };
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
  else if (phase === 'enrol-naive') await childEnrolNaive(rest[0]!);
  else if (phase === 'enrol') await childEnrol(rest[0]!);
  else if (phase === 'render-profile') await childRenderProfile(rest[0]!);
  else await childScan(rest[0]!, rest[1]!, rest[2]!, rest.slice(3));
} else {
  await parent();
}
