/**
 * A rerun into the same report folder (review's Apply, a batch job) keeps the thumbnail of a photo that has not
 * changed, and makes it again for a photo that did, or that moved to another place in the report.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeThumbnails } from '../../src/report/thumbs.js';
import type { PhotoRecord } from '../../src/report/types.js';

const record = (source: string): PhotoRecord => ({
  source,
  decision: 'publish',
  output: source,
  review: null,
  imageSize: { width: 64, height: 48 },
  faces: [],
  why: { kind: 'publish', faces: 0 },
  error: null,
});

let dir: string;
let input: string;
let report: string;
const thumb = (n: number): string => path.join(report, 'thumbs', `${String(n).padStart(4, '0')}.jpg`);
const colourOf = async (file: string): Promise<number> => (await sharp(file).stats()).channels[0]!.mean;
/** What report.json would say after a scan of these photos (only `source` is read). */
const reported = (sources: readonly string[]): Promise<void> =>
  writeFile(path.join(report, 'report.json'), JSON.stringify({ photos: sources.map((source) => ({ source })) }));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-thumbs-reuse-'));
  input = path.join(dir, 'photos');
  report = path.join(dir, 'report');
  await mkdir(input);
  await mkdir(report);
  for (const [name, red] of [['a.jpg', 250], ['b.jpg', 120], ['c.jpg', 10]] as const) {
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: red, g: 0, b: 0 } } }).jpeg().toFile(path.join(input, name));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('thumbnails on a rerun', () => {
  it('keeps those of unchanged photos, makes them again for a changed photo or one at another place', async () => {
    await writeThumbnails(['a.jpg', 'b.jpg'].map(record), input, report);
    await reported(['a.jpg', 'b.jpg']);
    const first = [(await stat(thumb(1))).mtimeMs, (await stat(thumb(2))).mtimeMs];
    await new Promise((resolve) => setTimeout(resolve, 30));

    // The same photos again: nothing is made again.
    await writeThumbnails(['a.jpg', 'b.jpg'].map(record), input, report);
    expect([(await stat(thumb(1))).mtimeMs, (await stat(thumb(2))).mtimeMs]).toEqual(first);

    // b.jpg replaced by another picture: its thumbnail shows the new one.
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 0, g: 0, b: 0 } } }).jpeg().toFile(path.join(input, 'b.jpg'));
    await writeThumbnails(['a.jpg', 'b.jpg'].map(record), input, report);
    expect((await stat(thumb(1))).mtimeMs).toBe(first[0]);
    expect(await colourOf(thumb(2))).toBeLessThan(20);

    // A photo added before a.jpg: thumbnail 1 is now c.jpg's, 2 a.jpg's.
    await reported(['a.jpg', 'b.jpg']);
    await writeThumbnails(['c.jpg', 'a.jpg', 'b.jpg'].map(record), input, report);
    expect(await colourOf(thumb(1))).toBeLessThan(20);
    expect(await colourOf(thumb(2))).toBeGreaterThan(230);
    expect(await colourOf(thumb(3))).toBeLessThan(20);
  });
});
