/**
 * Small faces at 12 MP without upscaling: the eval's 12 MP photos are small photos upscaled about 4×, so nearly every
 * face in them is large and blurred, and a pyramid setting that loses real 20–30 px faces cannot show there. This
 * builds 12 MP mosaics of the ground-truth photos shrunk (never enlarged) until their median face is 28 px, so faces
 * of 15–45 px keep their native sharpness, and compares recall by height under several detector settings.
 *   npm run build && node dist/scripts/eval-small-faces.js [--split tune|held-out] [--params '{...}' ...]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { DETECTOR_DEFAULTS, detectFaces, type DetectionParams } from '../src/faces/detector.js';
import type { RgbImage } from '../src/geometry.js';
import { loadYunet, modelsDir } from '../src/faces/yunet.js';
import { judge, readPhotos, splitOf, type Split, type Truth } from './eval-heights.js';

const SHARED = path.resolve(modelsDir(), '..', '..', 'shared', 'faces');
const WIDTH = 4032;
const HEIGHT = 3024;
const MEDIAN_FACE = 28;
const HEIGHTS = [15, 20, 24, 30, 45] as const;

interface Mosaic {
  readonly image: RgbImage;
  readonly truth: Truth[];
}

/** Shelf-packs the shrunk photos into as many grey 12 MP canvases as they need. */
async function buildMosaics(only?: Split): Promise<Mosaic[]> {
  const pieces: { data: Buffer; width: number; height: number; truth: Truth[] }[] = [];
  for (const { file, truth } of readPhotos().filter((p) => only === undefined || splitOf(p.file) === only)) {
    const heights = truth.filter((t) => t.valid).map((t) => t.box.height).sort((a, b) => a - b);
    const median = heights[Math.floor(heights.length / 2)] ?? MEDIAN_FACE;
    const scale = Math.min(1, MEDIAN_FACE / median);
    const meta = await sharp(path.join(SHARED, file)).metadata();
    const width = Math.max(1, Math.round((meta.width ?? 1) * scale));
    const { data, info } = await sharp(path.join(SHARED, file)).removeAlpha().resize(width, null, { kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
    const sx = info.width / (meta.width ?? info.width);
    const sy = info.height / (meta.height ?? info.height);
    pieces.push({
      data,
      width: info.width,
      height: info.height,
      truth: truth.map((t) => ({ valid: t.valid, box: { x: t.box.x * sx, y: t.box.y * sy, width: t.box.width * sx, height: t.box.height * sy } })),
    });
  }
  const mosaics: Mosaic[] = [];
  let canvas: { data: Buffer; truth: Truth[] } | null = null;
  let x = 0;
  let y = 0;
  let shelf = 0;
  const gap = 16;
  for (const piece of pieces.sort((a, b) => b.height - a.height)) {
    if (canvas === null || x + piece.width > WIDTH) {
      x = 0;
      y += shelf + gap;
      shelf = 0;
    }
    if (canvas === null || y + piece.height > HEIGHT) {
      canvas = { data: Buffer.alloc(WIDTH * HEIGHT * 3, 128), truth: [] };
      mosaics.push({ image: { data: canvas.data, width: WIDTH, height: HEIGHT }, truth: canvas.truth });
      x = 0;
      y = 0;
      shelf = 0;
    }
    for (let row = 0; row < piece.height; row++) {
      piece.data.copy(canvas.data, ((y + row) * WIDTH + x) * 3, row * piece.width * 3, (row + 1) * piece.width * 3);
    }
    for (const t of piece.truth) canvas.truth.push({ valid: t.valid, box: { ...t.box, x: t.box.x + x, y: t.box.y + y } });
    x += piece.width + gap;
    shelf = Math.max(shelf, piece.height);
  }
  return mosaics;
}

/**
 * `changes`: settings to compare with the defaults (each its own row); none: the finest level's gate variants.
 * `only`: the mosaic of one split's photos (see eval-heights.ts), so that a setting can be tuned on one and read on the other.
 */
export async function evalSmallFaces(changes: Partial<DetectionParams>[] = [], only?: Split): Promise<void> {
  const mosaics = await buildMosaics(only);
  const settings: [string, DetectionParams][] = [
    ['default (finest level only where a face of at most 16 px stirs)', DETECTOR_DEFAULTS],
    ...(changes.length > 0
      ? changes.map((c): [string, DetectionParams] => [JSON.stringify(c), { ...DETECTOR_DEFAULTS, ...c }])
      : ([
          ['finest level where anything stirs (as 09a6b0a)', { ...DETECTOR_DEFAULTS, fineGateMaxFace: 0 }],
          ['finest level everywhere (no gate)', { ...DETECTOR_DEFAULTS, fineGate: 0 }],
        ] as [string, DetectionParams][])),
  ];
  const faces = mosaics.reduce((n, m) => n + m.truth.filter((t) => t.valid).length, 0);
  console.log(`\nSmall faces at 12 MP, not upscaled: ${mosaics.length} mosaics of 4032 × 3024 from ${only === undefined ? 'all' : `the ${only} split's`} photos of ../shared/faces/detection, shrunk to a median face of ${MEDIAN_FACE} px (${faces} faces)`);
  console.log(`| setting | ${HEIGHTS.map((h) => `≥ ${h} px`).join(' | ')} | false boxes / mosaic | detector ms / mosaic |`);
  console.log(`|---|${HEIGHTS.map(() => '---|').join('')}---|---|`);
  const yunet = await loadYunet(DETECTOR_DEFAULTS.model, 1);
  try {
    for (const [name, params] of settings) {
      const seen: { height: number; found: boolean }[] = [];
      let falseBoxes = 0;
      let ms = 0;
      for (const mosaic of mosaics) {
        const started = performance.now();
        const found = await detectFaces(yunet, mosaic.image, params);
        ms += performance.now() - started;
        const judged = judge(mosaic.truth, found.map((f) => f.box), 1);
        seen.push(...judged.seen);
        falseBoxes += judged.falseBoxes;
      }
      const cells = HEIGHTS.map((h) => {
        const at = seen.filter((s) => s.height >= h);
        const hit = at.filter((s) => s.found).length;
        return at.length === 0 ? '–' : `${(hit / at.length).toFixed(3)} (${hit}/${at.length})`;
      });
      console.log(`| ${name} | ${cells.join(' | ')} | ${(falseBoxes / mosaics.length).toFixed(1)} | ${Math.round(ms / mosaics.length)} |`);
    }
  } finally {
    await yunet.close();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const changes = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--params' ? [JSON.parse(a) as Partial<DetectionParams>] : []));
  const splitAt = process.argv.indexOf('--split');
  await evalSmallFaces(changes, splitAt > 0 ? (process.argv[splitAt + 1] as Split) : undefined);
}
