/**
 * A sports day for the review page, without running the face engines: a working folder as a scan of `photos` photos
 * with `facesPerPhoto` faces each leaves it (store and config, roster, photos, report folder with report.json and a
 * thumbnail per photo). The photos are the demo's three small real photos, copied over and over; the faces are rows
 * of boxes, as a class photo has them, with every status and a people group on a third of the unknown faces. Used by
 * `npm run bench` (section review: how fast the page opens) and by the review page's scale test.
 *
 *   node dist/scripts/review-corpus.js <folder> [--photos 500] [--faces 10]
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { FaceStatus } from '../src/policy/types.js';
import { reportJson } from '../src/report/json.js';
import { THUMB_DEFAULTS } from '../src/report/thumbs.js';
import type { FaceRecord, PhotoRecord } from '../src/report/types.js';
import { openOrCreateStore } from '../src/store/open.js';
import { reportOptions, scanReport } from './report-options.js';

const repo = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
const DEMO = path.join(repo, 'fixtures', 'demo');
/** The demo's photos that have people in them, and their size upright. */
const SOURCES = [
  { file: 'sportdag-01.jpg', size: { width: 1126, height: 661 } },
  { file: 'gordijnen.jpg', size: { width: 320, height: 240 } },
  { file: 'sportdag-02-sideways.jpg', size: { width: 1126, height: 661 } },
] as const;

export interface ReviewCorpus {
  /** The working folder (where `privacy-filter review` runs). */
  readonly cwd: string;
  readonly reportDir: string;
  readonly photos: number;
  readonly faces: number;
}

/** Writes the working folder into `cwd` (created; should be empty). */
export async function buildReviewCorpus(cwd: string, options: { readonly photos?: number; readonly facesPerPhoto?: number } = {}): Promise<ReviewCorpus> {
  const count = options.photos ?? 500;
  const perPhoto = options.facesPerPhoto ?? 10;
  const photosDir = path.join(cwd, 'sportdag');
  const reportDir = path.join(cwd, 'sportdag-public-report');
  const thumbs = path.join(reportDir, THUMB_DEFAULTS.folder);
  await mkdir(photosDir, { recursive: true });
  await mkdir(thumbs, { recursive: true });
  await copyFile(path.join(DEMO, 'roster.csv'), path.join(cwd, 'roster.csv'));
  const store = await openOrCreateStore(cwd);
  await store.writeConfig({ roster: 'roster.csv', portraits: null, columns: {} });
  const thumbOf = await Promise.all(
    SOURCES.map(async (source) =>
      sharp(path.join(DEMO, 'photos', source.file)).rotate().resize(THUMB_DEFAULTS.longSide, THUMB_DEFAULTS.longSide, { fit: 'inside' }).jpeg({ quality: THUMB_DEFAULTS.quality }).toBuffer(),
    ),
  );
  const photos: PhotoRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const from = SOURCES[i % SOURCES.length]!;
    // Long names, as cameras and phones write them, that differ only at the end.
    const source = `sportdag-2026-06-12-atletiekbaan-${String(i + 1).padStart(4, '0')}${path.extname(from.file)}`;
    await copyFile(path.join(DEMO, 'photos', from.file), path.join(photosDir, source));
    await writeFile(path.join(thumbs, `${String(i + 1).padStart(4, '0')}.jpg`), thumbOf[i % SOURCES.length]!);
    photos.push(photoRecord(source, from.size, i, perPhoto));
  }
  const report = scanReport(photos, {
    input: photosDir,
    output: path.join(cwd, 'sportdag-public'),
    reviewDir: path.join(cwd, 'sportdag-public-review'),
    options: reportOptions({ roster: path.join(cwd, 'roster.csv') }),
    changes: [],
    skipped: [],
  });
  await writeFile(path.join(reportDir, 'report.json'), reportJson(report));
  await store.writeScans([reportDir]);
  return { cwd, reportDir, photos: photos.length, faces: report.summary.faces };
}

const STATUSES: readonly FaceStatus[] = ['consented', 'not-consented', 'unknown', 'uncertain', 'unknown', 'too-small'];

/** `n` faces in rows across the photo, shoulder to shoulder as in a class photo. */
function photoRecord(source: string, size: { width: number; height: number }, index: number, n: number): PhotoRecord {
  const perRow = Math.max(1, Math.ceil(n / 2));
  const side = Math.floor((size.width * 0.9) / perRow / 1.15);
  const faces: FaceRecord[] = [];
  for (let f = 0; f < n; f += 1) {
    const row = Math.floor(f / perRow);
    const box = { x: Math.round(size.width * 0.05 + (f % perRow) * side * 1.15), y: Math.round(size.height * 0.25 + row * side * 1.3), width: side, height: side };
    faces.push(faceRecord(box, STATUSES[(index + f) % STATUSES.length]!, index, f));
  }
  const review = faces.some((face) => face.status === 'unknown' || face.status === 'uncertain') && index % 5 === 0;
  return {
    source,
    decision: review ? 'review' : 'anonymised',
    output: review ? null : source,
    review: review ? source : null,
    imageSize: size,
    faces,
    why: review ? { kind: 'review', faces: faces.flatMap((face, i) => (face.status === 'unknown' ? [i + 1] : [])) } : { kind: 'anonymised' },
    error: null,
  };
}

function faceRecord(box: FaceRecord['box'], status: FaceStatus, photo: number, face: number): FaceRecord {
  const pupil = status === 'consented' ? '1001' : status === 'not-consented' ? '1002' : null;
  const common = { box, pupil, distance: pupil === null ? 0.71 : 0.35, status, correction: null } as const;
  switch (status) {
    case 'consented':
      return { ...common, action: 'kept', reason: { finding: { kind: 'consent', pupil: '1001', consents: ['public'], group: null }, outcome: { kind: 'kept' } } };
    case 'not-consented':
      return { ...common, action: 'anonymised', reason: { finding: { kind: 'no-consent', pupil: '1002', missing: ['public'], group: null }, outcome: { kind: 'anonymised' } } };
    case 'uncertain':
      return { ...common, action: 'anonymised', reason: { finding: { kind: 'uncertain', nearest: '1001', distance: 0.52 }, outcome: { kind: 'anonymised' } } };
    case 'too-small':
      return { ...common, action: 'anonymised', reason: { finding: { kind: 'too-small' }, outcome: { kind: 'anonymised' } } };
    case 'unknown':
      // Two thirds of the strangers are the same 40 people all day: people groups of about 30 faces each.
      return {
        ...common,
        action: 'anonymised',
        reason: { finding: { kind: 'unknown' }, outcome: { kind: 'anonymised' } },
        group: photo % 3 !== 0 ? `p${String((photo * 7 + face) % 40).padStart(10, '0')}` : null,
      };
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const folder = process.argv[2];
  if (folder === undefined) throw new Error('usage: node dist/scripts/review-corpus.js <folder> [--photos 500] [--faces 10]');
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const built = await buildReviewCorpus(path.resolve(folder), { photos: arg('--photos') ?? 500, facesPerPhoto: arg('--faces') ?? 10 });
  console.log(`${built.photos} photos, ${built.faces} faces: cd ${built.cwd} && privacy-filter review`);
}
