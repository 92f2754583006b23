/**
 * The promise of the tool, on real group photos (../shared/faces): with a roster that denies public consent to some
 * enrolled people, `scan --scope public` leaves none of them recognisable — the recogniser run again over the output
 * finds no match for any of them — and keeps the faces of the people with consent.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDescriber, FaceDetector, Template } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS, matchFaces, pupilDistance } from '../../src/faces/match.js';
import { loadPhoto } from '../../src/images/load.js';
import type { ScanReport } from '../../src/report/types.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { hasSharedFaces, writeSharedSchool } from '../helpers/shared.js';
import { runCli } from './cli-helpers.js';

/** Pupil id → who, which identity photos enrol them, and whether they may be published. */
const PEOPLE = [
  { id: '101', name: 'Barack', dir: 'face_recognition/obama', photos: ['02.jpg', '05.jpg', '06.jpg'], publicConsent: true },
  { id: '102', name: 'Joe', dir: 'face_recognition/biden', photos: ['02.jpg'], publicConsent: false },
  { id: '103', name: 'Kit', dir: 'face_recognition/kit_harington', photos: ['01.jpeg', '02.jpeg'], publicConsent: false },
  { id: '104', name: 'Rose', dir: 'face_recognition/rose_leslie', photos: ['01.jpg', '02.jpg'], publicConsent: true },
  { id: '105', name: 'Angelina', dir: 'deepface/angelina_jolie', photos: ['01.jpg', '02.jpg', '03.jpg'], publicConsent: false },
  { id: '106', name: 'George', dir: 'deepface/george_clooney', photos: ['01.jpg', '02.jpg'], publicConsent: true },
] as const;

const GROUP_PHOTOS = ['ageitgey_obama_and_biden.jpg', 'ageitgey_kit_with_rose.jpg', 'serengil_couple.jpg', 'serengil_selfie-many-people.jpg'];
const DENIED = PEOPLE.filter((p) => !p.publicConsent).map((p) => p.id);

let cwd: string;
let detector: FaceDetector;
let describer: FaceDescriber;
let templates: Template[];
let report: ScanReport;

describe.skipIf(!hasSharedFaces)('scan --scope public on real group photos', () => {
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-groups-'));
    await writeSharedSchool(cwd, PEOPLE, GROUP_PHOTOS);

    const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(init.code, init.stderr).toBe(0);
    const scan = await runCli(['scan', 'feest', '--scope', 'public', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(0);
    report = JSON.parse(await readFile(path.join(cwd, 'feest-public-report', 'report.json'), 'utf8')) as ScanReport;

    const store = await openStoreAndSweep(cwd);
    templates = (await store!.readTemplates()).templates;
    [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  }, 300_000); // enrolment, a cold scan and three scrypt key derivations: past the default on a loaded 2-core machine

  afterAll(async () => {
    await Promise.allSettled([detector?.close(), describer?.close()]);
    await rm(cwd, { recursive: true, force: true });
  });

  async function facesIn(file: string): Promise<{ descriptors: (Float32Array | null)[] }> {
    const { rgb } = await loadPhoto(file);
    return { descriptors: await describer.describe(rgb, await detector.detect(rgb)) };
  }

  it('enrolled everyone, and found the people without consent in the originals', async () => {
    expect(new Set(templates.map((t) => t.pupilId))).toEqual(new Set(PEOPLE.map((p) => p.id)));
    // Without this the test below would pass for the wrong reason: nobody to hide.
    const seen = new Set<string>();
    for (const photo of GROUP_PHOTOS) {
      const { descriptors } = await facesIn(path.join(cwd, 'feest', photo));
      for (const id of DENIED) {
        const own = templates.find((t) => t.pupilId === id)!;
        if (descriptors.some((d) => d != null && pupilDistance(d, own.descriptors) <= MATCH_DEFAULTS.uncertainBelow)) seen.add(id);
      }
    }
    expect([...seen].sort()).toEqual([...DENIED].sort());
  });

  it('publishes every photo, and nobody without consent is recognisable in the output', async () => {
    const written = (await readdir(path.join(cwd, 'feest-public'))).sort();
    expect(written).toEqual([...GROUP_PHOTOS].sort());
    for (const photo of written) {
      const { descriptors } = await facesIn(path.join(cwd, 'feest-public', photo));
      for (const recognition of matchFaces(descriptors, templates, MATCH_DEFAULTS)) {
        if (recognition.kind === 'identified' || recognition.kind === 'uncertain') expect(DENIED, `${photo}`).not.toContain(recognition.pupilId);
      }
      for (const id of DENIED) {
        const own = templates.find((t) => t.pupilId === id)!;
        for (const d of descriptors) if (d != null) expect(pupilDistance(d, own.descriptors), `${photo}: pupil ${id}`).toBeGreaterThan(MATCH_DEFAULTS.uncertainBelow);
      }
    }
  });

  it('keeps the faces of people with consent, recognisable', async () => {
    const kept = report.photos.flatMap((p) => p.faces.filter((f) => f.action === 'kept').map((f) => ({ photo: p.source, pupil: f.pupil, status: f.status })));
    // Only consented, identified pupils are kept; everything else (strangers, small faces) is anonymised by default.
    for (const face of kept) expect(face.status).toBe('consented');
    expect(kept.length).toBeGreaterThan(0);
    for (const face of kept) {
      const { descriptors } = await facesIn(path.join(cwd, 'feest-public', face.photo));
      const found = matchFaces(descriptors, templates, MATCH_DEFAULTS).some((r) => r.kind === 'identified' && r.pupilId === face.pupil);
      expect(found, `${face.photo}: pupil ${face.pupil} should still be recognisable`).toBe(true);
    }
  });
});
