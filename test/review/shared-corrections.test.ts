/**
 * Issue 12's promise on real group photos (../shared/faces): a teacher names the faces of consented people the scan
 * was unsure of, draws a box around a face, names a face as a pupil without consent; the next scan keeps the named
 * consented faces visible, anonymises the drawn box as thoroughly as a detected face (the recogniser no longer finds
 * its owner there), keeps the pupil without consent anonymised, and a scan for another scope does the same.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDescriber, FaceDetector, Template } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS, pupilDistance } from '../../src/faces/match.js';
import type { Box } from '../../src/geometry.js';
import { loadPhoto } from '../../src/images/load.js';
import { readCorrections } from '../../src/store/corrections.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { hasSharedFaces, writeSharedSchool } from '../helpers/shared.js';
import { runCli } from '../scan/cli-helpers.js';

/** Everyone may be published except Joe (102). */
const PEOPLE = [
  { id: '101', name: 'Barack', dir: 'face_recognition/obama', photos: ['02.jpg'], publicConsent: true },
  { id: '102', name: 'Joe', dir: 'face_recognition/biden', photos: ['02.jpg'], publicConsent: false },
  { id: '103', name: 'Kit', dir: 'face_recognition/kit_harington', photos: ['01.jpeg'], publicConsent: true },
  { id: '104', name: 'Rose', dir: 'face_recognition/rose_leslie', photos: ['01.jpg'], publicConsent: true },
  { id: '105', name: 'Angelina', dir: 'deepface/angelina_jolie', photos: ['01.jpg'], publicConsent: true },
] as const;
const GROUP_PHOTOS = ['ageitgey_obama_and_biden.jpg', 'ageitgey_kit_with_rose.jpg', 'serengil_couple.jpg'];
const consented = (id: string | null): boolean => PEOPLE.some((p) => p.id === id && p.publicConsent);

interface Face {
  box: Box;
  pupil: string | null;
  status: string;
  action: string;
  correction: string | null;
}
interface Report {
  photos: { source: string; faces: Face[]; output: string | null }[];
}

let cwd: string;
let templates: Template[];
let detector: FaceDetector;
let describer: FaceDescriber;
const report = async (scope: string): Promise<Report> => JSON.parse(await readFile(path.join(cwd, `feest-${scope}-report`, 'report.json'), 'utf8')) as Report;

describe.skipIf(!hasSharedFaces)('corrections on real group photos', () => {
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-shared-corrections-'));
    // One portrait each, as many schools have: the scan is unsure of more faces, which the teacher then names.
    await writeSharedSchool(cwd, PEOPLE, GROUP_PHOTOS);
    expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
    const scan = await runCli(['scan', 'feest', '--scope', 'public', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(0);
    templates = (await (await openStoreAndSweep(cwd))!.readTemplates()).templates;
    [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  }, 600_000);

  afterAll(async () => {
    await Promise.allSettled([detector?.close(), describer?.close()]);
    await rm(cwd, { recursive: true, force: true });
  });

  /** Distance from the face at `box` in `file` (re-detected) to `pupil`'s portraits; Infinity when no face is found there. */
  async function ownerDistance(file: string, box: Box, pupil: string): Promise<number> {
    const { rgb } = await loadPhoto(file);
    const faces = await detector.detect(rgb);
    const descriptors = await describer.describe(rgb, faces);
    const own = templates.find((t) => t.pupilId === pupil)!.descriptors;
    let best = Infinity;
    faces.forEach((face, i) => {
      const d = descriptors[i];
      const cx = face.box.x + face.box.width / 2;
      const cy = face.box.y + face.box.height / 2;
      const inside = cx >= box.x && cx <= box.x + box.width && cy >= box.y && cy <= box.y + box.height;
      if (inside && d != null) best = Math.min(best, pupilDistance(d, own));
    });
    return best;
  }

  it('keeps the named faces of consented people, anonymises the drawn box and the pupil without consent, in every scope', async () => {
    const before = await report('public');
    // The teacher's corrections: every face the scan was unsure of whose nearest pupil has consent is that pupil.
    const named: { source: string; face: number; pupil: string }[] = [];
    for (const photo of before.photos) {
      photo.faces.forEach((face, i) => {
        if (face.status === 'uncertain' && consented(face.pupil)) named.push({ source: photo.source, face: i + 1, pupil: face.pupil! });
      });
    }
    expect(named.length, 'the scan should leave some consented faces uncertain with one portrait each').toBeGreaterThan(0);
    for (const n of named) {
      const out = await runCli(['correct', `feest/${n.source}`, String(n.face), n.pupil], cwd);
      expect(out.code, out.stderr).toBe(0);
    }
    // A face the scan kept (identified, with consent), boxed by the teacher as if the detector had missed it.
    const kept = before.photos.flatMap((p) => p.faces.map((f, i) => ({ source: p.source, face: f, index: i }))).find((f) => f.face.status === 'consented');
    expect(kept).toBeDefined();
    const b = kept!.face.box;
    const drawn = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
    expect((await runCli(['correct', `feest/${kept!.source}`, '--add-box', `${drawn.x},${drawn.y},${drawn.width},${drawn.height}`], cwd)).code).toBe(0);
    // Another face the scan did not identify, named as Joe, who has no public consent.
    const other = before.photos.flatMap((p) => p.faces.map((f, i) => ({ source: p.source, face: f, number: i + 1 })))
      .find((f) => f.face.status !== 'consented' && f.face.status !== 'not-consented' && !named.some((n) => n.source === f.source && n.face === f.number));
    expect(other).toBeDefined();
    expect((await runCli(['correct', `feest/${other!.source}`, String(other!.number), '102'], cwd)).code).toBe(0);

    for (const scope of ['public', 'internal']) {
      const scan = await runCli(['scan', 'feest', '--scope', scope, '--quiet'], cwd);
      expect(scan.code, scan.stderr).toBe(0);
      const after = await report(scope);
      const face = (source: string, n: number): Face => after.photos.find((p) => p.source === source)!.faces[n - 1]!;
      for (const n of named) expect(face(n.source, n.face), `${scope} ${n.source} face ${n.face}`).toMatchObject({ pupil: n.pupil, action: 'kept', correction: 'pupil' });
      const joe = face(other!.source, other!.number);
      expect(joe).toMatchObject({ pupil: '102', correction: 'pupil', action: scope === 'public' ? 'anonymised' : 'kept' });
      const photo = after.photos.find((p) => p.source === kept!.source)!;
      expect(photo.faces.at(-1)).toMatchObject({ box: drawn, correction: 'added', action: 'anonymised' });
      // The drawn box is anonymised as a detected face is: the recogniser finds nobody near its owner there.
      const output = path.join(cwd, `feest-${scope}`, photo.output!);
      expect(await ownerDistance(output, drawn, kept!.face.pupil!)).toBeGreaterThan(MATCH_DEFAULTS.uncertainBelow);
    }
    // The faces the teacher named are learned: they are now templates of those pupils.
    const stored = await readCorrections((await openStoreAndSweep(cwd))!);
    const learned = [...stored.values()].flatMap((p) => p.faces).filter((f) => f.learned !== null);
    expect(learned.length).toBeGreaterThanOrEqual(named.length);
  }, 600_000);
});
