/**
 * Milliseconds per face of the describer (68 landmarks, chip, descriptor of the chip and its mirror image), on
 * onnxruntime and on face-api's tfjs, one thread each, on the same faces:
 *   npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/bench-describer.js [--faces 48] [--rounds 3]
 * Faces come from ../shared/faces group photos (the demo fixtures when absent). Each runtime is warmed up first;
 * faces go in as the scan's pool hands them out (four per describe call), and one at a time, and 16 at a time.
 * Prints the median of `rounds` passes per setting.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describerOn } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import type { FaceDescriber } from '../src/faces/engine-types.js';
import { createOnnxNets } from '../src/faces/onnx-nets.js';
import { createTfjsNets } from '../src/faces/tfjs-nets.js';
import type { Detection } from '../src/faces/types.js';
import type { RgbImage } from '../src/geometry.js';
import { loadPhoto } from '../src/images/load.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(repo, '..', 'shared', 'faces');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Face {
  readonly image: RgbImage;
  readonly face: Detection;
}

async function collectFaces(count: number): Promise<Face[]> {
  const dirs = existsSync(shared) ? ['groups', 'detection'].map((d) => path.join(shared, d)) : [path.join(repo, 'fixtures', 'demo', 'photos')];
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f) => path.join(d, f)));
  const detector = await createDetector({ params: { upscaleBelow: 0 } });
  const faces: Face[] = [];
  try {
    for (const file of files) {
      const { rgb } = await loadPhoto(file);
      for (const face of await detector.detect(rgb)) if (Math.min(face.box.width, face.box.height) >= 40) faces.push({ image: rgb, face });
      if (faces.length >= count) break;
    }
  } finally {
    await detector.close();
  }
  return faces.slice(0, count);
}

/**
 * One pass over all faces, `perCall` faces of one photo per describe() call: wall-clock and CPU ms per face (CPU
 * time of the whole process, which on a machine shared with other jobs says more than the clock).
 */
async function pass(describer: FaceDescriber, faces: readonly Face[], perCall: number): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < faces.length; ) {
    const image = faces[i]!.image;
    const group: Detection[] = [];
    while (i < faces.length && faces[i]!.image === image && group.length < perCall) group.push(faces[i++]!.face);
    await describer.describe(image, group);
  }
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / faces.length, cpu: (used.user + used.system) / 1000 / faces.length };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const faces = await collectFaces(arg('--faces', 48));
  const rounds = arg('--rounds', 3);
  console.log(`${faces.length} faces; ms per face (landmarks + descriptor with flip), median of ${rounds} passes, one thread; wall / CPU`);
  console.log('runtime  backend        1 face a call   4 faces a call   16 faces a call');
  for (const [name, make] of [['onnx', createOnnxNets], ['tfjs', createTfjsNets]] as const) {
    const nets = await make();
    const describer = describerOn(nets);
    await pass(describer, faces.slice(0, 4), 4); // warm-up: wasm compiles, onnxruntime plans its memory
    const cells: string[] = [];
    for (const perCall of [1, 4, 16]) {
      const times: { wall: number; cpu: number }[] = [];
      for (let r = 0; r < rounds; r++) times.push(await pass(describer, faces, perCall));
      cells.push(`${median(times.map((t) => t.wall)).toFixed(0)} / ${median(times.map((t) => t.cpu)).toFixed(0)}`.padStart(13));
    }
    console.log(`${name.padEnd(8)} ${nets.backend.padEnd(12)} ${cells.join('    ')}`);
    await describer.close();
  }
}

await main();
