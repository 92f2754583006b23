/**
 * A store whose encrypted files are there but whose vault.json is gone (a partial copy or restore, a sync that skipped
 * it) cannot be opened: every command that opens the store refuses it with exit 2 and what to do, and deletes nothing.
 * Before, any of them took it for a store from before encryption and "converted" it: templates, corrections, the scan
 * list and the cache were deleted.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrCreateStore } from '../../src/store/open.js';
import { forgetUnlockedVaults } from '../../src/store/vault.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli, snapshot } from '../scan/cli-helpers.js';

let dir: string;
/** The school folder with its store as it was found; each command runs on a copy of its own. */
let pristine: string;

async function contents(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await snapshot(root)) out[name] = await readFile(path.join(root, name)).then((b) => b.toString('base64'), () => '(folder)');
  return out;
}

/** Every command that opens the store (src/cli/): each must refuse and leave every file as it was. */
const COMMANDS: readonly (readonly string[])[] = [
  ['scan', 'photos', '--scope', 'public', '--quiet'],
  ['scan', 'photos', '--scope', 'public', '--portraits', 'portraits', '--quiet'],
  ['show', '1001'],
  ['forget', '1001'],
  ['forget', '--not-on-roster'],
  ['forget', '--all', '--yes'],
  ['recheck'],
  ['review', '--no-open'],
  ['review', 'out-report', '--no-open'],
  ['correct', 'photos/gordijnen.jpg', '--drop'],
  ['init', '--roster', 'roster.csv', '--portraits', 'portraits'],
  ['init', '--roster', 'roster.csv', '--portraits', 'portraits', '--no-encrypt'],
  ['enroll', '--quiet'],
  ['config'],
  ['config', '--retention', '5'],
  ['passphrase'],
  ['doctor'],
];

describe('a store with encrypted files but no vault.json', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-lost-vault-'));
    pristine = path.join(dir, 'school');
    await cp(fixture('demo'), pristine, { recursive: true });
    await rm(path.join(pristine, 'build.mjs'), { force: true });
    // The scan list names a report folder, as after a scan.
    await mkdir(path.join(pristine, 'out-report'));
    // A store as init and a scan leave it, made in this process under the tests' passphrase.
    const store = await openOrCreateStore(pristine);
    await store.writeConfig({ roster: 'roster.csv', portraits: 'portraits', columns: {} });
    await store.writeTemplates({ describer: 'k', templates: [{ pupilId: '1001', descriptors: [new Float32Array(128).fill(0.1)] }], enrolledAt: {} });
    await store.writeScans([path.join(pristine, 'out-report')]);
    await store.writeDocument('corrections', { version: 1, photos: {} });
    await store.writeSettings({ retentionDays: 90 });
    await (await store.analysisCache('k')).put('ab'.repeat(32), { imageSize: { width: 10, height: 10 }, faces: [], descriptors: [] });
    await rm(path.join(store.dir, 'vault.json'));
    forgetUnlockedVaults();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(COMMANDS.map((args, i) => [args.join(' '), args, i] as const))('%s: exit 2, says to restore vault.json, deletes nothing', async (_, args, i) => {
    const cwd = path.join(dir, `copy-${i}`);
    await cp(pristine, cwd, { recursive: true });
    const before = await contents(cwd);
    expect(Object.keys(before).filter((name) => name.startsWith('.privacy-filter/cache/') && name.endsWith('.enc'))).toHaveLength(1);
    const result = await runCli(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(/vault\.json is missing/);
    expect(result.stderr + result.stdout).toMatch(/from a backup/);
    expect(result.stderr + result.stdout).not.toMatch(/Encrypted the store|internal error|\n\s+at /);
    expect(await contents(cwd)).toEqual(before);
  });
});
