/**
 * `privacy-filter correct --group`, end to end on the demo: Joe has no portrait, so his faces in two photos are
 * unknown and grouped; one command names them all, the next scans apply it like single-face corrections (consent
 * rules still in charge), and bad input exits 2 and stores nothing.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorrections } from '../../src/store/corrections.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { demoWithoutJoe, type GroupedFace, type GroupedReport } from '../helpers/demo-without-joe.js';
import { runCli } from '../scan/cli-helpers.js';

type Face = GroupedFace;
type Report = GroupedReport;

let cwd: string;
const correctionsFile = (): string => path.join(cwd, '.privacy-filter', 'corrections.enc');
const report = async (scope: string): Promise<Report> => JSON.parse(await readFile(path.join(cwd, `photos-${scope}-report`, 'report.json'), 'utf8')) as Report;
const grouped = (r: Report): { source: string; face: Face }[] => r.photos.flatMap((p) => p.faces.filter((f) => f.group !== null).map((face) => ({ source: p.source, face })));

let joeGroup: string;

beforeAll(async () => {
  cwd = await demoWithoutJoe('pf-correct-group-');
  const groups = grouped(await report('public'));
  // Joe's two faces, in two photos, are one group; Barack, identified, is in none.
  expect(groups.map((g) => g.source).sort()).toEqual(['sportdag-01.jpg', 'sportdag-02-sideways.jpg']);
  expect(new Set(groups.map((g) => g.face.group)).size).toBe(1);
  for (const { face } of groups) expect(face).toMatchObject({ status: 'unknown', action: 'anonymised' });
  joeGroup = groups[0]!.face.group!;
}, 240_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('privacy-filter correct --group', () => {
  it('gives the same group ids when the same scan runs again', async () => {
    const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
    expect(scan.code, scan.stderr).toBe(0);
    expect(grouped(await report('public')).map((g) => g.face.group)).toEqual([joeGroup, joeGroup]);
    // The report the teacher reads names the group beside each face and says how to name it at once.
    const html = await readFile(path.join(cwd, 'photos-public-report', 'report.html'), 'utf8');
    expect(html).toContain(`— group ${joeGroup}`);
    expect(html).toMatch(/2 faces nobody was matched to, grouped into 1 person; name a whole group at once with <code>privacy-filter correct --group/);
  });

  it.each([
    [['--group', 'p0000000000', '1002'], /No scan in this working folder has a group of faces called p0000000000/],
    [['--group', '<id>', '9999'], /There is no pupil 9999 in the roster/],
    [['--group', '<id>'], /Who or what is this group\?/],
    [['--group', '<id>', 'not-a-face'], /cannot be named not-a-face/],
    [['--group', '<id>', '1002', 'extra'], /give only who or what the group is/],
    [['--group', '<id>', 'blur', '--drop'], /--group names a whole group/],
    [['--group', '<id>', 'blur', '--except', 'photos/gordijnen.jpg:1'], /Face 1 of gordijnen.jpg is not in group/],
    [['--group', '<id>', 'blur', '--except', 'photos/elsewhere.jpg:1'], /photos\/elsewhere.jpg is not a photo of the scan/],
    [['photos/sportdag-01.jpg', '1', 'blur', '--except', 'photos/sportdag-01.jpg:1'], /--except leaves a face out of a group, so it needs --group/],
  ])('refuses %j with a message that says what to do, exit 2, and stores nothing', async (args, message) => {
    const result = await runCli(['correct', ...args.map((a) => (a === '<id>' ? joeGroup : a))], cwd);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    await expect(stat(correctionsFile())).rejects.toThrow();
  });

  it('takes a face out of the group with --except: only the others are named', async () => {
    const r = await report('public');
    const sideways = r.photos.find((p) => p.source === 'sportdag-02-sideways.jpg')!;
    const face = sideways.faces.findIndex((f) => f.group === joeGroup) + 1;
    const named = await runCli(['correct', '--group', joeGroup, 'blur', '--except', `photos/sportdag-02-sideways.jpg:${face}`], cwd);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(new RegExp(`Stored for the 1 face of group ${joeGroup}: blur\\.\\n  sportdag-01\\.jpg, face \\d`, 'u'));
    const stored = [...(await readCorrections((await openStoreAndSweep(cwd))!)).entries()];
    expect(stored.map(([, p]) => p.faces.map((m) => m.correction.kind))).toEqual([['blur']]);
  });

  it('names every face of the group at once, remembered and applied in every scope under the consent rules', async () => {
    // The last word counts: the face named blur above is now named with the rest.
    const named = await runCli(['correct', '--group', joeGroup, '1002'], cwd);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(new RegExp(`Stored for the 2 faces of group ${joeGroup}: Joe de Vries \\(pupil 1002\\)`, 'u'));
    expect(named.stdout).toMatch(/sportdag-01.jpg, face \d/);

    // Each face a correction of its own, with its descriptor as a learned face of Joe.
    const stored = [...(await readCorrections((await openStoreAndSweep(cwd))!)).values()].flatMap((p) => p.faces);
    expect(stored).toHaveLength(2);
    for (const mark of stored) {
      expect(mark.correction).toEqual({ kind: 'pupil', pupilId: '1002' });
      expect(mark.learned).not.toBeNull();
    }

    for (const scope of ['public', 'internal']) {
      const scan = await runCli(['scan', 'photos', '--scope', scope, '--quiet'], cwd);
      expect(scan.code, scan.stderr).toBe(0);
      const joe = (await report(scope)).photos.flatMap((p) => p.faces.filter((f) => f.pupil === '1002'));
      expect(joe).toHaveLength(2);
      // Joe has no public consent: named, still anonymised; internally he may be shown.
      for (const face of joe) expect(face).toMatchObject({ correction: 'pupil', group: null, action: scope === 'public' ? 'anonymised' : 'kept' });
      expect(grouped(await report(scope))).toEqual([]);
    }
  });
});
