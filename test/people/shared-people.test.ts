/**
 * People groups on real photos (../shared/faces): Obama, Biden and Angelina Jolie have no portrait, Kit, Rose and
 * George are enrolled. After `init` and `scan`, each unenrolled person's faces (the largest face of their own photos)
 * are grouped into fewer groups than they have faces, and no group holds two of them.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/report/types.js';
import { hasSharedFaces, shared, writeSharedSchool } from '../helpers/shared.js';
import { runCli } from '../scan/cli-helpers.js';

const ENROLLED = [
  { id: '103', name: 'Kit', dir: 'face_recognition/kit_harington', photos: ['01.jpeg', '02.jpeg'], publicConsent: false },
  { id: '104', name: 'Rose', dir: 'face_recognition/rose_leslie', photos: ['01.jpg', '02.jpg'], publicConsent: true },
  { id: '106', name: 'George', dir: 'deepface/george_clooney', photos: ['01.jpg', '02.jpg'], publicConsent: true },
];
const GROUP_PHOTOS = ['ageitgey_obama_and_biden.jpg', 'ageitgey_kit_with_rose.jpg', 'serengil_couple.jpg'];
/** Each unenrolled person's own photos (distinct shots, no copies), copied into the event as `<who>-<file>`. */
const UNENROLLED: Record<string, readonly string[]> = {
  obama: ['face_recognition/obama/02.jpg', 'face_recognition/obama/05.jpg', 'face_recognition/obama/06.jpg', 'face_recognition/obama/07.jpg'],
  angelina: ['deepface/angelina_jolie/01.jpg', 'deepface/angelina_jolie/02.jpg', 'deepface/angelina_jolie/03.jpg', 'deepface/angelina_jolie/04.jpg'],
  biden: ['face_recognition/biden/04.jpg'],
};

let cwd: string;
let report: ScanReport;

describe.skipIf(!hasSharedFaces)('people groups on real photos with unenrolled people', () => {
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-people-'));
    await writeSharedSchool(cwd, ENROLLED, GROUP_PHOTOS);
    for (const [who, files] of Object.entries(UNENROLLED)) {
      for (const file of files) await copyFile(shared(`identities/${file}`), path.join(cwd, 'feest', `${who}-${path.basename(file)}`));
    }
    expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
    const scan = await runCli(['scan', 'feest', '--scope', 'public', '--quiet'], cwd);
    expect(scan.stderr).not.toMatch(/internal error/);
    report = JSON.parse(await readFile(path.join(cwd, 'feest-public-report', 'report.json'), 'utf8')) as ScanReport;
  }, 300_000);

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  /** Per unenrolled person, the group of the largest face of each of their own photos. */
  function groupsOf(): Map<string, (string | null)[]> {
    const out = new Map<string, (string | null)[]>();
    for (const photo of report.photos) {
      const who = Object.keys(UNENROLLED).find((name) => photo.source.startsWith(`${name}-`));
      if (who === undefined || photo.faces.length === 0) continue;
      const main = photo.faces.reduce((a, b) => (b.box.width * b.box.height > a.box.width * a.box.height ? b : a));
      out.set(who, [...(out.get(who) ?? []), main.group ?? null]);
    }
    return out;
  }

  it('puts each unenrolled person into fewer groups than they have faces', () => {
    const groups = groupsOf();
    for (const who of ['obama', 'angelina']) {
      const own = groups.get(who) ?? [];
      expect(own.filter((g) => g !== null).length, `${who}: faces with a group`).toBeGreaterThanOrEqual(3);
      expect(new Set(own.filter((g) => g !== null)).size, `${who}: groups`).toBeLessThanOrEqual(2);
    }
  });

  it('never puts two unenrolled people, or two faces of one photo, into one group', () => {
    const owner = new Map<string, string>();
    for (const [who, groups] of groupsOf()) {
      for (const group of groups) {
        if (group === null) continue;
        expect(owner.get(group) ?? who, `group ${group}`).toBe(who);
        owner.set(group, who);
      }
    }
    for (const photo of report.photos) {
      const groups = photo.faces.map((f) => f.group).filter((g) => g != null);
      expect(new Set(groups).size, photo.source).toBe(groups.length);
    }
  });
});
