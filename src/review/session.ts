/**
 * What the review page and `privacy-filter correct` work on: one scan's report, the store its corrections go to, the
 * roster they are checked against, and the photos of that scan (looked up by their place in the report, never by a
 * path someone sends).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';

const S = msg.review.session;
import { describerSettingsKey } from '../faces/describer.js';
import { pairByOverlap, CORRECT_DEFAULTS } from '../policy/correct.js';
import { decodeReport, ReportMismatch, type ReportFile, type ReportPhoto } from '../report/decode.js';
import { readRoster } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import { defaultAnalysisKey } from '../engine/defaults.js';
import { isInside } from '../paths.js';
import { hashFile } from '../store/cache.js';
import { correctionsOf, emptyPhotoCorrections, readCorrections, type Corrections, updateCorrections, updatePhotoCorrections, type LearnedFace, type PhotoCorrections } from '../store/corrections.js';
import { fingerprintPixels, type Fingerprint } from '../images/fingerprint.js';
import { loadPhoto, readPhotoBytes } from '../images/load.js';
import { openStoreAndSweep } from '../store/open.js';
import { STORE_DIR, type Store } from '../store/store.js';
import { clipSettingsKey, readCachedClip } from '../scan/clip-cache.js';
import { isClipFile } from '../scan/walk.js';
import { applyEdit, groupFaces, type Edit, type FaceRef, type GroupEdit } from './edit.js';

export interface ReviewSession {
  readonly reportDir: string;
  readonly store: Store;
  readonly roster: Roster;
  /** The report as last read (again after Apply). */
  report(): ReportFile;
  /** Reads report.json again, after the scan ran again. */
  reload(): Promise<void>;
  /** The original photo of the report's photo `index`, or null when there is no such photo. */
  photoFile(index: number): string | null;
  /**
   * The stored corrections of photo `index` (empty when none, or when the photo is no longer where the scan found it).
   * @throws UserError when the corrections cannot be read.
   */
  corrections(index: number): Promise<PhotoCorrections>;
  /**
   * `corrections` for many photos at once: the store's corrections are read once, and no photo is hashed when there
   * are none.
   * @throws UserError when the corrections cannot be read.
   */
  correctionsLookup(): Promise<(index: number) => Promise<PhotoCorrections>>;
  /**
   * Stores one correction of photo `index`.
   * @throws UserError for an edit the photo does not allow (see applyEdit); nothing is stored then.
   */
  edit(index: number, edit: Edit, now?: Date): Promise<PhotoCorrections>;
  /**
   * Names every face of a people group at once (minus those taken out), each stored as that face's own correction,
   * all in one write. Returns the faces named.
   * @throws UserError for a group the report does not have, or an edit one of its photos does not allow; nothing is
   * stored then.
   */
  editGroup(edit: GroupEdit, now?: Date): Promise<FaceRef[]>;
}

export async function openReviewSession(reportDir: string, cwd: string): Promise<ReviewSession> {
  const store = await openStoreAndSweep(cwd);
  if (store === null) {
    throw new UserError(S.noStore(STORE_DIR), { hint: S.noStoreHint });
  }
  const folder = path.resolve(cwd, reportDir);
  let report = await readReport(folder);
  const roster = await rosterOf(store, report);
  // Damaged corrections refuse the review before it starts: a page without them would look as if none were made.
  await readCorrections(store);
  const hashes = new Map<string, Promise<string>>();
  const hashOf = async (file: string): Promise<string> => {
    const info = await stat(file);
    const key = `${file}|${info.size}|${info.mtimeMs}`;
    let hash = hashes.get(key);
    if (hash === undefined) {
      hash = hashFile(file);
      hashes.set(key, hash);
    }
    return hash;
  };
  // What the photo looks like, so its corrections follow a re-saved copy: as the scan cached it, else decoded (once
  // per content) for an edit, which must know it. Showing the page decodes nothing: it lists every photo.
  const fingerprints = new Map<string, Promise<Fingerprint | null>>();
  const cachedFingerprint = async (hash: string): Promise<Fingerprint | null> => {
    const analysis = await (await store.analysisCache(defaultAnalysisKey())).get(hash).catch(() => null);
    return analysis?.fingerprint ?? null;
  };
  const fingerprintOf = (file: string, hash: string): Promise<Fingerprint | null> => {
    let fingerprint = fingerprints.get(hash);
    if (fingerprint === undefined) {
      // A clip's is its first frame's, as the scan cached it; without that entry its corrections hold for these bytes.
      fingerprint = isClipFile(file)
        ? clipFingerprint(store, file, hash)
        : cachedFingerprint(hash).then(async (cached) => cached ?? fingerprintPixels({ ...(await loadPhoto(file, await readPhotoBytes(file, hash))).rgb, channels: 3 }));
      fingerprints.set(hash, fingerprint);
      fingerprint.catch(() => fingerprints.delete(hash));
    }
    return fingerprint;
  };
  const photoFile = (index: number): string | null => {
    const photo = Number.isInteger(index) ? report.photos[index] : undefined;
    return photo === undefined ? null : path.join(report.input, ...photo.source.split('/'));
  };
  const photoOf = (index: number): { photo: ReportPhoto; file: string } => {
    const file = photoFile(index);
    const photo = report.photos[index];
    if (file === null || photo === undefined) throw new UserError(S.noPhotoNumber(String(index + 1)), { hint: msg.review.edit.reload });
    return { photo, file };
  };
  const correctionsIn = async (all: Corrections, index: number): Promise<PhotoCorrections> => {
    const { photo, file } = photoOf(index);
    // A photo moved or deleted since the scan has no corrections to show; any other error is one.
    const hash = await hashOf(file).catch((caught: unknown) => {
      if ((caught as { code?: unknown }).code === 'ENOENT') return null;
      throw caught;
    });
    if (hash === null) return emptyPhotoCorrections(photo.imageSize ?? { width: 1, height: 1 }, null);
    if (photo.imageSize === null) return all.get(hash) ?? emptyPhotoCorrections({ width: 1, height: 1 }, null);
    // Only a photo with no corrections of its own needs its fingerprint: it may be a copy of a corrected one.
    const own = all.get(hash);
    if (own !== undefined) return own;
    const fingerprint = fingerprints.has(hash) ? await fingerprintOf(file, hash) : await cachedFingerprint(hash);
    return correctionsOf(all, hash, fingerprint, photo.imageSize);
  };
  const pupils = new Set(roster.pupils.map((pupil) => pupil.id));
  return {
    reportDir: folder,
    store,
    roster,
    report: () => report,
    async reload() {
      report = await readReport(folder);
    },
    photoFile,
    async corrections(index) {
      return correctionsIn(await readCorrections(store), index);
    },
    async correctionsLookup() {
      const all = await readCorrections(store);
      // Nothing corrected yet (a first review): no photo needs hashing, so the page opens without reading them.
      if (all.size === 0) return async (index) => emptyPhotoCorrections(photoOf(index).photo.imageSize ?? { width: 1, height: 1 }, null);
      return (index) => correctionsIn(all, index);
    },
    async edit(index, edit, now = new Date()) {
      const { photo, file } = photoOf(index);
      if (photo.imageSize === null) {
        throw new UserError(S.unreadPhoto(photo.source), { hint: S.unreadPhotoHint });
      }
      const hash = await hashOf(file);
      const target = { photo: photo.source, imageSize: photo.imageSize, faces: photo.faces };
      const learned = edit.kind === 'face' && edit.correction.kind === 'pupil' ? await learnedFace(store, hash, photo, edit.face) : null;
      const imageSize = photo.imageSize;
      const fingerprint = await fingerprintOf(file, hash);
      return updatePhotoCorrections(store, hash, imageSize, fingerprint, (before) =>
        applyEdit(before, target, edit, { pupils, now: now.toISOString(), learned }),
      );
    },
    async editGroup(groupEdit, now = new Date()) {
      const named = groupFaces(report.photos, groupEdit, pupils);
      const changes = [];
      for (const ref of named) {
        const { photo, file } = photoOf(ref.photo);
        // A face carries a group only when the scan read its photo, so imageSize is there.
        const imageSize = photo.imageSize ?? { width: 1, height: 1 };
        const hash = await hashOf(file);
        const edit: Edit = { kind: 'face', face: ref.face, correction: groupEdit.correction };
        const learned = groupEdit.correction.kind === 'pupil' ? await learnedFace(store, hash, photo, ref.face) : null;
        const target = { photo: photo.source, imageSize, faces: photo.faces };
        const fingerprint = photo.imageSize === null ? null : await fingerprintOf(file, hash);
        changes.push({ contentHash: hash, imageSize, fingerprint, change: (before: PhotoCorrections) => applyEdit(before, target, edit, { pupils, now: now.toISOString(), learned }) });
      }
      await updateCorrections(store, changes);
      return named;
    },
  };
}

/**
 * The face's descriptor as the scan found it, from the analysis cache: the face a teacher names becomes a template
 * of that pupil. Null without a cache entry (a scan with --no-cache) or when the face was too small to describe.
 */
async function learnedFace(store: Store, hash: string, photo: ReportPhoto, face: number): Promise<LearnedFace | null> {
  const record = photo.faces[face - 1];
  if (record === undefined || photo.imageSize === null) return null;
  const analysis = await (await store.analysisCache(defaultAnalysisKey())).get(hash).catch(() => null);
  if (analysis === null) return null;
  const { byMark } = pairByOverlap([record.box], analysis.faces.map((f) => f.box), CORRECT_DEFAULTS.minOverlap);
  const index = byMark[0];
  const descriptor = index == null ? null : analysis.descriptors[index];
  return descriptor == null ? null : { describer: describerSettingsKey(), descriptor };
}

/** The first frame's fingerprint of a clip the scan analysed, from the cache; null without an entry. */
async function clipFingerprint(store: Store, file: string, hash: string): Promise<Fingerprint | null> {
  const clip = await readCachedClip(await store.analysisCache(clipSettingsKey()), hash, file).catch(() => null);
  return clip?.fingerprint ?? null;
}

/** @throws UserError when the folder holds no readable report.json. */
export async function readReport(reportDir: string): Promise<ReportFile> {
  const file = path.join(reportDir, 'report.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(S.noReport(reportDir), { hint: S.noReportHint });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (caught) {
    throw new UserError(S.damaged, { place: { file }, hint: S.damagedHint, cause: caught });
  }
  try {
    return decodeReport(raw);
  } catch (caught) {
    if (!(caught instanceof ReportMismatch)) throw caught;
    throw new UserError(S.otherVersion(caught.message), {
      place: { file },
      hint: S.otherVersionHint,
      cause: caught,
    });
  }
}

/** The roster the scan used; else the one from init. */
async function rosterOf(store: Store, report: ReportFile): Promise<Roster> {
  const used = report.options.roster;
  const config = await store.readConfig();
  if ((await stat(used).catch(() => null)) !== null) {
    return readRoster(used, { columns: config !== null && path.resolve(store.root, config.roster) === used ? config.columns : {} });
  }
  if (config === null) {
    throw new UserError(S.noRoster, { hint: S.noRosterHint });
  }
  return readRoster(path.resolve(store.root, config.roster), { columns: config.columns });
}

/** The most recent scan's report folder of this working folder. @throws UserError when there is none. */
export async function latestReport(cwd: string): Promise<string> {
  const store = await openStoreAndSweep(cwd);
  const scans = store === null ? [] : await store.readScans();
  for (const report of [...scans].reverse()) {
    if ((await stat(path.join(report, 'report.json')).catch(() => null)) !== null) return report;
  }
  throw new UserError(S.noScan, { hint: S.noScanHint });
}

/**
 * The report folder and photo number of `photo` in the most recent scan that has it.
 * @throws UserError when no scan of this working folder has that photo.
 */
export async function reportWithPhoto(cwd: string, photo: string): Promise<{ reportDir: string; index: number }> {
  const absolute = path.resolve(cwd, photo);
  if ((await stat(absolute).catch(() => null))?.isFile() !== true) {
    throw new UserError(S.noSuchPhoto(absolute), { hint: S.noSuchPhotoHint });
  }
  const file = await realpath(absolute);
  const store = await openStoreAndSweep(cwd);
  const scans = store === null ? [] : await store.readScans();
  for (const reportDir of [...scans].reverse()) {
    const report = await readReport(reportDir).catch(() => null);
    if (report === null || !isInside(file, report.input)) continue;
    const source = path.relative(report.input, file).split(path.sep).join('/');
    const index = report.photos.findIndex((p) => p.source === source);
    if (index >= 0) return { reportDir, index };
  }
  throw new UserError(S.photoNotScanned(photo), { hint: S.photoNotScannedHint });
}

/**
 * The report folder of the most recent scan of this working folder whose report has people group `group`.
 * @throws UserError when none has it.
 */
export async function reportWithGroup(cwd: string, group: string): Promise<string> {
  const store = await openStoreAndSweep(cwd);
  const scans = store === null ? [] : await store.readScans();
  for (const reportDir of [...scans].reverse()) {
    const report = await readReport(reportDir).catch(() => null);
    if (report?.photos.some((photo) => photo.faces.some((face) => face.group === group)) === true) return reportDir;
  }
  throw new UserError(S.noGroup(group), { hint: S.noGroupHint });
}
