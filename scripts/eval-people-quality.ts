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
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import type { Descriptor, Detection } from '../src/faces/types.js';
import { GROUP_DEFAULTS, groupPeople } from '../src/people/groups.js';
import { QUALITY_DEFAULTS, trustedFace } from '../src/people/quality.js';
import { frontalness } from '../src/video/quality.js';
import { overlapOfSmaller } from './boxes.js';
import { splitOf, type Split } from './eval-heights.js';
import { LEFT_OUT, SHARED, analysePeopleEvent, analysePhoto, readCsv, unmatchedFaces, type AnalysedPhoto } from './people-event.js';

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

/** Every face nobody was matched to, in all three sets, with what the ground truth says it is. */
export async function evalFaces(): Promise<EvalFace[]> {
  const boxes = readCsv('boxes.csv').filter((row) => (row['path'] ?? '').startsWith('detection/'));
  const [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  try {
    const engines = { detector, describer };
    const { templates, photos, placed } = await analysePeopleEvent(engines);
    const faces: EvalFace[] = [];
    const add = (a: AnalysedPhoto, set: EvalFace['set'], truths: readonly Truth[]): void => {
      for (const { index, descriptor } of unmatchedFaces(a, templates)) {
        faces.push({ file: a.file, split: splitOf(a.file), set, truth: truths[index]!, detection: a.detections[index]!, descriptor });
      }
    };
    for (const a of photos) add(a, 'identity', placed(a).map((label): Truth => (label === null ? { kind: 'unknown' } : { kind: 'person', label })));
    for (const file of [...new Set(boxes.map((row) => row['path']!))].sort()) {
      const a = await analysePhoto(engines, file);
      add(a, 'detection', boxTruth(a, boxes.filter((row) => row['path'] === file)));
    }
    for (const name of readdirSync(path.join(SHARED, 'crowds')).filter((n) => /\.jpe?g$/iu.test(n)).sort()) {
      const a = await analysePhoto(engines, `crowds/${name}`);
      add(a, 'crowds', a.detections.map(() => ({ kind: 'unknown' })));
    }
    return faces;
  } finally {
    await Promise.allSettled([detector.close(), describer.close()]);
  }
}

/** A detection on a valid labelled face is that person; on an invalid one, excused; on none, a non-face. */
function boxTruth(a: AnalysedPhoto, rows: readonly Record<string, string>[]): Truth[] {
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
