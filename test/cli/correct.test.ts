/**
 * `privacy-filter correct` then `scan`, end to end on the demo fixtures: corrections are stored by photo, refused
 * when wrong (exit 2, nothing stored), applied by the next scan of any scope, and never show a pupil without consent.
 */
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorrections } from '../../src/store/corrections.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../scan/cli-helpers.js';

interface Face {
  box: { x: number; y: number; width: number; height: number };
  pupil: string | null;
  status: string;
  action: string;
  correction: string | null;
}
interface Report {
  photos: { source: string; decision: string; output: string | null; faces: Face[]; reasons: string[] }[];
  options: Record<string, unknown>;
}

let cwd: string;
/** The store's corrections document (encrypted with the store). */
const correctionsFile = (): string => path.join(cwd, '.privacy-filter', 'corrections.enc');
/** The pupils named in the stored corrections. */
const namedPupils = async (): Promise<string[]> =>
  [...(await readCorrections((await openStoreAndSweep(cwd))!)).values()].flatMap((p) => p.faces.flatMap((f) => (f.correction.kind === 'pupil' ? [f.correction.pupilId] : [])));
const report = async (scope: string): Promise<Report> => JSON.parse(await readFile(path.join(cwd, `photos-${scope}-report`, 'report.json'), 'utf8')) as Report;
const photo = (r: Report, source: string) => r.photos.find((p) => p.source === source)!;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-correct-'));
  await cp(fixture('demo'), cwd, { recursive: true });
  expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
  const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
  expect(scan.code, scan.stderr).toBe(0);
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('privacy-filter correct', () => {
  it.each([
    [['photos/sportdag-01.jpg', '1', '9999'], /There is no pupil 9999 in the roster/],
    [['photos/sportdag-01.jpg', '5', 'blur'], /has no face 5: the report lists faces 1 to 2/],
    [['photos/gordijnen.jpg', '--add-box', '300,200,50,50'], /not inside gordijnen.jpg, which is 320×240 pixels/],
    [['photos/gordijnen.jpg', '--undo', '1'], /has no face 1/],
    [['photos/gordijnen.jpg'], /What is the correction\?/],
    [['photos/nothing.jpg', '--drop'], /does not exist/],
  ])('refuses %j with a message that says what to do, exit 2, and stores nothing', async (args, message) => {
    const result = await runCli(['correct', ...args], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    await expect(stat(correctionsFile())).rejects.toThrow();
  });

  it('stores corrections that the next scan applies, for every scope, without a pupil without consent ever shown', async () => {
    const before = await report('public');
    const sportdag = photo(before, 'sportdag-01.jpg');
    const joe = sportdag.faces.findIndex((f) => f.pupil === '1002') + 1;
    const barack = sportdag.faces.findIndex((f) => f.pupil === '1001') + 1;
    expect(joe).toBeGreaterThan(0);
    expect(barack).toBeGreaterThan(0);

    // Joe (no public consent), recognised for sure, named as Barack: must stay anonymised.
    const named = await runCli(['correct', 'photos/sportdag-01.jpg', String(joe), '1001'], cwd);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/Stored for photos\/sportdag-01.jpg: face \d is Barack van Dijk \(pupil 1001\)/);
    expect(named.stdout).toMatch(/privacy-filter scan .*photos --scope public/);
    expect((await runCli(['correct', 'photos/sportdag-01.jpg', String(barack), 'blur'], cwd)).code).toBe(0);
    expect((await runCli(['correct', 'photos/gordijnen.jpg', '--add-box', '100,60,80,80'], cwd)).code).toBe(0);
    expect((await runCli(['correct', 'photos/sportdag-02-sideways.jpg', '--drop'], cwd)).code).toBe(0);
    const originalGordijnen = await sharp(path.join(cwd, 'photos-public', 'gordijnen.jpg')).raw().toBuffer();

    for (const scope of ['public', 'internal']) {
      const scan = await runCli(['scan', 'photos', '--scope', scope, '--quiet'], cwd);
      expect(scan.code, scan.stderr).toBe(0);
      const after = await report(scope);
      // The cache answered: no photo was analysed again.
      expect(after.options['fromCache']).toBe(3);
      expect(after.options['correctedPhotos']).toBe(3);
      const s = photo(after, 'sportdag-01.jpg');
      if (scope === 'public') {
        expect(s.faces[joe - 1]).toMatchObject({ pupil: '1002', action: 'anonymised', correction: null });
        expect(s.reasons.join('\n')).toMatch(/you said this is a pupil, but the recogniser is sure this is a pupil without consent here/);
      } else {
        // Internally both have consent: the teacher's word decides who it is.
        expect(s.faces[joe - 1]).toMatchObject({ pupil: '1001', action: 'kept', correction: 'pupil' });
      }
      expect(s.faces[barack - 1]).toMatchObject({ action: 'anonymised', correction: 'blur' });
      const g = photo(after, 'gordijnen.jpg');
      expect(g.decision).toBe('anonymised');
      expect(g.faces).toEqual([expect.objectContaining({ box: { x: 100, y: 60, width: 80, height: 80 }, action: 'anonymised', correction: 'added' })]);
      const dropped = photo(after, 'sportdag-02-sideways.jpg');
      expect(dropped).toMatchObject({ decision: 'dropped', output: null });
      expect(dropped.reasons[0]).toBe('dropped: you left this photo out');
      await expect(stat(path.join(cwd, `photos-${scope}`, 'sportdag-02-sideways.jpg'))).rejects.toThrow();
    }
    // The drawn box is anonymised in the output: its pixels changed, the rest of the photo barely.
    const out = await sharp(path.join(cwd, 'photos-public', 'gordijnen.jpg')).raw().toBuffer();
    const diff = (x: number, y: number): number => Math.abs(out[(y * 320 + x) * 3]! - originalGordijnen[(y * 320 + x) * 3]!);
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < 240; y += 4) for (let x = 0; x < 320; x += 4) {
      if (x >= 100 && x < 180 && y >= 60 && y < 140) inside += diff(x, y) / 400;
      else if (x < 90 || x > 190 || y < 50 || y > 150) outside += diff(x, y);
    }
    expect(inside).toBeGreaterThan(5);
    expect(outside / 4000).toBeLessThan(2);
    const html = await readFile(path.join(cwd, 'photos-public-report', 'report.html'), 'utf8');
    expect(html).toContain('named by you');
  });

  it('takes a correction back with --undo, and forget removes the corrections naming a pupil', async () => {
    const r = await report('public');
    const barack = photo(r, 'sportdag-01.jpg').faces.findIndex((f) => f.pupil === '1001') + 1;
    expect((await runCli(['correct', 'photos/sportdag-01.jpg', '--undo', String(barack)], cwd)).code).toBe(0);
    const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(0);
    const face = photo(await report('public'), 'sportdag-01.jpg').faces[barack - 1];
    expect(face, JSON.stringify(face)).toMatchObject({ action: 'kept', correction: null });

    expect(await namedPupils()).toContain('1001');
    const forget = await runCli(['forget', '1001'], cwd);
    expect(forget.code, forget.stderr).toBe(0);
    // Two: sportdag-02-sideways is sportdag-01 as a phone stores it (the same picture), so dropping it started from
    // what was said about sportdag-01, the face named 1001 included.
    expect(forget.stdout).toMatch(/Erased 2 corrections naming pupil 1001/);
    expect(await namedPupils()).not.toContain('1001');
  });
});
