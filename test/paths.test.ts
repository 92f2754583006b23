import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinInside, resolveInside, stillInside } from '../src/paths.js';

describe('joinInside: what a path read from a file may be at all', () => {
  const root = path.resolve('/school/out/web');
  it.each([
    ['a.jpg', path.join(root, 'a.jpg')],
    ['trip/b.jpg', path.join(root, 'trip', 'b.jpg')],
    ['trip/../a.jpg', path.join(root, 'a.jpg')],
    ['..a.jpg', path.join(root, '..a.jpg')],
  ])('follows %j', (relative, expected) => {
    expect(joinInside(root, relative)).toBe(expected);
  });

  it.each([['../../victim.txt'], ['..'], ['trip/../../web-2/a.jpg'], ['/etc/passwd'], ['C:\\victim.txt'], ['.'], [''], ['a\0.jpg'], [42], [null]])(
    'refuses %j',
    (relative) => {
      expect(joinInside(root, relative)).toBeNull();
    },
  );
});

describe.skipIf(process.platform === 'win32')('resolveInside: links followed', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-paths-'));
    root = path.join(dir, 'out');
    await mkdir(path.join(root, 'own'), { recursive: true });
    await mkdir(path.join(dir, 'elsewhere'));
    await writeFile(path.join(dir, 'elsewhere', 'victim.txt'), 'x');
    await symlink(path.join(dir, 'elsewhere'), path.join(root, 'linked'));
    await symlink(path.join(dir, 'elsewhere', 'victim.txt'), path.join(root, 'victim.txt'));
    await symlink(path.join(root, 'own'), path.join(root, 'alias'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follows a file inside, also one not written yet', async () => {
    expect(await resolveInside(root, 'own/a.jpg')).toBe(path.join(root, 'own', 'a.jpg'));
    expect(await resolveInside(root, 'new/deep/a.jpg')).toBe(path.join(root, 'new', 'deep', 'a.jpg'));
    expect(await resolveInside(root, 'alias/a.jpg')).toBe(path.join(root, 'alias', 'a.jpg'));
  });

  it('refuses a folder or a file that is a link out of the root', async () => {
    expect(await resolveInside(root, 'linked/victim.txt')).toBeNull();
    expect(await resolveInside(root, 'linked/not-yet.jpg')).toBeNull();
    expect(await resolveInside(root, 'victim.txt')).toBeNull();
    expect(await stillInside(root, path.join(root, 'linked', 'victim.txt'))).toBe(false);
    expect(await stillInside(root, path.join(root, 'own', 'a.jpg'))).toBe(true);
  });

  it('judges by the real root when the root itself is reached through a link', async () => {
    await symlink(root, path.join(dir, 'root-link'));
    expect(await resolveInside(path.join(dir, 'root-link'), 'own/a.jpg')).toBe(path.join(dir, 'root-link', 'own', 'a.jpg'));
    expect(await resolveInside(path.join(dir, 'root-link'), 'linked/victim.txt')).toBeNull();
  });
});
