/**
 * Thumbnails of the source photos for the HTML contact sheet. They show the originals, faces unblurred, so the
 * teacher can check every decision; that is why the report folder must never be shared.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { toError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { verbatim, type Text } from '../i18n/text.js';
import { loadPhoto } from '../images/load.js';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import { stillInside } from '../paths.js';
import { findFfmpeg } from '../video/ffmpeg.js';
import { clipStill } from '../video/still.js';
import type { FaceRecord, PhotoRecord } from './types.js';

export const THUMB_DEFAULTS = Object.freeze({
  /** Long side in pixels: sharp on a laptop screen at two per row, small enough for a folder of 500 photos. */
  longSide: 480,
  /** A contact sheet needs recognisable faces, not fine detail. */
  quality: 78,
  /** Folder inside the report folder. */
  folder: 'thumbs',
  /** A clip's track pictures: square, this many pixels a side. */
  trackSide: 160,
  /** Two at a time: the machine has few cores and the scan's workers may still be winding down. */
  concurrency: 2,
});

export type Thumb =
  | { readonly kind: 'ok'; /** Relative to the report folder, forward slashes. */ readonly href: string }
  /** A clip's strip: one picture per track (its best view, the face with some of the scene around it), in track order. */
  | { readonly kind: 'strip'; readonly hrefs: readonly string[] }
  /** Why, in every language: report.html says it in the report's (a decoder's own message is as it came). */
  | { readonly kind: 'failed'; readonly message: Text }
  /** Unreadable photos (decision `error`) get no thumbnail: the error text says it all. */
  | { readonly kind: 'none' };

const THUMB_NAME = /^\d{4,}(-\d+)?\.jpg$/u;

/** One thumbnail per photo, same order as `photos`. Never throws for a single photo: a failure becomes a placeholder. */
export async function writeThumbnails(photos: readonly PhotoRecord[], inputDir: string, reportDir: string): Promise<Thumb[]> {
  const folder = path.join(reportDir, THUMB_DEFAULTS.folder);
  const names = photos.map((_, index) => `${String(index + 1).padStart(4, '0')}.jpg`);
  const thumbs: Thumb[] = photos.map(() => ({ kind: 'none' }));
  // Thumbnails show children's faces, and stale ones are deleted: only ever in the report folder's own subfolder.
  if (!(await stillInside(reportDir, folder))) {
    const message = msg.report.thumbs.linkOut(folder);
    return photos.map((photo) => (photo.decision === 'error' ? { kind: 'none' } : { kind: 'failed', message }));
  }
  const before = await previousSources(reportDir);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < photos.length; index = next++) {
      const photo = photos[index];
      const name = names[index];
      if (photo === undefined || name === undefined || photo.decision === 'error') continue;
      try {
        if (photo.kind === 'video') {
          const tiles = await trackThumbnails(path.join(inputDir, ...photo.source.split('/')), photo.faces);
          const tileNames = tiles.map((_, i) => name.replace(/\.jpg$/u, `-${i + 1}.jpg`));
          for (const [i, tile] of tiles.entries()) await writeFileAtomic(path.join(folder, tileNames[i]!), tile, FILE_MODE.private);
          thumbs[index] = { kind: 'strip', hrefs: tileNames.map((tile) => `${THUMB_DEFAULTS.folder}/${tile}`) };
          continue;
        }
        const file = path.join(inputDir, ...photo.source.split('/'));
        const target = path.join(folder, name);
        // Apply and every rerun: a photo unchanged since its thumbnail was made keeps it (on a sports day of 12 MP
        // photos, making them again was most of a rerun's time).
        if (before?.[index] !== photo.source || !(await madeAfter(target, file))) {
          await writeFileAtomic(target, await thumbnail(file), FILE_MODE.private);
        }
        thumbs[index] = { kind: 'ok', href: `${THUMB_DEFAULTS.folder}/${name}` };
      } catch (caught) {
        thumbs[index] = { kind: 'failed', message: verbatim(toError(caught).message) };
      }
    }
  };
  await Promise.all(Array.from({ length: THUMB_DEFAULTS.concurrency }, worker));
  await removeStale(folder, new Set(thumbs.flatMap((t, i) => (t.kind === 'ok' ? [names[i] ?? ''] : t.kind === 'strip' ? t.hrefs.map((href) => path.posix.basename(href)) : []))));
  return thumbs;
}

/**
 * The photos the report folder's report.json lists, in its order: thumbnail n was made for its photo n. Null when there
 * is no readable report (a first scan, or one interrupted before its report).
 */
async function previousSources(reportDir: string): Promise<(string | undefined)[] | null> {
  try {
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as { photos?: unknown };
    if (!Array.isArray(report.photos)) return null;
    return report.photos.map((photo: unknown) => {
      const source = (photo as { source?: unknown } | null)?.source;
      return typeof source === 'string' ? source : undefined;
    });
  } catch {
    return null;
  }
}

/**
 * The thumbnail exists and was written after the photo last changed: its content (mtime) or its file (ctime, which a
 * copy over it with the old date still moves).
 */
async function madeAfter(thumb: string, photo: string): Promise<boolean> {
  const [t, p] = await Promise.all([stat(thumb).catch(() => null), stat(photo).catch(() => null)]);
  return t !== null && p !== null && t.isFile() && t.mtimeMs > Math.max(p.mtimeMs, p.ctimeMs);
}

/** One thumbnail as JPEG bytes (exported for the bench's per-stage figures). */
export async function thumbnail(file: string): Promise<Buffer> {
  const size = { width: THUMB_DEFAULTS.longSide, height: THUMB_DEFAULTS.longSide, fit: 'inside', withoutEnlargement: true } as const;
  try {
    // sharp shrinks JPEGs while decoding, far faster than a full decode; .rotate() applies EXIF orientation so the
    // thumbnail matches the oriented pixel coordinates of the face boxes.
    return await sharp(file, { failOn: 'none' }).rotate().resize(size).jpeg({ quality: THUMB_DEFAULTS.quality }).toBuffer();
  } catch {
    // sharp's libvips cannot decode HEIC from iPhones; the photo loader can.
    const { rgb } = await loadPhoto(file);
    return sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
      .resize(size)
      .jpeg({ quality: THUMB_DEFAULTS.quality })
      .toBuffer();
  }
}

/**
 * One picture per track of a clip: the frame of its best view, cut around the face (twice its size, so the teacher
 * sees who it is and where), as the source shows it, unblurred. Frames shared by several tracks are read once.
 */
export async function trackThumbnails(file: string, faces: readonly FaceRecord[]): Promise<Buffer[]> {
  const tools = await findFfmpeg();
  const frames = new Map<number, Promise<Buffer>>();
  const tiles: Buffer[] = [];
  for (const face of faces) {
    const at = face.track?.at ?? 0;
    let frame = frames.get(at);
    if (frame === undefined) {
      frame = clipStill(tools, file, at);
      frames.set(at, frame);
    }
    const picture = sharp(await frame);
    const { width = 1, height = 1 } = await picture.metadata();
    const side = Math.min(width, height, Math.max(32, Math.round(2 * Math.max(face.box.width, face.box.height))));
    const left = Math.round(Math.max(0, Math.min(width - side, face.box.x + face.box.width / 2 - side / 2)));
    const top = Math.round(Math.max(0, Math.min(height - side, face.box.y + face.box.height / 2 - side / 2)));
    tiles.push(
      await picture
        .extract({ left, top, width: side, height: side })
        .resize({ width: THUMB_DEFAULTS.trackSide, height: THUMB_DEFAULTS.trackSide, fit: 'inside' })
        .jpeg({ quality: THUMB_DEFAULTS.quality })
        .toBuffer(),
    );
  }
  return tiles;
}

/** Thumbnails of an earlier run in the same report folder would keep copies of originals no report points at. */
async function removeStale(folder: string, keep: ReadonlySet<string>): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(entries.filter((name) => THUMB_NAME.test(name) && !keep.has(name)).map((name) => rm(path.join(folder, name), { force: true })));
}
