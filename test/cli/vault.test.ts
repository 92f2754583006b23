/**
 * The store's protection end to end, with the real CLI on the demo: init and scan under PRIVACY_FILTER_PASSPHRASE,
 * no pupil id, name or descriptor in clear in any file of .privacy-filter/, refusals without or with a wrong
 * passphrase that change nothing, show / forget / forget --not-on-roster / passphrase / config.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysisKey } from '../../src/engine/defaults.js';
import { hashFile } from '../../src/store/cache.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { configureVault, forgetUnlockedVaults } from '../../src/store/vault.js';
import { fixture } from '../helpers/fixtures.js';
import { CLI_PASSPHRASE, runCli, snapshot } from '../scan/cli-helpers.js';

const demo = fixture('demo');
const NO_PASSPHRASE = { PRIVACY_FILTER_PASSPHRASE: undefined };

let dir: string;
let cwd: string;

async function contents(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await snapshot(root)) out[name] = await readFile(path.join(root, name)).then((b) => b.toString('base64'), () => '(folder)');
  return out;
}

/** A test process reading the store as a CLI run would: the passphrase the CLI got. */
async function openStore(passphrase = CLI_PASSPHRASE) {
  forgetUnlockedVaults();
  const restore = configureVault({ passphrase: async () => passphrase });
  try {
    return (await openStoreAndSweep(cwd))!;
  } finally {
    restore();
  }
}

describe.skipIf(!existsSync(path.join(demo, 'roster.csv')))('the encrypted store, end to end on the demo', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-cli-vault-'));
    cwd = path.join(dir, 'school');
    await cp(demo, cwd, { recursive: true });
  });
  afterAll(async () => {
    forgetUnlockedVaults();
    await rm(dir, { recursive: true, force: true });
  });

  it('init without a passphrase and without a terminal: exit 2, says what to do, writes nothing', async () => {
    const before = await snapshot(cwd);
    const result = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd, NO_PASSPHRASE);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PRIVACY_FILTER_PASSPHRASE/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('init and scan work with PRIVACY_FILTER_PASSPHRASE, and no file under .privacy-filter holds an id, a name or a descriptor in clear', async () => {
    const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(init.stderr).not.toMatch(/internal error/);
    expect(init.code).toBe(0);
    const scan = await runCli(['scan', 'photos', '--scope', 'public', '--out', 'out/public', '--quiet'], cwd);
    expect(scan.stderr).not.toMatch(/internal error/);
    expect(scan.code).toBe(0);

    const store = await openStore();
    expect(store.encrypted).toBe(true);
    const descriptors: Float32Array[] = (await store.readTemplates()).templates.flatMap((t) => t.descriptors);
    const cache = await store.analysisCache(defaultAnalysisKey());
    for (const photo of await readdir(path.join(cwd, 'photos'))) {
      const analysis = await cache.get(await hashFile(path.join(cwd, 'photos', photo)));
      expect(analysis, photo).not.toBeNull();
      for (const d of analysis!.descriptors) if (d !== null) descriptors.push(d);
    }
    expect(descriptors.length).toBeGreaterThan(4);
    const roster = await readFile(path.join(cwd, 'roster.csv'), 'utf8');
    const rows = roster.trim().split('\n').slice(1).map((line) => line.split(';'));
    const words = rows.flatMap(([id, first, , last]) => [id!, first!, last!]).filter((w) => w.length >= 4); // 3 letters could turn up in random bytes by chance
    expect(words).toContain('1002');
    const leaks = await findLeaks(store.dir, words, descriptors);
    expect(leaks).toEqual([]);
    // The scan's report does name them (it is the teacher's document, outside the store): the search can find them.
    const report = await readFile(path.join(cwd, 'out', 'public-report', 'report.json'));
    expect((await leaksIn(report, words, descriptors)).length).toBeGreaterThan(0);
  });

  it('a wrong passphrase: every command that needs the store exits 2 and changes nothing', async () => {
    const before = await contents(cwd);
    for (const args of [
      ['scan', 'photos', '--scope', 'internal', '--quiet'],
      ['show', '1002'],
      ['forget', '1002'],
      ['forget', '--not-on-roster'],
      ['passphrase'],
      ['config', '--retention', '5'],
      ['enroll'],
    ]) {
      const result = await runCli(args, cwd, { PRIVACY_FILTER_PASSPHRASE: 'not the passphrase' });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/passphrase is wrong/);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    const none = await runCli(['scan', 'photos', '--scope', 'internal', '--quiet'], cwd, NO_PASSPHRASE);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/PRIVACY_FILTER_PASSPHRASE/);
    expect(await contents(cwd)).toEqual(before);
  });

  it('show tells what is held about a pupil and which reports name them; --json the same as data', async () => {
    const text = await runCli(['show', '1002'], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/holds about pupil 1002:\n\s+Enrolled faces: 1 portrait[^\n]*enrolled \d{1,2} [A-Z][a-z]+ \d{4}\./);
    expect(text.stdout).toMatch(/Learned faces and corrections: none/);
    expect(text.stdout).toMatch(/out\/public-report \(\d{1,2} [A-Z][a-z]+ \d{4}, public\): \d photos?: /);
    const json = await runCli(['show', '1002', '--json'], cwd);
    const body = JSON.parse(json.stdout) as { templates: { portraits: number }; reports: { folder: string; photos: string[] }[]; encrypted: boolean };
    expect(body.templates.portraits).toBe(1);
    expect(body.encrypted).toBe(true);
    expect(body.reports.map((r) => r.folder)).toEqual([path.join(await realCwd(), 'out', 'public-report')]);
    expect(body.reports[0]!.photos.length).toBeGreaterThan(0);
    const nobody = await runCli(['show', '1006'], cwd);
    expect(nobody.stdout).toMatch(/holds nothing about pupil 1006/);
  });

  it('forget erases a pupil, says which reports still name them; then show says nothing is held and a scan does not identify them', async () => {
    const forgot = await runCli(['forget', '1002'], cwd);
    expect(forgot.code).toBe(0);
    expect(forgot.stdout).toMatch(/Erased the enrolled face of pupil 1002 \(1 portrait\)/);
    expect(forgot.stdout).toMatch(/Reports outside the store still name 1002[^\n]*\n\s+out\/public-report/);
    const shown = await runCli(['show', '1002'], cwd);
    expect(shown.stdout).toMatch(/holds nothing about pupil 1002/);
    const again = await runCli(['forget', '1002'], cwd);
    expect(again.code).toBe(2);
    const scan = await runCli(['scan', 'photos', '--scope', 'internal', '--out', 'out/internal', '--quiet'], cwd);
    expect(scan.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(cwd, 'out', 'internal-report', 'report.json'), 'utf8')) as { photos: { faces: { pupil: string | null }[] }[] };
    const named = report.photos.flatMap((p) => p.faces.map((f) => f.pupil));
    expect(named).toContain('1001');
    expect(named).not.toContain('1002');
  });

  it('forget --not-on-roster erases the pupils a newer export no longer lists', async () => {
    const roster = await readFile(path.join(cwd, 'roster.csv'), 'utf8');
    await writeFile(path.join(cwd, 'left.csv'), roster.replace(/\n1001;[^\n]*/, ''));
    const kept = await runCli(['forget', '--not-on-roster'], cwd);
    expect(kept.stdout).toMatch(/Every enrolled pupil is on roster\.csv: nothing was erased/);
    const result = await runCli(['forget', '--not-on-roster', '--roster', 'left.csv'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 enrolled pupil no longer on left\.csv: 1001\./);
    expect((await (await openStore()).readTemplates()).templates).toEqual([]);
  });

  it('passphrase changes it without enrolling again; config sets the retention', async () => {
    const changed = await runCli(['passphrase'], cwd, { PRIVACY_FILTER_NEW_PASSPHRASE: 'a new passphrase' });
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/Changed the passphrase/);
    const old = await runCli(['config'], cwd);
    expect(old.code).toBe(2);
    const config = await runCli(['config', '--retention', '30'], cwd, { PRIVACY_FILTER_PASSPHRASE: 'a new passphrase' });
    expect(config.code).toBe(0);
    expect(config.stdout).toMatch(/kept 30 days/);
    expect(config.stdout).toMatch(/Encrypted: +yes/);
    const bad = await runCli(['config', '--retention', '0'], cwd, { PRIVACY_FILTER_PASSPHRASE: 'a new passphrase' });
    expect(bad.code).toBe(2);
  });

  it('forget --all needs the passphrase (or --lost-passphrase) and --yes without a terminal', async () => {
    const before = await contents(cwd);
    const locked = await runCli(['forget', '--all', '--yes'], cwd, NO_PASSPHRASE);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/PRIVACY_FILTER_PASSPHRASE/);
    expect(await contents(cwd)).toEqual(before);
    const result = await runCli(['forget', '--all', '--yes'], cwd, { PRIVACY_FILTER_PASSPHRASE: 'a new passphrase' });
    expect(result.code).toBe(0);
    expect((await readdir(path.join(cwd, '.privacy-filter'))).sort()).toEqual(['.gitignore', 'config.enc', 'settings.enc', 'vault.json']);
  });
});

describe.skipIf(!existsSync(path.join(demo, 'roster.csv')))('init --no-encrypt', () => {
  it('needs no passphrase, keeps the files in clear, and doctor warns about it', async () => {
    const plainDir = await mkdtemp(path.join(os.tmpdir(), 'pf-cli-plain-'));
    try {
      await cp(demo, plainDir, { recursive: true });
      const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits', '--no-encrypt'], plainDir, NO_PASSPHRASE);
      expect(init.code).toBe(0);
      expect(init.stdout).toMatch(/NOT encrypted/);
      expect((await readdir(path.join(plainDir, '.privacy-filter'))).sort()).toEqual(['.gitignore', 'cache', 'config.json', 'templates.json', 'vault.json']);
      const doctor = await runCli(['doctor'], plainDir, NO_PASSPHRASE);
      expect(doctor.stdout).toMatch(/^warn +Encryption of the enrolled faces: [^\n]*NOT encrypted/m);
    } finally {
      await rm(plainDir, { recursive: true, force: true });
    }
  });
});

async function realCwd(): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(cwd);
}

async function findLeaks(root: string, words: readonly string[], descriptors: readonly Float32Array[]): Promise<string[]> {
  const leaks: string[] = [];
  for (const name of await snapshot(root)) {
    const bytes = await readFile(path.join(root, name)).catch(() => null);
    if (bytes !== null) for (const leak of await leaksIn(bytes, words, descriptors)) leaks.push(`${name}: ${leak}`);
  }
  return leaks;
}

/**
 * Ids and names as text; descriptors as runs of 4 raw float32s, as base64 of such a run (at each byte alignment) and
 * as a run of 4 numbers printed with 4 decimals, the ways a descriptor could end up in a file.
 */
async function leaksIn(bytes: Buffer, words: readonly string[], descriptors: readonly Float32Array[]): Promise<string[]> {
  const leaks = words.filter((w) => bytes.includes(Buffer.from(w, 'utf8')));
  const text = bytes.toString('latin1');
  for (const d of descriptors) {
    const raw = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    for (let at = 0; at + 16 <= raw.length; at += 16) {
      const run = raw.subarray(at, at + 16);
      if (bytes.includes(run)) leaks.push('raw descriptor bytes');
      for (const shift of [0, 1, 2]) if (text.includes(Buffer.concat([Buffer.alloc(shift), run]).toString('base64').slice(4, 20))) leaks.push('base64 descriptor');
      const decimals = Array.from(d.subarray(at / 4, at / 4 + 4), (x) => x.toFixed(4)).join(',');
      if (text.replace(/\s/g, '').includes(decimals)) leaks.push('descriptor as numbers');
    }
  }
  return [...new Set(leaks)];
}
