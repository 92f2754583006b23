/**
 * Folders a command writes into, checked before any work (issue 21, findings 7 and 8): never inside a store, and
 * writable as found by writing. Tests run as root, where chmod stops nothing: a path under a regular file fails for
 * root too (ENOTDIR), and an immutable folder (chattr +i) stands in for a read-only one where the file system has it.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWritable, isInsideStore, refuseInsideStore } from '../src/folders.js';
import { fixableSystemError } from '../src/system-errors.js';
import { caughtUserError } from './helpers/user-error.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-folders-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A folder no write may enter, for whoever runs the test; null where this machine cannot make one. */
async function readOnlyFolder(name: string): Promise<{ folder: string; undo: () => Promise<void> } | null> {
  const folder = path.join(dir, name);
  await mkdir(folder);
  let undo: () => Promise<void>;
  if (process.getuid?.() !== 0) {
    await chmod(folder, 0o555);
    undo = () => chmod(folder, 0o755);
  } else {
    try {
      execFileSync('chattr', ['+i', folder], { stdio: 'ignore' });
    } catch {
      return null;
    }
    undo = async () => void execFileSync('chattr', ['-i', folder], { stdio: 'ignore' });
  }
  try {
    await writeFile(path.join(folder, 'x'), 'x');
  } catch {
    return { folder, undo };
  }
  await undo();
  return null;
}

describe('isInsideStore / refuseInsideStore', () => {
  it('knows a folder inside any .privacy-filter, and only those', () => {
    expect(isInsideStore('/school/.privacy-filter/x')).toBe(true);
    expect(isInsideStore('/school/.privacy-filter')).toBe(true);
    expect(isInsideStore('/school/privacy-filter-demo/out')).toBe(false);
    expect(isInsideStore('/school/.privacy-filter-scan.json')).toBe(false);
  });

  it('follows links: a harmless-looking folder that leads into the store is refused, naming where it leads', async () => {
    const store = path.join(dir, 'school', '.privacy-filter');
    await mkdir(store, { recursive: true });
    await symlink(store, path.join(dir, 'school', 'web'));
    const error = await caughtUserError(refuseInsideStore(path.join(dir, 'school', 'web', 'out'), 'output', '--out'));
    expect(error.message).toContain(`${path.join(dir, 'school', 'web', 'out')} (${path.join(store, 'out')}) is inside .privacy-filter`);
    expect(error.hint).toMatch(/--out/);
    await expect(refuseInsideStore(path.join(dir, 'school', 'out'), 'output', '--out')).resolves.toBeUndefined();
  });
});

describe('checkWritable', () => {
  it('creates nothing it keeps: a new nested folder is probed and removed again', async () => {
    const base = path.join(dir, 'fresh');
    await mkdir(base);
    await checkWritable(path.join(base, 'a', 'b', 'report'), 'report', '--report');
    expect(await readdir(base)).toEqual([]);
  });

  it('leaves an existing folder as it was', async () => {
    const folder = path.join(dir, 'existing');
    await mkdir(folder);
    await writeFile(path.join(folder, 'keep.jpg'), 'x');
    await checkWritable(folder, 'output', '--out');
    expect(await readdir(folder)).toEqual(['keep.jpg']);
  });

  it('refuses a folder under a file (fails for root too), naming the folder and the option', async () => {
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'x');
    const error = await caughtUserError(checkWritable(path.join(file, 'report'), 'report', '--report'));
    expect(error.message).toBe(`The report folder ${path.join(file, 'report')} cannot be written: a part of that path is a file, not a folder.`);
    expect(error.hint).toMatch(/--report/);
  });

  it('refuses a read-only folder', async (context) => {
    const readOnly = await readOnlyFolder('locked');
    if (readOnly === null) return context.skip();
    try {
      const error = await caughtUserError(checkWritable(readOnly.folder, 'output', '--out'));
      expect(error.message).toMatch(new RegExp(`^The output folder ${readOnly.folder} cannot be written: (permission denied|the operating system does not allow it)`));
      expect(await readdir(readOnly.folder)).toEqual([]);
    } finally {
      await readOnly.undo();
    }
  });
});

describe('fixableSystemError', () => {
  const osError = (code: string, syscall: string, file: string): Error => Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file });

  it.each([
    ['EACCES', 'open', /^Could not write or read \/r\/report\.html: permission denied\.$/],
    ['EROFS', 'mkdir', /^Could not create the folder \/r\/report\.html: the drive is read-only\.$/],
    ['ENOSPC', 'write', /^Could not write \/r\/report\.html: the disk is full\.$/],
    ['EMFILE', 'open', /too many files are open/],
    ['EBUSY', 'rename', /in use by another program/],
  ])('makes %s a user error naming the path, with a hint', (code, syscall, message) => {
    const error = fixableSystemError(osError(code, syscall, '/r/report.html'));
    expect(error?.message).toMatch(message);
    expect(error?.hint).toMatch(/\S/);
  });

  it('leaves everything else a bug', () => {
    expect(fixableSystemError(osError('ENOENT', 'open', '/x'))).toBeNull();
    expect(fixableSystemError(new TypeError('x is undefined'))).toBeNull();
    expect(fixableSystemError('EACCES')).toBeNull();
  });
});
