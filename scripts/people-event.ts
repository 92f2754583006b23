/**
 * The event both people evals group (scripts/eval-people.ts, scripts/eval-people-quality.ts): nine people of
 * ../shared/faces, six enrolled from up to three photos each, three left without portraits (Obama, Biden, Angelina
 * Jolie); the event is the group photos and every other photo of the nine, copies and crops of one shot left out.
 *
 * Who a face is comes from an oracle: an identity photo's largest face is that person; in a group photo each face goes
 * to the nearest of the people photos.csv lists in it, within 0.55 of their mean descriptor, one face per person. The
 * oracle uses the same recogniser as the grouping, so a face it cannot place has no truth.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { FaceDescriber, FaceDetector, Template } from '../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance, matchFaces, meanDescriptor } from '../src/faces/match.js';
import { describePortrait } from '../src/faces/portrait.js';
import type { Descriptor, Detection } from '../src/faces/types.js';
import { loadPhoto } from '../src/images/load.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
export const SHARED = process.env['PRIVACY_FILTER_SHARED_FACES'] ?? path.resolve(repoRoot(), '..', 'shared', 'faces');

/** `set:person` as photos.csv writes them. */
export const LEFT_OUT = ['face_recognition:obama', 'face_recognition:biden', 'deepface:angelina_jolie'];
export const ENROLLED = [
  'face_recognition:kit_harington',
  'face_recognition:rose_leslie',
  'deepface:george_clooney',
  'deepface:jennifer_aniston',
  'deepface:scarlett_johansson',
  'deepface:matt_damon',
];
export const PORTRAITS_EACH = 3;
/** A photo whose largest face lies this close to a face already in the event is a copy of that shot (as eval-recognition). */
const SAME_SHOT = 0.15;
const ORACLE_MAX = 0.55;

export interface Engines {
  readonly detector: FaceDetector;
  readonly describer: FaceDescriber;
}

/** A photo as the scan sees it: its detections and a descriptor each (null: too small to describe). */
export interface AnalysedPhoto {
  readonly file: string;
  readonly detections: readonly Detection[];
  readonly descriptors: readonly (Descriptor | null)[];
}

export interface PeopleEvent {
  readonly templates: readonly Template[];
  /** The event's photos: group photos first, then the people's other photos, copies of one shot left out. */
  readonly photos: readonly AnalysedPhoto[];
  readonly groupPhotos: number;
  /** Who each face of an event photo is by the oracle (a `set:person`), or null where it cannot say. */
  placed(photo: AnalysedPhoto): (string | null)[];
}

export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(SHARED, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** `file` (relative to ../shared/faces) detected and described. */
export async function analysePhoto(engines: Engines, file: string): Promise<AnalysedPhoto> {
  const { rgb } = await loadPhoto(path.join(SHARED, file));
  const detections = await engines.detector.detect(rgb);
  return { file, detections, descriptors: await engines.describer.describe(rgb, detections) };
}

/** Enrols the six, analyses every other photo of the nine and the group photos, and leaves copies of one shot out. */
export async function analysePeopleEvent(engines: Engines): Promise<PeopleEvent> {
  const identities = readCsv('identities.csv');
  const groupRows = readCsv('photos.csv').filter((row) => row['kind'] === 'identity_group');
  const key = (row: Record<string, string>): string => `${row['set']}:${row['identity']}`;
  const people = [...LEFT_OUT, ...ENROLLED];
  const photosOf = new Map(people.map((p) => [p, identities.filter((row) => key(row) === p).map((row) => row['path']!)]));
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
  const files = [...groupRows.map((row) => row['path']!), ...people.flatMap((p) => photosOf.get(p)!.filter((f) => !portraits.has(f)))];
  const all: AnalysedPhoto[] = [];
  for (const file of files) all.push(await analysePhoto(engines, file));
  // Copies, crops and mirror images of one shot (the identity sets hold several) would make grouping look easy:
  // an identity photo whose main face is nearly a face already in the event is left out, group photos first.
  const isGroup = (file: string): boolean => groupRows.some((row) => row['path'] === file);
  const photos: AnalysedPhoto[] = [];
  const seen: Descriptor[] = [];
  for (const a of all) {
    const main = largestDescriptor(a);
    if (!isGroup(a.file) && (main === null || seen.some((d) => descriptorDistance(d, main) < SAME_SHOT))) continue;
    photos.push(a);
    if (isGroup(a.file)) seen.push(...a.descriptors.filter((d): d is Descriptor => d !== null));
    else seen.push(main!);
  }
  // The oracle's reference per person: the mean of their identity photos' largest faces.
  const reference = new Map<string, Descriptor>();
  for (const person of people) {
    const list = all
      .filter((a) => photosOf.get(person)!.includes(a.file))
      .map(largestDescriptor)
      .filter((d): d is Descriptor => d !== null);
    if (list.length > 0) reference.set(person, meanDescriptor(list));
  }
  const placed = (a: AnalysedPhoto): (string | null)[] => {
    const who: (string | null)[] = a.detections.map(() => null);
    const owner = [...photosOf].find(([, list]) => list.includes(a.file))?.[0];
    if (owner !== undefined) {
      const biggest = largestIndex(a.detections);
      if (biggest >= 0) who[biggest] = owner;
      return who;
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
    for (const { face, person } of pairs) {
      if (taken.has(person) || who[face] !== null) continue;
      who[face] = person;
      taken.add(person);
    }
    return who;
  };
  return { templates, photos, groupPhotos: groupRows.length, placed };
}

/** The faces of `a` nobody was matched to (unknown or uncertain, as the scan groups), by index, with their descriptor. */
export function unmatchedFaces(a: AnalysedPhoto, templates: readonly Template[]): { index: number; descriptor: Descriptor }[] {
  const recognitions = matchFaces(a.descriptors, templates, MATCH_DEFAULTS);
  return a.descriptors.flatMap((descriptor, index) => {
    const kind = recognitions[index]!.kind;
    return descriptor !== null && (kind === 'unknown' || kind === 'uncertain') ? [{ index, descriptor }] : [];
  });
}

function largestIndex(detections: readonly Detection[]): number {
  const area = (i: number): number => detections[i]!.box.width * detections[i]!.box.height;
  return detections.reduce((best, _d, i) => (best < 0 || area(i) > area(best) ? i : best), -1);
}

/** The descriptor of the largest face, or null. */
function largestDescriptor(a: Pick<AnalysedPhoto, 'detections' | 'descriptors'>): Descriptor | null {
  const i = largestIndex(a.detections);
  return i < 0 ? null : (a.descriptors[i] ?? null);
}
