import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import type { Descriptor, Detection, Landmarks5 } from '../faces/types.js';
import type { Point } from '../geometry.js';
import { FILE_MODE, readTextIfPresent, writeFileAtomic } from '../atomic.js';
import { stillInside, warnOnStderr } from '../paths.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from './codec.js';

const ENTRY_VERSION = 1;

/** sha256 of a file's bytes, hex, read as a stream so a 12 MP photo is never held twice in memory. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What the face engines found per photo, keyed by the photo's content (so renamed or copied photos hit) and by the
 * engines' settings (so a new model or threshold misses). Each entry carries a checksum: a damaged entry is deleted
 * and rebuilt, never trusted, because a wrong analysis could publish a child.
 */
export class AnalysisCache {
  private readonly settingsHash: string;

  constructor(
    readonly dir: string,
    private readonly settingsKey: string,
  ) {
    this.settingsHash = sha256(settingsKey).slice(0, 16);
  }

  /** Where the entry for a photo hash lives: `<dir>/<first two hex>/<hash>.<settings hash>.json`. */
  entryPath(contentHash: string): string {
    return path.join(this.dir, contentHash.slice(0, 2), `${contentHash}.${this.settingsHash}.json`);
  }

  /** The stored analysis, or null on a miss or a damaged entry (which is deleted). */
  async get(contentHash: string): Promise<PhotoAnalysis | null> {
    assertHash(contentHash);
    const file = this.entryPath(contentHash);
    const text = await readTextIfPresent(file);
    if (text === null) return null;
    // A subfolder of the cache replaced by a link elsewhere: nothing read or removed there is ours.
    if (!(await this.ownsEntry(file))) return null;
    const analysis = this.parseEntry(text, contentHash);
    if (analysis === null) await rm(file, { force: true });
    return analysis;
  }

  async put(contentHash: string, analysis: PhotoAnalysis): Promise<void> {
    assertHash(contentHash);
    const payload = JSON.stringify({
      imageSize: { width: analysis.imageSize.width, height: analysis.imageSize.height },
      faces: analysis.faces.map((f) => ({
        box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height },
        score: f.score,
        landmarks: f.landmarks.map((p) => ({ x: p.x, y: p.y })),
      })),
      descriptors: analysis.descriptors.map((d) => (d === null ? null : encodeDescriptor(d))),
    });
    const entry = { version: ENTRY_VERSION, photo: contentHash, settings: this.settingsKey, sha256: sha256(payload), payload };
    const file = this.entryPath(contentHash);
    // The cache only saves time: an entry that would land outside the cache folder is simply not kept.
    if (!(await this.ownsEntry(file))) return;
    await writeFileAtomic(file, JSON.stringify(entry), FILE_MODE.private);
  }

  /** True when `file` lies inside the cache folder once links are followed; else warns. */
  private async ownsEntry(file: string): Promise<boolean> {
    if (await stillInside(this.dir, file)) return true;
    warnOnStderr(`the analysis cache entry ${file} would lie outside ${this.dir} (a symbolic link?): it was not used.`);
    return false;
  }

  private parseEntry(text: string, contentHash: string): PhotoAnalysis | null {
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      return null;
    }
    if (!isRecord(entry) || entry['version'] !== ENTRY_VERSION) return null;
    // The file name holds only a short settings hash: compare the full key, so a collision can never mix settings.
    if (entry['photo'] !== contentHash || entry['settings'] !== this.settingsKey) return null;
    const { payload } = entry;
    if (typeof payload !== 'string' || entry['sha256'] !== sha256(payload)) return null;
    try {
      return parsePayload(JSON.parse(payload));
    } catch {
      return null;
    }
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
  return { imageSize, faces, descriptors };
}
