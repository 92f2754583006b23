/** Finding the photos of a folder, and the files a previous run left in our own folders. */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PHOTO_EXTENSIONS } from '../images/load.js';
import { VIDEO_EXTENSIONS } from '../video/probe.js';
import { TEMP_SUFFIX } from '../atomic.js';
import { stillInside } from '../paths.js';
import type { SkippedFile } from '../report/types.js';

/**
 * Every file below `dir`, as relative paths with forward slashes, sorted so that output and report are stable.
 * Dotfiles and dot-folders (`.DS_Store`, `.privacy-filter`) are skipped; symbolic links are not followed, so a link
 * loop or a link out of the folder cannot pull in other photos.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function visit(relative: string): Promise<void> {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile()) found.push(child);
    }
  }
  await visit('');
  return found.sort(comparePaths);
}

/** Plain code-point order, so the order does not depend on the machine's locale. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isTempFile(relative: string): boolean {
  return relative.endsWith(TEMP_SUFFIX);
}

export function isPhotoFile(relative: string): boolean {
  return !isTempFile(relative) && PHOTO_EXTENSIONS.has(path.posix.extname(relative).toLowerCase());
}

/** A clip the scan filters (phones' and messaging apps' containers). */
export function isClipFile(relative: string): boolean {
  return !isTempFile(relative) && VIDEO_EXTENSIONS.has(path.posix.extname(relative).toLowerCase());
}

/** The photos below `dir` (relative, sorted). */
export async function walkPhotos(dir: string): Promise<string[]> {
  return (await surveyFolder(dir)).photos;
}

/**
 * Videos of a kind the clip pipeline does not take (src/video/probe.ts VIDEO_EXTENSIONS are the ones it does): said to
 * be videos rather than "not a photo".
 */
const OTHER_VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.m4v', '.mov', '.avi', '.mkv', '.webm', '.3gp', '.mts', '.m2ts', '.wmv', '.mpg', '.mpeg']);

/**
 * The photos below `dir` as listFiles finds them, and every other entry with why it is not processed, so that the
 * report accounts for the whole folder: a teacher must not believe the videos in it were made safe too. A hidden or
 * unreadable folder is listed once, not looked into. @throws when `dir` itself cannot be read.
 */
export async function surveyFolder(dir: string): Promise<{ photos: string[]; clips: string[]; skipped: SkippedFile[] }> {
  const photos: string[] = [];
  const clips: string[] = [];
  const skipped: SkippedFile[] = [];
  async function visit(relative: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch (caught) {
      if (relative === '') throw caught;
      skipped.push({ file: `${relative}/`, reason: 'unreadable' });
      return;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name.startsWith('.')) skipped.push({ file: entry.isDirectory() ? `${child}/` : child, reason: 'hidden' });
      else if (entry.isDirectory()) await visit(child);
      else if (entry.isSymbolicLink()) skipped.push({ file: child, reason: 'symbolic-link' });
      else if (entry.isFile() && isPhotoFile(child)) photos.push(child);
      else if (entry.isFile() && isClipFile(child)) clips.push(child);
      else skipped.push({ file: child, reason: OTHER_VIDEO_EXTENSIONS.has(path.posix.extname(child).toLowerCase()) ? 'video' : 'not-a-photo' });
    }
  }
  await visit('');
  return { photos: photos.sort(comparePaths), clips: clips.sort(comparePaths), skipped: skipped.sort((a, b) => comparePaths(a.file, b.file)) };
}

/** Deletes temp files an interrupted run left below `dir` (they never carry a final name); returns how many. */
export async function removeTempFiles(dir: string): Promise<number> {
  const temps = await listFilesIncludingHidden(dir, isTempFile);
  let removed = 0;
  for (const relative of temps) {
    const file = path.join(dir, relative);
    // The listing follows no links, so this holds; checked all the same, as before every removal.
    if (!(await stillInside(dir, file))) continue;
    await rm(file, { force: true });
    removed += 1;
  }
  return removed;
}

/** Like listFiles but also inside dot-names: a temp file may be hidden (`.IMG_1.jpg.123.partial`). */
async function listFilesIncludingHidden(dir: string, keep: (relative: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  async function visit(relative: string): Promise<void> {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile() && keep(child)) found.push(child);
    }
  }
  await visit('');
  return found;
}
