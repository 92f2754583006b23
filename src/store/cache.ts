import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import type { Descriptor, Detection, Landmarks5 } from '../faces/types.js';
import type { Point } from '../geometry.js';
import { FILE_MODE, TEMP_SUFFIX, writeFileAtomic } from '../atomic.js';
import { isPhotoFingerprint } from '../images/fingerprint.js';
import { msg } from '../i18n/messages.js';
import { stillInside, warnOnStderr } from '../paths.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from './codec.js';
import { decodeBytes, encodeBytes, fileNameFor, readBytesIfPresent, vaultContext, type Vault } from './vault.js';

/**
 * 2: entries carry the photo's fingerprint, by which the teacher's corrections follow a re-saved copy. A version-1
 * entry is a miss (analysed again, quietly): a cached analysis without a fingerprint could not find the corrections
 * of a copy of this photo.
 */
const ENTRY_VERSION = 2;
const OLDER_VERSIONS: ReadonlySet<unknown> = new Set([1]);

/** sha256 of a file's bytes, hex, read as a stream so a 12 MP photo is never held twice in memory. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** How long what the engines found in a photo is kept, unless the store's settings say otherwise. */
export const RETENTION_DEFAULT_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CacheOptions {
  /** How entries are stored: sealed in an encrypted store. Default: in clear. */
  readonly vault?: Vault;
  /** Entries older than this are deleted (by `sweep`, and never returned by `get`). */
  readonly retentionDays?: number;
  readonly now?: () => Date;
  /** Told about an entry that was altered or damaged, before it is deleted and the photo analysed again. */
  readonly onDamaged?: (file: string) => void;
}

/**
 * What the face engines found per photo, keyed by the photo's content (so renamed or copied photos hit) and by the
 * engines' settings (so a new model or threshold misses). It holds a descriptor of every face in every scanned photo:
 * in an encrypted store each entry is sealed and its file name is a keyed hash (so the names do not tell which photos
 * were scanned), and every entry carries the time of its analysis in its name, so entries past their retention are
 * deleted without decrypting anything. A damaged entry is deleted and rebuilt, never trusted: a wrong analysis could
 * publish a child.
 *
 * File: `<dir>/<first two hex of name>/<name>.<settings hash>.<analysed at, ms>.<json|enc>`.
 */
export class AnalysisCache {
  private readonly settingsHash: string;
  private readonly vault: Vault;
  private readonly retentionMs: number;
  private readonly now: () => Date;
  private readonly onDamaged: (file: string) => void;

  constructor(
    readonly dir: string,
    private readonly settingsKey: string,
    options: CacheOptions = {},
  ) {
    this.settingsHash = sha256(settingsKey).slice(0, 16);
    this.vault = options.vault ?? { kind: 'plain' };
    this.retentionMs = (options.retentionDays ?? RETENTION_DEFAULT_DAYS) * DAY_MS;
    this.now = options.now ?? (() => vaultContext().now());
    this.onDamaged = options.onDamaged ?? (() => undefined);
  }

  private get extension(): string {
    return this.vault.kind === 'plain' ? 'json' : 'enc';
  }

  /** The file name's start for a photo under these settings; the analysis time and extension follow. */
  private prefix(contentHash: string): { shard: string; start: string } {
    const name = fileNameFor(this.vault, contentHash);
    return { shard: path.join(this.dir, name.slice(0, 2)), start: `${name}.${this.settingsHash}.` };
  }

  /** The entry's file for a photo hash, or null when there is none. */
  async entryFile(contentHash: string): Promise<string | null> {
    assertHash(contentHash);
    const { shard, start } = this.prefix(contentHash);
    const names = (await readdirIfPresent(shard)).filter((n) => n.startsWith(start) && analysedAt(n, this.extension) !== null);
    // Newest first: after a crash between writing a new entry and removing the old one, the new one counts.
    names.sort((a, b) => (analysedAt(b, this.extension) ?? 0) - (analysedAt(a, this.extension) ?? 0));
    return names[0] === undefined ? null : path.join(shard, names[0]);
  }

  /** The stored analysis, or null on a miss, an expired entry or a damaged one (both deleted). */
  get(contentHash: string): Promise<PhotoAnalysis | null> {
    return this.read(contentHash, parsePayload);
  }

  /**
   * Another kind of analysis stored under the same rules (a clip's tracks, src/scan/clips.ts), which its own
   * `settingsKey` keeps apart from photos': `parse` checks the payload (null or a throw: damaged, deleted).
   */
  async read<T>(contentHash: string, parse: (payload: unknown) => T | null): Promise<T | null> {
    const file = await this.entryFile(contentHash);
    if (file === null) return null;
    // A subfolder of the cache replaced by a link elsewhere: nothing read or removed there is ours.
    if (!(await this.ownsEntry(file))) return null;
    if (this.expired(analysedAt(path.basename(file), this.extension) ?? 0)) {
      await rm(file, { force: true });
      return null;
    }
    const stored = await readBytesIfPresent(file);
    if (stored === null) return null;
    const plain = decodeBytes(this.vault, this.context(file), stored);
    const analysis = plain === null ? null : this.parseEntry(plain.toString('utf8'), contentHash, parse);
    if (analysis === 'older') return null;
    if (analysis === null) {
      this.onDamaged(file);
      await rm(file, { force: true });
    }
    return analysis;
  }

  put(contentHash: string, analysis: PhotoAnalysis): Promise<void> {
    const payload = JSON.stringify({
      imageSize: { width: analysis.imageSize.width, height: analysis.imageSize.height },
      fingerprint: analysis.fingerprint === undefined ? null : { phash: analysis.fingerprint.phash, size: analysis.fingerprint.size, turned: analysis.fingerprint.turned },
      faces: analysis.faces.map((f) => ({
        box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height },
        score: f.score,
        landmarks: f.landmarks.map((p) => ({ x: p.x, y: p.y })),
      })),
      descriptors: analysis.descriptors.map((d) => (d === null ? null : encodeDescriptor(d))),
    });
    return this.write(contentHash, payload);
  }

  /** Stores `payload` (JSON) for the content hash: see `read`. */
  async write(contentHash: string, payload: string): Promise<void> {
    assertHash(contentHash);
    const entry = { version: ENTRY_VERSION, photo: contentHash, settings: this.settingsKey, sha256: sha256(payload), payload };
    const { shard, start } = this.prefix(contentHash);
    const older = (await readdirIfPresent(shard)).filter((n) => n.startsWith(start));
    const file = path.join(shard, `${start}${this.now().getTime()}.${this.extension}`);
    // The cache only saves time: an entry that would land outside the cache folder is simply not kept.
    if (!(await this.ownsEntry(file))) return;
    await writeFileAtomic(file, encodeBytes(this.vault, this.context(file), Buffer.from(JSON.stringify(entry), 'utf8')), FILE_MODE.private);
    for (const name of older) if (path.join(shard, name) !== file) await rm(path.join(shard, name), { force: true });
  }

  /** True when `file` lies inside the cache folder once links are followed; else warns. */
  private async ownsEntry(file: string): Promise<boolean> {
    if (await stillInside(this.dir, file)) return true;
    const text = msg.store.cacheEntryOutside(file, this.dir);
    warnOnStderr(text.en, text);
    return false;
  }

  /**
   * Deletes every entry older than the retention, and every file that is not an entry of this store's kind (entries
   * of a version before encryption, which carry no date, or plain entries left in an encrypted store).
   * @returns how many entries were deleted.
   */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const shard of await readdirIfPresent(this.dir)) {
      const shardDir = path.join(this.dir, shard);
      // A shard replaced by a link elsewhere: what lies there is not ours to delete.
      if (!/^[0-9a-f]{2}$/.test(shard) || !(await stillInside(this.dir, shardDir))) continue;
      for (const name of await readdirIfPresent(shardDir)) {
        if (name.endsWith(TEMP_SUFFIX)) {
          // A write in progress (another command running now) is left alone; a crash's leftover is not.
          const info = await stat(path.join(shardDir, name)).catch(() => null);
          if (info !== null && this.now().getTime() - info.mtimeMs > DAY_MS) await rm(path.join(shardDir, name), { force: true });
          continue;
        }
        const at = analysedAt(name, this.extension);
        if (at === null || this.expired(at)) {
          await rm(path.join(shardDir, name), { force: true });
          deleted += 1;
        }
      }
    }
    return deleted;
  }

  private expired(at: number): boolean {
    return this.now().getTime() - at >= this.retentionMs;
  }

  /** What a sealed entry is bound to: its place, so one photo's entry copied over another's does not open. */
  private context(file: string): string {
    return `cache/${path.relative(this.dir, file).split(path.sep).join('/')}`;
  }

  /** The analysis; 'older' for an entry of an earlier version, to be replaced; null when damaged. */
  private parseEntry<T>(text: string, contentHash: string, parse: (payload: unknown) => T | null): T | 'older' | null {
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      return null;
    }
    if (isRecord(entry) && OLDER_VERSIONS.has(entry['version'])) return 'older';
    if (!isRecord(entry) || entry['version'] !== ENTRY_VERSION) return null;
    // The file name holds only a short settings hash: compare the full key, so a collision can never mix settings.
    if (entry['photo'] !== contentHash || entry['settings'] !== this.settingsKey) return null;
    const { payload } = entry;
    if (typeof payload !== 'string' || entry['sha256'] !== sha256(payload)) return null;
    try {
      return parse(JSON.parse(payload));
    } catch {
      return null;
    }
  }
}

/** The analysis time (ms) in an entry's file name, or null when the name is not an entry's. */
function analysedAt(name: string, extension: string): number | null {
  const match = /^[0-9a-f]{64}\.[0-9a-f]{16}\.(\d{1,16})\.([a-z]+)$/.exec(name);
  if (match === null || match[2] !== extension) return null;
  return Number(match[1]);
}

async function readdirIfPresent(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (caught) {
    if ((caught as { code?: unknown }).code === 'ENOENT' || (caught as { code?: unknown }).code === 'ENOTDIR') return [];
    throw caught;
  }
}

function assertHash(contentHash: string): void {
  // A path is built from it: anything but hex could point outside the cache.
  if (!/^[0-9a-f]{64}$/.test(contentHash)) throw new Error(`Expected a sha256 hex digest for the cache key but received "${contentHash}"`);
}

function num(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error('not a number');
  return value;
}

function point(value: unknown): Point {
  if (!isRecord(value)) throw new Error('not a point');
  return { x: num(value['x']), y: num(value['y']) };
}

function parsePayload(raw: unknown): PhotoAnalysis | null {
  if (!isRecord(raw) || !isRecord(raw['imageSize']) || !Array.isArray(raw['faces']) || !Array.isArray(raw['descriptors'])) return null;
  const imageSize = { width: num(raw['imageSize']['width']), height: num(raw['imageSize']['height']) };
  // null only from an analyzer that does not decode (tests' fakes); such an analysis finds exact corrections only.
  const fingerprint = raw['fingerprint'];
  if (fingerprint !== null && !isPhotoFingerprint(fingerprint)) return null;
  const faces: Detection[] = (raw['faces'] as unknown[]).map((f) => {
    if (!isRecord(f) || !isRecord(f['box']) || !Array.isArray(f['landmarks']) || f['landmarks'].length !== 5) throw new Error('not a face');
    const b = f['box'];
    const landmarks = (f['landmarks'] as unknown[]).map(point) as unknown as Landmarks5;
    return { box: { x: num(b['x']), y: num(b['y']), width: num(b['width']), height: num(b['height']) }, score: num(f['score']), landmarks };
  });
  const descriptors: (Descriptor | null)[] = [];
  for (const d of raw['descriptors'] as unknown[]) {
    if (d === null) descriptors.push(null);
    else {
      const decoded = decodeDescriptor(d);
      if (decoded === null) return null;
      descriptors.push(decoded);
    }
  }
  // Descriptors pair with faces by position; a count mismatch would pair a face with someone else's descriptor.
  if (descriptors.length !== faces.length) return null;
  return fingerprint === null ? { imageSize, faces, descriptors } : { imageSize, fingerprint, faces, descriptors };
}
