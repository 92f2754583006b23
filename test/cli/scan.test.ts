import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import { descriptorDistance, MATCH_DEFAULTS } from '../../src/faces/match.js';
import type { Detection } from '../../src/faces/types.js';
import type { Box } from '../../src/geometry.js';
import { loadPhoto } from '../../src/images/load.js';
import { decodeReport } from '../../src/report/decode.js';
import type { ScanReport } from '../../src/report/types.js';
import { LEDGER_FILE } from '../../src/history/ledger.js';
import { listFiles } from '../../src/scan/walk.js';
import { openOrCreateStore, openStoreAndSweep } from '../../src/store/open.js';
import { fixture } from '../helpers/fixtures.js';
import { repoRoot } from '../helpers/shared.js';
import { runCli, snapshot } from '../scan/cli-helpers.js';

const ROSTER = 'Pupil ID,Name,Class,Internal,Group,Public\n1,Barack O,5b,yes,yes,yes\n2,Joe B,5b,yes,yes,no\n';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-scan-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A working folder with a roster, an enrolled (fake) pupil and a photos folder: enough to reach every refusal without loading a model. */
async function school(name: string, options: { enrolled?: boolean; photos?: boolean } = {}): Promise<string> {
  const cwd = path.join(dir, name);
  await mkdir(path.join(cwd, 'sportdag'), { recursive: true });
  await mkdir(path.join(cwd, 'leeg'));
  await writeFile(path.join(cwd, 'roster.csv'), ROSTER);
  if (options.photos !== false) {
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(cwd, 'sportdag', 'a.jpg'));
  }
  if (options.enrolled !== false) {
    const store = await openOrCreateStore(cwd);
    await store.writeConfig({ roster: 'roster.csv', portraits: null, columns: {} });
    await store.writeTemplates({ describer: 'fake', templates: [{ pupilId: '1', descriptors: [new Float32Array(128)] }], enrolledAt: { '1': '2026-01-01T00:00:00Z' } });
  }
  return cwd;
}

describe('privacy-filter scan: refusals before any work', () => {
  it.each([
    ['an empty photos folder', {}, ['scan', 'leeg', '--scope', 'public'], /There are no photos in .*leeg/],
    ['a photos folder that does not exist', {}, ['scan', 'nergens', '--scope', 'public'], /photos folder .*nergens does not exist/],
    ['no store (init never ran)', { enrolled: false }, ['scan', 'sportdag', '--scope', 'public'], /privacy-filter init/],
    ['a roster that is gone', { removeRoster: true }, ['scan', 'sportdag', '--scope', 'public'], /roster\.csv/],
    // The store's own check of the templates, as a scan meets it (school() enrols with describer "fake").
    ['faces enrolled with another recogniser', {}, ['scan', 'sportdag', '--scope', 'public'], /another version of the face recogniser[\s\S]*enroll again/],
    ['a store where nobody is enrolled', { noTemplates: true }, ['scan', 'sportdag', '--scope', 'public'], /No pupils are enrolled yet/],
    ['an output folder inside the photos folder', {}, ['scan', 'sportdag', '--scope', 'public', '--out', 'sportdag/web'], /output folder .* is inside the input folder/],
    ['an output folder holding other files', { foreign: true }, ['scan', 'sportdag', '--scope', 'public'], /already holds files that this scan did not write: vakantie\.jpg/],
    // Issue 21, finding 8: photos and a report with thumbnails must never land among the enrolled faces.
    ['an output folder inside .privacy-filter', {}, ['scan', 'sportdag', '--scope', 'public', '--out', '.privacy-filter/web'], /output folder .*\.privacy-filter\/web is inside \.privacy-filter, where the enrolled faces are kept[\s\S]*--out/],
    ['a report folder inside .privacy-filter', {}, ['scan', 'sportdag', '--scope', 'public', '--report', '.privacy-filter/report'], /report folder .*\.privacy-filter\/report is inside \.privacy-filter/],
    // Issue 21, finding 7: a folder that cannot be written is found before the analysis, not after it.
    ['a report folder that cannot be made (under a file)', {}, ['scan', 'sportdag', '--scope', 'public', '--report', 'roster.csv/report'], /report folder .*roster\.csv\/report cannot be written: a part of that path is a file[\s\S]*--report/],
    ['--scope group without --class', {}, ['scan', 'sportdag', '--scope', 'group'], /--scope group needs the class/],
    ['a class that is not in the roster', {}, ['scan', 'sportdag', '--scope', 'group', '--class', '7a'], /no class "7a"[\s\S]*one of: 5b/],
    ['an unknown scope', {}, ['scan', 'sportdag', '--scope', 'website'], /website.*(internal|choices)/],
    ['a quality out of range', {}, ['scan', 'sportdag', '--scope', 'public', '--quality', '101'], /Expected a whole number from 1 to 100 but received "101"/],
    ['a threshold looser than 0.6', {}, ['scan', 'sportdag', '--scope', 'public', '--threshold', '0,7'], /from 0.1 to 0.6 but received "0,7"\. Above 0.6 the recogniser takes strangers for pupils/],
    ['a --column without "="', {}, ['scan', 'sportdag', '--scope', 'public', '--column', 'public'], /--column "public" has no "="/],
    ['--unknown keep while a pupil without consent is not enrolled', {}, ['scan', 'sportdag', '--scope', 'public', '--unknown', 'keep'], /--unknown keep would publish a pupil without consent for public[^\n]*Joe B \(2, 5b\)/],
    // The same refusals in Dutch (issue 25): made as Texts in src/scan/, printed in the language asked for.
    ['in Dutch, a photos folder that does not exist', {}, ['scan', 'nergens', '--scope', 'public', '--lang', 'nl'], /De fotomap .*nergens bestaat niet\.\n\s+Controleer de spelling/],
    ['in Dutch, an output folder holding other files', { foreign: true }, ['scan', 'sportdag', '--scope', 'public', '--lang', 'nl'], /In de uitvoermap .*sportdag-public staan al bestanden die deze scan niet heeft geschreven: vakantie\.jpg\.\n\s+Kies een lege of nieuwe --out-map/],
    ['in Dutch, --unknown keep while a pupil without consent is not enrolled', {}, ['scan', 'sportdag', '--scope', 'public', '--unknown', 'keep', '--lang', 'nl'], /--unknown keep zou een leerling zonder toestemming voor publiek publiceren[^\n]*Joe B \(2, 5b\)[\s\S]*Lees eerst hun gezicht in/],
  ] as const)('refuses %s: exit 2, a plain message, nothing written', async (label, setup, args, message) => {
    const cwd = await school(label.replace(/\W+/g, '-'), { enrolled: !('enrolled' in setup) });
    if ('removeRoster' in setup) await rm(path.join(cwd, 'roster.csv'));
    if ('noTemplates' in setup) await (await openOrCreateStore(cwd)).writeTemplates({ describer: 'fake', templates: [], enrolledAt: {} });
    if ('foreign' in setup) {
      await mkdir(path.join(cwd, 'sportdag-public'));
      await writeFile(path.join(cwd, 'sportdag-public', 'vakantie.jpg'), 'x');
    }
    const before = await snapshot(cwd);
    const result = await runCli(args, cwd);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(await snapshot(cwd)).toEqual(before);
  });
});

/** The keys of report.json's objects, as src/report/types.ts names them. */
// `skipped` (issue 21, finding 11): every file under the input that was not processed, with why.
const REPORT_KEYS = ['backend', 'changes', 'className', 'finishedAt', 'input', 'interrupted', 'options', 'output', 'photos', 'purpose', 'reviewDir', 'scope', 'skipped', 'startedAt', 'summary', 'tool'];
// `why` and each face's `reason`: the worded `reasons` as data, for the review page to word in its own language.
const PHOTO_KEYS = ['decision', 'error', 'faces', 'imageSize', 'output', 'reasons', 'review', 'source', 'why'];
// `correction` (issue 12): the teacher's correction that decided the face, null for none. `group` (issue 25): the
// person an unnamed unknown or uncertain face was grouped with, null for the others.
const FACE_KEYS = ['action', 'box', 'correction', 'distance', 'group', 'pupil', 'reason', 'status'];
const SUMMARY_KEYS = ['anonymised', 'clips', 'dropped', 'error', 'faces', 'photos', 'publish', 'review', 'skipped'];

function centreDistance(a: Box, b: Box): number {
  return Math.hypot(a.x + a.width / 2 - (b.x + b.width / 2), a.y + a.height / 2 - (b.y + b.height / 2));
}

describe('privacy-filter init + scan on the demo (Barack may be public, Joe may not)', () => {
  let cwd: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: ScanReport;
  let detector: FaceDetector;
  let describer: FaceDescriber;
  const output = (): string => path.join(cwd, 'photos-public');

  beforeAll(async () => {
    cwd = path.join(dir, 'demo');
    await cp(fixture('demo'), cwd, { recursive: true });
    const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(init.code, init.stderr).toBe(0);
    result = await runCli(['scan', 'photos', '--scope=public'], cwd);
    report = JSON.parse(await readFile(path.join(cwd, 'photos-public-report', 'report.json'), 'utf8')) as ScanReport;
    [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
  });

  afterAll(async () => {
    await Promise.allSettled([detector?.close(), describer?.close()]);
  });

  // Issue 21, finding 7: this was exit 70, "internal error (a bug)" with a stack trace, after every photo was analysed.
  it('refuses a report folder it cannot write with exit 2 before the analysis, naming it', async () => {
    const refused = await runCli(['scan', 'photos', '--scope', 'internal', '--report', 'roster.csv/report', '--no-cache'], cwd);
    expect(refused.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`The report folder ${path.join(cwd, 'roster.csv', 'report')} cannot be written`);
    expect(existsSync(path.join(cwd, 'photos-internal'))).toBe(false);
  });

  // Issue 21, finding 11: a video, a link, a document and hidden files were left out without a word.
  it('accounts for every file it did not process: report.json, report.csv, report.html and the summary', async () => {
    const mixed = path.join(cwd, 'mixed');
    await cp(path.join(cwd, 'photos'), mixed, { recursive: true });
    // A video of a kind the scan does not filter (clips it does filter are test/scan/clips.test.ts's).
    await writeFile(path.join(mixed, 'clip.MTS'), 'not really a video');
    await writeFile(path.join(mixed, 'notes.docx'), 'x');
    await writeFile(path.join(mixed, '.DS_Store'), 'x');
    await mkdir(path.join(mixed, 'trip', '.thumbs'), { recursive: true });
    await writeFile(path.join(mixed, 'trip', '.thumbs', 'a.jpg'), 'x');
    await symlink(path.join(cwd, 'portraits'), path.join(mixed, 'trip', 'portraits-link'));
    await symlink(path.join(mixed, 'gordijnen.jpg'), path.join(mixed, 'link.jpg'));
    const scanned = await runCli(['scan', 'mixed', '--scope', 'public', '--quiet'], cwd);
    expect(scanned.code, scanned.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(cwd, 'mixed-public-report', 'report.json'), 'utf8')) as ScanReport;
    expect(json.skipped).toEqual([
      { file: '.DS_Store', reason: 'hidden' },
      { file: 'clip.MTS', reason: 'video' },
      { file: 'link.jpg', reason: 'symbolic-link' },
      { file: 'notes.docx', reason: 'not-a-photo' },
      { file: 'trip/.thumbs/', reason: 'hidden' },
      { file: 'trip/portraits-link', reason: 'symbolic-link' },
    ]);
    expect(json.summary).toMatchObject({ photos: 3, skipped: 6 });
    expect(scanned.stdout).toMatch(/not processed \(videos, links, other files; [^)]*\): 6\n/);
    const csv = await readFile(path.join(cwd, 'mixed-public-report', 'report.csv'), 'utf8');
    expect(csv).toContain('clip.MTS;skipped;');
    expect(csv).toContain('a video in a format this tool does not filter');
    const html = await readFile(path.join(cwd, 'mixed-public-report', 'report.html'), 'utf8');
    expect(html).toMatch(/<section id="skipped">[\s\S]*<code>link\.jpg<\/code>: a link to a file elsewhere/);
  });

  it('finishes with exit 0 and a summary on stdout', () => {
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Scanned 3 photos for public\./);
    expect(result.stdout).toMatch(/published as is: 1\n/);
    expect(result.stdout).toMatch(/published with faces anonymised: 2\n/);
    expect(result.stdout).toContain(`Output: ${output()}`);
    expect(result.stdout).toContain(`Report: ${path.join(cwd, 'photos-public-report', 'report.html')}`);
    expect(result.stdout).not.toMatch(/Review:/);
  });

  it('writes report.json in the published schema', () => {
    expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
    expect(Object.keys(report.summary).sort()).toEqual(SUMMARY_KEYS);
    expect(report).toMatchObject({ tool: { name: 'privacy-filter' }, scope: 'public', className: null, input: path.join(cwd, 'photos'), output: output() });
    expect(report.photos.map((p) => p.source)).toEqual(['gordijnen.jpg', 'sportdag-01.jpg', 'sportdag-02-sideways.jpg']);
    for (const photo of report.photos) {
      expect(Object.keys(photo).sort()).toEqual(PHOTO_KEYS);
      for (const face of photo.faces) {
        expect(Object.keys(face).sort()).toEqual(FACE_KEYS);
        // Only a face nobody was matched to (and nobody named) belongs to a people group.
        if ((face.status === 'unknown' || face.status === 'uncertain') && face.correction === null) expect(face.group).toMatch(/^p[0-9a-f]{10}$/u);
        else expect(face.group).toBeNull();
      }
    }
    expect(report.summary.faces).toBe(report.photos.reduce((n, p) => n + p.faces.length, 0));
    // A real scan's reasons as data read back whole (none null), so the review page words them in its own language.
    const decoded = decodeReport(report);
    expect(decoded.photos.map((p) => p.why)).toEqual(report.photos.map((p) => p.why));
    expect(decoded.photos.flatMap((p) => p.faces.map((face) => face.reason))).toEqual(report.photos.flatMap((p) => p.faces.map((face) => face.reason)));
    // A first scan: nothing was posted before, so nothing changed.
    expect(report.changes).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(existsSync(path.join(cwd, 'photos-public-report', 'takedown.csv'))).toBe(false);
  });

  it('puts only publishable photos in the output, upright, and shows only the consented face', async () => {
    const published = report.photos.filter((p) => p.decision === 'publish' || p.decision === 'anonymised');
    expect(published.map((p) => p.output).sort()).toEqual(await listFiles(output()));
    expect(await listFiles(output())).toEqual(['gordijnen.jpg', 'sportdag-01.jpg', 'sportdag-02-sideways.jpg']);
    const sideways = await sharp(path.join(output(), 'sportdag-02-sideways.jpg')).metadata();
    expect([sideways.width, sideways.height]).toEqual([1126, 661]);
    for (const face of report.photos.flatMap((p) => p.faces)) {
      if (face.action === 'kept') expect(face).toMatchObject({ status: 'consented', pupil: '1001' });
    }
    expect(report.photos.flatMap((p) => p.faces.filter((f) => f.pupil === '1002').map((f) => f.status))).toEqual(['not-consented', 'not-consented']);
  });

  it('strips the metadata from every copy (camera, GPS, orientation)', async () => {
    expect((await sharp(path.join(cwd, 'photos', 'sportdag-02-sideways.jpg')).metadata()).exif).toBeDefined();
    for (const file of await listFiles(output())) {
      const meta = await sharp(path.join(output(), file)).metadata();
      expect(meta.exif, file).toBeUndefined();
      expect(meta.xmp, file).toBeUndefined();
      expect(meta.iptc, file).toBeUndefined();
      expect(meta.orientation ?? 1, file).toBe(1);
    }
  });

  it('leaves Joe unrecognisable in every copy: his face in the output is far from his template, though close in the original', async () => {
    const store = await openStoreAndSweep(cwd);
    const joe = (await store!.readTemplates()).templates.find((t) => t.pupilId === '1002')!;
    const distance = (d: Float32Array): number => Math.min(...joe.descriptors.map((t) => descriptorDistance(d, t)));
    let checked = 0;
    for (const photo of report.photos) {
      if (photo.output == null) continue;
      const original = await loadPhoto(path.join(cwd, 'photos', photo.source));
      const copy = await loadPhoto(path.join(output(), photo.output));
      const detections = await detector.detect(original.rgb);
      for (const { box } of photo.faces) {
        const face: Detection = detections.reduce((best, d) => (centreDistance(d.box, box) < centreDistance(best.box, box) ? d : best));
        const [before] = await describer.describe(original.rgb, [face]);
        // Every face that could be him in the original, whatever recognition concluded, must be unrecognisable in the copy.
        if (before == null || distance(before) > MATCH_DEFAULTS.uncertainBelow) continue;
        checked += 1;
        const [after] = await describer.describe(copy.rgb, [face]);
        if (after != null) expect(distance(after), photo.source).toBeGreaterThan(MATCH_DEFAULTS.uncertainBelow);
      }
    }
    expect(checked).toBe(2);
  });

  it('a rerun after Joe got public consent publishes him, from the cached analyses', async () => {
    const cacheBefore = await snapshot(path.join(cwd, '.privacy-filter', 'cache'));
    const roster = await readFile(path.join(cwd, 'roster.csv'), 'utf8');
    await writeFile(path.join(cwd, 'roster.csv'), roster.replace('1002;Joe;de;Vries;8a;ja;ja;nee', '1002;Joe;de;Vries;8a;ja;ja;ja'));
    const rerun = await runCli(['scan', 'photos', '--scope=public', '--json', '--quiet'], cwd);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toBe('');
    expect(JSON.parse(rerun.stdout)).toMatchObject({ exitCode: 0, interrupted: false, summary: { photos: 3, dropped: 0, review: 0, error: 0 } });
    const again = JSON.parse(await readFile(path.join(cwd, 'photos-public-report', 'report.json'), 'utf8')) as ScanReport;
    expect(again.photos.find((p) => p.source === 'sportdag-01.jpg')?.decision).toBe('publish');
    // Joe is visible now where he was hidden: the posted copies can be replaced (nothing must come down).
    expect(again.changes?.length).toBeGreaterThan(0);
    for (const change of again.changes ?? []) expect([change.change, change.reason]).toEqual(['replaced', 'Joe de Vries (8a) is shown now']);
    expect(await snapshot(path.join(cwd, '.privacy-filter', 'cache'))).toEqual(cacheBefore);
  });

  it('a rerun after Barack withdrew consent, with --action drop, takes the published photos back out', async () => {
    const roster = await readFile(path.join(cwd, 'roster.csv'), 'utf8');
    await writeFile(path.join(cwd, 'roster.csv'), roster.replace('1001;Barack;van;Dijk;8a;ja;ja;ja', '1001;Barack;van;Dijk;8a;ja;ja;nee'));
    const rerun = await runCli(['scan', 'photos', '--scope=public', '--quiet', '--action', 'drop'], cwd);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/left out \(dropped\): 2\n/);
    expect(await listFiles(output())).toEqual(['gordijnen.jpg']);
    // What was posted before must come down: the report says which and why, and takedown.csv lists them.
    const after = JSON.parse(await readFile(path.join(cwd, 'photos-public-report', 'report.json'), 'utf8')) as ScanReport;
    expect(after.changes?.map((c) => [c.source, c.change, c.reason])).toEqual([
      ['sportdag-01.jpg', 'withdrawn', 'consent for public withdrawn for Barack van Dijk (8a)'],
      ['sportdag-02-sideways.jpg', 'withdrawn', 'consent for public withdrawn for Barack van Dijk (8a)'],
    ]);
    const takedown = await readFile(path.join(cwd, 'photos-public-report', 'takedown.csv'), 'utf8');
    expect(takedown.split('\r\n').filter((line) => line.startsWith('sportdag-'))).toHaveLength(2);
    expect(rerun.stdout).toContain('Changed since the last scan: 2 withdrawn, 0 replaced, 0 new');
  });

  it('stops cleanly on Ctrl-C: exit 130, a report marked interrupted, nothing half-written', async () => {
    const many = path.join(cwd, 'many');
    await mkdir(many);
    for (let i = 0; i < 12; i++) await copyFile(path.join(cwd, 'photos', 'sportdag-01.jpg'), path.join(many, `foto-${String(i).padStart(2, '0')}.jpg`));
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), 'scan', 'many', '--scope=public', '--no-cache', '--jobs', '1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let closed = false;
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    void exited.then(() => (closed = true));
    // The ledger is written once the models are loaded, just before the first photo: interrupt there.
    const ledger = path.join(cwd, 'many-public-report', LEDGER_FILE);
    while (!existsSync(ledger) && !closed) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/^Interrupted after \d+ photos/);
    const partial = JSON.parse(await readFile(path.join(cwd, 'many-public-report', 'report.json'), 'utf8')) as ScanReport;
    expect(partial.interrupted).toBe(true);
    expect(partial.summary.photos).toBeLessThan(12);
    const written = await snapshot(path.join(cwd, 'many-public')).catch(() => []);
    expect(written.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(written.filter((f) => f.endsWith('.jpg')).sort()).toEqual(partial.photos.flatMap((p) => (p.output == null ? [] : [p.output])).sort());
  });
});
