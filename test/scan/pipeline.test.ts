import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { PhotoAnalysis } from '../../src/faces/engine-types.js';
import type { Detection } from '../../src/faces/types.js';
import type { Box } from '../../src/geometry.js';
import { MATCH_DEFAULTS } from '../../src/faces/match.js';
import { loadPhoto } from '../../src/images/load.js';
import { POLICY_DEFAULTS, type PolicyOptions, type PupilConsent } from '../../src/policy/decide.js';
import { cachedAnalyzer, rendersInThisThread, type PhotoAnalyzer } from '../../src/engine/analyze.js';
import { AnalysisCache } from '../../src/store/cache.js';
import { LEDGER_FILE, readLedger } from '../../src/history/ledger.js';
import { checkPreviousRun, otherScansOf, ScanLedger } from '../../src/scan/ledger.js';
import { runScan } from '../../src/scan/pipeline.js';
import type { ScanPlan } from '../../src/scan/plan.js';
import { planFolders, type ScanFolders } from '../../src/scan/folders.js';
import { listFiles, removeTempFiles, surveyFolder, walkPhotos } from '../../src/scan/walk.js';
import { ANNA, BRAM, STRANGER, templates } from '../helpers/axis-pupils.js';


const FACE_BOX: Box = { x: 40, y: 30, width: 40, height: 40 };

function detection(box: Box): Detection {
  const p = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  return { box, score: 0.99, landmarks: [p, p, p, p, p] };
}

/** Which face (descriptor, or null = too small) each photo shows, by file name. */
const FACES: Record<string, (Float32Array | null)[]> = {
  'anna.jpg': [ANNA],
  'bram.jpg': [BRAM],
  'stranger.jpg': [STRANGER],
  'tiny.png': [null],
  'empty.jpg': [],
};

/** Stands in for the face engines: reads the photo for real (so unreadable files fail as they would), faces from the table. */
function stubAnalyzer(): PhotoAnalyzer & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    backend: 'stub',
    settingsKey: 'stub',
    async analyze(file): Promise<PhotoAnalysis> {
      calls.push(path.basename(file));
      const { rgb } = await loadPhoto(file);
      const descriptors = FACES[path.basename(file)] ?? [];
      return { imageSize: { width: rgb.width, height: rgb.height }, faces: descriptors.map(() => detection(FACE_BOX)), descriptors };
    },
    ...rendersInThisThread,
    async close() {},
  };
}

function consent(publicYes: boolean): PupilConsent {
  return { className: '5b', consent: { internal: true, group: true, public: publicYes } };
}

let dir: string;
let folders: ScanFolders;

/** A 160×120 photo with a bright square where the stub says the face is, and GPS in its EXIF. */
async function photo(relative: string, format: 'jpeg' | 'png' = 'jpeg'): Promise<void> {
  const file = path.join(folders.input, relative);
  await mkdir(path.dirname(file), { recursive: true });
  const face = await sharp({ create: { width: FACE_BOX.width, height: FACE_BOX.height, channels: 3, background: { r: 250, g: 250, b: 250 } } }).png().toBuffer();
  const image = sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 20, g: 90, b: 160 } } }).composite([
    { input: face, left: FACE_BOX.x, top: FACE_BOX.y },
  ]);
  await (format === 'jpeg' ? image.jpeg().withExif({ IFD0: { Artist: 'Juf Anouk' } }) : image.png()).toFile(file);
}

function plan(sources: string[], overrides: { pupils?: Record<string, PupilConsent>; policy?: Partial<PolicyOptions> } = {}): ScanPlan {
  const pupils = overrides.pupils ?? { anna: consent(true), bram: consent(false) };
  return {
    folders,
    sources,
    templates,
    pupils: new Map(Object.entries(pupils)),
    policy: { ...POLICY_DEFAULTS, scope: 'public', className: null, ...overrides.policy },
    match: MATCH_DEFAULTS,
    style: 'solid',
    quality: 90,
    jobs: 2,
  };
}

async function scan(overrides: Parameters<typeof plan>[1] = {}, signal?: AbortSignal) {
  return scanInto(folders, 'public', overrides, signal);
}

/** The scans run so far, as the store lists them (see otherScansOf). */
let scanList: string[] = [];
const store = {
  readScans: async () => [...scanList],
  writeScans: async (reports: readonly string[]) => {
    scanList = [...reports];
  },
};

async function scanInto(target: ScanFolders, scope: 'public' | 'internal', overrides: Parameters<typeof plan>[1] = {}, signal?: AbortSignal) {
  const identity = { scope, className: null } as const;
  const previous = await checkPreviousRun(target, identity);
  await removeTempFiles(target.output).catch(() => 0);
  const sources = await walkPhotos(target.input);
  const analyzer = stubAnalyzer();
  // Without a cache, but with the content hashes a scan has: what lets a rerun keep files that are still current.
  const withHashes = cachedAnalyzer(analyzer, null);
  const scanPlan = { ...plan(sources, overrides), folders: target, policy: { ...plan(sources, overrides).policy, scope } };
  const ledger = new ScanLedger(target, identity, previous, await otherScansOf(store, target));
  const outcome = await runScan(scanPlan, withHashes, ledger, signal ? { signal } : {});
  return { ...outcome, analyzer, byName: new Map(outcome.photos.map((p) => [p.source, p])) };
}

async function filesIn(folder: string): Promise<string[]> {
  return listFiles(folder).catch(() => []);
}

/** Mean brightness of the face square: bright in the source, flattened by a solid cover. */
async function faceBrightness(file: string): Promise<number> {
  const { data } = await sharp(file).extract({ left: FACE_BOX.x + 10, top: FACE_BOX.y + 10, width: 20, height: 20 }).raw().toBuffer({ resolveWithObject: true });
  return data.reduce((sum, v) => sum + v, 0) / data.length;
}

beforeEach(async () => {
  scanList = [];
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-scan-'));
  folders = planFolders({ input: path.join(dir, 'sportdag'), scope: 'public', className: null });
  await photo('anna.jpg');
  await photo('trip/bram.jpg');
  await photo('stranger.jpg');
  await photo('tiny.png', 'png');
  await photo('empty.jpg');
  const good = await readFile(path.join(folders.input, 'anna.jpg'));
  await writeFile(path.join(folders.input, 'truncated.jpg'), good.subarray(0, Math.floor(good.length / 3)));
  await writeFile(path.join(folders.input, 'notes.jpg'), 'dit is geen foto\n');
  await writeFile(path.join(folders.input, 'notes.txt'), 'ignored\n');
  await writeFile(path.join(folders.input, '.hidden.jpg'), good);
  await writeFile(path.join(folders.input, 'anna.jpg.1a2b.partial'), good);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('walkPhotos', () => {
  it('finds photos in subfolders, sorted, without dotfiles, temp files or other files', async () => {
    expect(await walkPhotos(folders.input)).toEqual(['anna.jpg', 'empty.jpg', 'notes.jpg', 'stranger.jpg', 'tiny.png', 'trip/bram.jpg', 'truncated.jpg']);
  });

  it('and says of every other file why it is not processed (issue 21, finding 11)', async () => {
    await writeFile(path.join(folders.input, 'trip', 'clip.mov'), 'x');
    await writeFile(path.join(folders.input, 'trip', 'camcorder.mts'), 'x');
    const { photos, clips, skipped } = await surveyFolder(folders.input);
    expect(photos).toEqual(await walkPhotos(folders.input));
    // A clip the scan filters is one of the files to process; a video of another kind is listed with why.
    expect(clips).toEqual(['trip/clip.mov']);
    expect(skipped).toEqual([
      { file: '.hidden.jpg', reason: 'hidden' },
      { file: 'anna.jpg.1a2b.partial', reason: 'not-a-photo' },
      { file: 'notes.txt', reason: 'not-a-photo' },
      { file: 'trip/camcorder.mts', reason: 'video' },
    ]);
  });
});

describe('runScan with stub engines', () => {
  it('places each photo by its decision, and never publishes an unreadable one', async () => {
    const result = await scan({ policy: { unknown: 'drop', small: 'review' } });
    const decisions = Object.fromEntries(result.photos.map((p) => [p.source, p.decision]));
    expect(decisions).toEqual({
      'anna.jpg': 'publish',
      'empty.jpg': 'publish',
      'notes.jpg': 'error',
      'stranger.jpg': 'dropped',
      'tiny.png': 'review',
      'trip/bram.jpg': 'anonymised',
      'truncated.jpg': 'error',
    });
    expect(result.interrupted).toBe(false);
    expect(await filesIn(folders.output)).toEqual(['anna.jpg', 'empty.jpg', 'trip/bram.jpg']);
    expect(await filesIn(folders.review)).toEqual(['tiny.png']);
    expect(result.byName.get('trip/bram.jpg')).toMatchObject({ output: 'trip/bram.jpg', review: null, faces: [{ pupil: 'bram', status: 'not-consented', action: 'anonymised' }] });
    expect(result.byName.get('tiny.png')).toMatchObject({ output: null, review: 'tiny.png' });
    expect(result.byName.get('notes.jpg')?.error).toMatch(/cannot read photo notes\.jpg/);
    expect(result.byName.get('truncated.jpg')).toMatchObject({ output: null, review: null, faces: [] });
    // Nothing half-written anywhere, and the input is as it was.
    for (const written of [folders.output, folders.review, folders.report]) {
      expect((await readdir(written, { recursive: true })).filter((f) => String(f).endsWith('.partial'))).toEqual([]);
    }
    expect((await readdir(folders.input)).sort()).toEqual(['.hidden.jpg', 'anna.jpg', 'anna.jpg.1a2b.partial', 'empty.jpg', 'notes.jpg', 'notes.txt', 'stranger.jpg', 'tiny.png', 'trip', 'truncated.jpg']);
  });

  it('records in the ledger who each placed file shows and since when; a kept file keeps its date', async () => {
    await scan();
    const first = await readLedger(folders);
    expect(first?.shows?.['anna.jpg']).toMatchObject({ pupils: ['anna'], hidden: 0 });
    expect(first?.shows?.['trip/bram.jpg']).toMatchObject({ pupils: [], hidden: 1 });
    expect(first?.shows?.['stranger.jpg']).toMatchObject({ pupils: [], hidden: 1 });
    // Nothing for photos that were not placed.
    expect(first?.shows?.['notes.jpg']).toBeUndefined();
    const annaAt = first?.shows?.['anna.jpg']?.publishedAt;
    expect(Date.parse(annaAt ?? '')).not.toBeNaN();

    // Anna withdraws: her file is written again (a new date), Bram's is kept as it was (its date too).
    await scan({ pupils: { anna: consent(false), bram: consent(false) } });
    const second = await readLedger(folders);
    expect(second?.shows?.['anna.jpg']).toMatchObject({ pupils: [], hidden: 1 });
    expect(second?.shows?.['anna.jpg']?.publishedAt).not.toBe(annaAt);
    expect(second?.shows?.['trip/bram.jpg']).toEqual(first?.shows?.['trip/bram.jpg']);
  });

  it('anonymises the face of the pupil without consent, strips metadata, and leaves the consented face alone', async () => {
    await scan();
    const source = await faceBrightness(path.join(folders.input, 'trip/bram.jpg'));
    expect(source).toBeGreaterThan(230);
    expect(await faceBrightness(path.join(folders.output, 'trip/bram.jpg'))).toBeLessThan(200);
    expect(await faceBrightness(path.join(folders.output, 'anna.jpg'))).toBeGreaterThan(230);
    expect((await sharp(path.join(folders.input, 'anna.jpg')).metadata()).exif).toBeDefined();
    expect((await sharp(path.join(folders.output, 'anna.jpg')).metadata()).exif).toBeUndefined();
  });

  it('removes a published photo on the rerun after its consent was withdrawn, and keeps the rest', async () => {
    await scan({ policy: { action: 'drop', unknown: 'drop' } });
    expect(await filesIn(folders.output)).toEqual(['anna.jpg', 'empty.jpg']);
    const rerun = await scan({ pupils: { anna: consent(false), bram: consent(false) }, policy: { action: 'drop', unknown: 'drop' } });
    expect(rerun.byName.get('anna.jpg')?.decision).toBe('dropped');
    expect(await filesIn(folders.output)).toEqual(['empty.jpg']);
  });

  it('moves a photo from the output to the review folder when it now needs review', async () => {
    await scan({ policy: { small: 'blur' } });
    expect(await filesIn(folders.output)).toContain('tiny.png');
    await scan({ policy: { small: 'review' } });
    expect(await filesIn(folders.output)).not.toContain('tiny.png');
    expect(await filesIn(folders.review)).toEqual(['tiny.png']);
  });

  it('withdraws the earlier output of a photo that became unreadable, and of a photo deleted from the input', async () => {
    await scan();
    expect(await filesIn(folders.output)).toContain('stranger.jpg');
    await writeFile(path.join(folders.input, 'stranger.jpg'), 'kapot');
    await rm(path.join(folders.input, 'empty.jpg'));
    const rerun = await scan();
    expect(rerun.byName.get('stranger.jpg')?.decision).toBe('error');
    expect(await filesIn(folders.output)).toEqual(['anna.jpg', 'tiny.png', 'trip/bram.jpg']);
  });

  it('withdraws the earlier outputs of photos an interrupted rerun did not get to: undecided photos never stay published', async () => {
    await scan();
    expect(await filesIn(folders.output)).toContain('anna.jpg');
    const controller = new AbortController();
    controller.abort();
    const rerun = await scan({}, controller.signal);
    expect(rerun.interrupted).toBe(true);
    expect(await filesIn(folders.output)).toEqual([]);
    expect(await filesIn(folders.review)).toEqual([]);
  });

  it('renders on a rerun into the same folders only the photos whose result changed', async () => {
    const first = await scan();
    expect(first.kept).toBe(0);
    const before = new Map(await Promise.all((await filesIn(folders.output)).map(async (f) => [f, await readFile(path.join(folders.output, f))] as const)));
    expect([...before.keys()]).toEqual(['anna.jpg', 'empty.jpg', 'stranger.jpg', 'tiny.png', 'trip/bram.jpg']);
    // Bram's parents now allow public use: only his photo changes.
    const rerun = await scan({ pupils: { anna: consent(true), bram: consent(true) } });
    expect(rerun.kept).toBe(4);
    expect(await faceBrightness(path.join(folders.output, 'trip/bram.jpg'))).toBeGreaterThan(230);
    for (const [file, bytes] of before) {
      if (file !== 'trip/bram.jpg') expect((await readFile(path.join(folders.output, file))).equals(bytes), file).toBe(true);
    }
    // The same scan again: nothing to write at all.
    expect((await scan({ pupils: { anna: consent(true), bram: consent(true) } })).kept).toBe(5);
  });

  it('renders a photo again when its output file was changed since: a kept file is only ever our own, unaltered', async () => {
    await scan();
    // Someone copied the original over the anonymised output: the face would be out in the open.
    await writeFile(path.join(folders.output, 'stranger.jpg'), await readFile(path.join(folders.input, 'stranger.jpg')));
    expect(await faceBrightness(path.join(folders.output, 'stranger.jpg'))).toBeGreaterThan(230);
    const rerun = await scan();
    expect(rerun.kept).toBe(4);
    expect(await faceBrightness(path.join(folders.output, 'stranger.jpg'))).toBeLessThan(200);
  });

  it('does not keep a file whose name a new photo with the same stem now changes', async () => {
    const tiff = path.join(folders.input, 'klas.tiff');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).tiff().toFile(tiff);
    await scan();
    expect(await filesIn(folders.output)).toContain('klas.jpg');
    await photo('klas.jpg');
    const rerun = await scan();
    expect(rerun.byName.get('klas.tiff')?.output).toBe('klas.tiff.jpg');
    expect(rerun.byName.get('klas.jpg')?.output).toBe('klas.jpg');
    // Each output is its own photo: the red TIFF and the blue JPEG.
    const red = await sharp(path.join(folders.output, 'klas.tiff.jpg')).stats();
    const blue = await sharp(path.join(folders.output, 'klas.jpg')).stats();
    expect(red.channels[0]!.mean).toBeGreaterThan(red.channels[2]!.mean);
    expect(blue.channels[2]!.mean).toBeGreaterThan(blue.channels[0]!.mean);
  });

  it('renders a photo again when the photo itself changed, though its faces did not', async () => {
    await scan();
    const file = path.join(folders.input, 'empty.jpg');
    await sharp(await readFile(file)).modulate({ brightness: 0.5 }).jpeg().toFile(file);
    const rerun = await scan();
    expect(rerun.kept).toBe(4);
    const { data } = await sharp(path.join(folders.output, 'empty.jpg')).raw().toBuffer({ resolveWithObject: true });
    const { data: source } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(data[0]! - source[0]!)).toBeLessThan(8);
  });

  it('stops taking photos once aborted and says it was interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await scan({}, controller.signal);
    expect(result.interrupted).toBe(true);
    expect(result.photos).toEqual([]);
    expect(await filesIn(folders.output)).toEqual([]);
  });
});

describe('a scan for another scope', () => {
  // Bram's parents allow internal use but not public: his face is hidden only in the public scan.
  const internalFolders = () => planFolders({ input: folders.input, scope: 'internal', className: null });

  it('copies the files of the public scan that hide the same faces, and renders the photo that differs', async () => {
    await scan();
    const internal = await scanInto(internalFolders(), 'internal');
    // The stranger and the too-small face are hidden in both scopes, Anna and the empty photo need nothing in either.
    expect(internal.copied).toBe(4);
    for (const file of ['anna.jpg', 'empty.jpg', 'stranger.jpg', 'tiny.png']) {
      const copy = await readFile(path.join(internalFolders().output, file));
      expect(copy.equals(await readFile(path.join(folders.output, file))), file).toBe(true);
    }
    expect(await faceBrightness(path.join(folders.output, 'trip/bram.jpg'))).toBeLessThan(200);
    expect(await faceBrightness(path.join(internalFolders().output, 'trip/bram.jpg'))).toBeGreaterThan(230);
  });

  it('renders a photo itself when the other scan\'s file was changed since: only an unaltered render is copied', async () => {
    await scan();
    await writeFile(path.join(folders.output, 'stranger.jpg'), await readFile(path.join(folders.input, 'stranger.jpg')));
    const internal = await scanInto(internalFolders(), 'internal');
    expect(internal.copied).toBe(3);
    expect(await faceBrightness(path.join(internalFolders().output, 'stranger.jpg'))).toBeLessThan(200);
  });

  it('copies nothing from a scan of other photos, and forgets scans whose report folder is gone', async () => {
    const elsewhere = planFolders({ input: path.join(dir, 'schoolreis'), scope: 'public', className: null });
    await mkdir(elsewhere.input, { recursive: true });
    await writeFile(path.join(elsewhere.input, 'stranger.jpg'), await readFile(path.join(folders.input, 'stranger.jpg')));
    await scanInto(elsewhere, 'public');
    await scan();
    expect(scanList).toEqual([elsewhere.report, folders.report]);
    expect((await otherScansOf(store, internalFolders())).map((l) => l.output)).toEqual([folders.output]);
    await rm(elsewhere.report, { recursive: true });
    await otherScansOf(store, internalFolders());
    expect(scanList).toEqual([folders.report, internalFolders().report]);
  });
});

describe('checkPreviousRun', () => {
  const identity = { scope: 'public', className: null } as const;

  it('accepts new folders and an earlier run of the same scan', async () => {
    expect(await checkPreviousRun(folders, identity)).toBeNull();
    await scan();
    expect(await checkPreviousRun(folders, identity)).toMatchObject({ input: folders.input, outputs: { 'anna.jpg': 'anna.jpg' } });
  });

  it.each([
    ['a foreign file in the output', 'output', /output folder .* already holds files that this scan did not write: holiday\.jpg/],
    ['a foreign file in the report folder', 'report', /report folder .* already holds files/],
  ] as const)('refuses %s', async (_label, where, message) => {
    await mkdir(folders[where], { recursive: true });
    await writeFile(path.join(folders[where], 'holiday.jpg'), 'x');
    await expect(checkPreviousRun(folders, identity)).rejects.toThrow(UserError);
    await expect(checkPreviousRun(folders, identity)).rejects.toThrow(message);
  });

  it('refuses a file added to the output after an earlier run', async () => {
    await scan();
    await writeFile(path.join(folders.output, 'holiday.jpg'), 'x');
    await expect(checkPreviousRun(folders, identity)).rejects.toThrow(/holiday\.jpg/);
  });

  it('refuses to reuse an output folder for another scope', async () => {
    await scan();
    await expect(checkPreviousRun(folders, { scope: 'internal', className: null })).rejects.toThrow(/chosen for public/);
  });

  it('treats leftover temp files as ours: they are removed, not refused', async () => {
    await mkdir(folders.output, { recursive: true });
    await writeFile(path.join(folders.output, 'anna.jpg.abc123.partial'), 'half');
    await expect(checkPreviousRun(folders, identity)).resolves.toBeNull();
    expect(await removeTempFiles(folders.output)).toBe(1);
    expect(await readdir(folders.output)).toEqual([]);
  });

  it('keeps the ledger hidden in the report folder', async () => {
    await scan();
    expect(await readdir(folders.report)).toContain(LEDGER_FILE);
    expect(await filesIn(folders.report)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('writes the ledger for its owner only, like the reports it describes', async () => {
    await scan();
    // It names every photo and where it went: as private as report.json.
    expect((await stat(path.join(folders.report, LEDGER_FILE))).mode & 0o777).toBe(0o600);
  });
});

describe('cachedAnalyzer', () => {
  it('analyses a photo once, then answers from the cache by content, also under another name', async () => {
    const inner = stubAnalyzer();
    const analyzer = cachedAnalyzer(inner, new AnalysisCache(path.join(dir, 'cache'), inner.settingsKey));
    const first = await analyzer.analyze(path.join(folders.input, 'trip/bram.jpg'));
    await writeFile(path.join(folders.input, 'bram.jpg'), await readFile(path.join(folders.input, 'trip/bram.jpg')));
    const second = await analyzer.analyze(path.join(folders.input, 'bram.jpg'));
    expect(inner.calls).toEqual(['bram.jpg']);
    expect(second.imageSize).toEqual(first.imageSize);
    expect(Array.from(second.descriptors[0]!)).toEqual(Array.from(BRAM));
  });

  it('does not cache a photo that cannot be read', async () => {
    const inner = stubAnalyzer();
    const analyzer = cachedAnalyzer(inner, new AnalysisCache(path.join(dir, 'cache'), inner.settingsKey));
    await expect(analyzer.analyze(path.join(folders.input, 'notes.jpg'))).rejects.toThrow(/cannot read photo/);
    await expect(analyzer.analyze(path.join(folders.input, 'notes.jpg'))).rejects.toThrow(/cannot read photo/);
    expect(inner.calls).toEqual(['notes.jpg', 'notes.jpg']);
  });
});
