import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { FaceDescriber, FaceDetector, Template } from '../../src/faces/engine-types.js';
import type { RgbImage } from '../../src/geometry.js';
import type { TemplateSet } from '../../src/store/documents/templates.js';
import { openOrCreateStore, openStoreAndSweep } from '../../src/store/open.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../scan/cli-helpers.js';

// Stub engines see the whole portrait; the real framing is the detector's own business.
vi.mock('../../src/faces/detector.js', () => ({
  detectPortraitFaces: (detector: FaceDetector, image: RgbImage) => detector.detect(image),
}));
const { enrol } = await import('../../src/enrol/enrol.js');
const { formatEnrolment } = await import('../../src/enrol/report.js');
const { mergeTemplates } = await import('../../src/enrol/templates.js');
const { inThisThread } = await import('../../src/enrol/portraits.js');

/** `enroll` without the CLI: merge into the nearest store, with the given engines in this thread. */
async function runEnroll(options: { cwd: string; roster?: string; portraits?: string; column?: string[]; engines: { detector: FaceDetector; describer: FaceDescriber } }) {
  const { engines: given, ...rest } = options;
  return formatEnrolment(await enrol({ ...rest, templates: 'merge', store: 'nearest', describeWith: inThisThread(given) }), options.cwd);
}
const { runForget } = await import('../../src/cli/forget.js');
const { erasePupils } = await import('../../src/store/rights.js');

const d = (v: number) => new Float32Array(128).fill(v);
const t = (pupilId: string, ...values: number[]): Template => ({ pupilId, descriptors: values.map(d) });

describe('mergeTemplates', () => {
  const previous: TemplateSet = { describer: 'k1', templates: [t('1', 0.1), t('2', 0.2), t('old', 0.3)], enrolledAt: { '1': 'A', '2': 'B', old: 'C' } };

  it('replaces pupils enrolled now, keeps the others with their dates', () => {
    const { set, kept, droppedOutdated } = mergeTemplates(previous, [t('1', 0.5, 0.6)], 'k1', 'NOW');
    expect(set.templates.map((x) => [x.pupilId, x.descriptors.length])).toEqual([['1', 2], ['2', 1], ['old', 1]]);
    expect(set.enrolledAt).toEqual({ '1': 'NOW', '2': 'B', old: 'C' });
    expect(kept).toEqual(['2', 'old']);
    expect(droppedOutdated).toBe(0);
  });

  it('drops every old template when the describer changed (they cannot be compared)', () => {
    const { set, kept, droppedOutdated } = mergeTemplates(previous, [t('1', 0.5)], 'k2', 'NOW');
    expect(set.describer).toBe('k2');
    expect(set.templates.map((x) => x.pupilId)).toEqual(['1']);
    expect(kept).toEqual([]);
    expect(droppedOutdated).toBe(3);
  });
});

describe('erasePupils', () => {
  const set: TemplateSet = { describer: 'k', templates: [t('1001', 0.1), t('A12', 0.2, 0.3)], enrolledAt: { '1001': 'x', A12: 'y' } };
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-erase-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('erases the named pupils (ids case-insensitive) and keeps the rest', async () => {
    const store = await openOrCreateStore(dir);
    await store.writeTemplates(set);
    const erased = await erasePupils(store, ['a12']);
    expect(erased.map((e) => [e.pupilId, e.portraits])).toEqual([['A12', 2]]);
    const rest = await store.readTemplates();
    expect(rest.templates.map((x) => x.pupilId)).toEqual(['1001']);
    expect(rest.enrolledAt).toEqual({ '1001': 'x' });
  });

  it('refuses an id about which nothing is held, erasing nothing and naming no enrolled pupil', async () => {
    const store = await openOrCreateStore(dir);
    await store.writeTemplates(set);
    let caught: unknown;
    try {
      await erasePupils(store, ['1001', '9999']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    const text = (caught as UserError).format();
    expect(text).toMatch(/9999/);
    expect(text).toMatch(/Nothing was erased/);
    expect(text).not.toMatch(/1001|A12/);
    expect((await store.readTemplates()).templates).toHaveLength(2);
  });
});

// ---- runEnroll / runForget on a temp working folder with stub engines ----

const COLOURS: Record<string, [number, number, number]> = { '1001': [200, 0, 0], '1002': [0, 200, 0], '1003': [0, 0, 200], '1004': [100, 100, 100] };
const detector: FaceDetector = {
  settingsKey: 'stub-detector',
  // Grey portraits hold nothing; the rest one big central face.
  detect: async (image) => {
    if (image.data[0] === 100) return [];
    const s = image.width / 2;
    const p = { x: image.width / 2, y: image.height / 2 };
    return [{ box: { x: s / 2, y: s / 2, width: s, height: s }, score: 0.95, landmarks: [p, p, p, p, p] }];
  },
  close: async () => {},
};
const describer: FaceDescriber = {
  settingsKey: 'stub-describer-v1',
  backend: 'stub',
  describe: async (image, faces) => faces.map(() => new Float32Array(128).fill((image.data[0] ?? 0) / 255)),
  close: async () => {},
};
const engines = { detector, describer };

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pf-cli-faces-'));
  await mkdir(path.join(work, 'portretten', '1002'), { recursive: true });
  for (const [rel, id] of [['1001.png', '1001'], ['1002/zomer.png', '1002'], ['1002/winter.png', '1002'], ['1004.png', '1004'], ['1099.png', '1001']] as const) {
    const [r, g, b] = COLOURS[id] ?? [0, 0, 0];
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r, g, b } } }).png().toFile(path.join(work, 'portretten', rel));
  }
  await writeFile(
    path.join(work, 'leerlingen.csv'),
    '\uFEFFLeerlingnummer;Roepnaam;Achternaam;Groep;Intern;Groep app;Publiek\n' +
      '1001;Sem;Jansen;5b;ja;ja;ja\n1002;Noor;Bakker;5b;ja;ja;nee\n1003;Daan;Visser;5b;nee;nee;nee\n1004;Lot;Smit;5b;ja;ja;ja\n',
  );
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const COLUMNS = ['internal=Intern', 'group=Groep app', 'public=Publiek'];

describe('runEnroll', () => {
  it('enrols, saves config and templates, and tells the teacher what happened', async () => {
    const lines = await runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, engines });
    const out = lines.join('\n');
    expect(out).toMatch(/Enrolled 2 of 4 pupils/);
    expect(out).toMatch(/1002 Noor Bakker: 2 portraits/);
    expect(out).toMatch(/portretten\/1004\.png \(1004\): no face found/);
    expect(out).toMatch(/without a usable portrait[^\n]*blurred by default:\n(.*\n)*\s+1003 Daan Visser \(no portrait found\)/);
    expect(out).toMatch(/matching no pupil number[^\n]*\n\s+portretten\/1099\.png/);
    expect(out).toMatch(/biometric/);

    const store = await openStoreAndSweep(work);
    expect(await store?.readConfig()).toEqual({
      roster: 'leerlingen.csv',
      portraits: 'portretten',
      columns: { internal: 'Intern', group: 'Groep app', public: 'Publiek' },
    });
    const doc = await store?.readDocument('templates');
    expect(JSON.stringify(doc)).not.toMatch(/png|portretten|zomer|Noor|Bakker/);
    expect(doc).toMatchObject({ describer: 'stub-describer-v1', pupils: [{ id: '1001' }, { id: '1002' }] });
    expect(await readFile(path.join(work, '.privacy-filter', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('re-enrols from a subfolder with the saved config, keeps pupils enrolled before, suggests forget for leavers', async () => {
    await runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, engines });
    // 1001 leaves the school; 1004's portrait is fixed (now a face).
    const csv = (await readFile(path.join(work, 'leerlingen.csv'), 'utf8')).replace(/1001;[^\n]*\n/, '');
    await writeFile(path.join(work, 'leerlingen.csv'), csv);
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 0, g: 0, b: 200 } } }).png().toFile(path.join(work, 'portretten', '1004.png'));
    const sub = path.join(work, 'sportdag');
    await mkdir(sub);
    const out = (await runEnroll({ cwd: sub, engines })).join('\n');
    expect(out).toMatch(/Enrolled 2 of 3 pupils/);
    expect(out).toMatch(/no longer on the roster: 1001\.\n\s+Erase them with: privacy-filter forget 1001/);
    expect(existsSync(path.join(sub, '.privacy-filter'))).toBe(false);
    const set = await (await openStoreAndSweep(work))?.readTemplates();
    expect(set?.templates.map((x) => x.pupilId).sort()).toEqual(['1001', '1002', '1004']);
  });

  it('starts afresh over a damaged templates and config instead of stopping', async () => {
    await openOrCreateStore(work);
    await writeFile(path.join(work, '.privacy-filter', 'templates.enc'), 'PFv1 cut short');
    await writeFile(path.join(work, '.privacy-filter', 'config.enc'), '{"roster":');
    const out = (await runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, engines })).join('\n');
    expect(out).toMatch(/damaged and have been replaced/);
    expect((await (await openStoreAndSweep(work))?.readTemplates())?.templates.map((x) => x.pupilId)).toEqual(['1001', '1002']);
    expect((await (await openStoreAndSweep(work))?.readConfig())?.roster).toBe('leerlingen.csv');
  });

  it('asks for a roster when none is given or saved', async () => {
    await expect(runEnroll({ cwd: work, engines })).rejects.toThrow(/Which roster/);
  });

  it('refuses a portraits folder in which nothing matches a pupil', async () => {
    await mkdir(path.join(work, 'leeg'));
    await writeFile(path.join(work, 'leeg', 'IMG_0001.jpg'), 'x');
    await expect(runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'leeg', column: COLUMNS, engines })).rejects.toThrow(/No portrait matches/);
    expect(existsSync(path.join(work, '.privacy-filter', 'templates.enc'))).toBe(false);
  });

  it('warns about portraits older than a school year and pupils enrolled that long ago', async () => {
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 400 * 24 * 3600 * 1000);
    await utimes(path.join(work, 'portretten', '1001.png'), old, old);
    const out = (await runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, engines })).join('\n');
    expect(out).toMatch(/older than a school year[^\n]*\n\s+portretten\/1001\.png \(1001\): \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(out).not.toMatch(/zomer\.png \(1002\): \d{4}/);
  });
});

describe('runForget', () => {
  it('erases one pupil and says so', async () => {
    await runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, engines });
    const lines = await runForget(work, { kind: 'pupils', ids: ['1002'] });
    expect(lines[0]).toBe('Erased the enrolled face of pupil 1002 (2 portraits).');
    expect(lines.at(-1)).toMatch(/cache[^\n]*forget --all/);
    const set = await (await openStoreAndSweep(work))?.readTemplates();
    expect(set?.templates.map((x) => x.pupilId)).toEqual(['1001']);
  });

  it('erases nothing when one id is unknown', async () => {
    await runEnroll({ cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, engines });
    await expect(runForget(work, { kind: 'pupils', ids: ['1002', '1003'] })).rejects.toThrow(/"1003"/);
    expect((await (await openStoreAndSweep(work))?.readTemplates())?.templates).toHaveLength(2);
  });

  it('--all erases every template, the cache and the list of earlier scans', async () => {
    const store = await openOrCreateStore(work);
    await store.writeTemplates({ describer: 'k', templates: [t('1', 0.1)], enrolledAt: {} });
    await store.writeScans([path.join(work, 'out-report')]);
    await mkdir(path.join(store.cacheDir, 'ab'), { recursive: true });
    await writeFile(path.join(store.cacheDir, 'ab', 'entry.json'), '{}');
    expect((await runForget(work, { kind: 'all', confirm: { kind: 'yes' } })).join('\n')).toMatch(/Erased every enrolled face, correction, the list of earlier scans and the analysis cache/);
    expect((await store.readTemplates()).templates).toEqual([]);
    expect(existsSync(store.cacheDir)).toBe(false);
    expect(await store.readScans()).toEqual([]);
    expect(existsSync(path.join(store.dir, 'scans.enc'))).toBe(false);
  });

  it('says there is nothing enrolled when there is no store', async () => {
    await expect(runForget(work, { kind: 'pupils', ids: ['1001'] })).rejects.toThrow(/nothing is enrolled/);
  });
});

// ---- the real CLI, spawned, on the demo fixtures ----

const demo = fixture('demo');
describe.skipIf(!existsSync(path.join(demo, 'roster.csv')))('privacy-filter enroll + forget (spawned)', () => {
  it('enrols the demo pupils, keeps no file names, forgets one, refuses an unknown id', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-cli-enroll-'));
    try {
      await cp(path.join(demo, 'roster.csv'), path.join(cwd, 'roster.csv'));
      await cp(path.join(demo, 'portraits'), path.join(cwd, 'portraits'), { recursive: true });

      const enrolled = await runCli(['enroll', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
      expect(enrolled.stderr).not.toMatch(/internal error/);
      expect(enrolled.code).toBe(0);
      expect(enrolled.stdout).toMatch(/Enrolled 2 of 6 pupils/);
      expect(enrolled.stdout).toMatch(/1001 [^\n]*: 1 portrait\n/);
      expect(enrolled.stdout).toMatch(/1006 [^\n]*\(no portrait found\)/);
      const templates = (await (await openStoreAndSweep(cwd))!.readDocument('templates')) as { pupils: { id: string }[] };
      expect(JSON.stringify(templates)).not.toMatch(/\.jpg|portraits/);
      expect(templates.pupils.map((p) => p.id)).toEqual(['1001', '1002']);

      const forgot = await runCli(['forget', '1002'], cwd);
      expect(forgot.code).toBe(0);
      expect(forgot.stdout).toMatch(/Erased the enrolled face of pupil 1002/);

      const unknown = await runCli(['forget', '9999'], cwd);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/9999/);
      expect(unknown.stderr).not.toMatch(/1001/);
      const left = (await (await openStoreAndSweep(cwd))!.readTemplates()).templates;
      expect(left.map((p) => p.pupilId)).toEqual(['1001']);
      expect((await readdir(cwd)).sort()).toEqual(['.privacy-filter', 'portraits', 'roster.csv']);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});

describe('formatChecks', () => {
  it('shows the fix for what is broken and says whether privacy-filter can run', async () => {
    const { formatChecks } = await import('../../src/cli/doctor.js');
    const ok = formatChecks([{ name: 'Node.js', status: 'ok', detail: '20.20.2' }]);
    expect(ok.at(-1)).toBe('privacy-filter can run on this computer.');
    const broken = formatChecks([
      { name: 'Node.js', status: 'ok', detail: '20.20.2' },
      { name: 'Face detection model (YuNet)', status: 'fail', detail: 'yunet_s_dynamic.onnx is missing', fix: 'Reinstall privacy-filter (npm ci).' },
    ]).join('\n');
    expect(broken).toMatch(/FAIL {2}Face detection model \(YuNet\): yunet_s_dynamic.onnx is missing\n\s+→ Reinstall/);
    expect(broken).toMatch(/1 essential part is broken/);
  });
});

describe('privacy-filter doctor (spawned)', () => {
  it('checks every part and exits 0 on a working install', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-cli-doctor-'));
    try {
      const result = await runCli(['doctor'], cwd);
      expect(result.stderr).not.toMatch(/internal error/);
      for (const part of ['Node.js', 'YuNet', 'onnxruntime', 'face-api', 'Recogniser', 'sharp', 'HEIC', 'Enrolled pupils']) {
        expect(result.stdout).toMatch(new RegExp(`^(ok|warn) +${part}|^(ok|warn) +[^\\n]*${part}`, 'm'));
      }
      expect(result.stdout).toMatch(/^ok +HEIC[^\n]*decodes a sample HEVC photo/m);
      // A working install runs face-api's nets on onnxruntime, not the tfjs fallback.
      expect(result.stdout).toMatch(/^ok +Recogniser[^\n]*onnxruntime/m);
      expect(result.stdout).toMatch(/^warn +Enrolled pupils: no \.privacy-filter folder/m);
      expect(result.code).toBe(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
