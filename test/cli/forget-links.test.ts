/** forget --all erases the store's own files only: links inside `.privacy-filter/` are removed, never followed. */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runForget } from '../../src/cli/forget.js';
import { openOrCreateStore } from '../../src/store/open.js';

describe.skipIf(process.platform === 'win32')('forget --all and links in the store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-forget-links-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes a cache folder, a cache subfolder and a templates file that are links, and nothing they point at', async () => {
    const work = path.join(dir, 'school');
    const store = await openOrCreateStore(work);
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(path.join(elsewhere, 'ab'), { recursive: true });
    await writeFile(path.join(elsewhere, 'ab', 'keep.json'), 'x');
    await writeFile(path.join(elsewhere, 'templates.json'), 'y');
    await symlink(path.join(elsewhere, 'ab'), path.join(store.cacheDir, 'ab'));
    await symlink(path.join(elsewhere, 'templates.json'), path.join(store.dir, 'templates.json'));
    await runForget(work, { kind: 'all', confirm: { kind: 'yes' } });
    // vault.json stays: it holds no pupil's data, only the sealed key of a store that is now empty.
    expect((await readdir(store.dir)).sort()).toEqual(['.gitignore', 'vault.json']);
    expect((await readdir(elsewhere, { recursive: true })).map(String).sort()).toEqual(['ab', path.join('ab', 'keep.json'), 'templates.json']);

    await rm(store.cacheDir, { recursive: true, force: true });
    await symlink(elsewhere, store.cacheDir);
    await runForget(work, { kind: 'all', confirm: { kind: 'yes' } });
    expect((await readdir(elsewhere)).sort()).toEqual(['ab', 'templates.json']);
  });
});
