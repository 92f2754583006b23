/**
 * A working folder as a scan leaves it — store with config, photos, report folder with report.json and thumbnails —
 * written directly, without running the face engines, for the review server's tests.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { PhotoRecord } from '../../src/report/types.js';
import { reportJson } from '../../src/report/json.js';
import { openOrCreateStore } from '../../src/store/open.js';
import { fixture } from '../helpers/fixtures.js';
import { reportOptions, scanReport } from '../../scripts/report-options.js';

export interface FakeScan {
  readonly cwd: string;
  readonly reportDir: string;
  readonly photosDir: string;
  cleanup(): Promise<void>;
}

const PHOTOS: PhotoRecord[] = [
  {
    source: 'sportdag-01.jpg',
    decision: 'anonymised',
    output: 'sportdag-01.jpg',
    review: null,
    imageSize: { width: 1126, height: 661 },
    faces: [
      {
        box: { x: 300, y: 120, width: 120, height: 150 },
        pupil: '1001',
        distance: 0.3,
        status: 'consented',
        action: 'kept',
        reason: { finding: { kind: 'consent', pupil: '1001', consents: ['public'], group: null }, outcome: { kind: 'kept' } },
        correction: null,
      },
      {
        box: { x: 700, y: 130, width: 110, height: 140 },
        pupil: '1002',
        distance: 0.52,
        status: 'uncertain',
        action: 'anonymised',
        reason: { finding: { kind: 'uncertain', nearest: '1002', distance: 0.52 }, outcome: { kind: 'anonymised' } },
        correction: null,
        group: 'p0123456789',
      },
    ],
    why: { kind: 'anonymised' },
    error: null,
  },
  {
    source: 'gordijnen.jpg',
    decision: 'publish',
    output: 'gordijnen.jpg',
    review: null,
    imageSize: { width: 320, height: 240 },
    faces: [],
    why: { kind: 'publish', faces: 0 },
    error: null,
  },
  {
    // Stored sideways with an EXIF orientation and camera data: the page must get it upright and without them.
    source: 'sportdag-02-sideways.jpg',
    decision: 'publish',
    output: 'sportdag-02-sideways.jpg',
    review: null,
    imageSize: { width: 1126, height: 661 },
    faces: [],
    why: { kind: 'publish', faces: 0 },
    error: null,
  },
];

export async function fakeScan(): Promise<FakeScan> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-review-'));
  const photosDir = path.join(cwd, 'photos');
  await mkdir(photosDir);
  for (const photo of PHOTOS) await cp(fixture(`demo/photos/${photo.source}`), path.join(photosDir, photo.source));
  await cp(fixture('demo/roster.csv'), path.join(cwd, 'roster.csv'));
  const store = await openOrCreateStore(cwd);
  await store.writeConfig({ roster: 'roster.csv', portraits: null, columns: {} });
  const reportDir = path.join(cwd, 'photos-public-report');
  await mkdir(path.join(reportDir, 'thumbs'), { recursive: true });
  for (const [i, photo] of PHOTOS.entries()) {
    await sharp(path.join(photosDir, photo.source)).resize(200).jpeg().toFile(path.join(reportDir, 'thumbs', `${String(i + 1).padStart(4, '0')}.jpg`));
  }
  const report = scanReport(PHOTOS, {
    startedAt: '2026-12-01T09:00:00.000Z',
    finishedAt: '2026-12-01T09:00:05.000Z',
    input: photosDir,
    output: path.join(cwd, 'photos-public'),
    reviewDir: path.join(cwd, 'photos-public-review'),
    options: reportOptions({ roster: path.join(cwd, 'roster.csv') }),
    summary: { photos: 3, publish: 2, anonymised: 1, dropped: 0, review: 0, error: 0, faces: 2 },
  });
  await writeFile(path.join(reportDir, 'report.json'), reportJson(report));
  await store.writeScans([reportDir]);
  return { cwd, reportDir, photosDir, cleanup: () => rm(cwd, { recursive: true, force: true }) };
}
