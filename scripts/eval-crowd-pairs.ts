/**
 * Strangers close to each other in crowds: the recognition eval's strangers are 23 adults, mostly of European
 * descent, so it cannot show how close two different people of another descent come. This takes every face of
 * ../shared/faces/crowds the detector is sure of (score ≥ 0.9, described) and prints how many pairs from different
 * photos lie within each distance, and the closest pairs (as crops with --crops <dir>, to judge by eye whether they
 * are one person). A pair under the match threshold (src/faces/match.ts) that is two people is a false
 * identification waiting for the one of them who is enrolled.
 *   npm run build && node dist/scripts/eval-crowd-pairs.js [--crops <dir>]
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import { MATCH_DEFAULTS, descriptorDistance } from '../src/faces/match.js';
import type { Descriptor } from '../src/faces/types.js';
import type { Box } from '../src/geometry.js';
import { loadPhoto } from '../src/images/load.js';
import { QUALITY_DEFAULTS } from '../src/people/quality.js';
import { writeMarkedCrop } from './boxes.js';
import { SHARED, analysePhoto } from './people-event.js';

const CROWDS = path.join(SHARED, 'crowds');
const DISTANCES = [0.4, 0.44, 0.5, 0.55] as const;
/** Pairs closer than the widest of DISTANCES are kept, to count and to show. */
const WIDEST = 0.55;
const CLOSEST = 10;

interface CrowdFace {
  readonly file: string;
  /** 1-based, in detection order, as the report numbers faces. */
  readonly n: number;
  readonly box: Box;
  readonly descriptor: Descriptor;
}

export async function evalCrowdPairs(cropsDir?: string): Promise<void> {
  if (!existsSync(CROWDS)) {
    process.stderr.write(`needs the shared crowd photos at ${CROWDS}\n`);
    process.exitCode = 1;
    return;
  }
  const [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  const faces: CrowdFace[] = [];
  try {
    for (const file of (await readdir(CROWDS)).filter((f) => /\.jpe?g$/iu.test(f)).sort()) {
      const { detections, descriptors } = await analysePhoto({ detector, describer }, path.join('crowds', file));
      detections.forEach((d, i) => {
        const descriptor = descriptors[i];
        if (descriptor != null && d.score >= QUALITY_DEFAULTS.minScore) faces.push({ file, n: i + 1, box: d.box, descriptor });
      });
    }
  } finally {
    await Promise.all([detector.close(), describer.close()]);
  }
  const pairs: { d: number; a: CrowdFace; b: CrowdFace }[] = [];
  let compared = 0;
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      const a = faces[i]!;
      const b = faces[j]!;
      if (a.file === b.file) continue; // two faces of one photo are two people, but also the easy case: not counted
      compared++;
      const d = descriptorDistance(a.descriptor, b.descriptor);
      if (d < WIDEST) pairs.push({ d, a, b });
    }
  }
  pairs.sort((x, y) => x.d - y.d);
  console.log(`${faces.length} faces scored ≥ ${QUALITY_DEFAULTS.minScore} and described in ${CROWDS}; ${compared} pairs from different photos`);
  console.log(`match threshold ${MATCH_DEFAULTS.threshold}`);
  for (const limit of DISTANCES) console.log(`  pairs under ${limit}: ${pairs.filter((p) => p.d < limit).length}`);
  console.log('closest pairs (judge by eye whether each is one person):');
  if (cropsDir !== undefined) await mkdir(cropsDir, { recursive: true });
  for (const [k, { d, a, b }] of pairs.slice(0, CLOSEST).entries()) {
    console.log(`  ${d.toFixed(3)}  ${a.file} face ${a.n}  ·  ${b.file} face ${b.n}`);
    if (cropsDir === undefined) continue;
    for (const [side, face] of [['a', a], ['b', b]] as const) {
      const { rgb } = await loadPhoto(path.join(CROWDS, face.file));
      const image = sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } });
      await writeMarkedCrop(image, face.box, path.join(cropsDir, `${String(k + 1).padStart(2, '0')}${side}-${d.toFixed(3)}-${path.basename(face.file, '.jpg')}-${face.n}.png`));
    }
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--crops');
  await evalCrowdPairs(at > 0 ? process.argv[at + 1] : undefined);
}
