/**
 * Recognition accuracy on ../shared/faces (identities.csv, photos.csv): how often an enrolled person is identified,
 * how often a stranger is taken for someone enrolled, distance distributions, a threshold × margin sweep, the
 * alignment comparison and the face-size test that chose DESCRIBER_DEFAULTS.minFaceSize.
 *   npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/eval-recognition.js [--features cache.json]
 * With --features the descriptors are computed once and reused, so only the analysis reruns.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { createDescriber, type Alignment } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import type { FaceDescriber, FaceDetector, MatchOptions, Template } from '../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance, matchFaces } from '../src/faces/match.js';
import type { Detection, RgbImage } from '../src/faces/types.js';
import { loadPhoto } from '../src/images/load.js';

/** The repository root: the nearest folder up with a package.json (the script runs from scripts/ or dist/scripts/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const REPO = repoRoot();
const SHARED = process.env['PRIVACY_FILTER_SHARED_FACES'] ?? path.resolve(REPO, '..', 'shared', 'faces');
const ALIGNMENTS: readonly Alignment[] = ['landmarks', 'box'];
const SIZES = [20, 30, 40, 60, 80] as const;
/** Portraits per person enrolled, as a teacher would (a few recent ones). */
const GALLERY = 3;
/** Photos of one person closer than this are copies of one shot (resized, re-encoded, cropped): one source. */
const SAME_SHOT = 0.15;
/** Notes in identities.csv that mark a copy of another photo. */
const COPY_NOTE = /duplicate|crop of|version of|mirrored|downscaled|resolutions|partial/i;
/** Groups that contain the very shot an identity photo was cropped from (see photos.csv). */
const LEAKY_GROUPS = new Set(['groups/ageitgey_two_people.jpg']);

type Vec = number[];
interface PhotoFeatures {
  readonly path: string;
  readonly identity: string;
  readonly faceSide: number;
  /** Descriptor per alignment for the largest face. */
  readonly byAlignment: Record<Alignment, Vec>;
  /** Landmark-aligned descriptors of the photo shrunk so the face is this many pixels. */
  readonly bySize: Record<string, Vec>;
}
interface GroupFeatures {
  readonly path: string;
  readonly present: readonly string[];
  readonly faces: readonly { side: number; descriptor: Vec | null }[];
}
interface Features {
  readonly backend: string;
  readonly photos: PhotoFeatures[];
  readonly groups: GroupFeatures[];
  readonly skipped: string[];
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(SHARED, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function largest(faces: readonly Detection[]): Detection | null {
  let best: Detection | null = null;
  for (const f of faces) if (best === null || f.box.width * f.box.height > best.box.width * best.box.height) best = f;
  return best;
}

async function shrink(image: RgbImage, factor: number): Promise<RgbImage> {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

function scaleDetection(d: Detection, fx: number, fy: number): Detection {
  const p = (q: { x: number; y: number }) => ({ x: q.x * fx, y: q.y * fy });
  const [a, b, c, e, f] = d.landmarks;
  return {
    score: d.score,
    box: { x: d.box.x * fx, y: d.box.y * fy, width: d.box.width * fx, height: d.box.height * fy },
    landmarks: [p(a), p(b), p(c), p(e), p(f)],
  };
}

async function computeFeatures(): Promise<Features> {
  const detector: FaceDetector = await createDetector();
  const describers = new Map<Alignment, FaceDescriber>();
  for (const a of ALIGNMENTS) describers.set(a, await createDescriber({ alignment: a, minFaceSize: 0 }));
  const landmarks = describers.get('landmarks')!;
  const photos: PhotoFeatures[] = [];
  const skipped: string[] = [];
  try {
    const rows = readCsv('identities.csv');
    for (const [i, row] of rows.entries()) {
      const file = row['path'] ?? '';
      if (COPY_NOTE.test(row['note'] ?? '')) {
        skipped.push(`${file}: copy (${row['note']})`);
        continue;
      }
      process.stderr.write(`\r${i + 1}/${rows.length} ${file}        `);
      const { rgb } = await loadPhoto(path.join(SHARED, file));
      const face = largest(await detector.detect(rgb));
      if (face === null) {
        skipped.push(`${file}: no face detected`);
        continue;
      }
      const byAlignment = {} as Record<Alignment, Vec>;
      for (const [a, d] of describers) byAlignment[a] = Array.from((await d.describe(rgb, [face]))[0]!);
      const side = Math.min(face.box.width, face.box.height);
      const bySize: Record<string, Vec> = {};
      for (const s of SIZES) {
        if (side < s * 1.25) continue;
        const small = await shrink(rgb, s / side);
        const scaled = scaleDetection(face, small.width / rgb.width, small.height / rgb.height);
        bySize[s] = Array.from((await landmarks.describe(small, [scaled]))[0]!);
      }
      photos.push({ path: file, identity: `${row['set']}:${row['identity']}`, faceSide: side, byAlignment, bySize });
    }
    const groups: GroupFeatures[] = [];
    for (const row of readCsv('photos.csv')) {
      const file = row['path'] ?? '';
      if (row['kind'] !== 'identity_group' || LEAKY_GROUPS.has(file)) continue;
      const { rgb } = await loadPhoto(path.join(SHARED, file));
      const faces = await detector.detect(rgb);
      const descriptors = await landmarks.describe(rgb, faces);
      groups.push({
        path: file,
        present: (row['identities_present'] ?? '').split(';').filter((s) => s !== ''),
        faces: faces.map((f, k) => ({ side: Math.min(f.box.width, f.box.height), descriptor: descriptors[k] == null ? null : Array.from(descriptors[k]!) })),
      });
    }
    process.stderr.write('\n');
    return { backend: landmarks.backend, photos, groups, skipped };
  } finally {
    await detector.close();
    for (const d of describers.values()) await d.close();
  }
}

// ---------------------------------------------------------------- analysis (pure)

const f32 = (v: Vec): Float32Array => Float32Array.from(v);
const dist = (a: Vec, b: Vec): number => descriptorDistance(f32(a), f32(b));

function percentiles(values: readonly number[]): string {
  if (values.length === 0) return 'n=0';
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number): string => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(3);
  return `n=${s.length} min ${s[0]!.toFixed(3)} p1 ${at(1)} p5 ${at(5)} p25 ${at(25)} p50 ${at(50)} p75 ${at(75)} p95 ${at(95)} max ${s[s.length - 1]!.toFixed(3)}`;
}

/** Copies of one shot collapse into one source; each person is split into gallery and probes. */
interface Person {
  readonly identity: string;
  readonly gallery: PhotoFeatures[];
  readonly probes: PhotoFeatures[];
}

function people(photos: readonly PhotoFeatures[]): { persons: Person[]; merged: string[] } {
  const byIdentity = new Map<string, PhotoFeatures[]>();
  const merged: string[] = [];
  for (const p of photos) {
    const list = byIdentity.get(p.identity) ?? [];
    const copyOf = list.find((q) => dist(q.byAlignment.landmarks, p.byAlignment.landmarks) < SAME_SHOT);
    if (copyOf !== undefined) merged.push(`${p.path} ≈ ${copyOf.path}`);
    else list.push(p);
    byIdentity.set(p.identity, list);
  }
  const persons = [...byIdentity].map(([identity, list]) => {
    const g = Math.min(GALLERY, Math.max(1, list.length - 1));
    return { identity, gallery: list.slice(0, g), probes: list.slice(g) };
  });
  return { persons, merged };
}

function templatesOf(persons: readonly Person[], pick: (p: PhotoFeatures) => Vec, except?: string): Template[] {
  return persons
    .filter((p) => p.identity !== except)
    .map((p) => ({ pupilId: p.identity, descriptors: p.gallery.map((g) => f32(pick(g))) }));
}

interface Rates {
  genuine: number;
  identified: number;
  wrong: number;
  uncertain: number;
  impostors: number;
  falseAccepts: number;
}

/** Genuine: each probe against everyone enrolled. Impostor: each photo of a person against everyone else. */
function rates(persons: readonly Person[], options: MatchOptions, pick: (p: PhotoFeatures) => Vec | undefined): Rates {
  const r: Rates = { genuine: 0, identified: 0, wrong: 0, uncertain: 0, impostors: 0, falseAccepts: 0 };
  const all = templatesOf(persons, (p) => pick(p) ?? p.byAlignment.landmarks);
  for (const person of persons) {
    for (const probe of person.probes) {
      const v = pick(probe);
      if (v === undefined) continue;
      const [rec] = matchFaces([f32(v)], all, options);
      r.genuine++;
      if (rec?.kind === 'identified') {
        if (rec.pupilId === person.identity) r.identified++;
        else r.wrong++;
      } else if (rec?.kind === 'uncertain') r.uncertain++;
    }
    const others = all.filter((t) => t.pupilId !== person.identity);
    for (const photo of [...person.gallery, ...person.probes]) {
      const v = pick(photo);
      if (v === undefined) continue;
      const [rec] = matchFaces([f32(v)], others, options);
      r.impostors++;
      if (rec?.kind === 'identified') r.falseAccepts++;
    }
  }
  return r;
}

const pct = (n: number, d: number): string => (d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function report(features: Features): void {
  const { persons, merged } = people(features.photos);
  const enrolled = persons.filter((p) => p.probes.length > 0);
  console.log(`backend ${features.backend}; ${features.photos.length} identity photos described, ${features.skipped.length} skipped, ${merged.length} merged as copies of one shot (< ${SAME_SHOT})`);
  for (const s of features.skipped) console.log(`  skipped ${s}`);
  for (const m of merged) console.log(`  merged  ${m}`);
  console.log(`${persons.length} people, ${enrolled.length} with probes; gallery up to ${GALLERY} photos each; ${persons.reduce((n, p) => n + p.probes.length, 0)} genuine probes`);

  for (const alignment of ALIGNMENTS) {
    const pick = (p: PhotoFeatures): Vec => p.byAlignment[alignment];
    const genuine: number[] = [];
    const impostor: number[] = [];
    const nearestStranger: number[] = [];
    for (const person of persons) {
      for (const probe of person.probes) for (const g of person.gallery) genuine.push(dist(pick(probe), pick(g)));
      for (const photo of [...person.gallery, ...person.probes]) {
        let nearest = Infinity;
        for (const other of persons) {
          if (other.identity === person.identity) continue;
          for (const g of other.gallery) {
            const d = dist(pick(photo), pick(g));
            impostor.push(d);
            nearest = Math.min(nearest, d);
          }
        }
        nearestStranger.push(nearest);
      }
    }
    console.log(`\n== alignment ${alignment}`);
    console.log(`genuine pairs (probe–own gallery):      ${percentiles(genuine)}`);
    console.log(`impostor pairs (photo–other's gallery): ${percentiles(impostor)}`);
    console.log(`  impostor pairs below 0.50 ${pct(impostor.filter((d) => d < 0.5).length, impostor.length)}, below 0.55 ${pct(impostor.filter((d) => d < 0.55).length, impostor.length)}, below 0.60 ${pct(impostor.filter((d) => d < 0.6).length, impostor.length)}`);
    console.log(`stranger → nearest enrolled person:     ${percentiles(nearestStranger)}`);
    console.log('threshold × margin (uncertainBelow 0.6): TAR = probes identified correctly, wrong = identified as another enrolled person, FAR = strangers identified as someone');
    console.log('  thr   margin   TAR     wrong   uncert  FAR');
    for (const threshold of [0.35, 0.4, 0.42, 0.45, 0.48, 0.5, 0.55, 0.6]) {
      for (const margin of [0, 0.05, 0.08, 0.1]) {
        const r = rates(persons, { threshold, margin, uncertainBelow: Math.max(0.6, threshold) }, pick);
        console.log(`  ${threshold.toFixed(2)}  ${margin.toFixed(2)}  ${pct(r.identified, r.genuine)} ${pct(r.wrong, r.genuine)} ${pct(r.uncertain, r.genuine)} ${pct(r.falseAccepts, r.impostors)}  (${r.falseAccepts}/${r.impostors})`);
      }
    }
  }

  const d = MATCH_DEFAULTS;
  console.log(`\n== face size (landmarks alignment, MATCH_DEFAULTS ${JSON.stringify(d)}; probes shrunk so the face is N px, gallery at full size)`);
  console.log('  px   TAR     wrong   FAR       genuine/impostor probes');
  const full = rates(persons, d, (p) => p.byAlignment.landmarks);
  console.log(`  full ${pct(full.identified, full.genuine)} ${pct(full.wrong, full.genuine)} ${pct(full.falseAccepts, full.impostors)}  ${full.genuine}/${full.impostors}`);
  for (const s of SIZES) {
    const r = sizeRates(persons, d, String(s));
    const nearest = persons.flatMap((person) =>
      [...person.gallery, ...person.probes].flatMap((photo) => {
        const v = photo.bySize[String(s)];
        if (v === undefined) return [];
        let best = Infinity;
        for (const other of persons) if (other.identity !== person.identity) for (const g of other.gallery) best = Math.min(best, dist(v, g.byAlignment.landmarks));
        return [best];
      }),
    );
    console.log(`  ${String(s).padStart(4)} ${pct(r.identified, r.genuine)} ${pct(r.wrong, r.genuine)} ${pct(r.falseAccepts, r.impostors)}  ${r.genuine}/${r.impostors}   stranger → nearest enrolled: ${percentiles(nearest)}`);
  }

  console.log(`\n== groups (everyone with a photo enrolled, MATCH_DEFAULTS)`);
  const everyone = templatesOf(persons, (p) => p.byAlignment.landmarks);
  let right = 0;
  let wrongs = 0;
  let missed = 0;
  for (const g of features.groups) {
    const recs = matchFaces(g.faces.map((f) => (f.descriptor === null ? null : f32(f.descriptor))), everyone, d);
    const found = recs.flatMap((r) => (r.kind === 'identified' ? [r.pupilId] : []));
    const ok = found.filter((id) => g.present.includes(id));
    const bad = found.filter((id) => !g.present.includes(id));
    // Only people with an enrolled photo can be missed (biden's identity photos are all copies).
    const miss = g.present.filter((id) => !found.includes(id) && everyone.some((t) => t.pupilId === id));
    right += ok.length;
    wrongs += bad.length;
    missed += miss.length;
    const kinds = recs.map((r, k) => `${r.kind}${r.kind === 'identified' || r.kind === 'uncertain' ? `:${r.pupilId.split(':')[1]}@${r.distance.toFixed(2)}` : r.kind === 'unknown' && r.distance !== null ? `@${r.distance.toFixed(2)}` : ''}(${Math.round(g.faces[k]!.side)}px)`);
    console.log(`  ${g.path}: present ${g.present.join(', ')}\n    ${kinds.join('  ')}`);
  }
  console.log(`  identified correctly ${right}, identified wrongly ${wrongs}, present but not identified ${missed}`);
}

/** As `rates`, with probes (and impostor photos) shrunk to `size` px faces and the gallery at full size. */
function sizeRates(persons: readonly Person[], options: MatchOptions, size: string): Rates {
  const r: Rates = { genuine: 0, identified: 0, wrong: 0, uncertain: 0, impostors: 0, falseAccepts: 0 };
  const all = templatesOf(persons, (p) => p.byAlignment.landmarks);
  for (const person of persons) {
    for (const probe of person.probes) {
      const v = probe.bySize[size];
      if (v === undefined) continue;
      const [rec] = matchFaces([f32(v)], all, options);
      r.genuine++;
      if (rec?.kind === 'identified') {
        if (rec.pupilId === person.identity) r.identified++;
        else r.wrong++;
      } else if (rec?.kind === 'uncertain') r.uncertain++;
    }
    const others = all.filter((t) => t.pupilId !== person.identity);
    for (const photo of [...person.gallery, ...person.probes]) {
      const v = photo.bySize[size];
      if (v === undefined) continue;
      const [rec] = matchFaces([f32(v)], others, options);
      r.impostors++;
      if (rec?.kind === 'identified') r.falseAccepts++;
    }
  }
  return r;
}

export async function evalRecognition(): Promise<void> {
  if (!existsSync(path.join(SHARED, 'identities.csv'))) {
    console.log(`eval-recognition: ${SHARED} not found, skipped`);
    return;
  }
  const flag = process.argv.indexOf('--features');
  const cache = flag >= 0 ? process.argv[flag + 1] : undefined;
  let features: Features;
  if (cache !== undefined && existsSync(cache)) {
    features = JSON.parse(readFileSync(cache, 'utf8')) as Features;
  } else {
    features = await computeFeatures();
    if (cache !== undefined) writeFileSync(cache, JSON.stringify(features));
  }
  report(features);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await evalRecognition();
}
