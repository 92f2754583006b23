/**
 * People groups on real photos (../shared/faces): three people are left without portraits (Obama, Biden, Angelina
 * Jolie), six others are enrolled from up to three photos each. The event folder is every group photo plus the other
 * photos of all nine (copies and crops of one shot left out). Each photo is analysed and matched as the scan does;
 * the faces nobody was matched to are grouped (src/people/groups.ts). Printed per threshold: into how many groups
 * each unenrolled person's faces fall, how many groups mix two people, and how many actions name all their faces —
 * one per face before, one per group (plus one per foreign face taken out first) after.
 *   npm run build && node dist/scripts/eval.js people
 *
 * Who a face is: in an identity photo, its largest face is that person (every other face is a stranger of its own);
 * in a group photo, among the people photos.csv says are in it, each face goes to the nearest person's mean
 * descriptor over all their photos, within 0.55, one face per person. That oracle uses the same recogniser as the
 * grouping, so a face it cannot place counts as a stranger: a group that mixes it in counts as mixed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import { describePortrait } from '../src/faces/portrait.js';
import type { Template } from '../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance, matchFaces, meanDescriptor } from '../src/faces/match.js';
import type { Descriptor } from '../src/faces/types.js';
import { loadPhoto } from '../src/images/load.js';
import { GROUP_DEFAULTS, groupPeople, type PersonFace } from '../src/people/groups.js';
import { trustedFace } from '../src/people/quality.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const SHARED = process.env['PRIVACY_FILTER_SHARED_FACES'] ?? path.resolve(repoRoot(), '..', 'shared', 'faces');

/** `set:person` as photos.csv writes them. */
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
/** A photo whose largest face lies this close to a face already in the event is a copy of that shot (as eval-recognition). */
const SAME_SHOT = 0.15;
const ORACLE_MAX = 0.55;
const THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6];

interface Face {
  readonly photo: string;
  readonly label: string;
  readonly person: PersonFace;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(SHARED, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export async function evalPeople(): Promise<void> {
  const identities = readCsv('identities.csv');
  const groupRows = readCsv('photos.csv').filter((row) => row['kind'] === 'identity_group');
  const key = (row: Record<string, string>): string => `${row['set']}:${row['identity']}`;
  const people = [...LEFT_OUT, ...ENROLLED];
  const photosOf = new Map(people.map((p) => [p, identities.filter((row) => key(row) === p).map((row) => row['path']!)]));
  const [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  try {
    const engines = { detector, describer };
    // Enrol: the first photos of each enrolled person, as portraits.
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
    // Analyse the event: group photos and every other photo of the nine.
    const candidates = [...groupRows.map((row) => row['path']!), ...people.flatMap((p) => photosOf.get(p)!.filter((f) => !portraits.has(f)))];
    const all: { file: string; boxes: { x: number; y: number; width: number; height: number }[]; scores: number[]; descriptors: (Descriptor | null)[] }[] = [];
    for (const file of candidates) {
      const { rgb } = await loadPhoto(path.join(SHARED, file));
      const detections = await detector.detect(rgb);
      all.push({ file, boxes: detections.map((d) => d.box), scores: detections.map((d) => d.score), descriptors: await describer.describe(rgb, detections) });
    }
    // Copies, crops and mirror images of one shot (the identity sets hold several) would make grouping look easy:
    // an identity photo whose main face is nearly a face already in the event is left out, group photos first.
    const analysed: typeof all = [];
    const seen: Descriptor[] = [];
    for (const a of all) {
      const isGroup = groupRows.some((row) => row['path'] === a.file);
      const main = largest(a);
      if (!isGroup && (main === null || seen.some((d) => descriptorDistance(d, main) < SAME_SHOT))) continue;
      analysed.push(a);
      if (isGroup) seen.push(...a.descriptors.filter((d): d is Descriptor => d !== null));
      else seen.push(main!);
    }
    const event = analysed.map((a) => a.file);
    // The oracle's reference per person: the mean of their identity photos' largest faces.
    const reference = new Map<string, Descriptor>();
    for (const person of people) {
      const list = all
        .filter((a) => photosOf.get(person)!.includes(a.file))
        .map((a) => largest(a))
        .filter((d): d is Descriptor => d !== null);
      if (list.length > 0) reference.set(person, meanDescriptor(list));
    }
    const faces: Face[] = [];
    let unmatchedTotal = 0;
    for (const a of analysed) {
      const labels = labelFaces(a, groupRows, photosOf, reference);
      const recognitions = matchFaces(a.descriptors, templates, MATCH_DEFAULTS);
      a.descriptors.forEach((descriptor, i) => {
        const r = recognitions[i]!;
        if (descriptor === null || (r.kind !== 'unknown' && r.kind !== 'uncertain')) return;
        unmatchedTotal += 1;
        // As the scan: a face the detector was unsure of stays alone (src/people/quality.ts).
        faces.push({ photo: a.file, label: labels[i]!, person: { photo: a.file, box: a.boxes[i]!, descriptor, trusted: trustedFace(a.scores[i]!) } });
      });
    }
    const say = (line: string): void => void process.stdout.write(`${line}\n`);
    const short = (p: string): string => p.split(':')[1]!;
    say('\n== People groups: unenrolled people in an event (src/people/groups.ts, docs/people.md)');
    say(`${LEFT_OUT.length} people without portraits (${LEFT_OUT.map(short).join(', ')}), ${templates.length} enrolled from up to ${PORTRAITS_EACH} photos each;`);
    say(`${event.length} event photos (${groupRows.length} group photos), ${unmatchedTotal} faces nobody was matched to (unknown or uncertain), of which`);
    for (const person of LEFT_OUT) say(`  ${short(person)}: ${faces.filter((f) => f.label === person).length}`);
    say(`  strangers and enrolled people not recognised: ${faces.filter((f) => !LEFT_OUT.includes(f.label)).length}`);
    for (const threshold of THRESHOLDS) {
      const groups = groupPeople(faces.map((f) => f.person), { maxDistance: threshold });
      const labelsOf = groups.map((g) => g.members.map((m) => faces[m]!.label));
      const known = (label: string): boolean => !label.startsWith('stranger@');
      const knownIn = (labels: readonly string[]): Set<string> => new Set(labels.filter(known));
      // Two people the oracle can tell apart in one group: the merge that must not happen.
      const mixed = labelsOf.filter((labels) => knownIn(labels).size > 1);
      // A known person with faces the oracle could not place: perhaps that person, perhaps not.
      const withStrangers = labelsOf.filter((labels) => knownIn(labels).size === 1 && labels.some((l) => !known(l)));
      const strangersOnly = labelsOf.filter((labels) => labels.length > 1 && knownIn(labels).size === 0);
      let before = 0;
      let after = 0;
      const per: string[] = [];
      for (const person of LEFT_OUT) {
        const own = faces.filter((f) => f.label === person).length;
        const theirs = labelsOf.filter((labels) => labels.includes(person));
        // Naming a group that holds anyone else too (or a face the oracle could not place) takes that face out first:
        // one action each, counted against grouping.
        const takeOut = theirs.reduce((n, labels) => n + labels.filter((l) => l !== person).length, 0);
        before += own;
        after += theirs.length + takeOut;
        per.push(`${short(person)} ${own} faces in ${theirs.length} group${theirs.length === 1 ? '' : 's'} (largest ${Math.max(0, ...theirs.map((l) => l.filter((x) => x === person).length))})`);
      }
      const mark = threshold === GROUP_DEFAULTS.maxDistance ? ' (default)' : '';
      say(`maxDistance ${threshold.toFixed(2)}${mark}: ${groups.length} groups; ${per.join('; ')}`);
      const named = (labels: readonly string[]): string => labels.map((l) => (known(l) ? short(l) : 'unplaced')).join('+');
      say(`  groups mixing two known people: ${mixed.length}${mixed.length > 0 ? ` (${mixed.map(named).join(', ')})` : ''}`);
      say(`  groups of a known person with faces the oracle could not place: ${withStrangers.length}${withStrangers.length > 0 ? ` (${withStrangers.map(named).join(', ')})` : ''}`);
      say(`  groups of several unplaced faces (strangers; nobody can say here whether each is one person): ${strangersOnly.length}`);
      say(`  actions to name the ${LEFT_OUT.length} people's faces: ${before} one per face, ${after} by group (taking out a foreign face counts as one)`);
    }
  } finally {
    await Promise.allSettled([detector.close(), describer.close()]);
  }
}

/** The descriptor of the largest face, or null. */
function largest(a: { boxes: readonly { width: number; height: number }[]; descriptors: readonly (Descriptor | null)[] }): Descriptor | null {
  let best = -1;
  a.boxes.forEach((box, i) => {
    if (best < 0 || box.width * box.height > a.boxes[best]!.width * a.boxes[best]!.height) best = i;
  });
  return best < 0 ? null : (a.descriptors[best] ?? null);
}

/** Who each face of an analysed photo is, by the rules in the header; strangers get a label of their own. */
function labelFaces(
  a: { file: string; boxes: readonly { width: number; height: number }[]; descriptors: readonly (Descriptor | null)[] },
  groupRows: readonly Record<string, string>[],
  photosOf: ReadonlyMap<string, readonly string[]>,
  reference: ReadonlyMap<string, Descriptor>,
): string[] {
  const labels = a.boxes.map((_, i) => `stranger@${a.file}#${i}`);
  const owner = [...photosOf].find(([, files]) => files.includes(a.file))?.[0];
  if (owner !== undefined) {
    const big = a.boxes.reduce((b, box, i) => (box.width * box.height > a.boxes[b]!.width * a.boxes[b]!.height ? i : b), 0);
    if (a.boxes.length > 0) labels[big] = owner;
    return labels;
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
    labels[face] = person;
    taken.add(person);
    placed.add(face);
  }
  return labels;
}
