/**
 * `forget --all` erases the enrolled faces, the corrections, the list of earlier scans (which recheck needs) and the
 * cache: it says so, asks for a typed word at a terminal, needs --yes without one, and opens the store first (the
 * passphrase) unless --lost-passphrase, which erases the store as a whole so that init can start again.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runForget, type Confirmation } from '../../src/cli/forget.js';
import { UserError } from '../../src/errors.js';
import { openOrCreateStore, openStoreAndSweep } from '../../src/store/open.js';
import { configureVault, forgetUnlockedVaults } from '../../src/store/vault.js';
import { repoRoot } from '../helpers/shared.js';
import { TEST_PASSPHRASE } from '../helpers/env.js';
import { runCli } from '../scan/cli-helpers.js';

let dir: string;
let work: string;

/** A store as a school's looks after init, a scan and a correction. */
async function filledStore(): Promise<string> {
  const store = await openOrCreateStore(work);
  await store.writeConfig({ roster: 'roster.csv', portraits: 'portraits', columns: {} });
  await store.writeTemplates({ describer: 'k', templates: [{ pupilId: '1001', descriptors: [new Float32Array(128).fill(0.1)] }], enrolledAt: {} });
  await store.writeScans([path.join(work, 'sportdag-public-report'), path.join(work, 'sportdag-internal-report')]);
  await store.writeDocument('corrections', { version: 1, photos: {} });
  await (await store.analysisCache('k')).put('ab'.repeat(32), { imageSize: { width: 10, height: 10 }, faces: [], descriptors: [] });
  forgetUnlockedVaults();
  return store.dir;
}

const files = async (storeDir: string): Promise<string[]> => (await readdir(storeDir, { recursive: true })).map(String).sort();

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-forget-all-'));
  work = path.join(dir, 'school');
});
afterEach(async () => {
  forgetUnlockedVaults();
  await rm(dir, { recursive: true, force: true });
});

describe('forget --all (in process)', () => {
  const all = (confirm: Confirmation, lostPassphrase = false) => ({ kind: 'all', confirm, lostPassphrase }) as const;

  it('without a terminal and without --yes: says what it would erase and what that means for recheck, and erases nothing', async () => {
    const storeDir = await filledStore();
    const before = await files(storeDir);
    const error = await runForget(work, all({ kind: 'none' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const text = (error as UserError).format();
    expect(text).toMatch(/enrolled faces \(1 pupil\)/);
    expect(text).toMatch(/every correction/);
    expect(text).toMatch(/list of earlier scans \(2 report folders\): recheck can then no longer check/);
    expect(text).toMatch(/analysis cache/);
    expect(text).toMatch(/--yes/);
    expect(await files(storeDir)).toEqual(before);
  });

  it('at a terminal: asks to type the word, erases nothing on anything else, everything about pupils on the word', async () => {
    const storeDir = await filledStore();
    const before = await files(storeDir);
    const questions: string[] = [];
    const answering = (answer: string): Confirmation => ({ kind: 'ask', ask: async (q) => (questions.push(q), answer) });
    await expect(runForget(work, all(answering('yes')))).rejects.toThrow(/Not confirmed: nothing was erased/);
    expect(await files(storeDir)).toEqual(before);
    expect(questions[0]).toMatch(/list of earlier scans[^\n]*recheck[^\n]*\n[\s\S]*Type erase/);
    const lines = await runForget(work, all(answering(' Erase ')));
    expect(lines.join('\n')).toMatch(/recheck can no longer check the scans run before now/);
    expect(await files(storeDir)).toEqual(['.gitignore', 'config.enc', 'vault.json']);
  });

  it('needs the passphrase of an encrypted store: a wrong one erases nothing and points to --lost-passphrase', async () => {
    const storeDir = await filledStore();
    const before = await files(storeDir);
    const restore = configureVault({ passphrase: async () => 'not the passphrase' });
    try {
      const error = (await runForget(work, all({ kind: 'yes' })).catch((e: unknown) => e)) as UserError;
      expect(error.message).toMatch(/passphrase is wrong/);
      expect(error.hint).toMatch(/forget --all --lost-passphrase/);
      expect(await files(storeDir)).toEqual(before);
      // Lost: the store is erased as a whole, its key included, and init can make a new one.
      await runForget(work, all({ kind: 'yes' }, true));
      expect(await files(storeDir)).toEqual(['.gitignore']);
    } finally {
      restore();
    }
    forgetUnlockedVaults();
    const fresh = await openOrCreateStore(work);
    expect(fresh.encrypted).toBe(true);
    expect((await fresh.readTemplates()).templates).toEqual([]);
  });

  it('with --lost-passphrase also erases a store whose vault.json is gone, which nothing else may touch', async () => {
    const storeDir = await filledStore();
    await rm(path.join(storeDir, 'vault.json'));
    await expect(runForget(work, all({ kind: 'yes' }))).rejects.toThrow(/vault\.json is missing/);
    await runForget(work, all({ kind: 'yes' }, true));
    expect(await files(storeDir)).toEqual(['.gitignore']);
    expect(await openStoreAndSweep(work)).not.toBeNull();
  });
});

describe('forget --all (spawned CLI)', () => {
  it('in a batch job (no terminal): exit 2 without --yes and nothing erased; with --yes erased', async () => {
    const storeDir = await filledStore();
    const before = await files(storeDir);
    const refused = await runCli(['forget', '--all'], work);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no terminal to confirm it in[\s\S]*Add --yes/);
    expect(refused.stderr).toMatch(/recheck can then no longer check/);
    expect(await files(storeDir)).toEqual(before);
    const erased = await runCli(['forget', '--all', '--yes'], work);
    expect(erased.code).toBe(0);
    expect(await files(storeDir)).toEqual(['.gitignore', 'config.enc', 'vault.json']);
  });

  // A real pseudo-terminal (util-linux `script`): the question on the terminal, the word typed back.
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  describe.skipIf(script.status !== 0 || process.platform !== 'linux')('at a terminal', () => {
    const atTerminal = (typed: string) => {
      const command = [process.execPath, path.join(repoRoot, 'bin', 'privacy-filter.js'), 'forget', '--all'].map((a) => `'${a}'`).join(' ');
      return spawnSync('script', ['-qec', command, '/dev/null'], {
        cwd: work,
        input: `${typed}\n`,
        encoding: 'utf8',
        env: { ...process.env, PRIVACY_FILTER_PASSPHRASE: TEST_PASSPHRASE },
        timeout: 60_000,
      });
    };

    it('asks to type erase: anything else erases nothing, the word erases', async () => {
      const storeDir = await filledStore();
      const before = await files(storeDir);
      const no = atTerminal('no');
      expect(no.stdout).toMatch(/Type erase to erase it all/);
      expect(no.stdout).toMatch(/Not confirmed: nothing was erased/);
      expect(no.status).toBe(2);
      expect(await files(storeDir)).toEqual(before);
      const yes = atTerminal('erase');
      expect(yes.status).toBe(0);
      expect(yes.stdout).toMatch(/Erased every enrolled face, correction, the list of earlier scans and the analysis cache/);
      expect(existsSync(path.join(storeDir, 'templates.enc'))).toBe(false);
      expect(await files(storeDir)).toEqual(['.gitignore', 'config.enc', 'vault.json']);
    });
  });
});
