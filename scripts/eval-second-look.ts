/**
 * The second look at uncertain boxes, weighed offline: every box the 12 MP pyramid scores between `--from` and the
 * threshold (after NMS, on no face already found) is labelled against the ground truth — a face not otherwise
 * found (a gain), a box on a labelled face already found (harmless), or a box on no face (a false box if kept) —
 * and looked at again under several second opinions (YuNet-n or -s, at several sizes, plain and mirrored). Prints,
 * per split, how many gains and false boxes each rule would keep, so a rule can be chosen on the tuning split and
 * only read on the held-out split.
 *   npm run build && node dist/scripts/eval-second-look.js [--from 0.2] [--params '{...}'] [--json <file>]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DETECTOR_DEFAULTS, detectFaces, mirrorDetection, type DetectionParams } from '../src/faces/detector.js';
import type { Detection } from '../src/faces/types.js';
import { iou, type Box, type RgbImage } from '../src/geometry.js';
import { loadYunet, modelsDir, type Yunet } from '../src/faces/yunet.js';
import { overlapOfSmaller } from './boxes.js';
import { readPhotos, splitOf, type Split } from './eval-heights.js';

const SHARED = path.resolve(modelsDir(), '..', '..', 'shared', 'faces');
const PHONE_LONG_SIDE = 4032;

function coverage(truth: Box, found: Box): number {
  const w = Math.min(truth.x + truth.width, found.x + found.width) - Math.max(truth.x, found.x);
  const h = Math.min(truth.y + truth.height, found.y + found.height) - Math.max(truth.y, found.y);
  return w > 0 && h > 0 ? (w * h) / (truth.width * truth.height) : 0;
}

type Label = 'gain' | 'harmless' | 'false';
interface Look {
  readonly model: 'n' | 's';
  readonly size: number;
  readonly context: number;
}
const LOOKS: Look[] = [
  { model: 'n', size: 32, context: 1 },
  { model: 'n', size: 64, context: 1 },
  { model: 'n', size: 80, context: 1 },
  { model: 'n', size: 96, context: 1 },
  { model: 'n', size: 128, context: 1 },
  { model: 'n', size: 96, context: 0.5 },
  { model: 's', size: 32, context: 1 },
  { model: 's', size: 64, context: 1 },
  { model: 's', size: 96, context: 1 },
];

async function look(yunet: Yunet, image: RgbImage, d: Detection, size: number, context: number): Promise<{ plain: number; mirrored: number }> {
  const side = Math.max(d.box.width, d.box.height);
  const left = Math.max(0, Math.floor(d.box.x - side * context));
  const top = Math.max(0, Math.floor(d.box.y - side * context));
  const right = Math.min(image.width, Math.ceil(d.box.x + d.box.width + side * context));
  const bottom = Math.min(image.height, Math.ceil(d.box.y + d.box.height + side * context));
  const k = size / side;
  const width = Math.max(1, Math.round((right - left) * k));
  const height = Math.max(1, Math.round((bottom - top) * k));
  const out = { plain: 0, mirrored: 0 };
  for (const mirrored of [false, true]) {
    let s = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .extract({ left, top, width: right - left, height: bottom - top })
      .resize(width, height, { fit: 'fill' });
    if (mirrored) s = s.flop();
    const data = await s.raw().toBuffer();
    for (const face of await yunet.run({ data, width, height }, { x: 0, y: 0, width, height }, 0.05)) {
      const f = mirrored ? mirrorDetection(face, width) : face;
      const back = { x: f.box.x * ((right - left) / width) + left, y: f.box.y * ((bottom - top) / height) + top, width: f.box.width * ((right - left) / width), height: f.box.height * ((bottom - top) / height) };
      if (iou(back, d.box) < 0.3) continue;
      if (mirrored) out.mirrored = Math.max(out.mirrored, face.score);
      else out.plain = Math.max(out.plain, face.score);
    }
  }
  return out;
}

interface Row {
  readonly split: Split;
  readonly label: Label;
  readonly score: number;
  readonly height: number;
  readonly looks: { plain: number; mirrored: number }[];
}

export async function evalSecondLook(from: number, change: Partial<DetectionParams>, jsonFile?: string): Promise<void> {
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const params: DetectionParams = { ...defaults, ...change, scoreThreshold: from, recheckFrom: 0 };
  const nets = { n: await loadYunet('n', 1), s: await loadYunet('s', 1) };
  const rows: Row[] = [];
  const missedBefore = new Map<Split, number>();
  try {
    for (const photo of readPhotos()) {
      const split = splitOf(photo.file);
      const file = path.join(SHARED, photo.file);
      const meta = await sharp(file).metadata();
      const { data, info } = await sharp(file).rotate().removeAlpha().resize(PHONE_LONG_SIDE, PHONE_LONG_SIDE, { fit: 'inside', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
      const image: RgbImage = { data, width: info.width, height: info.height };
      const k = info.width / (meta.width ?? info.width);
      const truth = photo.truth.map((t) => ({ valid: t.valid, box: { x: t.box.x * k, y: t.box.y * k, width: t.box.width * k, height: t.box.height * k } }));
      const all = await detectFaces(nets.n, image, params);
      const certain = all.filter((d) => d.score >= DETECTOR_DEFAULTS.scoreThreshold);
      const uncertain = all.filter((d) => d.score < DETECTOR_DEFAULTS.scoreThreshold);
      const missed = truth.filter((t) => t.valid && !certain.some((c) => coverage(t.box, c.box) >= 0.5));
      missedBefore.set(split, (missedBefore.get(split) ?? 0) + missed.length);
      for (const d of uncertain) {
        const gainOn = missed.find((t) => coverage(t.box, d.box) >= 0.5);
        const label: Label = gainOn !== undefined ? 'gain' : truth.some((t) => overlapOfSmaller(t.box, d.box) >= 0.5) ? 'harmless' : 'false';
        const looks = [];
        for (const l of LOOKS) looks.push(await look(nets[l.model], image, d, l.size, l.context));
        rows.push({ split, label, score: d.score, height: gainOn?.box.height ?? d.box.height, looks });
      }
    }
  } finally {
    await nets.n.close();
    await nets.s.close();
  }
  if (jsonFile !== undefined) writeFileSync(jsonFile, JSON.stringify({ looks: LOOKS, rows }));
  const name = (l: Look) => `${l.model === 'n' ? 'YuNet-n' : 'YuNet-s'} at ${l.size} px${l.context === 1 ? '' : `, context ${l.context}`}`;
  console.log(`\nBoxes scoring ${from}–${DETECTOR_DEFAULTS.scoreThreshold} after NMS on no face found, 12 MP: ${rows.length}; faces missed before any second look: ${JSON.stringify(Object.fromEntries(missedBefore))}`);
  for (const split of ['tune', 'held-out'] as const) {
    const of = rows.filter((r) => r.split === split);
    console.log(`${split}: ${of.filter((r) => r.label === 'gain').length} on a face not otherwise found, ${of.filter((r) => r.label === 'false').length} on no face, ${of.filter((r) => r.label === 'harmless').length} on a face already found`);
  }
  console.log('\nKept by the second look (a face of at least the threshold, IoU 0.3 with the box): boxes on a face not otherwise found / on no face');
  console.log('| boxes from | second look | tune | held-out |');
  console.log('|---|---|---|---|');
  const cell = (split: Split, keep: (r: Row) => boolean) => {
    const of = rows.filter((r) => r.split === split && keep(r));
    return `${of.filter((r) => r.label === 'gain').length} / ${of.filter((r) => r.label === 'false').length}`;
  };
  const seen = (r: Row, i: number, mirrored: boolean) => Math.max(r.looks[i]!.plain, mirrored ? r.looks[i]!.mirrored : 0) >= DETECTOR_DEFAULTS.scoreThreshold;
  for (const min of [0.2, 0.3, 0.4]) {
    for (const [i, l] of LOOKS.entries()) {
      for (const mirrored of i === 3 ? [true, false] : [true]) {
        const keep = (r: Row) => r.score >= min && seen(r, i, mirrored);
        console.log(`| ${min} | ${name(l)}${mirrored ? ', or mirrored' : ', not mirrored'} | ${cell('tune', keep)} | ${cell('held-out', keep)} |`);
      }
    }
  }
  console.log('\nEach box on a face not otherwise found: its score, the face\'s height, and the best score of each look (plain or mirrored)');
  console.log(`| split | score | height | ${LOOKS.map(name).join(' | ')} |`);
  console.log(`|---|---|---|${LOOKS.map(() => '---').join('|')}|`);
  for (const r of rows.filter((x) => x.label === 'gain')) {
    console.log(`| ${r.split} | ${r.score.toFixed(2)} | ${r.height.toFixed(0)} | ${r.looks.map((l) => Math.max(l.plain, l.mirrored).toFixed(2)).join(' | ')} |`);
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--params');
  const change = at > 0 ? (JSON.parse(process.argv[at + 1] ?? '{}') as Partial<DetectionParams>) : {};
  const fromAt = process.argv.indexOf('--from');
  const jsonAt = process.argv.indexOf('--json');
  await evalSecondLook(fromAt > 0 ? Number(process.argv[fromAt + 1]) : 0.2, change, jsonAt > 0 ? process.argv[jsonAt + 1] : undefined);
}
