/**
 * Consent over time on real group photos (../shared/faces), the "done when": after a scan for public, one
 * person with consent withdraws it. recheck names exactly the published files in which they were visible; the rerun
 * lists exactly those as withdrawn or replaced, takedown.csv names them, and in the new output that person is
 * anonymised everywhere (the recogniser, run again over the output, no longer finds them).
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS, pupilDistance } from '../../src/faces/match.js';
import { loadPhoto } from '../../src/images/load.js';
import type { ScanReport } from '../../src/report/types.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';
import { runCli } from '../scan/cli-helpers.js';

const PEOPLE = [
  { id: '101', name: 'Barack', dir: 'face_recognition/obama', photos: ['02.jpg', '05.jpg', '06.jpg'], publicConsent: true },
  { id: '102', name: 'Joe', dir: 'face_recognition/biden', photos: ['02.jpg'], publicConsent: false },
  { id: '103', name: 'Kit', dir: 'face_recognition/kit_harington', photos: ['01.jpeg', '02.jpeg'], publicConsent: true },
  { id: '104', name: 'Rose', dir: 'face_recognition/rose_leslie', photos: ['01.jpg', '02.jpg'], publicConsent: true },
  { id: '106', name: 'George', dir: 'deepface/george_clooney', photos: ['01.jpg', '02.jpg'], publicConsent: true },
] as const;
const GROUP_PHOTOS = ['ageitgey_obama_and_biden.jpg', 'ageitgey_kit_with_rose.jpg', 'serengil_couple.jpg', 'serengil_selfie-many-people.jpg'];

function roster(withdrawn: string | null): string {
  const rows = ['id;naam;groep;toestemming intern;toestemming publiek'];
  for (const person of PEOPLE) rows.push(`${person.id};${person.name};7b;ja;${person.publicConsent && person.id !== withdrawn ? 'ja' : 'nee'}`);
  return `${rows.join('\r\n')}\r\n`;
}

/** Published files (output paths) in which `id` is a kept, visible face. */
function visibleIn(report: ScanReport, id: string): string[] {
  return report.photos.filter((p) => p.output !== null && p.faces.some((f) => f.pupil === id && f.action === 'kept')).map((p) => p.source).sort();
}

let cwd: string;
let first: ScanReport;
/** The person who withdraws: whoever with consent is visible in the most published photos. */
let who: string;

describe.skipIf(!hasSharedFaces)('withdrawing consent after a public scan of real group photos', () => {
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-withdraw-'));
    for (const person of PEOPLE) {
      await mkdir(path.join(cwd, 'portraits', person.id), { recursive: true });
      for (const photo of person.photos) await copyFile(shared(`identities/${person.dir}/${photo}`), path.join(cwd, 'portraits', person.id, photo));
    }
    await writeFile(path.join(cwd, 'roster.csv'), roster(null));
    await mkdir(path.join(cwd, 'feest'));
    for (const photo of GROUP_PHOTOS) await copyFile(shared(`groups/${photo}`), path.join(cwd, 'feest', photo));
    const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(init.code, init.stderr).toBe(0);
    const scan = await runCli(['scan', 'feest', '--scope', 'public', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(0);
    first = JSON.parse(await readFile(path.join(cwd, 'feest-public-report', 'report.json'), 'utf8')) as ScanReport;
    const counts = PEOPLE.filter((p) => p.publicConsent).map((p) => ({ id: p.id, n: visibleIn(first, p.id).length }));
    who = counts.sort((a, b) => b.n - a.n)[0]!.id;
    await writeFile(path.join(cwd, 'roster-new.csv'), roster(who));
  });

  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('first published the person visible, so there is something to take down', () => {
    expect(visibleIn(first, who).length).toBeGreaterThan(0);
  });

  it('recheck --roster <new roster> exits 5 and names exactly the published files in which they were visible', async () => {
    const recheck = await runCli(['recheck', '--roster', 'roster-new.csv', '--json'], cwd);
    expect(recheck.code, recheck.stderr).toBe(5);
    const body = JSON.parse(recheck.stdout) as { takedown: { source: string; output: string; pupils: string[]; scope: string }[]; unchecked: unknown[] };
    expect(body.takedown.map((item) => item.source).sort()).toEqual(visibleIn(first, who));
    for (const item of body.takedown) {
      expect(item).toMatchObject({ scope: 'public', pupils: [who] });
      expect(item.output).toBe(path.join(cwd, 'feest-public', item.source));
    }
    expect(body.unchecked).toEqual([]);
  });

  it('the rerun lists exactly those photos as withdrawn or replaced, takedown.csv names them, and the person is anonymised everywhere', async () => {
    const rerun = await runCli(['scan', 'feest', '--scope', 'public', '--roster', 'roster-new.csv', '--quiet'], cwd);
    expect(rerun.code, rerun.stderr).toBe(0);
    const second = JSON.parse(await readFile(path.join(cwd, 'feest-public-report', 'report.json'), 'utf8')) as ScanReport;
    const changes = second.changes ?? [];
    expect(changes.map((c) => c.source).sort()).toEqual(visibleIn(first, who));
    const name = PEOPLE.find((p) => p.id === who)!.name;
    for (const change of changes) {
      expect(['withdrawn', 'replaced']).toContain(change.change);
      expect(change.reason).toContain(`consent for public withdrawn for ${name} (7b)`);
    }
    const csv = parse(await readFile(path.join(cwd, 'feest-public-report', 'takedown.csv'), 'utf8'), { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(csv.map((row) => row['source']).sort()).toEqual(visibleIn(first, who));
    expect(csv.every((row) => /^\d{4}-\d\d-\d\d \d\d:\d\d$/u.test(row['published'] ?? ''))).toBe(true);
    expect(await readFile(path.join(cwd, 'feest-public-report', 'report.html'), 'utf8')).toContain('Changed since the last scan');
    expect(visibleIn(second, who)).toEqual([]);

    // In the new output the recogniser no longer finds them anywhere.
    const store = await openStoreAndSweep(cwd);
    const own = (await store!.readTemplates()).templates.find((t) => t.pupilId === who)!;
    const [detector, describer]: [FaceDetector, FaceDescriber] = await Promise.all([createDetector(), createDescriber()]);
    try {
      for (const file of await readdir(path.join(cwd, 'feest-public'))) {
        const { rgb } = await loadPhoto(path.join(cwd, 'feest-public', file));
        const descriptors = await describer.describe(rgb, await detector.detect(rgb));
        for (const d of descriptors) if (d != null) expect(pupilDistance(d, own.descriptors), file).toBeGreaterThan(MATCH_DEFAULTS.uncertainBelow);
      }
    } finally {
      await Promise.allSettled([detector.close(), describer.close()]);
    }

    // And recheck, against the same roster, now finds nothing more to take down.
    const after = await runCli(['recheck', '--roster', 'roster-new.csv'], cwd);
    expect(after.code, after.stdout).toBe(0);
  });
});
