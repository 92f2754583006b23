/**
 * What a scan has placed in its output and review folders, kept in the report folder. It is how a rerun recognises
 * its own earlier output (and refuses a folder holding someone else's files), and how it withdraws a photo that was
 * published before but may not be any more — consent changes, and a photo fine last month may not be fine today.
 *
 * Every file is claimed in the ledger before it is written and released only after it is removed, so after a crash
 * the ledger may name a file that is not there, but never misses one that is.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError, toError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { textOf } from '../i18n/compose.js';
import { verbatim } from '../i18n/text.js';
import { scopeText } from '../policy/consent.js';
import { resolveInside, warnIn, warnOnStderr, type Warn } from '../paths.js';
import { hashFile } from '../store/cache.js';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import { isFolder, ledgerPath, readLedger, type LedgerData, type PlacedKind, type PlacedRender, type PlacedShows, type ShownFaces } from '../history/ledger.js';
import type { ConsentPurpose, Scope } from '../policy/types.js';
import type { Store } from '../store/store.js';
import type { ScanFolders } from './folders.js';
import { isTempFile, listFiles } from './walk.js';

export interface ScanIdentity {
  readonly scope: Scope;
  readonly className: string | null;
  /** The purpose the scan is for; absent or null for the whole scope. */
  readonly purpose?: ConsentPurpose | null;
}

/**
 * The ledgers of the other scans of the same photos run with this store (for other scopes, classes or folders), and
 * this scan recorded among them. Their files under an equal render key are exactly what this scan would render, so
 * a scan for another scope copies them instead (see ScanLedger.fromOtherScan). A scan whose report folder is gone is
 * forgotten, and said; one whose ledger cannot be read now (missing, unreadable, damaged: perhaps a share that is not
 * there today) stays in the list, said too, because recheck needs it to take down what that scan published.
 */
export async function otherScansOf(store: Pick<Store, 'readScans' | 'writeScans'>, folders: ScanFolders, warn: Warn = warnOnStderr): Promise<LedgerData[]> {
  const others: LedgerData[] = [];
  const kept: string[] = [];
  for (const report of await store.readScans()) {
    if (report === folders.report || kept.includes(report)) continue;
    // The scan only ever writes absolute report folders here; anything else was not written by it.
    if (!isFolder(report)) {
      warnIn(warn, msg.scan.earlierNotAbsolute(JSON.stringify(report)));
      continue;
    }
    const ledger = await readLedger({ report }, warn);
    if (ledger === null) {
      if (await isGone(report)) {
        warnIn(warn, msg.scan.earlierGone(report));
        continue;
      }
      warnIn(warn, msg.scan.earlierUnreadable(ledgerPath({ report })));
    } else if (ledger.input === folders.input) {
      others.push(ledger);
    }
    kept.push(report);
  }
  await store.writeScans([...kept, folders.report]);
  return others;
}

/** True only when the folder is certainly not there (ENOENT), not when it merely cannot be looked at. */
async function isGone(folder: string): Promise<boolean> {
  try {
    await stat(folder);
    return false;
  } catch (caught) {
    return (caught as { code?: unknown }).code === 'ENOENT';
  }
}

/** Files below `dir` (non-hidden, not our temp files); none when it does not exist. */
async function existingFiles(dir: string): Promise<string[]> {
  try {
    return (await listFiles(dir)).filter((file) => !isTempFile(file));
  } catch (caught) {
    if ((caught as { code?: unknown }).code === 'ENOENT') return [];
    if ((caught as { code?: unknown }).code === 'ENOTDIR') {
      throw new UserError(msg.scan.outputIsFile(dir), { hint: msg.scan.outputIsFileHint });
    }
    throw caught;
  }
}

/**
 * Decides, before any work, whether this scan may write into its folders: they must be new or empty, or hold only
 * what an earlier run of this same scan (same input, output and scope) placed there.
 * @returns the earlier run's ledger, or null for a fresh start.
 * @throws UserError naming the foreign files.
 */
export async function checkPreviousRun(folders: ScanFolders, identity: ScanIdentity, warn: Warn = warnOnStderr): Promise<LedgerData | null> {
  const previous = await readLedger(folders, warn);
  const reportFiles = await existingFiles(folders.report);
  if (previous != null && (previous.input !== folders.input || previous.output !== folders.output)) {
    throw new UserError(msg.scan.reportOfOtherScan(folders.report, previous.input, previous.output), { hint: msg.scan.reportOfOtherScanHint });
  }
  if (
    previous != null &&
    (previous.scope !== identity.scope || previous.className !== identity.className || (previous.purpose?.key ?? null) !== (identity.purpose?.key ?? null))
  ) {
    const scopeName = previous.scope === 'group' ? msg.policy.groupTarget(previous.className ?? '') : scopeText(previous.scope);
    const was = previous.purpose != null ? verbatim(previous.purpose.name) : scopeName;
    const text = textOf((lang, say) => say.scan.outputForOtherTarget(folders.output, was[lang], previous.purpose != null));
    throw new UserError(text, { hint: msg.scan.outputForOtherTargetHint });
  }
  if (previous == null && reportFiles.length > 0) {
    throw foreign(folders.report, reportFiles, 'report');
  }
  for (const [dir, kind] of [
    [folders.output, 'output'],
    [folders.review, 'review'],
  ] as const) {
    const claimed = new Set(Object.values(previous == null ? {} : kind === 'output' ? previous.outputs : previous.reviews));
    const strangers = (await existingFiles(dir)).filter((file) => !claimed.has(file));
    if (strangers.length > 0) throw foreign(dir, strangers, kind);
  }
  return previous;
}

function foreign(dir: string, files: readonly string[], kind: 'output' | 'review' | 'report'): UserError {
  return new UserError(msg.scan.foreignFiles(kind, dir, files.slice(0, 3).join(', '), Math.max(0, files.length - 3)), {
    hint: kind === 'output' ? msg.scan.foreignOutputHint : msg.scan.foreignFilesHint(kind === 'report' ? '--report' : '--out'),
  });
}

/** A placed file that could not be removed, and why (the system's message). */
export interface Stuck {
  readonly file: string;
  readonly problem: string;
}

/** Thrown by `claim` when what was placed for the photo before cannot be removed first. */
export class WithdrawalError extends Error {
  override readonly name = 'WithdrawalError';
  constructor(readonly stuck: readonly Stuck[]) {
    super(`could not remove ${stuck.map((s) => s.file).join(', ')}`);
  }
}

/** How the ledger touches the disk beyond its own file: injectable, so that a test can make a removal fail. */
export interface LedgerIo {
  /** Where paths that were not followed are reported. */
  readonly warn?: Warn;
  /** Removes one placed file; a missing file is not an error. */
  readonly remove?: (file: string) => Promise<void>;
}

/**
 * Records what one run placed, and decides what an earlier run's files still count for; the files themselves are
 * written by whoever claimed them (src/scan/write-photo.ts). Calls are serialised, so photos processed concurrently
 * cannot lose an entry.
 */
export class ScanLedger {
  private outputs: Record<string, string>;
  private reviews: Record<string, string>;
  private renders: Record<string, PlacedRender>;
  private shows: Record<string, PlacedShows>;
  private finished = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly warn: Warn;
  private readonly remove: (file: string) => Promise<void>;

  constructor(
    private readonly folders: ScanFolders,
    private readonly identity: ScanIdentity,
    previous: LedgerData | null,
    /** Other scans of the same photos (otherScansOf): their files may be copied, never changed. */
    private readonly others: readonly LedgerData[] = [],
    io: LedgerIo = {},
  ) {
    this.outputs = { ...(previous?.outputs ?? {}) };
    this.reviews = { ...(previous?.reviews ?? {}) };
    this.renders = { ...(previous?.renders ?? {}) };
    this.shows = { ...(previous?.shows ?? {}) };
    this.warn = io.warn ?? warnOnStderr;
    this.remove = io.remove ?? ((file) => rm(file, { force: true }));
  }

  /** Claims the folders for this scan: written before the first photo, so a crash cannot leave unclaimed files. */
  start(): Promise<void> {
    return this.serial(() => this.save());
  }

  /**
   * Claims `relative` in the output or review folder for `source`, after removing whatever was placed for this source
   * before elsewhere (a photo that moved from output to review must leave the output first). The claim is saved
   * before this returns, and the caller writes the file only then: the ledger never misses a file that is there.
   * @returns the path to write the file to: inside the folder once links are followed.
   * @throws WithdrawalError when what was placed for the photo before cannot be removed.
   */
  claim(source: string, kind: PlacedKind, relative: string, shown: ShownFaces): Promise<string> {
    return this.serial(async () => {
      const stuck = await this.removeExcept(source, kind, relative);
      // The photo's new place must not be taken while its old one is still published.
      if (stuck.length > 0) throw new WithdrawalError(stuck);
      // A folder in the output replaced by a link elsewhere must not carry the photo out of it.
      const target = await resolveInside(this.dirOf(kind), relative);
      if (target === null) throw new Error(`${path.join(this.dirOf(kind), relative)} would lie outside the ${kind} folder (a symbolic link?); it was not written`);
      this.entries(kind)[source] = relative;
      delete this.renders[source];
      // Claimed with the file, before it is written: a file on disk whose record is missing could not be rechecked.
      this.shows[source] = { pupils: [...shown.pupils], hidden: shown.hidden, publishedAt: new Date().toISOString() };
      await this.save();
      return target;
    });
  }

  /**
   * Records that the file claimed for `source` now holds `data`, rendered under `renderKey`, so a rerun may keep it.
   * Saved with the next change rather than now (one ledger write per photo, not two): a crash before that loses only
   * the record, and the photo is rendered again next time.
   */
  written(source: string, renderKey: string, data: Buffer): Promise<void> {
    return this.writtenAs(source, renderKey, sha256(data));
  }

  /** `written` for a file too large to hold in memory (a clip), by the sha256 of what was written. */
  writtenAs(source: string, renderKey: string, fileSha256: string): Promise<void> {
    return this.serial(async () => {
      this.renders[source] = { key: renderKey, sha256: fileSha256 };
    });
  }

  /**
   * The file an earlier run placed for `source` in the `kind` folder, if it was rendered with `renderKey` and is still
   * exactly the bytes written then (a file edited, replaced or truncated since is rendered again); else null.
   * A rerun into the same folders then writes only the photos whose decision changed.
   */
  current(source: string, kind: PlacedKind, renderKey: string): Promise<string | null> {
    return this.serial(async () => {
      const relative = this.entries(kind)[source];
      const other = kind === 'output' ? this.reviews[source] : this.outputs[source];
      const render = this.renders[source];
      if (relative === undefined || other !== undefined || render === undefined || render.key !== renderKey) return null;
      const file = await resolveInside(this.dirOf(kind), relative);
      if (file === null) return null;
      const actual = await hashFile(file).catch(() => null);
      return actual === render.sha256 ? relative : null;
    });
  }

  /**
   * The bytes another scan placed for `source` under the same render key — so exactly what rendering would give — if
   * its file is still exactly what it wrote; else null. Scans for different scopes hide the same faces in most photos
   * (strangers and pupils without any consent are hidden in every scope), and such a photo is then rendered once.
   */
  async fromOtherScan(source: string, renderKey: string): Promise<{ data: Buffer; extension: string } | null> {
    for (const other of this.others) {
      const render = other.renders?.[source];
      if (render === undefined || render.key !== renderKey) continue;
      for (const [dir, entries] of [
        [other.output, other.outputs],
        [other.review, other.reviews],
      ] as const) {
        const relative = entries[source];
        if (relative === undefined) continue;
        // Only a file inside that scan's own folder, links followed: a copied file is published.
        const file = await resolveInside(dir, relative);
        if (file === null) continue;
        const data = await readFile(file).catch(() => null);
        if (data !== null && sha256(data) === render.sha256) return { data, extension: path.extname(relative) };
      }
    }
    return null;
  }

  /**
   * Records who the file kept from an earlier run (see `current`) shows now: the same faces are hidden, but the
   * pupils behind the visible ones are today's. It keeps the date it was first written as it is.
   */
  keep(source: string, shown: ShownFaces): Promise<void> {
    return this.serial(async () => {
      this.shows[source] = { pupils: [...shown.pupils], hidden: shown.hidden, publishedAt: this.shows[source]?.publishedAt ?? null };
    });
  }

  /** The ledger as it stands: after `finish`, what this run placed, for comparing with the run before. */
  data(): LedgerData {
    return structuredClone(this.snapshot());
  }

  /** Removes everything placed for `source`: it is dropped, unreadable, or no longer in the input. */
  withdraw(source: string): Promise<Stuck[]> {
    return this.serial(() => this.removeExcept(source, null, null));
  }

  /**
   * Ends the run: whatever an earlier run placed for a source this run did not decide is withdrawn — its photo was
   * deleted from the input, or the run was interrupted before it, and consent may have changed since.
   */
  finish(decided: readonly string[], complete: boolean): Promise<{ readonly source: string; readonly stuck: Stuck[] }[]> {
    return this.serial(async () => {
      const present = new Set(decided);
      const undecided = new Set([...Object.keys(this.outputs), ...Object.keys(this.reviews)].filter((source) => !present.has(source)));
      const failed: { source: string; stuck: Stuck[] }[] = [];
      for (const source of undecided) {
        const stuck = await this.removeExcept(source, null, null);
        if (stuck.length > 0) failed.push({ source, stuck });
      }
      this.finished = complete;
      await this.save();
      return failed;
    });
  }

  /** Relative output path placed for each source so far. */
  placed(kind: PlacedKind): Readonly<Record<string, string>> {
    return { ...this.entries(kind) };
  }

  /**
   * Removes what was placed for `source`, but the file at `keepPath` in the `keepKind` folder.
   * @returns the files that could not be removed (a read-only folder, a file open elsewhere): they stay claimed, so
   *   the next run tries again, and the caller must tell the user to remove them by hand.
   */
  private async removeExcept(source: string, keepKind: PlacedKind | null, keepPath: string | null): Promise<Stuck[]> {
    const stuck: Stuck[] = [];
    for (const kind of ['output', 'review'] as const) {
      const entries = this.entries(kind);
      const old = entries[source];
      if (old === undefined || (kind === keepKind && old === keepPath)) continue;
      // A new photo with the same stem may have been given this name in this run (IMG_1.heic → IMG_1.heic.jpg once an
      // IMG_1.jpg appears): the file is then that photo's now, and only the stale claim goes.
      const claimedByAnother = Object.entries(entries).some(([other, file]) => other !== source && file === old);
      if (!claimedByAnother) {
        // Only ever what lies inside our own folder once links are followed: the claim may be stale or edited.
        const file = await resolveInside(this.dirOf(kind), old);
        if (file === null) {
          warnIn(this.warn, msg.scan.placedOutside(kind, JSON.stringify(old), source, this.dirOf(kind)));
        } else {
          try {
            await this.remove(file);
          } catch (caught) {
            stuck.push({ file, problem: toError(caught).message });
            continue;
          }
          await removeEmptyParents(this.dirOf(kind), path.dirname(old));
        }
      }
      delete entries[source];
      delete this.renders[source];
      delete this.shows[source];
      await this.save();
    }
    return stuck;
  }

  private entries(kind: PlacedKind): Record<string, string> {
    return kind === 'output' ? this.outputs : this.reviews;
  }

  private dirOf(kind: PlacedKind): string {
    return kind === 'output' ? this.folders.output : this.folders.review;
  }

  private async save(): Promise<void> {
    await writeFileAtomic(ledgerPath(this.folders), Buffer.from(`${JSON.stringify(this.snapshot(), null, 1)}\n`), FILE_MODE.private);
  }

  private snapshot(): LedgerData {
    return {
      tool: 'privacy-filter',
      input: this.folders.input,
      output: this.folders.output,
      review: this.folders.review,
      scope: this.identity.scope,
      className: this.identity.className,
      finished: this.finished,
      outputs: this.outputs,
      reviews: this.reviews,
      renders: this.renders,
      purpose: this.identity.purpose ?? null,
      shows: this.shows,
    };
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    // A failed step must not block the next photo's step; the caller still sees the failure through `run`.
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Removes `relativeDir` below `root` and its parents while they are empty, so a withdrawn photo leaves no empty folder. */
async function removeEmptyParents(root: string, relativeDir: string): Promise<void> {
  for (let dir = relativeDir; dir !== '.' && dir !== '' && dir !== '/'; dir = path.dirname(dir)) {
    try {
      await rmdir(path.join(root, dir));
    } catch {
      return; // not empty (or already gone): nothing more to tidy
    }
  }
}
