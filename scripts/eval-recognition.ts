/**
 * Recognition accuracy on ../shared/faces (identities.csv, photos.csv): how often an enrolled person is identified,
 * how often a stranger is taken for someone enrolled, distance distributions, a threshold × margin sweep, the
 * alignment comparison and the face-size test that chose DESCRIBER_DEFAULTS.minFaceSize.
 *   npm run build && PRIVACY_FILTER_BACKEND=wasm node dist/scripts/eval-recognition.js [--features cache.json]
 * The describer runs on onnxruntime; PRIVACY_FILTER_DESCRIBER=tfjs runs face-api on tfjs instead (the same network:
 * test/faces/onnx-parity.test.ts), which is slower.
 * With --features the descriptors are computed once and reused, so only the analysis reruns.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { createDescriber, type DescriberOptions } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import type { FaceDescriber, FaceDetector, MatchOptions, Template } from '../src/faces/engine-types.js';
import { checkLearned } from '../src/faces/learned.js';
import { MATCH_DEFAULTS, descriptorDistance, matchFaces } from '../src/faces/match.js';
import type { Detection } from '../src/faces/types.js';
import type { RgbImage } from '../src/geometry.js';
import { loadPhoto } from '../src/images/load.js';

/** The repository root: the nearest folder up with a package.json (the script runs from scripts/ or dist/scripts/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const REPO = repoRoot();
const SHARED = process.env['PRIVACY_FILTER_SHARED_FACES'] ?? path.resolve(REPO, '..', 'shared', 'faces');
/** Describer settings compared: how the chip is cut, and test-time flip (the chip and its mirror image averaged). */
const VARIANTS = {
  landmarks: { alignment: 'landmarks', flip: false },
  'landmarks+flip': { alignment: 'landmarks', flip: true },
  landmarks68: { alignment: 'landmarks68', flip: false },
  'landmarks68+flip': { alignment: 'landmarks68', flip: true },
  box: { alignment: 'box', flip: false },
} as const satisfies Record<string, DescriberOptions>;
type Variant = keyof typeof VARIANTS;
const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];
/** Variants whose face-size behaviour is measured (the shrunk probes cost five describes each). */
const SIZE_VARIANTS: readonly Variant[] = ['landmarks', 'landmarks+flip', 'landmarks68+flip'];
const SIZES = [20, 30, 40, 60, 80] as const;
/** The threshold chosen for five-point chips with the children's allowance (see MATCH_DEFAULTS): the base carried to each variant. */
const BASE_THRESHOLD = 0.45;
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
  /** Descriptor per variant for the largest face. */
  readonly byVariant: Record<Variant, Vec>;
  /** Per size variant: descriptors of the photo shrunk so the face is this many pixels. */
  readonly bySize: Partial<Record<Variant, Record<string, Vec>>>;
}
interface GroupFeatures {
  readonly path: string;
  readonly present: readonly string[];
  readonly faces: readonly { side: number; byVariant: Record<Variant, Vec | null> }[];
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
  const describers = new Map<Variant, FaceDescriber>();
  for (const v of VARIANT_NAMES) describers.set(v, await createDescriber({ ...VARIANTS[v], minFaceSize: 0 }));
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
      const byVariant = {} as Record<Variant, Vec>;
      for (const [v, d] of describers) byVariant[v] = Array.from((await d.describe(rgb, [face]))[0]!);
      const side = Math.min(face.box.width, face.box.height);
      const bySize: Partial<Record<Variant, Record<string, Vec>>> = {};
      for (const s of SIZES) {
        if (side < s * 1.25) continue;
        const small = await shrink(rgb, s / side);
        const scaled = scaleDetection(face, small.width / rgb.width, small.height / rgb.height);
        for (const v of SIZE_VARIANTS) {
          const entry = (bySize[v] ??= {});
          entry[s] = Array.from((await describers.get(v)!.describe(small, [scaled]))[0]!);
        }
      }
      photos.push({ path: file, identity: `${row['set']}:${row['identity']}`, faceSide: side, byVariant, bySize });
    }
    const groups: GroupFeatures[] = [];
    for (const row of readCsv('photos.csv')) {
      const file = row['path'] ?? '';
      if (row['kind'] !== 'identity_group' || LEAKY_GROUPS.has(file)) continue;
      const { rgb } = await loadPhoto(path.join(SHARED, file));
      const faces = await detector.detect(rgb);
      const perVariant = new Map<Variant, (Float32Array | null)[]>();
      for (const [v, d] of describers) perVariant.set(v, await d.describe(rgb, faces));
      groups.push({
        path: file,
        present: (row['identities_present'] ?? '').split(';').filter((s) => s !== ''),
        faces: faces.map((f, k) => {
          const byVariant = {} as Record<Variant, Vec | null>;
          for (const v of VARIANT_NAMES) {
            const d = perVariant.get(v)![k];
            byVariant[v] = d == null ? null : Array.from(d);
          }
          return { side: Math.min(f.box.width, f.box.height), byVariant };
        }),
      });
    }
    process.stderr.write('\n');
    return { backend: describers.get('landmarks')!.backend, photos, groups, skipped };
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
    const copyOf = list.find((q) => dist(q.byVariant.landmarks, p.byVariant.landmarks) < SAME_SHOT);
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
  /** Per impostor photo: its distance to the nearest enrolled person. */
  nearestStranger: number[];
}

/** How a face's distance to a person is taken from their portraits (matchFaces uses `centroid`). */
const AGGREGATES = {
  nearest: (probe: Vec, gallery: readonly Vec[]): number => Math.min(...gallery.map((g) => dist(probe, g))),
  mean2: (probe: Vec, gallery: readonly Vec[]): number => {
    const d = gallery.map((g) => dist(probe, g)).sort((a, b) => a - b).slice(0, 2);
    return d.reduce((x, y) => x + y, 0) / d.length;
  },
  centroid: (probe: Vec, gallery: readonly Vec[]): number => dist(probe, centroid(gallery)),
} as const;
type Aggregate = keyof typeof AGGREGATES;
const AGGREGATE_NAMES = Object.keys(AGGREGATES) as Aggregate[];

/** The mean of a person's descriptors, scaled to their mean length (as averageDescriptors does for two). */
function centroid(vs: readonly Vec[]): Vec {
  const n = vs[0]!.length;
  const mean = new Array<number>(n).fill(0);
  for (const v of vs) for (let i = 0; i < n; i++) mean[i]! += v[i]! / vs.length;
  const target = vs.reduce((sum, v) => sum + norm(v), 0) / vs.length;
  const scale = target / norm(mean);
  return mean.map((x) => x * scale);
}
const norm = (v: Vec): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/**
 * Genuine: each probe against everyone enrolled. Impostor: each photo of a person against everyone else.
 * One face at a time, so the rule is matchFaces' own: identified within `threshold` and `margin` ahead of the next.
 */
function rates(persons: readonly Person[], options: MatchOptions, probeOf: (p: PhotoFeatures) => Vec | undefined, galleryOf: (p: PhotoFeatures) => Vec, aggregate: Aggregate = 'centroid'): Rates {
  const r: Rates = { genuine: 0, identified: 0, wrong: 0, uncertain: 0, impostors: 0, falseAccepts: 0, nearestStranger: [] };
  const galleries = persons.map((p) => ({ identity: p.identity, vecs: p.gallery.map(galleryOf) }));
  const distanceTo = AGGREGATES[aggregate];
  const classify = (v: Vec, except: string | null): { kind: 'identified' | 'uncertain' | 'unknown'; identity: string; best: number } => {
    let best = Infinity;
    let second = Infinity;
    let identity = '';
    for (const g of galleries) {
      if (g.identity === except) continue;
      const d = distanceTo(v, g.vecs);
      if (d < best) {
        second = best;
        best = d;
        identity = g.identity;
      } else if (d < second) second = d;
    }
    if (best <= options.threshold && second - best >= options.margin) return { kind: 'identified', identity, best };
    return { kind: best <= Math.max(options.threshold, options.uncertainBelow) ? 'uncertain' : 'unknown', identity, best };
  };
  for (const person of persons) {
    for (const probe of person.probes) {
      const v = probeOf(probe);
      if (v === undefined) continue;
      const c = classify(v, null);
      r.genuine++;
      if (c.kind === 'identified') {
        if (c.identity === person.identity) r.identified++;
        else r.wrong++;
      } else if (c.kind === 'uncertain') r.uncertain++;
    }
    for (const photo of [...person.gallery, ...person.probes]) {
      const v = probeOf(photo);
      if (v === undefined) continue;
      const c = classify(v, person.identity);
      r.impostors++;
      r.nearestStranger.push(c.best);
      if (c.kind === 'identified') r.falseAccepts++;
    }
  }
  return r;
}

const pct = (n: number, d: number): string => (d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const below = (values: readonly number[], x: number): string => pct(values.filter((d) => d < x).length, values.length);

function report(features: Features): void {
  const { persons, merged } = people(features.photos);
  const enrolled = persons.filter((p) => p.probes.length > 0);
  console.log(`backend ${features.backend}; ${features.photos.length} identity photos described, ${features.skipped.length} skipped, ${merged.length} merged as copies of one shot (< ${SAME_SHOT})`);
  for (const s of features.skipped) console.log(`  skipped ${s}`);
  for (const m of merged) console.log(`  merged  ${m}`);
  console.log(`${persons.length} people, ${enrolled.length} with probes; gallery up to ${GALLERY} photos each; ${persons.reduce((n, p) => n + p.probes.length, 0)} genuine probes`);

  const d = MATCH_DEFAULTS;
  const summary: string[] = [];
  const carriedLines: string[] = [];
  let baseP1: number | undefined;
  for (const variant of VARIANT_NAMES) {
    const pick = (p: PhotoFeatures): Vec => p.byVariant[variant];
    const genuine: number[] = [];
    const impostor: number[] = [];
    for (const person of persons) {
      for (const probe of person.probes) for (const g of person.gallery) genuine.push(dist(pick(probe), pick(g)));
      for (const photo of [...person.gallery, ...person.probes]) {
        for (const other of persons) {
          if (other.identity === person.identity) continue;
          for (const g of other.gallery) impostor.push(dist(pick(photo), pick(g)));
        }
      }
    }
    const lengths = features.photos.map((p) => norm(pick(p)));
    console.log(`\n== variant ${variant} (${JSON.stringify(VARIANTS[variant])}); descriptor length mean ${(lengths.reduce((a, b) => a + b, 0) / lengths.length).toFixed(3)}`);
    console.log(`genuine pairs (probe–own gallery):      ${percentiles(genuine)}`);
    console.log(`impostor pairs (photo–other's gallery): ${percentiles(impostor)}`);
    console.log(`  impostor pairs below 0.45 ${below(impostor, 0.45)}, 0.50 ${below(impostor, 0.5)}, 0.55 ${below(impostor, 0.55)}, 0.60 ${below(impostor, 0.6)}`);
    for (const aggregate of AGGREGATE_NAMES) {
      const base = rates(persons, d, pick, pick, aggregate);
      console.log(`-- distance to a person = ${aggregate}; stranger → nearest enrolled person: ${percentiles(base.nearestStranger)}`);
      console.log('  thr   margin   TAR     wrong   uncert  FAR      (TAR = probes identified correctly, wrong = as another enrolled person, FAR = strangers identified as someone)');
      for (const threshold of [0.4, 0.42, 0.43, 0.44, 0.45, 0.48, 0.5, 0.55]) {
        for (const margin of [0, 0.08]) {
          const r = rates(persons, { threshold, margin, uncertainBelow: Math.max(0.6, threshold) }, pick, pick, aggregate);
          console.log(`  ${threshold.toFixed(2)}  ${margin.toFixed(2)}  ${pct(r.identified, r.genuine)} ${pct(r.wrong, r.genuine)} ${pct(r.uncertain, r.genuine)} ${pct(r.falseAccepts, r.impostors)}  (${r.falseAccepts}/${r.impostors})`);
        }
      }
      const closest = Math.min(...base.nearestStranger);
      // The threshold carried over to this variant's scale: where the adults' impostor tail (p1) moved, the children's
      // (measured with plain landmark chips only) is assumed to move in proportion; rounded down to stay on the safe side.
      baseP1 ??= percentile(impostor, 1);
      const carried = Math.floor((100 * BASE_THRESHOLD * percentile(impostor, 1)) / baseP1) / 100;
      const moved = rates(persons, { ...d, threshold: carried }, pick, pick, aggregate);
      carriedLines.push(`  ${variant.padEnd(17)} ${aggregate.padEnd(9)} ${carried.toFixed(2)}  ${pct(moved.identified, moved.genuine)} ${pct(moved.wrong, moved.genuine)} ${pct(moved.falseAccepts, moved.impostors)} (${moved.falseAccepts}/${moved.impostors})  gap to closest stranger ${(closest - carried).toFixed(3)}`);
      summary.push(`  ${variant.padEnd(17)} ${aggregate.padEnd(9)} ${pct(base.identified, base.genuine)} ${pct(base.wrong, base.genuine)} ${pct(base.falseAccepts, base.impostors)} (${base.falseAccepts}/${base.impostors})  ${closest.toFixed(3)}     ${below(base.nearestStranger, 0.55)}      ${percentile(genuine, 50).toFixed(3)}   ${percentile(impostor, 50).toFixed(3)}  ${percentile(impostor, 1).toFixed(3)}`);
    }
  }
  console.log(`\n== summary at MATCH_DEFAULTS ${JSON.stringify(d)}`);
  console.log('  variant           distance  TAR     wrong   FAR           closest   strangers<0.55  genuine-p50 impostor-p50 impostor-p1');
  for (const line of summary) console.log(line);
  console.log(`\n== threshold carried to each variant's scale (${BASE_THRESHOLD} × impostor p1 / ${VARIANT_NAMES[0]}'s impostor p1, rounded down)`);
  console.log('  variant           distance  thr   TAR     wrong   FAR');
  for (const line of carriedLines) console.log(line);

  console.log(`\n== face size (MATCH_DEFAULTS, centroid as matchFaces; probes shrunk so the face is N px, gallery at full size)`);
  console.log('  variant           px   TAR     wrong   FAR       genuine/impostor probes   stranger → nearest enrolled');
  for (const variant of SIZE_VARIANTS) {
    const gallery = (p: PhotoFeatures): Vec => p.byVariant[variant];
    const full = rates(persons, d, gallery, gallery);
    console.log(`  ${variant.padEnd(17)} full ${pct(full.identified, full.genuine)} ${pct(full.wrong, full.genuine)} ${pct(full.falseAccepts, full.impostors)}  ${full.genuine}/${full.impostors}`);
    for (const s of SIZES) {
      const r = rates(persons, d, (p) => p.bySize[variant]?.[String(s)], gallery);
      console.log(`  ${variant.padEnd(17)} ${String(s).padStart(4)} ${pct(r.identified, r.genuine)} ${pct(r.wrong, r.genuine)} ${pct(r.falseAccepts, r.impostors)}  ${r.genuine}/${r.impostors}   ${percentiles(r.nearestStranger)}`);
    }
  }

  console.log(`\n== groups (everyone with a photo enrolled, MATCH_DEFAULTS, matchFaces)`);
  for (const variant of VARIANT_NAMES) {
    const everyone = templatesOf(persons, (p) => p.byVariant[variant]);
    let right = 0;
    let wrongs = 0;
    let missed = 0;
    const lines: string[] = [];
    for (const g of features.groups) {
      const recs = matchFaces(g.faces.map((f) => (f.byVariant[variant] === null ? null : f32(f.byVariant[variant]))), everyone, d);
      const found = recs.flatMap((r) => (r.kind === 'identified' ? [r.pupilId] : []));
      right += found.filter((id) => g.present.includes(id)).length;
      wrongs += found.filter((id) => !g.present.includes(id)).length;
      // Only people with an enrolled photo can be missed (biden's identity photos are all copies).
      missed += g.present.filter((id) => !found.includes(id) && everyone.some((t) => t.pupilId === id)).length;
      const kinds = recs.map((r, k) => `${r.kind}${r.kind === 'identified' || r.kind === 'uncertain' ? `:${r.pupilId.split(':')[1]}@${r.distance.toFixed(2)}` : r.kind === 'unknown' && r.distance !== null ? `@${r.distance.toFixed(2)}` : ''}(${Math.round(g.faces[k]!.side)}px)`);
      lines.push(`    ${g.path}: present ${g.present.join(', ')}\n      ${kinds.join('  ')}`);
    }
    console.log(`  ${variant}: identified correctly ${right}, identified wrongly ${wrongs}, present but not identified ${missed}`);
    if (variant === 'landmarks' || variant === 'landmarks68+flip') for (const l of lines) console.log(l);
  }
}

/** Confirmed faces per person tried: the few a teacher names in review before the next scan. */
const LEARNED = [1, 2, 3] as const;

/**
 * Learned faces (issue 12): a face the teacher names as a pupil joins that pupil's templates. Measured by holding out
 * each person's first K probes as "confirmed in review" and testing both ways on the same remaining probes:
 * portraits only, and portraits plus the K confirmed faces. Strangers are every photo of a person against everyone
 * else's templates, learned faces included (FAR); the group photos are matched with matchFaces as in a scan.
 */
function learnedFaces(features: Features): void {
  const { persons } = people(features.photos);
  const variant: Variant = 'landmarks68+flip';
  const pick = (p: PhotoFeatures): Vec => p.byVariant[variant];
  const d = MATCH_DEFAULTS;
  console.log(`\n== learned faces (variant ${variant}, MATCH_DEFAULTS ${JSON.stringify(d)}): portraits only against portraits + K faces confirmed in review`);
  console.log('  K   probes  portraits only: TAR   wrong   FAR            + confirmed faces: TAR   wrong   FAR            groups right/wrong (only → learned)');
  for (const k of LEARNED) {
    // Only people with a probe left after learning K count, so both rows test the same probes.
    const confirmed = persons.map((p) => ({ person: p, learned: p.probes.slice(0, p.probes.length > k ? k : 0) }));
    // As the scan does (checkLearned): a confirmed face joins only if the portraits agree it could be that person.
    const portraits = templatesOf(persons, pick);
    let leftOut = 0;
    const held = confirmed.map(({ person, learned }) => {
      const check = checkLearned(portraits, [{ pupilId: person.identity, descriptors: learned.map((l) => f32(pick(l))) }], d);
      leftOut += check.rejected;
      const ok = new Set(check.accepted.flatMap((t) => t.descriptors.map((x) => x.join(','))));
      return { person, held: learned, learned: learned.filter((l) => ok.has(f32(pick(l)).join(','))) };
    });
    const only = held.map(({ person, held: h }) => ({ identity: person.identity, gallery: person.gallery, probes: person.probes.slice(h.length) }));
    const plus = held.map(({ person, held: h, learned }) => ({ identity: person.identity, gallery: [...person.gallery, ...learned], probes: person.probes.slice(h.length) }));
    // Strangers: each person's photos against everyone else (portraits only: the confirmed photos are not in the set).
    const onlyGenuine = rates(only, d, pick, pick);
    const b = rates(plus, d, pick, pick);
    const groups = (list: readonly Person[]): [number, number] => {
      const everyone = templatesOf(list, pick);
      let right = 0;
      let wrong = 0;
      for (const g of features.groups) {
        const recs = matchFaces(g.faces.map((f) => (f.byVariant[variant] === null ? null : f32(f.byVariant[variant]!))), everyone, d);
        for (const r of recs) if (r.kind === 'identified') (g.present.includes(r.pupilId) ? right++ : wrong++);
      }
      return [right, wrong];
    };
    const [r0, w0] = groups(only);
    const [r1, w1] = groups(plus);
    console.log(
      `  ${k}   ${String(b.genuine).padStart(6)}  ${pct(onlyGenuine.identified, onlyGenuine.genuine)} ${pct(onlyGenuine.wrong, onlyGenuine.genuine)} ${pct(onlyGenuine.falseAccepts, onlyGenuine.impostors)} (${onlyGenuine.falseAccepts}/${onlyGenuine.impostors})` +
        `         ${pct(b.identified, b.genuine)} ${pct(b.wrong, b.genuine)} ${pct(b.falseAccepts, b.impostors)} (${b.falseAccepts}/${b.impostors})` +
        `       ${r0}/${w0} → ${r1}/${w1}   closest stranger ${Math.min(...onlyGenuine.nearestStranger).toFixed(3)} → ${Math.min(...b.nearestStranger).toFixed(3)}; ${leftOut} confirmed faces left out by checkLearned`,
    );
  }
}

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
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
  learnedFaces(features);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await evalRecognition();
}
