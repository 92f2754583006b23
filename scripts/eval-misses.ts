/**
 * The faces the detector misses at 12 MP, one by one: for each missed ground-truth face, a crop, its height, how
 * sharp it is, the best-covering box the detector did keep, and the best score any pyramid level (1, 0.75, 1/2,
 * 1/4, 1/12, plain and mirrored, every tile, nothing gated) gives a box covering half of it and at most four times
 * its area, so that a miss can be put down to the gate, the threshold, NMS or the network itself.
 *   npm run build && node dist/scripts/eval-misses.js [--params '{...}'] [--crops <dir>] [--split held-out|tune]
 */
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DETECTOR_DEFAULTS, detectFaces, mirrorDetection, type DetectionParams } from '../src/faces/detector.js';
import type { Box, RgbImage } from '../src/geometry.js';
import { loadYunet, modelsDir, type Yunet } from '../src/faces/yunet.js';
import { writeMarkedCrop } from './boxes.js';
import { readPhotos, splitOf, type Split } from './eval-heights.js';

const SHARED = path.resolve(modelsDir(), '..', '..', 'shared', 'faces');
const PHONE_LONG_SIDE = 4032;
const LEVELS = [1, 0.75, 0.5, 1 / 4, 1 / 12] as const;

function coverage(truth: Box, found: Box): number {
  const w = Math.min(truth.x + truth.width, found.x + found.width) - Math.max(truth.x, found.x);
  const h = Math.min(truth.y + truth.height, found.y + found.height) - Math.max(truth.y, found.y);
  return w > 0 && h > 0 ? (w * h) / (truth.width * truth.height) : 0;
}

async function resize(image: RgbImage, scale: number, flop: boolean): Promise<RgbImage> {
  let s = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (scale !== 1) s = s.resize(Math.round(image.width * scale), Math.round(image.height * scale), { fit: 'fill' });
  if (flop) s = s.flop();
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Sharpness: variance of a 4-neighbour Laplacian over the face's grey pixels, in the native photo. */
function laplacianVariance(image: RgbImage, box: Box): number {
  const x0 = Math.max(1, Math.floor(box.x));
  const y0 = Math.max(1, Math.floor(box.y));
  const x1 = Math.min(image.width - 1, Math.ceil(box.x + box.width));
  const y1 = Math.min(image.height - 1, Math.ceil(box.y + box.height));
  const g = (x: number, y: number) => {
    const i = (y * image.width + x) * 3;
    return 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
  };
  const values: number[] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) values.push(4 * g(x, y) - g(x - 1, y) - g(x + 1, y) - g(x, y - 1) - g(x, y + 1));
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length);
}

async function bestPerLevel(yunet: Yunet, image: RgbImage, truths: Box[]): Promise<Map<string, number>[]> {
  const result = truths.map(() => new Map<string, number>());
  for (const scale of LEVELS) {
    for (const flop of [false, true]) {
      const level = await resize(image, scale, flop);
      const tile = 1024;
      const overlap = 128;
      for (let y = 0; y < level.height; y += tile - overlap) {
        for (let x = 0; x < level.width; x += tile - overlap) {
          const region = { x, y, width: Math.min(tile, level.width - x), height: Math.min(tile, level.height - y) };
          for (const raw of await yunet.run(level, region, 0.05)) {
            const d = flop ? mirrorDetection(raw, level.width) : raw;
            const box = { x: d.box.x / scale, y: d.box.y / scale, width: d.box.width / scale, height: d.box.height / scale };
            truths.forEach((t, i) => {
              // A box that covers the face but is far bigger (a torso, a group) says nothing about the face itself.
              if (coverage(t, box) < 0.5 || box.width * box.height > 4 * t.width * t.height) return;
              const key = `${scale.toFixed(3)}${flop ? 'm' : ''}`;
              result[i]!.set(key, Math.max(result[i]!.get(key) ?? 0, d.score));
            });
          }
          if (x + tile >= level.width) break;
        }
        if (y + tile >= level.height) break;
      }
    }
  }
  return result;
}

export async function evalMisses(change: Partial<DetectionParams>, cropsDir: string | undefined, only: Split | undefined): Promise<void> {
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const params: DetectionParams = { ...defaults, ...change };
  const yunet = await loadYunet(params.model, 1);
  if (cropsDir !== undefined) await mkdir(cropsDir, { recursive: true });
  console.log('| split | photo | face | h @12MP | sharpness (native) | best kept box: coverage, score | best score of a box covering half, per level (m = mirrored) |');
  console.log('|---|---|---|---|---|---|---|');
  try {
    for (const photo of readPhotos()) {
      const split = splitOf(photo.file);
      if (only !== undefined && split !== only) continue;
      const file = path.join(SHARED, photo.file);
      const native = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const nativeImage: RgbImage = { data: native.data, width: native.info.width, height: native.info.height };
      const { data, info } = await sharp(file).rotate().removeAlpha().resize(PHONE_LONG_SIDE, PHONE_LONG_SIDE, { fit: 'inside', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
      const image: RgbImage = { data, width: info.width, height: info.height };
      const k = info.width / nativeImage.width;
      const found = await detectFaces(yunet, image, params);
      const missed = photo.truth
        .map((t, n) => ({ n, t, box: { x: t.box.x * k, y: t.box.y * k, width: t.box.width * k, height: t.box.height * k } }))
        .filter((m) => m.t.valid && !found.some((f) => coverage(m.box, f.box) >= 0.5));
      if (missed.length === 0) continue;
      const best = await bestPerLevel(yunet, image, missed.map((m) => m.box));
      for (const [i, m] of missed.entries()) {
        const near = found.map((f) => ({ c: coverage(m.box, f.box), s: f.score })).sort((a, b) => b.c - a.c)[0];
        const levels = [...best[i]!].sort((a, b) => b[1] - a[1]).map(([key, s]) => `${key}:${s.toFixed(2)}`).join(' ');
        console.log(`| ${split} | ${path.basename(photo.file)} | ${m.n} | ${m.box.height.toFixed(0)} | ${laplacianVariance(nativeImage, m.t.box).toFixed(0)} | ${near === undefined ? '—' : `${near.c.toFixed(2)}, ${near.s.toFixed(2)}`} | ${levels || 'none ≥ 0.05'} |`);
        if (cropsDir !== undefined) {
          const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
          await writeMarkedCrop(raw, m.box, path.join(cropsDir, `${split}-${path.basename(photo.file, '.jpg')}-${m.n}-${m.box.height.toFixed(0)}px.png`));
        }
      }
    }
  } finally {
    await yunet.close();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--params');
  const change = at > 0 ? (JSON.parse(process.argv[at + 1] ?? '{}') as Partial<DetectionParams>) : {};
  const cropsAt = process.argv.indexOf('--crops');
  const splitAt = process.argv.indexOf('--split');
  await evalMisses(change, cropsAt > 0 ? process.argv[cropsAt + 1] : undefined, splitAt > 0 ? (process.argv[splitAt + 1] as Split) : undefined);
}
