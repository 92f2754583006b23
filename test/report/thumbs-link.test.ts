import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeThumbnails } from '../../src/report/thumbs.js';
import type { PhotoRecord } from '../../src/report/types.js';

describe.skipIf(process.platform === 'win32')('thumbnails never leave the report folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-thumbs-link-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes and removes nothing through a thumbs folder that is a link to elsewhere', async () => {
    const input = path.join(dir, 'photos');
    await mkdir(input);
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(input, 'a.jpg'));
    const elsewhere = path.join(dir, 'holiday');
    await mkdir(elsewhere);
    // Named like stale thumbnails, which a report folder's own thumbs/ would lose.
    await writeFile(path.join(elsewhere, '0007.jpg'), 'my photo');
    const report = path.join(dir, 'report');
    await mkdir(report);
    await symlink(elsewhere, path.join(report, 'thumbs'));
    const photo: PhotoRecord = { source: 'a.jpg', decision: 'publish', output: 'a.jpg', review: null, imageSize: { width: 64, height: 48 }, faces: [], why: { kind: 'publish', faces: 0 }, error: null };
    const thumbs = await writeThumbnails([photo], input, report);
    expect(thumbs[0]).toMatchObject({ kind: 'failed' });
    expect(await readdir(elsewhere)).toEqual(['0007.jpg']);
    expect(await readFile(path.join(elsewhere, '0007.jpg'), 'utf8')).toBe('my photo');
  });
});
