/**
 * The ledger under hostile or failing conditions (issue 11, holes 1 and 4).
 *
 * Hole 1: a damaged or edited ledger (or list of earlier scans) must never make a scan delete, overwrite
 * or copy anything outside its own folders. Reproduced by hand first: `"ghost.jpg": "../../victim.txt"` in a report
 * folder's ledger deleted victim.txt two folders above the output on the next run.
 * Hole 4: a withdrawal that fails (a read-only folder, a file open on Windows) must not abort the scan: that photo
 * becomes an `error` naming the file to remove by hand, the rest of the scan finishes, and the exit code is 4.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoAnalysis } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS } from '../../src/faces/match.js';
import { loadPhoto } from '../../src/images/load.js';
import { POLICY_DEFAULTS } from '../../src/policy/decide.js';
import { cachedAnalyzer, rendersInThisThread, type PhotoAnalyzer } from '../../src/engine/analyze.js';
import { LEDGER_FILE, type LedgerData } from '../../src/history/ledger.js';
import { checkPreviousRun, otherScansOf, ScanLedger } from '../../src/scan/ledger.js';
import { runScan } from '../../src/scan/pipeline.js';
import type { ScanPlan } from '../../src/scan/plan.js';
import { exitCodeFor, summarise } from '../../src/scan/report.js';
import { photoReasonText } from '../../src/report/reasons.js';
import { planFolders, type ScanFolders } from '../../src/scan/folders.js';
import { resolveFolders } from '../../src/scan/setup.js';
import { listFiles, walkPhotos } from '../../src/scan/walk.js';

/**
 * Photos named in `strangers` show one stranger (dropped: `--unknown drop`), in `tiny` one face too small to recognise
 * (sent to review: `--small review`); the others no face: published as they are.
 */
const strangers = new Set<string>();
const tiny = new Set<string>();
const stranger = Float32Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0));
const stubEngines: PhotoAnalyzer = {
  backend: 'stub',
  settingsKey: 'stub',
  async analyze(file): Promise<PhotoAnalysis> {
    const { rgb } = await loadPhoto(file);
    const name = path.basename(file);
    const faces = strangers.has(name) || tiny.has(name) ? [{ box: { x: 8, y: 8, width: 30, height: 30 }, score: 0.9, landmarks: Array.from({ length: 5 }, () => ({ x: 20, y: 20 })) as never }] : [];
    return { imageSize: { width: rgb.width, height: rgb.height }, faces, descriptors: faces.map(() => (tiny.has(name) ? null : stranger)) };
  },
  ...rendersInThisThread,
  async close() {},
};

/** Files (by name) whose removal fails as on a read-only folder. */
const stuckFiles = new Set<string>();
async function remove(file: string): Promise<void> {
  if (stuckFiles.has(path.basename(file))) throw Object.assign(new Error(`EPERM: operation not permitted, unlink '${file}'`), { code: 'EPERM' });
  await rm(file, { force: true });
}

let dir: string;
let folders: ScanFolders;
let warnings: string[];
let scanList: string[];
const store = {
  readScans: async () => [...scanList],
  writeScans: async (reports: readonly string[]) => {
    scanList = [...reports];
  },
};

async function photo(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 90, b: 160 } } }).jpeg().toFile(file);
}

async function scan(target: ScanFolders = folders, scope: 'public' | 'internal' = 'public') {
  const warn = (message: string): void => void warnings.push(message);
  const identity = { scope, className: null } as const;
  const previous = await checkPreviousRun(target, identity, warn);
  const sources = await walkPhotos(target.input);
  const plan: ScanPlan = {
    folders: target,
    sources,
    templates: [],
    pupils: new Map(),
    policy: { ...POLICY_DEFAULTS, scope, className: null, unknown: 'drop', small: 'review' },
    match: MATCH_DEFAULTS,
    style: 'solid',
    quality: 90,
    jobs: 2,
  };
  const ledger = new ScanLedger(target, identity, previous, await otherScansOf(store, target, warn), { warn, remove });
  return runScan(plan, cachedAnalyzer(stubEngines, null), ledger);
}

/** The ledger as JSON, open to the edits a user (or a damaged disk) could make. */
type EditableLedger = { -readonly [K in keyof LedgerData]: LedgerData[K] } & Record<string, unknown>;

async function editLedger(target: ScanFolders, edit: (data: EditableLedger) => void): Promise<void> {
  const file = path.join(target.report, LEDGER_FILE);
  const data = JSON.parse(await readFile(file, 'utf8')) as EditableLedger;
  edit(data);
  await writeFile(file, JSON.stringify(data));
}

async function exists(file: string): Promise<boolean> {
  return readFile(file).then(
    () => true,
    () => false,
  );
}

beforeEach(async () => {
  strangers.clear();
  tiny.clear();
  stuckFiles.clear();
  warnings = [];
  scanList = [];
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-ledger-paths-'));
  folders = await resolveFolders(planFolders({ input: path.join(dir, 'school', 'sportdag'), scope: 'public', className: null, out: path.join(dir, 'school', 'out', 'web') }));
  await photo(path.join(folders.input, 'a.jpg'));
  await photo(path.join(folders.input, 'trip', 'b.jpg'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('paths read back from a ledger', () => {
  it('never removes a file outside the output that an edited ledger names (the exploit of issue 11)', async () => {
    await scan();
    // Two folders above the output, as in the issue: out/web/../../victim.txt.
    const victim = path.join(dir, 'school', 'victim.txt');
    await writeFile(victim, 'precious');
    await editLedger(folders, (data) => {
      data.outputs = { ...data.outputs, 'ghost.jpg': '../../victim.txt' };
    });
    const outcome = await scan();
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(outcome.photos.map((p) => [p.source, p.decision])).toEqual([
      ['a.jpg', 'publish'],
      ['trip/b.jpg', 'publish'],
    ]);
    expect(warnings.join('\n')).toMatch(/"\.\.\/\.\.\/victim\.txt" for ghost\.jpg, which is not a file inside .*: ignored/);
    // The warning is said once, and the bad entry is not written back.
    const again = JSON.parse(await readFile(path.join(folders.report, LEDGER_FILE), 'utf8')) as LedgerData;
    expect(Object.keys(again.outputs).sort()).toEqual(['a.jpg', 'trip/b.jpg']);
  });

  it('ignores absolute paths and entries that are not paths at all, in outputs and reviews', async () => {
    await scan();
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    await editLedger(folders, (data) => {
      data.outputs = { ...data.outputs, 'ghost.jpg': victim, 'odd.jpg': 42 as unknown as string, 'dot.jpg': '.' };
      data.reviews = { 'ghost2.jpg': `../web-review/../../../victim.txt` };
    });
    await scan();
    expect(await exists(victim)).toBe(true);
    expect(warnings).toHaveLength(4);
    expect(await listFiles(folders.output)).toEqual(['a.jpg', 'trip/b.jpg']);
  });

  it('neither removes nor writes through a folder of the output replaced by a link to elsewhere', async () => {
    await scan();
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'b.jpg'), 'not a photo of ours');
    await rm(path.join(folders.output, 'trip'), { recursive: true });
    await symlink(elsewhere, path.join(folders.output, 'trip'));
    const outcome = await scan();
    expect(await readFile(path.join(elsewhere, 'b.jpg'), 'utf8')).toBe('not a photo of ours');
    // Not published through the link, so an error; the next run (link gone) places it again.
    expect(outcome.photos.find((p) => p.source === 'trip/b.jpg')).toMatchObject({ decision: 'error', output: null });
    expect(warnings.join('\n')).toMatch(/trip\/b\.jpg.*lies outside .*: it was not removed/);
  });

  it('copies nothing from another scan whose ledger points outside its folders, and ignores a relative entry in the list of scans', async () => {
    await scan();
    const outside = path.join(dir, 'outside.jpg');
    await photo(outside);
    await editLedger(folders, (data) => {
      data.outputs = { ...data.outputs, 'a.jpg': '../../../outside.jpg' };
    });
    scanList = [...scanList, 'relative/report'];
    const internal = await resolveFolders(planFolders({ input: folders.input, scope: 'internal', className: null }));
    const outcome = await scan(internal, 'internal');
    expect(outcome.copied).toBe(1); // trip/b.jpg, from inside the public output
    expect(warnings.join('\n')).toMatch(/"relative\/report", which is not an absolute folder/);
    expect(scanList).not.toContain('relative/report');
  });
});

describe('a withdrawal that fails', () => {
  async function ledgerOnDisk(): Promise<LedgerData> {
    return JSON.parse(await readFile(path.join(folders.report, LEDGER_FILE), 'utf8')) as LedgerData;
  }

  it('does not abort the scan: the photo is an error naming the file to delete by hand, exit 4, and the next run removes it', async () => {
    await scan();
    await photo(path.join(folders.input, 'c.jpg'));
    // a.jpg now shows a stranger (dropped), b.jpg is gone from the input: both earlier copies must go, and cannot.
    strangers.add('a.jpg');
    await rm(path.join(folders.input, 'trip', 'b.jpg'));
    stuckFiles.add('a.jpg').add('b.jpg');
    const outcome = await scan();
    const byName = new Map(outcome.photos.map((p) => [p.source, p]));
    expect([...byName.keys()].sort()).toEqual(['a.jpg', 'c.jpg', 'trip/b.jpg']);
    expect(byName.get('c.jpg')?.decision).toBe('publish');
    for (const [source, file] of [
      ['a.jpg', path.join(folders.output, 'a.jpg')],
      ['trip/b.jpg', path.join(folders.output, 'trip', 'b.jpg')],
    ] as const) {
      expect(byName.get(source)).toMatchObject({ decision: 'error', output: null, why: { kind: 'not-removed', files: [file] } });
      expect(byName.get(source)?.error).toContain(`could not remove ${file} (EPERM`);
      expect(await exists(file)).toBe(true);
    }
    expect(photoReasonText(byName.get('a.jpg')!.why)).toMatch(/could not be removed: delete .*a\.jpg by hand/);
    expect(exitCodeFor(summarise(outcome.photos), outcome.interrupted)).toBe(4);
    // Still claimed, so the next run tries again (and a foreign-file check does not refuse them).
    const ledger = await ledgerOnDisk();
    expect(ledger.finished).toBe(true);
    expect(Object.keys(ledger.outputs).sort()).toEqual(['a.jpg', 'c.jpg', 'trip/b.jpg']);

    stuckFiles.clear();
    const rerun = await scan();
    expect(rerun.photos.map((p) => [p.source, p.decision])).toEqual([
      ['a.jpg', 'dropped'],
      ['c.jpg', 'publish'],
    ]);
    expect(await listFiles(folders.output)).toEqual(['c.jpg']);
  });

  it('keeps the photo out of its new place while its old copy cannot be removed', async () => {
    await scan();
    // a.jpg now needs review: it must leave the output before it may enter the review folder.
    tiny.add('a.jpg');
    stuckFiles.add('a.jpg');
    const outcome = await scan();
    expect(outcome.photos.find((p) => p.source === 'a.jpg')).toMatchObject({ decision: 'error', review: null, why: { kind: 'not-removed' } });
    expect(await listFiles(folders.review).catch(() => [])).toEqual([]);
    expect(outcome.photos.find((p) => p.source === 'trip/b.jpg')?.decision).toBe('publish');
    stuckFiles.clear();
    expect((await scan()).photos.find((p) => p.source === 'a.jpg')).toMatchObject({ decision: 'review', review: 'a.jpg' });
    expect(await listFiles(folders.output)).toEqual(['trip/b.jpg']);
  });
});
