/**
 * The school's own purposes and several targets in one run, on the demo photos: a pupil who said yes to social media
 * and no to the website is kept for --purpose "social media" and hidden for --scope public, and both outputs come
 * from one analysis.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/report/types.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../scan/cli-helpers.js';

// Barack (1001): yes to social media, no to the website. Joe (1002): no to both.
const ROSTER = [
  'Leerlingnummer;Roepnaam;Achternaam;Groep;Nieuwsbrief;Website;Social media',
  '1001;Barack;van Dijk;8a;ja;nee;ja',
  '1002;Joe;de Vries;8a;ja;nee;nee',
].join('\r\n');

let cwd: string;

async function report(folder: string): Promise<ScanReport> {
  return JSON.parse(await readFile(path.join(cwd, folder, 'report.json'), 'utf8')) as ScanReport;
}

/** Faces of pupil `id` in a report: their status in each photo. */
function statusesOf(scan: ScanReport, id: string): string[] {
  return scan.photos.flatMap((photo) => photo.faces.filter((face) => face.pupil === id).map((face) => `${face.status}/${face.action}`));
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-targets-'));
  await cp(fixture('demo/photos'), path.join(cwd, 'photos'), { recursive: true });
  await cp(fixture('demo/portraits'), path.join(cwd, 'portraits'), { recursive: true });
  await writeFile(path.join(cwd, 'roster.csv'), `${ROSTER}\r\n`);
  const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits', '--purpose-name', 'insta=social media'], cwd);
  expect(init.code, init.stderr).toBe(0);
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('--purpose and several targets', () => {
  it('writes one output and one report per target, named as a scan for each alone would be, from one analysis', async () => {
    const run = await runCli(['scan', 'photos', '--scope', 'public', '--purpose', 'social media', '--quiet', '--no-cache'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(cwd)).filter((name) => name.startsWith('photos-')).sort()).toEqual([
      'photos-public',
      'photos-public-report',
      'photos-social-media',
      'photos-social-media-report',
    ]);
    const pub = await report('photos-public-report');
    const social = await report('photos-social-media-report');
    expect([pub.scope, pub.purpose, social.scope, social.purpose]).toEqual(['public', null, 'public', 'Social media']);
    // The engines saw each photo once, for the first target; the second took every analysis from it.
    expect([pub.options['analysed'], pub.options['fromEarlierTarget']]).toEqual([3, 0]);
    expect([social.options['analysed'], social.options['fromEarlierTarget']]).toEqual([0, 3]);
    expect(run.stdout).toContain('Scanned 3 photos for public.');
    expect(run.stdout).toContain('Scanned 3 photos for Social media.');

    // Barack is found in the photos, kept for social media and hidden for public (the website says no).
    const barackSocial = statusesOf(social, '1001');
    expect(barackSocial.length).toBeGreaterThan(0);
    expect(new Set(barackSocial)).toEqual(new Set(['consented/kept']));
    expect(new Set(statusesOf(pub, '1001'))).toEqual(new Set(['not-consented/anonymised']));
    // Joe said no to both: hidden in both.
    for (const scan of [pub, social]) expect(statusesOf(scan, '1002').every((s) => s === 'not-consented/anonymised')).toBe(true);
    // report.json words each photo's reasons into `reasons` lines.
    const reason = social.photos.flatMap((p) => (p as unknown as { reasons: string[] }).reasons).find((line) => line.includes('pupil 1001'));
    expect(reason).toMatch(/has consent for Social media/);
  });

  it('takes a purpose by the short name init gave it, and refuses one the roster lacks before writing anything', async () => {
    const again = await runCli(['scan', 'photos', '--purpose', 'INSTA', '--quiet'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect((await report('photos-social-media-report')).options['keptFromLastRun']).toBe(3);

    const unknown = await runCli(['scan', 'photos', '--purpose', 'schoolgids', '--quiet'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('The roster has no consent purpose "schoolgids".');
    expect(unknown.stderr).toContain('"Nieuwsbrief" (internal), "Website" (public), "Social media" (public)');
    expect((await readdir(cwd)).some((name) => name.includes('schoolgids'))).toBe(false);
  });

  it('refuses --out with several targets, and neither --scope nor --purpose', async () => {
    const both = await runCli(['scan', 'photos', '--scope', 'public,internal', '--out', 'x', '--quiet'], cwd);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--out and --report name one folder, but this scan has several targets.');
    const none = await runCli(['scan', 'photos', '--quiet'], cwd);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Say where the photos go.');
    const typo = await runCli(['scan', 'photos', '--scope', 'public,intern'], cwd);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('received "intern"');
  });
});
