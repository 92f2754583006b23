/**
 * Issue 24's detection figures: recall by face height at native size and at 12 MP, false boxes per photo, and the
 * detector's time per photo by stage, on a tuning split and a held-out split of ../shared/faces/detection.
 *   npm run build && node dist/scripts/eval-heights.js [--params '{"finestScale":1}'] [--native-only | --phone-only]
 *   node dist/scripts/eval-heights.js --corpus <folder of 12 MP photos> [--params ...] [--crops <dir>]
 *
 * Found: a detection covers at least half of the ground-truth box (what anonymising needs: half a face blurred is
 * not a face left whole). False box: a detection that does not lie on any labelled face (small and WIDER-invalid ones
 * included), i.e. that overlaps every one by less than half of the smaller of the two boxes.
 *
 * The split is fixed by the file name, not chosen: a photo is held out when the first byte of the sha256 of its file
 * name is odd. Settings are tuned on the other half only; the held-out half is only measured.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { DETECTOR_DEFAULTS, detectFacesTraced, type DetectionParams, type LevelTrace } from '../src/faces/detector.js';
import { overlapOfSmaller, writeMarkedCrop } from './boxes.js';
import { addLevels } from './eval-detection.js';
import type { Box, RgbImage } from '../src/geometry.js';
import { loadYunet, modelsDir } from '../src/faces/yunet.js';

const SHARED = path.resolve(modelsDir(), '..', '..', 'shared', 'faces');
/** "Recall of faces at least h px high", h in the image the detector was given. */
export const HEIGHTS = [10, 15, 20, 24, 30, 45] as const;
/** The long side of a 12 MP phone photo. */
const PHONE_LONG_SIDE = 4032;

export type Split = 'tune' | 'held-out';

/** The split a photo belongs to, from its file name alone, so anyone can rerun it and nobody picks it. */
export function splitOf(file: string): Split {
  const first = createHash('sha256').update(path.basename(file)).digest()[0]!;
  return first % 2 === 1 ? 'held-out' : 'tune';
}

export interface Truth {
  readonly box: Box;
  /** WIDER's `invalid` boxes excuse detections on them but are not counted for recall. */
  readonly valid: boolean;
}
interface Photo {
  readonly file: string;
  readonly truth: readonly Truth[];
}

export function readPhotos(): Photo[] {
  const rows = parse(readFileSync(path.join(SHARED, 'boxes.csv')), { columns: true }) as Record<string, string>[];
  const byFile = new Map<string, Truth[]>();
  for (const row of rows) {
    const file = row['path'] ?? '';
    if (!file.startsWith('detection/')) continue;
    const box = { x: Number(row['x']), y: Number(row['y']), width: Number(row['w']), height: Number(row['h']) };
    byFile.set(file, [...(byFile.get(file) ?? []), { box, valid: row['invalid'] !== '1' }]);
  }
  return [...byFile].map(([file, truth]) => ({ file, truth })).sort((a, b) => a.file.localeCompare(b.file));
}

function coverage(truth: Box, found: Box): number {
  const w = Math.min(truth.x + truth.width, found.x + found.width) - Math.max(truth.x, found.x);
  const h = Math.min(truth.y + truth.height, found.y + found.height) - Math.max(truth.y, found.y);
  return w > 0 && h > 0 ? (w * h) / (truth.width * truth.height) : 0;
}

/** Per truth box: found or not, and its height as the detector saw it; and how many detections lie on no face. */
export function judge(truth: readonly Truth[], found: readonly Box[], scale: number): { seen: { height: number; found: boolean }[]; falseBoxes: number } {
  const scaled = truth.map((t) => ({
    valid: t.valid,
    box: { x: t.box.x * scale, y: t.box.y * scale, width: t.box.width * scale, height: t.box.height * scale },
  }));
  const seen = scaled
    .filter((t) => t.valid)
    .map((t) => ({ height: t.box.height, found: found.some((f) => coverage(t.box, f) >= 0.5) }));
  const falseBoxes = found.filter((f) => !scaled.some((t) => overlapOfSmaller(t.box, f) >= 0.5)).length;
  return { seen, falseBoxes };
}

async function decode(file: string, longSide?: number): Promise<{ image: RgbImage; ms: number; scale: number }> {
  const started = performance.now();
  const original = await sharp(file).metadata();
  let pipeline = sharp(file).rotate().removeAlpha();
  if (longSide !== undefined) pipeline = pipeline.resize(longSide, longSide, { fit: 'inside', kernel: 'lanczos3' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { image: { data, width: info.width, height: info.height }, ms: performance.now() - started, scale: info.width / (original.width ?? info.width) };
}

interface SizeResult {
  readonly bySplit: Map<Split, { seen: { height: number; found: boolean }[]; falseBoxes: number; photos: number }>;
  /** Summed over photos: per level (finest first) resize and run ms, tiles; plus decode and the rest (NMS). */
  readonly levels: LevelTrace[];
  readonly totalMs: number;
  readonly decodeMs: number;
  /** CPU time of the detector (all threads of the process): the figure to compare on a shared, loaded machine. */
  readonly cpuMs: number;
  readonly photos: number;
}

async function runAt(photos: readonly Photo[], params: DetectionParams, longSide: number | undefined): Promise<SizeResult> {
  const yunet = await loadYunet(params.model, 1);
  const bySplit: SizeResult['bySplit'] = new Map();
  const levels: LevelTrace[] = [];
  let totalMs = 0;
  let decodeMs = 0;
  let cpuMs = 0;
  try {
    for (const photo of photos) {
      const { image, scale, ms } = await decode(path.join(SHARED, photo.file), longSide);
      decodeMs += ms;
      const started = performance.now();
      const cpu = process.cpuUsage();
      const { faces, levels: traced } = await detectFacesTraced(yunet, image, params);
      totalMs += performance.now() - started;
      const used = process.cpuUsage(cpu);
      cpuMs += (used.user + used.system) / 1000;
      addLevels(levels, traced);
      const { seen, falseBoxes } = judge(photo.truth, faces.map((f) => f.box), scale);
      const split = splitOf(photo.file);
      const entry = bySplit.get(split) ?? { seen: [], falseBoxes: 0, photos: 0 };
      entry.seen.push(...seen);
      entry.falseBoxes += falseBoxes;
      entry.photos++;
      bySplit.set(split, entry);
    }
  } finally {
    await yunet.close();
  }
  return { bySplit, levels, totalMs, decodeMs, cpuMs, photos: photos.length };
}

function printRecall(title: string, result: SizeResult): void {
  console.log(`\n${title}: recall of faces at least h px high (found = a box covers half of the face), false boxes per photo`);
  console.log(`| split | ${HEIGHTS.map((h) => `≥ ${h} px`).join(' | ')} | false boxes / photo |`);
  console.log(`|---|${HEIGHTS.map(() => '---').join('|')}|---|`);
  const all = { seen: [...result.bySplit.values()].flatMap((s) => s.seen), falseBoxes: [...result.bySplit.values()].reduce((n, s) => n + s.falseBoxes, 0), photos: result.photos };
  for (const [name, s] of [['held-out', result.bySplit.get('held-out')], ['tune', result.bySplit.get('tune')], ['all', all]] as const) {
    if (s === undefined) continue;
    const cells = HEIGHTS.map((h) => {
      const of = s.seen.filter((t) => t.height >= h);
      const hits = of.filter((t) => t.found).length;
      return of.length === 0 ? '—' : `${(hits / of.length).toFixed(3)} (${hits}/${of.length})`;
    });
    console.log(`| ${name} (${s.photos} photos) | ${cells.join(' | ')} | ${(s.falseBoxes / Math.max(1, s.photos)).toFixed(2)} |`);
  }
}

function printStages(title: string, result: SizeResult): void {
  const each = (v: number) => (v / result.photos).toFixed(0);
  const levelMs = result.levels.reduce((n, l) => n + l.resizeMs + l.runMs, 0);
  const levelCpuMs = result.levels.reduce((n, l) => n + l.resizeCpuMs + l.runCpuMs, 0);
  console.log(`\n${title}: detector time per photo by stage, one thread (mean of ${result.photos} photos; CPU time is the figure to compare on a shared machine)`);
  console.log('| stage | tiles | ms | CPU ms |');
  console.log('|---|---|---|---|');
  console.log(`| decode (and upscale, for 12 MP) | | ${each(result.decodeMs)} | |`);
  for (const l of result.levels) {
    console.log(`| level ${l.scale.toFixed(3)} (${l.width} × ${l.height}): resize | | ${each(l.resizeMs)} | ${each(l.resizeCpuMs)} |`);
    console.log(`| level ${l.scale.toFixed(3)}: network (fill, run, decode) | ${(l.tiles / result.photos).toFixed(1)} | ${each(l.runMs)} | ${each(l.runCpuMs)} |`);
  }
  console.log(`| merge (NMS) and second looks at uncertain boxes | | ${each(result.totalMs - levelMs)} | ${each(result.cpuMs - levelCpuMs)} |`);
  console.log(`| **detector** | | **${each(result.totalMs)}** | **${each(result.cpuMs)}** |`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

export async function evalHeights(change: Partial<DetectionParams> = {}, sizes: { native: boolean; phone: boolean } = { native: true, phone: true }): Promise<void> {
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const params: DetectionParams = { ...defaults, ...change };
  const photos = readPhotos();
  const held = photos.filter((p) => splitOf(p.file) === 'held-out').map((p) => path.basename(p.file));
  console.log(`Detection by face height, ${photos.length} photos of ../shared/faces/detection; held out (sha256 of the name, first byte odd): ${held.join(', ')}`);
  if (Object.keys(change).length > 0) console.log(`settings changed from the defaults: ${JSON.stringify(change)}`);
  if (sizes.native) {
    const native = await runAt(photos, params, undefined);
    printRecall('native size (360–1024 px)', native);
    printStages('native size', native);
  }
  if (sizes.phone) {
    const phone = await runAt(photos, params, PHONE_LONG_SIDE);
    printRecall(`12 MP (upscaled to ${PHONE_LONG_SIDE} px; heights as seen there)`, phone);
    printStages('12 MP', phone);
  }
}

/**
 * On a folder of photos without ground truth (the bench's 12 MP school or crowd corpus): the detector's CPU time per
 * photo, the finest level's tiles, and which boxes the changed settings no longer find, or newly find, compared with
 * the defaults (no box of the other overlapping by half of the smaller), each written as a crop when `cropsDir` is given.
 */
export async function compareOnCorpus(corpus: string, change: Partial<DetectionParams>, cropsDir?: string): Promise<void> {
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const files = (await readdir(corpus)).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const yunet = await loadYunet(defaults.model, 1);
  const runs: { name: string; faces: Box[][]; cpuMs: number; fineTiles: number }[] = [];
  try {
    for (const [name, params] of [['defaults', defaults], ['changed', { ...defaults, ...change }]] as const) {
      const faces: Box[][] = [];
      let cpuMs = 0;
      let fineTiles = 0;
      for (const file of files) {
        const { image } = await decode(path.join(corpus, file));
        const cpu = process.cpuUsage();
        const traced = await detectFacesTraced(yunet, image, params);
        const used = process.cpuUsage(cpu);
        cpuMs += (used.user + used.system) / 1000;
        fineTiles += traced.levels[0]?.tiles ?? 0;
        faces.push(traced.faces.map((f) => f.box));
      }
      runs.push({ name, faces, cpuMs, fineTiles });
    }
  } finally {
    await yunet.close();
  }
  const [base, changed] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const missing = (from: Box[][], to: Box[][]) => from.flatMap((boxes, i) => boxes.filter((b) => !to[i]!.some((c) => overlapOfSmaller(b, c) > 0.5)).map((box) => ({ i, box })));
  const lost = missing(base.faces, changed.faces);
  const gained = missing(changed.faces, base.faces);
  console.log(`\n${corpus}: ${files.length} photos; changed: ${JSON.stringify(change)}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| settings | boxes | finest-level tiles / photo | detector CPU ms / photo |');
  console.log('|---|---|---|---|');
  for (const r of runs) console.log(`| ${r.name} | ${r.faces.flat().length} | ${(r.fineTiles / files.length).toFixed(1)} | ${(r.cpuMs / files.length).toFixed(0)} |`);
  console.log(`lost against the defaults: ${lost.length}; gained: ${gained.length}`);
  if (cropsDir === undefined) return;
  for (const [kind, boxes] of [['lost', lost], ['gained', gained]] as const) {
    const dir = path.join(cropsDir, kind);
    await mkdir(dir, { recursive: true });
    for (const [n, { i, box }] of boxes.entries()) {
      const { image } = await decode(path.join(corpus, files[i]!));
      const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
      await writeMarkedCrop(raw, box, path.join(dir, `${n}-${files[i]}-${Math.round(box.height)}px.png`));
    }
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--params');
  const change = at > 0 ? (JSON.parse(process.argv[at + 1] ?? '{}') as Partial<DetectionParams>) : {};
  const corpusAt = process.argv.indexOf('--corpus');
  const cropsAt = process.argv.indexOf('--crops');
  const run = corpusAt > 0 ? compareOnCorpus(process.argv[corpusAt + 1]!, change, cropsAt > 0 ? process.argv[cropsAt + 1] : undefined) : evalHeights(change, { native: !process.argv.includes('--phone-only'), phone: !process.argv.includes('--native-only') });
  run.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
