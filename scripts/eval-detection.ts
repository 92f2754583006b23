/**
 * Detection accuracy and speed on ../shared/faces/detection (ground truth in boxes.csv):
 * recall on faces ≥ 24 px, false positives per photo, ms per photo, for single scale, the pyramid with tiles, the
 * pyramid on 12 MP upscales, yunet_n, and face-api's SSD MobileNet v1 for comparison.
 *   npm run build && node dist/scripts/eval-detection.js [--misses out-dir] [--portraits | --phone | --quick | --variants | --levels [corpus-dir] | --gate [corpus-dir]]
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import {
  createDetector,
  DETECTOR_DEFAULTS,
  detectFaces,
  detectFacesTraced,
  detectPortraitFaces,
  type DetectionParams,
  type LevelTrace,
} from '../src/faces/detector.js';
import { iou } from '../src/geometry.js';
import { overlapOfSmaller, writeMarkedCrop } from './boxes.js';
import type { Box, RgbImage } from '../src/geometry.js';
import { loadYunet, modelsDir, type Yunet, type YunetVariant } from '../src/faces/yunet.js';

const require = createRequire(import.meta.url);
const SHARED = path.resolve(modelsDir(), '..', '..', 'shared', 'faces');
/** Faces smaller than this are not expected to be recognisable, so recall is reported on the rest. */
const MIN_FACE = 24;
/**
 * Issue 14's recall floor: faces of at least this many pixels in the image the detector was given (upscaled rows:
 * at 12 MP), whatever their size in the original photo.
 */
const MIN_SEEN = 20;
/** Every threshold is evaluated from one run at the lowest: greedy NMS only suppresses by higher scores. */
const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] as const;
const LOWEST = THRESHOLDS[0];
/** The long side of a 12 MP phone photo. */
const PHONE_LONG_SIDE = 4032;

interface Truth {
  readonly box: Box;
  /** Counted for recall; the others (invalid, too small) only excuse detections that hit them. */
  readonly counted: boolean;
  /** Not marked invalid: counted for the recall of faces of at least `MIN_SEEN` px in the image as the detector saw it. */
  readonly valid: boolean;
  readonly blur: string;
  readonly occlusion: string;
}
interface Photo {
  readonly file: string;
  readonly source: 'wider' | 'dlib';
  readonly truth: readonly Truth[];
}
interface Found {
  readonly box: Box;
  readonly score: number;
}
interface RunResult {
  readonly found: readonly Found[];
  readonly ms: number;
}

function readPhotos(): Photo[] {
  const rows = parse(readFileSync(path.join(SHARED, 'boxes.csv')), { columns: true }) as Record<string, string>[];
  const byFile = new Map<string, { source: 'wider' | 'dlib'; truth: Truth[] }>();
  for (const row of rows) {
    const file = row['path'] ?? '';
    if (!file.startsWith('detection/')) continue;
    const source = row['source'] === 'wider' ? 'wider' : 'dlib';
    const box = { x: Number(row['x']), y: Number(row['y']), width: Number(row['w']), height: Number(row['h']) };
    const entry = byFile.get(file) ?? { source, truth: [] };
    entry.truth.push({
      box,
      counted: row['invalid'] !== '1' && box.height >= MIN_FACE,
      valid: row['invalid'] !== '1',
      blur: row['blur'] ?? '',
      occlusion: row['occlusion'] ?? '',
    });
    byFile.set(file, entry);
  }
  return [...byFile].map(([file, e]) => ({ file, ...e })).sort((a, b) => a.file.localeCompare(b.file));
}

async function decode(file: string, longSide?: number): Promise<RgbImage> {
  let pipeline = sharp(file).rotate().removeAlpha();
  if (longSide !== undefined) pipeline = pipeline.resize(longSide, longSide, { fit: 'inside', kernel: 'lanczos3' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Greedy one-to-one matching, best IoU first. Returns which truths were found and how many detections hit nothing. */
function score(photo: Photo, found: readonly Found[], scale: number): { hit: boolean[]; falsePositives: number } {
  const minIou = photo.source === 'dlib' ? 0.3 : 0.5;
  const truth = photo.truth.map((t) => ({
    x: t.box.x * scale,
    y: t.box.y * scale,
    width: t.box.width * scale,
    height: t.box.height * scale,
  }));
  const pairs: { t: number; f: number; v: number }[] = [];
  truth.forEach((t, ti) => found.forEach((f, fi) => {
    const v = iou(t, f.box);
    if (v >= minIou) pairs.push({ t: ti, f: fi, v });
  }));
  pairs.sort((a, b) => b.v - a.v);
  const hit = truth.map(() => false);
  const used = found.map(() => false);
  for (const p of pairs) {
    if (hit[p.t] === true || used[p.f] === true) continue;
    hit[p.t] = true;
    used[p.f] = true;
  }
  // A second detection on an already matched face is a duplicate box over a real face: harmless, not a false alarm.
  const onSomeFace = found.map((f) => truth.some((t) => iou(t, f.box) >= minIou));
  const falsePositives = found.filter((_, i) => used[i] !== true && onSomeFace[i] !== true).length;
  return { hit, falsePositives };
}

interface Row {
  readonly name: string;
  readonly results: readonly RunResult[];
  readonly scale: readonly number[];
}

/** Which detections a row keeps, applied after NMS on a run at the lowest threshold. */
interface Cut {
  readonly label: string;
  readonly keep: (found: Found) => boolean;
}
const flat = (threshold: number): Cut => ({ label: threshold.toFixed(2), keep: (f) => f.score >= threshold });
/**
 * Score thresholds that depend on the box's long side in the photo's pixels. Applied after NMS, so a big low-scoring
 * box that this rule drops may still have suppressed something (in the detector it would be dropped before NMS).
 */
const SIZE_CUTS: readonly Cut[] = [
  { label: '0.4 below 48 px, else 0.5', keep: (f) => f.score >= (Math.max(f.box.width, f.box.height) < 48 ? 0.4 : 0.5) },
  {
    label: '0.5, rising to 0.7 from 96 to 384 px',
    keep: (f) => f.score >= 0.5 + 0.2 * Math.min(1, Math.max(0, (Math.max(f.box.width, f.box.height) - 96) / 288)),
  },
];

function report(photos: readonly Photo[], row: Row, cuts: readonly (number | Cut)[]): void {
  const counted = photos.reduce((n, p) => n + p.truth.filter((t) => t.counted).length, 0);
  const ms = row.results.reduce((s, r) => s + r.ms, 0) / row.results.length;
  for (const cut of cuts.map((c) => (typeof c === 'number' ? flat(c) : c))) {
    let hits = 0;
    let seenHits = 0;
    let seen = 0;
    let fps = 0;
    photos.forEach((photo, i) => {
      const found = (row.results[i]?.found ?? []).filter(cut.keep);
      const scale = row.scale[i] ?? 1;
      const { hit, falsePositives } = score(photo, found, scale);
      hits += photo.truth.filter((t, ti) => t.counted && hit[ti] === true).length;
      const big = (t: Truth) => t.valid && t.box.height * scale >= MIN_SEEN;
      seen += photo.truth.filter(big).length;
      seenHits += photo.truth.filter((t, ti) => big(t) && hit[ti] === true).length;
      fps += falsePositives;
    });
    console.log(
      `| ${row.name} | ${cut.label} | ${(hits / counted).toFixed(3)} (${hits}/${counted}) | ${(seenHits / Math.max(1, seen)).toFixed(3)} (${seenHits}/${seen}) | ${(fps / photos.length).toFixed(2)} | ${ms.toFixed(0)} |`,
    );
  }
}

async function runYunet(
  yunet: Yunet,
  photos: readonly Photo[],
  params: DetectionParams,
  longSide?: number,
): Promise<{ results: RunResult[]; scale: number[] }> {
  const results: RunResult[] = [];
  const scale: number[] = [];
  for (const photo of photos) {
    const original = await sharp(path.join(SHARED, photo.file)).metadata();
    const image = await decode(path.join(SHARED, photo.file), longSide);
    const start = performance.now();
    const found = await detectFaces(yunet, image, params);
    results.push({ found, ms: performance.now() - start });
    scale.push(image.width / (original.width ?? image.width));
  }
  return { results, scale };
}

async function runSsd(photos: readonly Photo[]): Promise<RunResult[]> {
  type FaceApi = typeof import('@vladmandic/face-api');
  const faceapi = (await import('@vladmandic/face-api/dist/face-api.node-wasm.js')) as unknown as FaceApi & { default?: FaceApi };
  const api: FaceApi = faceapi.default ?? faceapi;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const tf = await import('@tensorflow/tfjs');
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await api.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  const options = new api.SsdMobilenetv1Options({ minConfidence: LOWEST, maxResults: 500 });
  const results: RunResult[] = [];
  for (const photo of photos) {
    const image = await decode(path.join(SHARED, photo.file));
    const start = performance.now();
    const tensor = tf.tensor3d(new Uint8Array(image.data), [image.height, image.width, 3], 'int32');
    const detections = await api.detectAllFaces(tensor as never, options);
    tensor.dispose();
    results.push({
      found: detections.map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score })),
      ms: performance.now() - start,
    });
  }
  return results;
}

/** Draws the missed faces (red) and detections (green) of one run into PNGs, to see why faces are missed. */
async function drawMisses(photos: readonly Photo[], row: Row, threshold: number, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const [i, photo] of photos.entries()) {
    const found = (row.results[i]?.found ?? []).filter((f) => f.score >= threshold);
    const { hit } = score(photo, found, 1);
    const missed = photo.truth.filter((t, ti) => t.counted && hit[ti] !== true);
    if (missed.length === 0) continue;
    for (const m of missed) console.log(`  missed ${photo.file} ${JSON.stringify(m.box)} blur=${m.blur} occlusion=${m.occlusion}`);
    const meta = await sharp(path.join(SHARED, photo.file)).metadata();
    const rect = (b: Box, colour: string) =>
      `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="none" stroke="${colour}" stroke-width="2"/>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${meta.width}" height="${meta.height}">${found
      .map((f) => rect(f.box, 'lime'))
      .join('')}${missed.map((m) => rect(m.box, 'red')).join('')}</svg>`;
    await sharp(path.join(SHARED, photo.file))
      .composite([{ input: Buffer.from(svg) }])
      .png()
      .toFile(path.join(outDir, `${path.basename(photo.file, '.jpg')}.png`));
  }
}

/**
 * Tight portrait crops (the ground-truth box of every face ≥ 40 px, resized to 150 × 150, as some administrations
 * export portraits): how many a plain `detect` finds versus `detectPortraitFaces`, which frames them in grey first.
 */
async function evalPortraits(photos: readonly Photo[]): Promise<void> {
  const detector = await createDetector();
  let total = 0;
  let plain = 0;
  let framed = 0;
  try {
    for (const photo of photos) {
      for (const t of photo.truth.filter((f) => f.counted && f.box.height >= 40)) {
        const meta = await sharp(path.join(SHARED, photo.file)).metadata();
        const left = Math.max(0, t.box.x);
        const top = Math.max(0, t.box.y);
        const width = Math.min(t.box.width, (meta.width ?? 0) - left);
        const height = Math.min(t.box.height, (meta.height ?? 0) - top);
        const { data, info } = await sharp(path.join(SHARED, photo.file))
          .extract({ left, top, width, height })
          .resize(150, 150, { fit: 'fill' })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        const crop = { data, width: info.width, height: info.height };
        // Found = a box covering at least a third of the crop (the crop is the face).
        const whole = { x: 0, y: 0, width: 150, height: 150 };
        const ok = (faces: readonly Found[]) => faces.some((f) => iou(f.box, whole) >= 0.33);
        total++;
        if (ok(await detector.detect(crop))) plain++;
        if (ok(await detectPortraitFaces(detector, crop))) framed++;
      }
    }
  } finally {
    await detector.close();
  }
  console.log(`\nTight 150 × 150 portrait crops of ${total} faces ≥ 40 px: found by detect ${plain}, by detectPortraitFaces ${framed}`);
}

/**
 * What was tried to raise recall (models/README.md, "Measured"): test-time flip, finer pyramid steps, upscaled levels
 * and size-dependent thresholds, on the photos as they are and upscaled to 12 MP size. About 10 minutes.
 */
async function evalVariants(photos: readonly Photo[], native: DetectionParams, phone: DetectionParams): Promise<void> {
  const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
  const cuts = [0.4, 0.5, ...SIZE_CUTS];
  try {
    const configs: [string, DetectionParams, number | undefined][] = [
      ['native: default (2× and √2× levels)', native, undefined],
      ['native: 2× level only', { ...native, upscaleScales: [2] }, undefined],
      ['native: 2× and 1.5× levels', { ...native, upscaleScales: [2, 1.5] }, undefined],
      ['native: no upscaled level', { ...native, upscaleScales: [] }, undefined],
      ['native: 2× only, flip on all levels', { ...native, upscaleScales: [2], flipMaxScale: 2 }, undefined],
      ['native: default + flip on all levels', { ...native, flipMaxScale: 2 }, undefined],
      [`${PHONE_LONG_SIDE} px: default`, phone, PHONE_LONG_SIDE],
      [`${PHONE_LONG_SIDE} px: flip on all levels`, { ...phone, flipMaxScale: 1 }, PHONE_LONG_SIDE],
      [`${PHONE_LONG_SIDE} px: flip on levels below 1×`, { ...phone, flipMaxScale: 0.5 }, PHONE_LONG_SIDE],
      [`${PHONE_LONG_SIDE} px: pyramid step 1.5`, { ...phone, pyramidStep: 1.5 }, PHONE_LONG_SIDE],
      [`${PHONE_LONG_SIDE} px: pyramid step 2`, { ...phone, pyramidStep: 2 }, PHONE_LONG_SIDE],
      [`${PHONE_LONG_SIDE} px: 2× level in tiles`, { ...phone, upscaleBelow: Number.POSITIVE_INFINITY, upscaleScales: [2] }, PHONE_LONG_SIDE],
    ];
    for (const [name, params, longSide] of configs) {
      const { results, scale } = await runYunet(yunet, photos, params, longSide);
      report(photos, { name, results, scale }, cuts);
    }
  } finally {
    await yunet.close();
  }
}

/** Sums the traces of many photos level by level (levels are matched by their position in the pyramid). */
export function addLevels(total: LevelTrace[], levels: readonly LevelTrace[]): void {
  levels.forEach((l, i) => {
    const t = total[i];
    total[i] =
      t === undefined
        ? { ...l }
        : {
            ...t,
            tiles: t.tiles + l.tiles,
            resizeMs: t.resizeMs + l.resizeMs,
            runMs: t.runMs + l.runMs,
            resizeCpuMs: t.resizeCpuMs + l.resizeCpuMs,
            runCpuMs: t.runCpuMs + l.runCpuMs,
            candidates: t.candidates + l.candidates,
            kept: t.kept + l.kept,
          };
  });
}

function printLevels(title: string, total: readonly LevelTrace[], photos: number): void {
  console.log(`\n${title}: per photo, mean of ${photos}`);
  console.log('| level (scale) | size | tiles | resize ms | run ms | candidates | faces kept from it |');
  console.log('|---|---|---|---|---|---|---|');
  for (const l of total) {
    const each = (v: number) => (v / photos).toFixed(v / photos < 10 ? 1 : 0);
    console.log(`| ${l.scale.toFixed(3)} | ${l.width} × ${l.height} | ${each(l.tiles)} | ${each(l.resizeMs)} | ${each(l.runMs)} | ${each(l.candidates)} | ${each(l.kept)} |`);
  }
}

/**
 * Where the detector's time and its faces come from, level by level, at 12 MP: on the eval's photos upscaled to
 * 4032 px (with ground truth: which faces each level alone accounts for) and, given a folder, on those photos as they
 * are (the bench's corpus).
 */
async function evalLevels(photos: readonly Photo[], params: DetectionParams, corpus: string | undefined): Promise<void> {
  const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
  try {
    const total: LevelTrace[] = [];
    for (const photo of photos) {
      const image = await decode(path.join(SHARED, photo.file), PHONE_LONG_SIDE);
      addLevels(total, (await detectFacesTraced(yunet, image, params)).levels);
    }
    printLevels(`eval photos upscaled to ${PHONE_LONG_SIDE} px`, total, photos.length);
    if (corpus !== undefined) {
      const files = (await readdir(corpus)).filter((f) => /\.jpe?g$/i.test(f)).sort();
      const inCorpus: LevelTrace[] = [];
      for (const file of files) {
        const image = await decode(path.join(corpus, file));
        addLevels(inCorpus, (await detectFacesTraced(yunet, image, params)).levels);
      }
      printLevels(corpus, inCorpus, files.length);
    }
  } finally {
    await yunet.close();
  }
}

/**
 * The finest level's size and gate (DETECTOR_DEFAULTS.finestScale, fineGate): recall at 12 MP and, on a corpus of
 * 12 MP photos (the bench's school corpus), which boxes each setting no longer finds compared with full size and no gate,
 * and the detector's time. With --misses, crops of every lost box are written there to be looked at.
 */
async function evalGate(photos: readonly Photo[], phone: DetectionParams, corpus: string | undefined, cropsDir: string | undefined): Promise<void> {
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const settings: [string, Partial<DetectionParams>][] = [
    ['full size, no gate', { finestScale: 1, fineGate: 0 }],
    ['full size, gate', { finestScale: 1 }],
    [`finest ${DETECTOR_DEFAULTS.finestScale}, gate (default)`, {}],
    ['finest 0.85, gate', { finestScale: 0.85 }],
    ['finest 0.6, gate', { finestScale: 0.6 }],
  ];
  const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
  try {
    let firstHits: boolean[][] = [];
    for (const [name, change] of process.argv.includes('--corpus-only') ? [] : settings) {
      const { results, scale } = await runYunet(yunet, photos, { ...phone, ...change }, PHONE_LONG_SIDE);
      report(photos, { name: `${name}, upscaled to ${PHONE_LONG_SIDE} px`, results, scale }, [DETECTOR_DEFAULTS.scoreThreshold]);
      // Which counted faces this setting misses that the first (no gate) found, and the other way round.
      const hits = photos.map((p, i) => score(p, (results[i]?.found ?? []).filter((f) => f.score >= DETECTOR_DEFAULTS.scoreThreshold), scale[i] ?? 1).hit);
      if (firstHits.length === 0) firstHits = hits;
      photos.forEach((p, i) => p.truth.forEach((t, ti) => {
        if (!t.valid || firstHits[i]![ti] === hits[i]![ti]) return;
        console.log(`    ${hits[i]![ti] ? 'found' : 'missed'} by "${name}" only: ${p.file} ${JSON.stringify(t.box)} (${Math.round(t.box.height * (scale[i] ?? 1))} px as seen)`);
      }));
    }
    if (corpus === undefined) return;
    const files = (await readdir(corpus)).filter((f) => /\.jpe?g$/i.test(f)).sort();
    const images = await Promise.all(files.map((f) => decode(path.join(corpus, f))));
    console.log(`\n${corpus}: ${files.length} photos, default settings but these`);
    console.log('| setting | faces | lost vs full size, no gate | gained | finest-level tiles / photo | detector ms / photo |');
    console.log('|---|---|---|---|---|---|');
    let reference: Found[][] = [];
    for (const [name, change] of settings) {
      const found: Found[][] = [];
      let ms = 0;
      let tiles = 0;
      for (const image of images) {
        const started = performance.now();
        const { faces, levels } = await detectFacesTraced(yunet, image, { ...defaults, ...change });
        ms += performance.now() - started;
        tiles += levels[0]?.tiles ?? 0;
        found.push(faces);
      }
      if (reference.length === 0) reference = found;
      // Lost: no box of this setting is the same face (see overlapOfSmaller); beside: lost, but next to one of them.
      const missing = (from: Found[][], to: Found[][]) =>
        from.flatMap((faces, i) => faces.filter((f) => !to[i]!.some((g) => overlapOfSmaller(f.box, g.box) > 0.5)).map((f) => ({ i, f })));
      const lost = missing(reference, found);
      const gained = missing(found, reference);
      const beside = lost.filter(({ i, f }) => found[i]!.some((g) => overlapOfSmaller(f.box, g.box) >= 0.2)).length;
      console.log(`| ${name} | ${found.flat().length} | ${lost.length} (${beside} beside a box) | ${gained.length} | ${(tiles / files.length).toFixed(1)} | ${(ms / files.length).toFixed(0)} |`);
      for (const [kind, boxes] of [['lost', lost], ['gained', gained]] as const) {
        if (cropsDir === undefined || boxes.length === 0) continue;
        const dir = path.join(cropsDir, `${name.replace(/[^a-z0-9]+/gi, '-')}-${kind}`);
        await mkdir(dir, { recursive: true });
        for (const [n, { i, f }] of boxes.entries()) {
          const image = images[i]!;
          const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
          await writeMarkedCrop(raw, f.box, path.join(dir, `${n}-${files[i]}-${Math.round(f.box.width)}px-${f.score.toFixed(2)}.png`));
        }
      }
    }
  } finally {
    await yunet.close();
  }
}

export async function evalDetection(): Promise<void> {
  const photos = readPhotos();
  const missesIndex = process.argv.indexOf('--misses');
  const missesDir = missesIndex > 0 ? process.argv[missesIndex + 1] : undefined;
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const base: DetectionParams = { ...defaults, scoreThreshold: LOWEST };
  const single: DetectionParams = { ...base, minLongSide: Number.POSITIVE_INFINITY, tileSize: 0, upscaleBelow: 0 };
  // The product default adds a 2× level below 2048 px; the rows without it show what it buys.
  const noUpscale: DetectionParams = { ...base, upscaleBelow: 0 };
  const upscaled: DetectionParams = base;
  // Before the √2 level was added: 2× only.
  const upscaledTwice: DetectionParams = { ...base, upscaleScales: [2] };
  const wholeNoUpscale: DetectionParams = { ...noUpscale, tileSize: 0 };
  console.log(`${photos.length} photos, ${photos.reduce((n, p) => n + p.truth.filter((t) => t.counted).length, 0)} faces ≥ ${MIN_FACE} px`);
  console.log(`| detector | threshold | recall ≥ ${MIN_FACE} px | recall ≥ ${MIN_SEEN} px as seen | false positives / photo | ms / photo |`);
  console.log('|---|---|---|---|---|---|');
  const rows: Row[] = [];
  if (process.argv.includes('--portraits')) {
    await evalPortraits(photos);
    return;
  }
  const levelsAt = process.argv.indexOf('--levels');
  if (levelsAt >= 0) {
    const corpus = process.argv[levelsAt + 1];
    await evalLevels(photos, { ...defaults }, corpus !== undefined && !corpus.startsWith('--') ? corpus : undefined);
    return;
  }
  if (process.argv.includes('--variants')) {
    await evalVariants(photos, base, noUpscale);
    return;
  }
  const gateAt = process.argv.indexOf('--gate');
  if (gateAt >= 0) {
    const corpus = process.argv[gateAt + 1];
    await evalGate(photos, noUpscale, corpus !== undefined && !corpus.startsWith('--') ? corpus : undefined, missesDir);
    return;
  }
  if (process.argv.includes('--phone')) {
    // The product's detector on 12 MP photos, alone: what a detector change must keep.
    const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
    try {
      const { results, scale } = await runYunet(yunet, photos, noUpscale, PHONE_LONG_SIDE);
      report(photos, { name: `default, upscaled to ${PHONE_LONG_SIDE} px`, results, scale }, [DETECTOR_DEFAULTS.scoreThreshold]);
    } finally {
      await yunet.close();
    }
    return;
  }
  if (process.argv.includes('--quick')) {
    // Tile size on 12 MP photos: whole levels versus tiles, time and false boxes.
    const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
    try {
      for (const [name, params] of [
        ['pyramid, whole levels', wholeNoUpscale],
        ['pyramid + 2048-px tiles', { ...noUpscale, tileSize: 2048 }],
        ['pyramid + 1024-px tiles', { ...noUpscale, tileSize: 1024 }],
      ] as const) {
        const { results, scale } = await runYunet(yunet, photos, params, PHONE_LONG_SIDE);
        report(photos, { name: `${name}, upscaled to ${PHONE_LONG_SIDE} px`, results, scale }, [0.5]);
      }
    } finally {
      await yunet.close();
    }
    return;
  }
  for (const variant of ['n', 's'] as YunetVariant[]) {
    const yunet = await loadYunet(variant, 1);
    try {
      const configs: [string, DetectionParams, number | undefined][] = [
        [`yunet_${variant} single scale, native`, single, undefined],
        [`yunet_${variant} pyramid + tiles, native`, noUpscale, undefined],
        [`yunet_${variant} pyramid + tiles + 2× level, native`, upscaledTwice, undefined],
        [`yunet_${variant} pyramid + tiles + 2× and √2× levels, native`, upscaled, undefined],
      ];
      if (variant === DETECTOR_DEFAULTS.model) {
        configs.push(
          [`yunet_${variant} single scale, upscaled to ${PHONE_LONG_SIDE} px`, single, PHONE_LONG_SIDE],
          [`yunet_${variant} pyramid, whole levels, upscaled to ${PHONE_LONG_SIDE} px`, wholeNoUpscale, PHONE_LONG_SIDE],
          [`yunet_${variant} pyramid + tiles, upscaled to ${PHONE_LONG_SIDE} px`, noUpscale, PHONE_LONG_SIDE],
        );
      }
      for (const [name, params, longSide] of configs) {
        const { results, scale } = await runYunet(yunet, photos, params, longSide);
        const row = { name, results, scale };
        rows.push(row);
        report(photos, row, THRESHOLDS);
      }
    } finally {
      await yunet.close();
    }
  }
  const ssd = await runSsd(photos);
  report(photos, { name: 'face-api SSD MobileNet v1 (wasm), whole photo', results: ssd, scale: photos.map(() => 1) }, [0.3, 0.5]);
  await evalPortraits(photos);
  if (missesDir !== undefined) {
    const best = rows.find((r) => r.name === `yunet_${DETECTOR_DEFAULTS.model} pyramid + tiles + 2× and √2× levels, native`);
    if (best !== undefined) await drawMisses(photos, best, DETECTOR_DEFAULTS.scoreThreshold, missesDir);
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  evalDetection().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
