import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { FaceDetector } from './engine-types.js';
import { suppress } from './nms.js';
import type { Detection, Landmarks5 } from './types.js';
import { iou, type Box, type Point, type RgbImage } from '../geometry.js';
import { YUNET_MODELS, loadYunet, type Yunet, type YunetVariant } from './yunet.js';

/** Everything that changes what the detector finds; all of it goes into `settingsKey`. */
export interface DetectionParams {
  readonly model: YunetVariant;
  readonly scoreThreshold: number;
  readonly nmsIou: number;
  readonly nmsContained: number;
  readonly nmsContainedMinArea: number;
  readonly pyramidStep: number;
  readonly minLongSide: number;
  readonly tileSize: number;
  readonly tileOverlap: number;
  readonly upscaleBelow: number;
  readonly upscaleScales: readonly number[];
  readonly maxFaceAtLevel: number;
  readonly flipMaxScale: number;
  readonly fineGate: number;
  readonly finestScale: number;
  readonly fineGateMaxFace: number;
  readonly recheckFrom: number;
  readonly recheckSize: number;
  readonly recheckFlip: boolean;
}

export const DETECTOR_DEFAULTS: Readonly<DetectionParams & { threads: number }> = Object.freeze({
  /** yunet_n: with these levels it finds 143 of the eval's 157 faces, yunet_s 141, at similar false boxes and time. */
  model: 'n',
  /**
   * Low on purpose (OpenCV's YuNet default is 0.9): an anonymised patch of grass costs little, a missed child a lot.
   * Eval: 0.4 finds no more faces (143) at 1.75× the false boxes (9.4 vs 5.4 per photo; 10.9 vs 7.0 at 4032 px), and
   * size-dependent thresholds (lower for small faces, higher for big ones) gained nothing (models/README.md).
   */
  scoreThreshold: 0.5,
  /** Boxes of one face from neighbouring cells and pyramid levels overlap well above this; two real faces rarely do. */
  nmsIou: 0.3,
  /** Half a face cut by a tile edge lies almost wholly inside the whole face's box. */
  nmsContained: 0.7,
  /** ...but a small real face inside a big false box must survive (see nms.ts). */
  nmsContainedMinArea: 0.2,
  /**
   * YuNet covers faces of about 10–300 px: each level shrinks by 3 so consecutive levels' ranges overlap widely.
   * Steps of 2 or 1.5 found nothing more at 4032 px, for +20–45 % false boxes and +50–110 % time.
   */
  pyramidStep: 3,
  /** The coarsest level is at most this long, so a face filling the whole photo still fits the model's range. */
  minLongSide: 320,
  /**
   * Levels longer than this run in tiles: a whole 12 MP level needs a 145 MB input plus activations per worker;
   * 2048-px tiles (6 of about 1430 × 1576 on 4032 × 3024) measured 14 % slower than whole levels, at equal recall.
   * 1024 px: peak memory of a detector 460 -> 295 MB, at equal recall (141/157 at 4032 px) and 7.7 instead of 7.0
   * false boxes per photo, about 6 % slower (eval --quick); it is what keeps a 2-worker scan under 1.5 GB.
   */
  tileSize: 1024,
  /** Larger than any face a level needs to catch whole (bigger ones are found on the next, smaller level). */
  tileOverlap: 128,
  /**
   * Photos whose long side is below this (messenger-sized copies) also run upscaled (`upscaleScales`), where faces of
   * 20–40 px reach the model's sweet spot; 12 MP originals skip it: a 2× level is a 48 MP pass (measured ×7 the time),
   * and on the eval's photos upscaled to 4032 px it found nothing more (140 vs 141 faces).
   */
  upscaleBelow: 2048,
  /**
   * Half an octave apart: a blurred small face often scores above threshold at one size only, so a second look at √2
   * finds some that 2× alone misses. Eval: 143 faces (0.911) at 5.4 false boxes/photo vs 141 (0.898) at 4.7 with [2]
   * only, for ~35 % more time on small photos (they are cheap: 0.3 → 0.4 s).
   */
  upscaleScales: Object.freeze([2, Math.SQRT2]),
  /**
   * A level keeps only faces up to this size in its own pixels (the coarsest level keeps all). YuNet was trained on
   * faces of ~10-300 px; beyond that it scores texture (curtains, suits) at 0.5-0.7 by the hundred, which on the 2x
   * level became a dozen false 300-px blurs per photo. A face too big here is 3x smaller, well in range, one level down.
   */
  maxFaceAtLevel: 256,
  /**
   * Levels at this scale or below also run on the mirrored image (test-time flip; 0 = never). Off: on the eval it
   * finds nothing more at the 0.5 threshold (only at 0.4: +1–2 faces for +2–5 false boxes per photo), and each
   * mirrored level costs as much time again (models/README.md).
   */
  flipMaxScale: 0,
  /**
   * On a photo too big for upscaled levels (12 MP), the full-resolution level, 85–90 % of the detector's time, runs only
   * in tiles where the next level (1/3) saw anything scoring at least this, far below the 0.5 that counts as a face:
   * that level already finds every face of 30 px and more, so what the full resolution adds is the 10–30 px faces,
   * and at 1/3 they still stir the network enough. Measured (2026-12-01): on the eval's photos with 256-px tiles so
   * that the gate acts on them, 0.1 kept every face of every size bin (10–15 px: 22/33 with and without), 0.2 lost
   * three of 10–15 px; at 4032 px (eval --phone) recall 141/157 and 227/262 of faces >= 20 px, as without the gate,
   * false boxes 7.8 -> 7.4 per photo. On the bench's school corpus 294 of 430 full-resolution tiles ran (crowd: 337
   * of 440), and the 12 (8) boxes no longer found were all hands, clothes and textures, looked at one by one.
   * 0 = every tile.
   */
  fineGate: 0.1,
  /**
   * On a photo too big for upscaled levels (12 MP), the finest level is the photo at this size, not at full size:
   * YuNet still finds faces of about 15 px there, so faces of 20 px and more in the photo are still seen, at 0.56 of
   * the full level's pixels. Measured (2026-12-01, `node dist/scripts/eval-detection.js --gate <school corpus>`):
   * at 4032 px recall of faces >= 20 px 230/262 (full size: 227/262), of faces >= 24 px in the original 140/157
   * (141/157), false boxes 7.4 -> 5.9 per photo; detector time on the bench's school corpus 895 -> 655 ms a photo.
   * 0.6 lost faces (212/262). The 43 boxes of the school corpus the full-size level found and this one does not were
   * looked at one by one: hands, clothes, textures, and second boxes half on a face that another box covers.
   */
  finestScale: 0.75,
  /**
   * Only a hint up to this long in its own level's pixels (16 px there: about 64 px in the photo) opens a finest-level
   * tile (0 = any hint). The finest level is there for faces too small for the next level; a face big enough for
   * that level is found there, and what stirs around it (hands, shirts, the face itself at a shifted cell) came as
   * big hints that opened nearly every tile of a group photo. Measured (2026-12-06, `node dist/scripts/eval-heights.js
   * --phone-only` and `--corpus <bench corpus>`): recall at 12 MP unchanged on both splits (241/262 against 240/262),
   * false boxes 4.71 -> 3.71 per photo; on the bench's school corpus 8.1 -> 0.3 finest-level tiles and 404 -> 124 ms
   * of detector CPU a photo (crowd: 9.5 -> 1.4 tiles, 503 -> 156 ms). The boxes no longer found (14 of 180 on the
   * school corpus, 18 of 465 on the crowd corpus) were looked at one by one: hands, clothes, a record on a wall,
   * fingers, lettering, and second boxes shifted off a face that another box covers. 24 px: about the same (0.7 tiles).
   */
  fineGateMaxFace: 16,
  /**
   * On a photo too big for upscaled levels (12 MP), a box scoring from this up to `scoreThreshold`, on no face already
   * found, gets a second look (`recheck`; 0 = none). A small, blurred or half-turned face often scores 0.3–0.5 at the
   * pyramid's fixed sizes and more at its best size, where small photos' upscaled levels see it. Small photos (their
   * upscaled levels already look closer) get none: +1 face for +0.9 false boxes per photo there.
   * Chosen on the eval's tuning split at 12 MP with `recheckSize` (`node dist/scripts/eval-second-look.js`, then
   * `eval-heights.js --phone-only`, 2026-12-06): from 0.4 the same faces as from 0.3 (174 of 188) at 5.00 instead of
   * 5.14 false boxes per photo and a third of the second looks (34 instead of 109 boxes on the 7 photos).
   */
  recheckFrom: 0.4,
  /**
   * The second look sees the uncertain box this long, with its own size again on every side (a 288-px crop): the
   * middle of YuNet's range, whatever level the box came from. Tuning split, boxes from 0.3, offline
   * (`eval-second-look.js`: uncertain boxes on a face not otherwise found / on no face, kept by the look): 32 px 2 / 12,
   * 64 px 2 / 9, 80 px 4 / 8, 96 px 5 / 6, 128 px 1 / 6; half the context at 96 px 5 / 17; YuNet-s at 32, 64 or 96 px
   * no better than -n (3 / 10 at best). In the pipeline (`eval-heights.js --phone-only`): 174 instead of 173 of 188
   * faces, 5.00 instead of 5.71 false boxes per photo, +20 ms of CPU a photo.
   */
  recheckSize: 96,
  /**
   * ...and, when that finds nothing, once more mirrored: a face turned aside often scores higher one way round
   * (tuning split, offline, 96 px from 0.3: 5 faces with the mirrored look, 2 without).
   */
  recheckFlip: true,
  /** One thread per detector: the scan's worker pool runs one detector per core. */
  threads: 1,
});

/** One pyramid level: the scale factor from the photo to the image the network sees. */
export function pyramidScales(size: { width: number; height: number }, params: DetectionParams): number[] {
  const longSide = Math.max(size.width, size.height);
  const scales: number[] = longSide < params.upscaleBelow ? [...[...params.upscaleScales].sort((a, b) => b - a), 1] : [params.finestScale];
  let scale = scales[scales.length - 1]!;
  while (longSide * scale > params.minLongSide) {
    scale /= params.pyramidStep;
    scales.push(scale);
  }
  return scales;
}

/**
 * Regions of at most `tile` × `tile` covering width × height, neighbours overlapping by at least `overlap`.
 * Uses as few tiles as possible and shrinks them to share the length evenly: fixed-size tiles would waste up to a
 * whole extra row of work on the last sliver.
 */
export function tileRegions(width: number, height: number, tile: number, overlap: number): Box[] {
  const spans = (length: number): { start: number; size: number }[] => {
    if (tile <= 0 || length <= tile) return [{ start: 0, size: length }];
    const count = Math.ceil((length - overlap) / (tile - overlap));
    const size = Math.min(tile, Math.ceil((length + (count - 1) * overlap) / count));
    return Array.from({ length: count }, (_, i) => ({ start: Math.round((i * (length - size)) / (count - 1)), size }));
  };
  const regions: Box[] = [];
  for (const row of spans(height)) {
    for (const column of spans(width)) regions.push({ x: column.start, y: row.start, width: column.size, height: row.size });
  }
  return regions;
}

async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function shiftDetection(d: Detection, dx: number, dy: number): Detection {
  if (dx === 0 && dy === 0) return d;
  const p = (q: Point): Point => ({ x: q.x + dx, y: q.y + dy });
  const [a, b, c, e, f] = d.landmarks;
  return {
    box: { x: d.box.x + dx, y: d.box.y + dy, width: d.box.width, height: d.box.height },
    score: d.score,
    landmarks: [p(a), p(b), p(c), p(e), p(f)],
  };
}

/**
 * A detection found on the mirrored image, mirrored back into an image `width` pixels wide. The landmarks' order is
 * by position in the picture (left-most eye first), so mirroring swaps the eyes and the mouth corners.
 */
export function mirrorDetection(d: Detection, width: number): Detection {
  const m = (q: Point): Point => ({ x: width - q.x, y: q.y });
  const [eyeA, eyeB, nose, mouthA, mouthB] = d.landmarks;
  return {
    box: { x: width - d.box.x - d.box.width, y: d.box.y, width: d.box.width, height: d.box.height },
    score: d.score,
    landmarks: [m(eyeB), m(eyeA), m(nose), m(mouthB), m(mouthA)],
  };
}

async function mirrorRgb(image: RgbImage): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .flop()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function mapDetection(d: Detection, sx: number, sy: number): Detection {
  const p = (q: Point): Point => ({ x: q.x / sx, y: q.y / sy });
  const [a, b, c, e, f] = d.landmarks;
  return {
    box: { x: d.box.x / sx, y: d.box.y / sy, width: d.box.width / sx, height: d.box.height / sy },
    score: d.score,
    landmarks: [p(a), p(b), p(c), p(e), p(f)],
  };
}

/** Clamps a detection to the image; null when nothing of the box is left inside. */
export function clampDetection(d: Detection, width: number, height: number): Detection | null {
  const x0 = Math.max(0, d.box.x);
  const y0 = Math.max(0, d.box.y);
  const x1 = Math.min(width, d.box.x + d.box.width);
  const y1 = Math.min(height, d.box.y + d.box.height);
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  const p = (q: Point): Point => ({ x: Math.min(width, Math.max(0, q.x)), y: Math.min(height, Math.max(0, q.y)) });
  const [a, b, c, e, f] = d.landmarks;
  const landmarks: Landmarks5 = [p(a), p(b), p(c), p(e), p(f)];
  return { box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, score: d.score, landmarks };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Where one pyramid level's time went and what it contributed: the measurement behind the pyramid's settings. */
export interface LevelTrace {
  readonly scale: number;
  readonly width: number;
  readonly height: number;
  readonly tiles: number;
  /** Making the level (0 for the photo itself). */
  readonly resizeMs: number;
  /** The network's runs over the level's tiles, input fill and output decoding included. */
  readonly runMs: number;
  /** The same two in CPU time of the whole process (which, on a machine shared with other jobs, the clock is not). */
  readonly resizeCpuMs: number;
  readonly runCpuMs: number;
  /** Boxes above the threshold and within the level's size range, before NMS. */
  readonly candidates: number;
  /** Of the faces kept after NMS, how many came from this level. */
  readonly kept: number;
}

/** Most uncertain boxes a photo gets a second look at, best first: bounds the time on a photo of grass or gravel. */
const MAX_RECHECKS = 64;

/**
 * The second opinion on boxes that scored between `recheckFrom` and `scoreThreshold`: the box with its surroundings
 * (its own size again on every side) is cut from the photo, resized so that the box is `recheckSize` px long, where
 * YuNet is surest, and run again, mirrored as well. A box is a face when either look finds a face of at least
 * `scoreThreshold` on it (IoU 0.3): that detection is kept, in the photo's pixels. Blurred, small or half-turned faces
 * often score 0.3–0.5 at the pyramid's fixed sizes and higher at their best size; a texture rarely does.
 */
async function recheck(yunet: Yunet, image: RgbImage, uncertain: readonly Detection[], params: DetectionParams): Promise<Detection[]> {
  if (uncertain.length === 0) return [];
  const confirmed: Detection[] = [];
  for (const d of [...uncertain].sort((a, b) => b.score - a.score).slice(0, MAX_RECHECKS)) {
    const side = Math.max(d.box.width, d.box.height);
    const left = Math.max(0, Math.floor(d.box.x - side));
    const top = Math.max(0, Math.floor(d.box.y - side));
    const right = Math.min(image.width, Math.ceil(d.box.x + d.box.width + side));
    const bottom = Math.min(image.height, Math.ceil(d.box.y + d.box.height + side));
    if (right - left < 2 || bottom - top < 2) continue;
    const k = params.recheckSize / side;
    const width = Math.max(1, Math.round((right - left) * k));
    const height = Math.max(1, Math.round((bottom - top) * k));
    const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .extract({ left, top, width: right - left, height: bottom - top })
      .resize(width, height, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const crop: RgbImage = { data, width, height };
    let best: Detection | null = null;
    // The mirrored look only when the plain one found nothing: either is enough to keep the box.
    for (const mirrored of params.recheckFlip ? [false, true] : [false]) {
      if (best !== null) break;
      const view = mirrored ? await mirrorRgb(crop) : crop;
      for (const face of await yunet.run(view, { x: 0, y: 0, width, height }, params.scoreThreshold)) {
        const back = shiftDetection(mapDetection(mirrored ? mirrorDetection(face, width) : face, width / (right - left), height / (bottom - top)), left, top);
        if (iou(back.box, d.box) >= 0.3 && (best === null || back.score > best.score)) best = back;
      }
    }
    if (best !== null) confirmed.push(best);
  }
  return confirmed;
}

/** The multi-scale, tiled detection itself, on an already loaded network. */
export async function detectFaces(yunet: Yunet, image: RgbImage, params: DetectionParams): Promise<Detection[]> {
  return (await detectFacesTraced(yunet, image, params)).faces;
}

/** As `detectFaces`, also saying per level where the time went and which level each kept face came from. */
export async function detectFacesTraced(
  yunet: Yunet,
  image: RgbImage,
  params: DetectionParams,
): Promise<{ faces: Detection[]; levels: LevelTrace[] }> {
  const scales = pyramidScales(image, params);
  const coarsest = Math.min(...scales);
  const sizeAt = (scale: number) => ({ width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) });
  // The finest level of a photo too big for upscaled levels runs only in tiles where the next level saw a small face
  // stir (see DETECTOR_DEFAULTS.fineGate, fineGateMaxFace): so coarse levels run first, and the finest level is made
  // only when one of its tiles is to run (on most school photos none is).
  const gated = params.fineGate > 0 && Math.max(image.width, image.height) >= params.upscaleBelow && scales.length > 1;
  // Levels up to the photo's size, each resized from the one above it (1/9 from 1/3 reads 1.3 MP, not 12 MP);
  // upscaled levels (small photos only) and the gated finest level are made when they run, so that only one is held
  // at a time.
  const made = new Map<number, { image: RgbImage; resizeMs: number; resizeCpuMs: number }>();
  let finer: RgbImage = image;
  for (const scale of scales.filter((s, index) => s <= 1 && !(gated && index === 0))) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const level = scale === 1 ? image : await resizeRgb(finer, sizeAt(scale).width, sizeAt(scale).height);
    made.set(scale, { image: level, resizeMs: performance.now() - started, resizeCpuMs: cpuMsSince(cpu) });
    finer = level;
  }
  // Small photos get upscaled levels instead (see DETECTOR_DEFAULTS.recheckFrom).
  const rechecking = params.recheckFrom > 0 && Math.max(image.width, image.height) >= params.upscaleBelow;
  const hints: Box[] = [];
  const perLevel: { trace: Omit<LevelTrace, 'kept'>; found: Detection[] }[] = [];
  for (let index = scales.length - 1; index >= 0; index--) {
    const scale = scales[index]!;
    const size = sizeAt(scale);
    const sx = size.width / image.width;
    const sy = size.height / image.height;
    const views = scale <= params.flipMaxScale ? [false, true] : [false];
    const hinting = gated && index === 1;
    const keepFrom = rechecking ? Math.min(params.recheckFrom, params.scoreThreshold) : params.scoreThreshold;
    const minScore = hinting ? Math.min(params.fineGate, keepFrom) : keepFrom;
    const all = tileRegions(size.width, size.height, params.tileSize, params.tileOverlap);
    // The hints, kept in the photo's pixels, in this level's, where its tiles are.
    const fineHints = gated && index === 0 ? hints.map((h) => ({ x: h.x * sx, y: h.y * sy, width: h.width * sx, height: h.height * sy })) : [];
    const regionsFor = (mirrored: boolean) => (gated && index === 0 && !mirrored ? all.filter((r) => fineHints.some((h) => overlaps(h, r))) : all);
    let started = performance.now();
    let cpu = process.cpuUsage();
    const ready = made.get(scale);
    made.delete(scale);
    const needed = views.some((mirrored) => regionsFor(mirrored).length > 0);
    const level = ready?.image ?? (needed ? await resizeRgb(image, size.width, size.height) : null);
    const resizeMs = ready?.resizeMs ?? performance.now() - started;
    const resizeCpuMs = ready?.resizeCpuMs ?? cpuMsSince(cpu);
    started = performance.now();
    cpu = process.cpuUsage();
    const found: Detection[] = [];
    let tiles = 0;
    for (const mirrored of level === null ? [] : views) {
      const view = mirrored ? await mirrorRgb(level!) : level!;
      for (const region of regionsFor(mirrored)) {
        tiles++;
        for (const face of await yunet.run(view, region, minScore)) {
          const d = mapDetection(mirrored ? mirrorDetection(face, view.width) : face, sx, sy);
          if (hinting && (params.fineGateMaxFace <= 0 || Math.max(face.box.width, face.box.height) <= params.fineGateMaxFace)) hints.push(d.box);
          if (face.score < keepFrom) continue;
          if (scale !== coarsest && Math.max(face.box.width, face.box.height) > params.maxFaceAtLevel) continue;
          found.push(d);
        }
      }
    }
    perLevel[index] = {
      trace: {
        scale,
        width: size.width,
        height: size.height,
        tiles,
        resizeMs,
        runMs: performance.now() - started,
        resizeCpuMs,
        runCpuMs: cpuMsSince(cpu),
        candidates: found.length,
      },
      found,
    };
  }
  // Finest level first, as before the coarse levels ran first: NMS keeps the earlier of two equal scores.
  const candidates = perLevel.flatMap((l) => l.found);
  const origin = new Map<Detection, number>(perLevel.flatMap((l, index) => l.found.map((d) => [d, index] as const)));
  const levels = perLevel.map((l) => l.trace);
  const nms = { iou: params.nmsIou, contained: params.nmsContained, containedMinArea: params.nmsContainedMinArea };
  // One suppression over certain and uncertain boxes alike: an uncertain box on a face already found is dropped here
  // (greedy by score), so only uncertain boxes on their own get the second look.
  const merged = suppress(candidates, nms);
  const certain = merged.filter((d) => d.score >= params.scoreThreshold);
  const uncertain = merged.filter((d) => d.score < params.scoreThreshold);
  const confirmed = rechecking ? await recheck(yunet, image, uncertain, params) : [];
  const kept = confirmed.length === 0 ? certain : suppress([...certain, ...confirmed], nms);
  const keptPerLevel = levels.map(() => 0);
  for (const d of kept) {
    const index = origin.get(d) ?? 0;
    keptPerLevel[index] = (keptPerLevel[index] ?? 0) + 1;
  }
  return {
    faces: kept.flatMap((d) => clampDetection(d, image.width, image.height) ?? []),
    levels: levels.map((l, i) => ({ ...l, kept: keptPerLevel[i] ?? 0 })),
  };
}

/**
 * Bump when the detector's code changes what it finds with the same parameters. 2: levels below the photo's size are
 * made from the level above, not from the photo. 3: a gated photo's second level is made from the photo, not from
 * the finest level (which is made only when one of its tiles runs). 4: the second look runs mirrored only when the
 * plain look found nothing.
 */
const DETECTOR_CODE_VERSION = 4;

/** Cache key part: the model's hash, every parameter and the code's version, so a change to any invalidates cached detections. */
export function detectorSettingsKey(modelSha256: string, params: DetectionParams): string {
  const ordered = Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  return `yunet-${params.model}-${createHash('sha256').update(JSON.stringify({ modelSha256, ordered, code: DETECTOR_CODE_VERSION })).digest('hex').slice(0, 16)}`;
}

/** The detector's cache key without loading the model (the model file's hash is checked when it does load). */
export function defaultDetectorSettingsKey(params: Partial<DetectionParams> = {}): string {
  const { threads: _threads, ...defaults } = DETECTOR_DEFAULTS;
  const full: DetectionParams = { ...defaults, ...params };
  return detectorSettingsKey(YUNET_MODELS[full.model].sha256, full);
}

/**
 * The face detector for event photos: YuNet over an image pyramid, full resolution in tiles, merged by NMS.
 * `params` is for the evaluation script; the product uses the defaults.
 * @throws UserError when the model file is missing or altered.
 */
export async function createDetector(
  options: { threads?: number; params?: Partial<DetectionParams> } = {},
): Promise<FaceDetector> {
  const { threads: defaultThreads, ...defaults } = DETECTOR_DEFAULTS;
  const params: DetectionParams = { ...defaults, ...options.params };
  const yunet = await loadYunet(params.model, options.threads ?? defaultThreads);
  return {
    detect: (image) => detectFaces(yunet, image, params),
    settingsKey: detectorSettingsKey(yunet.sha256, params),
    close: () => yunet.close(),
  };
}

/** How much grey border a tight portrait gets on each side, as a share of its longer side. */
const PORTRAIT_PAD = 0.75;
/** Mid-grey: neutral for the network, unlike black or a replicated edge that could continue the face's features. */
const PORTRAIT_GREY = 128;
/**
 * Portraits longer than this are searched on a copy this long (the face is described on the original): a face that
 * fills a portrait is found as well at this size, and framing a photographer's 24 MP original in grey made a
 * 190 MP image of 570 MB per portrait being enrolled. Portraits up to this size are searched as they are, as before:
 * a limit of 1024 moved the descriptors of 34 of the 61 larger portraits of ../shared/faces/identities by 0.05–0.37,
 * a change the evaluation (which enrols through `detect`) cannot vouch for.
 */
const PORTRAIT_DETECT_SIDE = 2048;

/**
 * Faces in a reference portrait that may be a tight face crop without background (some administrations export
 * 150 × 150 crops): a detector trained on scenes needs context, so the portrait is framed in grey first.
 * Boxes come back in the portrait's pixels, clamped, best score first.
 */
export async function detectPortraitFaces(detector: FaceDetector, original: RgbImage): Promise<Detection[]> {
  const scale = Math.min(1, PORTRAIT_DETECT_SIDE / Math.max(original.width, original.height));
  const image =
    scale < 1
      ? await resizeRgb(original, Math.max(1, Math.round(original.width * scale)), Math.max(1, Math.round(original.height * scale)))
      : original;
  const pad = Math.round(Math.max(image.width, image.height) * PORTRAIT_PAD);
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: PORTRAIT_GREY, g: PORTRAIT_GREY, b: PORTRAIT_GREY } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const framed = await detector.detect({ data, width: info.width, height: info.height });
  const sx = image.width / original.width;
  const sy = image.height / original.height;
  return framed
    .map((d) => mapDetection(shiftDetection(d, -pad, -pad), sx, sy))
    .flatMap((d) => clampDetection(d, original.width, original.height) ?? [])
    .sort((a, b) => b.score - a.score);
}
