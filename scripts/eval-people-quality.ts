/**
 * Which faces may join a people group (src/people/quality.ts): what goes wrong when every face nobody was matched to is
 * grouped, and what each quality setting costs. A group of two or more faces is *mixed* when it holds a non-face or two
 * people the ground truth tells apart; naming it after its first face would name someone else too.
 *   npm run build && node dist/scripts/eval.js people-quality [--dump features.json]
 *
 * Photos (../shared/faces), each in one split by the sha256 of its file name (scripts/eval-heights.ts `splitOf`), and
 * each split grouped as its own event, so no setting is judged on faces it was chosen on:
 * - detection/: every real face is boxed (boxes.csv). A detection on no labelled face is a non-face; one on a WIDER
 *   `invalid` box is excused (counted as neither); one on a face is that face's own person (the photos are of
 *   different events, so two faces of two of these photos are two people).
 * - groups/ and the identity photos of nine people, as `people` (scripts/eval-people.ts): six enrolled from portraits,
 *   Obama, Biden and Angelina Jolie left without; who a face is comes from the same oracle (their largest face in an
 *   identity photo; in a group photo the nearest of the people listed); faces it cannot place are unplaced (no truth).
 * - crowds/: no ground truth; only how many faces end up in groups of two or more (where the lead saw the garbage).
 * A setting is to be chosen on the `tune` split; `held-out` shows whether it holds on faces it was not chosen on.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import { describePortrait } from '../src/faces/portrait.js';
import type { Template } from '../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance, matchFaces, meanDescriptor } from '../src/faces/match.js';
import type { Descriptor, Detection } from '../src/faces/types.js';
import { loadPhoto } from '../src/images/load.js';
import { GROUP_DEFAULTS, groupPeople } from '../src/people/groups.js';
import { QUALITY_DEFAULTS, trustedFace } from '../src/people/quality.js';
import { frontalness } from '../src/video/quality.js';
import { overlapOfSmaller } from './boxes.js';
import { splitOf, type Split } from './eval-heights.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const SHARED = process.env['PRIVACY_FILTER_SHARED_FACES'] ?? path.resolve(repoRoot(), '..', 'shared', 'faces');

const LEFT_OUT = ['face_recognition:obama', 'face_recognition:biden', 'deepface:angelina_jolie'];
const ENROLLED = [
  'face_recognition:kit_harington',
  'face_recognition:rose_leslie',
  'deepface:george_clooney',
  'deepface:jennifer_aniston',
  'deepface:scarlett_johansson',
  'deepface:matt_damon',
];
const PORTRAITS_EACH = 3;
const SAME_SHOT = 0.15;
const ORACLE_MAX = 0.55;

/** What a face is: a person (label), a non-face, or no truth (unplaced, excused, unlabelled). */
type Truth = { kind: 'person'; label: string } | { kind: 'non-face' } | { kind: 'unknown' };

export interface EvalFace {
  readonly file: string;
  readonly split: Split;
  readonly set: 'detection' | 'identity' | 'crowds';
  readonly truth: Truth;
  readonly detection: Detection;
  readonly descriptor: Descriptor;
}

/** One candidate: which faces may join others (the rest stay alone), and up to what distance. */
export interface Candidate {
  readonly name: string;
  readonly trusted: (face: Detection) => boolean;
  readonly maxDistance: number;
}

const every = (): boolean => true;
const score = (min: number) => (d: Detection): boolean => trustedFace(d.score, { minScore: min });
const height = (min: number) => (d: Detection): boolean => d.box.height >= min;
const frontal = (min: number) => (d: Detection): boolean => frontalness(d) >= min;
/** YuNet's five points where a face's are: eyes level-ish, their distance a plausible share of the box width. */
const plausible = (d: Detection): boolean => {
  const [right, left] = d.landmarks;
  const eyes = Math.hypot(left.x - right.x, left.y - right.y);
  return eyes >= 0.25 * d.box.width && eyes <= 0.7 * d.box.width && Math.abs(left.y - right.y) <= 0.5 * eyes;
};
const both = (a: (d: Detection) => boolean, b: (d: Detection) => boolean) => (d: Detection): boolean => a(d) && b(d);
const DISTANCE = GROUP_DEFAULTS.maxDistance;

const CANDIDATES: readonly Candidate[] = [
  { name: 'every face (before)', trusted: every, maxDistance: DISTANCE },
  { name: 'every face, distance 0.40', trusted: every, maxDistance: 0.4 },
  { name: 'height >= 40 px', trusted: height(40), maxDistance: DISTANCE },
  { name: 'height >= 80 px', trusted: height(80), maxDistance: DISTANCE },
  { name: 'frontal >= 0.5 (src/video/quality.ts)', trusted: frontal(0.5), maxDistance: DISTANCE },
  { name: 'landmarks plausible', trusted: plausible, maxDistance: DISTANCE },
  { name: 'score >= 0.7', trusted: score(0.7), maxDistance: DISTANCE },
  { name: 'score >= 0.8', trusted: score(0.8), maxDistance: DISTANCE },
  { name: `**score >= ${QUALITY_DEFAULTS.minScore}** (default)`, trusted: score(QUALITY_DEFAULTS.minScore), maxDistance: DISTANCE },
  { name: 'score >= 0.9 and frontal >= 0.5', trusted: both(score(0.9), frontal(0.5)), maxDistance: DISTANCE },
  { name: 'score >= 0.9 and landmarks plausible', trusted: both(score(0.9), plausible), maxDistance: DISTANCE },
];

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(SHARED, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

interface Analysed {
  readonly file: string;
  readonly set: EvalFace['set'];
  readonly detections: readonly Detection[];
  readonly descriptors: readonly (Descriptor | null)[];
}

/** Every face nobody was matched to, in all three sets, with what the ground truth says it is. */
export async function evalFaces(): Promise<EvalFace[]> {
  const identities = readCsv('identities.csv');
  const groupRows = readCsv('photos.csv').filter((row) => row['kind'] === 'identity_group');
  const key = (row: Record<string, string>): string => `${row['set']}:${row['identity']}`;
  const people = [...LEFT_OUT, ...ENROLLED];
  const photosOf = new Map(people.map((p) => [p, identities.filter((row) => key(row) === p).map((row) => row['path']!)]));
  const boxes = readCsv('boxes.csv').filter((row) => (row['path'] ?? '').startsWith('detection/'));
  const [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  try {
    const engines = { detector, describer };
    const templates: Template[] = [];
    const portraits = new Set<string>();
    for (const person of ENROLLED) {
      const descriptors: Descriptor[] = [];
      for (const file of photosOf.get(person)!.slice(0, PORTRAITS_EACH)) {
        portraits.add(file);
        const outcome = await describePortrait(path.join(SHARED, file), engines);
        if (outcome.kind === 'ok') descriptors.push(outcome.descriptor);
      }
      if (descriptors.length > 0) templates.push({ pupilId: person, descriptors });
    }
    const analyse = async (file: string, set: Analysed['set']): Promise<Analysed> => {
      const { rgb } = await loadPhoto(path.join(SHARED, file));
      const detections = await detector.detect(rgb);
      return { file, set, detections, descriptors: await describer.describe(rgb, detections) };
    };
    const identityFiles = [...groupRows.map((row) => row['path']!), ...people.flatMap((p) => photosOf.get(p)!.filter((f) => !portraits.has(f)))];
    const identity: Analysed[] = [];
    for (const file of identityFiles) identity.push(await analyse(file, 'identity'));
    const detection: Analysed[] = [];
    for (const file of [...new Set(boxes.map((row) => row['path']!))].sort()) detection.push(await analyse(file, 'detection'));
    const crowds: Analysed[] = [];
    for (const name of readdirSync(path.join(SHARED, 'crowds')).filter((n) => /\.jpe?g$/iu.test(n)).sort()) crowds.push(await analyse(`crowds/${name}`, 'crowds'));

    // Copies and crops of one shot are left out of the identity photos, as `people` does.
    const event: Analysed[] = [];
    const seen: Descriptor[] = [];
    for (const a of identity) {
      const isGroup = groupRows.some((row) => row['path'] === a.file);
      const main = largest(a);
      if (!isGroup && (main === null || seen.some((d) => descriptorDistance(d, main) < SAME_SHOT))) continue;
      event.push(a);
      if (isGroup) seen.push(...a.descriptors.filter((d): d is Descriptor => d !== null));
      else seen.push(main!);
    }
    const reference = new Map<string, Descriptor>();
    for (const person of people) {
      const list = identity
        .filter((a) => photosOf.get(person)!.includes(a.file))
        .map(largest)
        .filter((d): d is Descriptor => d !== null);
      if (list.length > 0) reference.set(person, meanDescriptor(list));
    }
    const faces: EvalFace[] = [];
    const add = (a: Analysed, truths: readonly Truth[]): void => {
      const recognitions = matchFaces(a.descriptors, templates, MATCH_DEFAULTS);
      a.descriptors.forEach((descriptor, i) => {
        const r = recognitions[i]!;
        if (descriptor === null || (r.kind !== 'unknown' && r.kind !== 'uncertain')) return;
        faces.push({ file: a.file, split: splitOf(a.file), set: a.set, truth: truths[i]!, detection: a.detections[i]!, descriptor });
      });
    };
    for (const a of event) add(a, oracle(a, groupRows, photosOf, reference));
    for (const a of detection) add(a, boxTruth(a, boxes.filter((row) => row['path'] === a.file)));
    for (const a of crowds) add(a, a.detections.map(() => ({ kind: 'unknown' })));
    return faces;
  } finally {
    await Promise.allSettled([detector.close(), describer.close()]);
  }
}

/** A detection on a valid labelled face is that person; on an invalid one, excused; on none, a non-face. */
function boxTruth(a: Analysed, rows: readonly Record<string, string>[]): Truth[] {
  return a.detections.map((d) => {
    let best = -1;
    let bestOverlap = 0;
    rows.forEach((row, i) => {
      const box = { x: Number(row['x']), y: Number(row['y']), width: Number(row['w']), height: Number(row['h']) };
      const overlap = overlapOfSmaller(box, d.box);
      if (overlap > bestOverlap) [best, bestOverlap] = [i, overlap];
    });
    if (best < 0 || bestOverlap < 0.5) return { kind: 'non-face' };
    if (rows[best]!['invalid'] === '1') return { kind: 'unknown' };
    return { kind: 'person', label: `${a.file}#${best}` };
  });
}

function largest(a: Pick<Analysed, 'detections' | 'descriptors'>): Descriptor | null {
  let best = -1;
  a.detections.forEach((d, i) => {
    if (best < 0 || d.box.width * d.box.height > a.detections[best]!.box.width * a.detections[best]!.box.height) best = i;
  });
  return best < 0 ? null : (a.descriptors[best] ?? null);
}

/** scripts/eval-people.ts' oracle: identity photo → its largest face; group photo → nearest listed person within 0.55. */
function oracle(
  a: Analysed,
  groupRows: readonly Record<string, string>[],
  photosOf: ReadonlyMap<string, readonly string[]>,
  reference: ReadonlyMap<string, Descriptor>,
): Truth[] {
  const truths: Truth[] = a.detections.map(() => ({ kind: 'unknown' }));
  const owner = [...photosOf].find(([, files]) => files.includes(a.file))?.[0];
  if (owner !== undefined) {
    const area = (i: number): number => a.detections[i]!.box.width * a.detections[i]!.box.height;
    const big = a.detections.reduce((b, _d, i) => (area(i) > area(b) ? i : b), 0);
    if (a.detections.length > 0) truths[big] = { kind: 'person', label: owner };
    return truths;
  }
  const row = groupRows.find((r) => r['path'] === a.file);
  const present = (row?.['identities_present'] ?? '').split(';').filter((p) => reference.has(p));
  const pairs: { face: number; person: string; d: number }[] = [];
  a.descriptors.forEach((descriptor, i) => {
    if (descriptor === null) return;
    for (const person of present) {
      const d = descriptorDistance(descriptor, reference.get(person)!);
      if (d <= ORACLE_MAX) pairs.push({ face: i, person, d });
    }
  });
  pairs.sort((x, y) => x.d - y.d);
  const taken = new Set<string>();
  const placed = new Set<number>();
  for (const { face, person } of pairs) {
    if (taken.has(person) || placed.has(face)) continue;
    truths[face] = { kind: 'person', label: person };
    taken.add(person);
    placed.add(face);
  }
  return truths;
}

export interface Measured {
  readonly groups: number;
  /** Groups of two or more faces. */
  readonly shared: number;
  /** Of those, holding a non-face or two people the truth tells apart. */
  readonly mixed: number;
  readonly withNonFace: number;
  /** Faces in groups of two or more (crowds apart, which have no truth). */
  readonly grouped: number;
  readonly crowdGrouped: number;
  /** One action per group holding one of the three unenrolled people, plus one per foreign face taken out first. */
  readonly actions: number;
  readonly perFace: number;
}

/** Groups one split's faces as one event under a candidate, and counts what the table shows. */
export function measure(faces: readonly EvalFace[], candidate: Candidate): Measured {
  const trusted = faces.map((f) => candidate.trusted(f.detection));
  const groups = groupPeople(
    faces.map((f, i) => ({ photo: f.file, box: f.detection.box, descriptor: f.descriptor, trusted: trusted[i]! })),
    { maxDistance: candidate.maxDistance },
  );
  let shared = 0;
  let mixed = 0;
  let withNonFace = 0;
  let grouped = 0;
  let crowdGrouped = 0;
  let actions = 0;
  for (const group of groups) {
    const members = group.members.map((m) => faces[m]!);
    if (members.length < 2) continue;
    shared += 1;
    grouped += members.filter((f) => f.set !== 'crowds').length;
    crowdGrouped += members.filter((f) => f.set === 'crowds').length;
    const nonFace = members.some((f) => f.truth.kind === 'non-face');
    const labels = new Set(members.flatMap((f) => (f.truth.kind === 'person' ? [f.truth.label] : [])));
    if (nonFace) withNonFace += 1;
    if (nonFace || labels.size > 1) mixed += 1;
  }
  let perFace = 0;
  for (const person of LEFT_OUT) {
    const isTheirs = (f: EvalFace): boolean => f.truth.kind === 'person' && f.truth.label === person;
    perFace += faces.filter(isTheirs).length;
    for (const group of groups) {
      const members = group.members.map((m) => faces[m]!);
      if (!members.some(isTheirs)) continue;
      actions += 1 + members.filter((f) => !isTheirs(f)).length;
    }
  }
  return { groups: groups.length, shared, mixed, withNonFace, grouped, crowdGrouped, actions, perFace };
}

export async function evalPeopleQuality(dump?: string): Promise<void> {
  const faces = await evalFaces();
  if (dump !== undefined) {
    writeFileSync(dump, JSON.stringify(faces.map((f) => ({ ...f, descriptor: [...f.descriptor] }))));
  }
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say('\n== People groups: which faces may join others (src/people/quality.ts, docs/people.md)');
  for (const split of ['tune', 'held-out'] as const) {
    const mine = faces.filter((f) => f.split === split);
    const count = (set: EvalFace['set'], kind?: Truth['kind']): number => mine.filter((f) => f.set === set && (kind === undefined || f.truth.kind === kind)).length;
    say(
      `\n${split}: ${new Set(mine.map((f) => f.file)).size} photos, ${mine.length} faces nobody was matched to: detection ${count('detection')} ` +
        `(${count('detection', 'non-face')} non-faces), identity ${count('identity')} (${count('identity', 'person')} placed), crowds ${count('crowds')} (no truth)`,
    );
    say('| setting | groups | groups of 2+ | mixed (non-face or two people) | with a non-face | faces grouped (crowds) | actions to name the three: per face → per group |');
    say('|---|---|---|---|---|---|---|');
    for (const candidate of CANDIDATES) {
      const m = measure(mine, candidate);
      say(`| ${candidate.name} | ${m.groups} | ${m.shared} | ${m.mixed} | ${m.withNonFace} | ${m.grouped} (${m.crowdGrouped}) | ${m.perFace} → ${m.actions} |`);
    }
  }
  // The lead's case: all of crowds/ scanned as one folder (no truth: which of these groups are one person was looked
  // at by eye, docs/people.md).
  const crowds = faces.filter((f) => f.set === 'crowds');
  say(`\ncrowds/ as one event, both splits (${new Set(crowds.map((f) => f.file)).size} photos, ${crowds.length} faces nobody was matched to; no truth):`);
  for (const candidate of CANDIDATES) {
    const m = measure(crowds, candidate);
    say(`  ${candidate.name}: ${m.groups} groups, ${m.shared} of 2+ faces holding ${m.crowdGrouped} faces`);
  }
}
