/**
 * Puts one decided photo in place: the file an earlier run left when it is still exactly right, else another scan's
 * identical copy, else the photo rendered (faces anonymised, metadata gone). The file is claimed in the ledger first
 * and then written atomically, so a crash never leaves a file the ledger does not know, nor a half-written one.
 */
import path from 'node:path';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import type { PhotoAnalyzer } from '../engine/analyze.js';
import { renderKey } from '../engine/render.js';
import type { Size } from '../geometry.js';
import type { PlacedKind } from '../history/ledger.js';
import type { FaceRecord } from '../report/types.js';
import { shownFaces } from './decide.js';
import { outputPathFor } from './folders.js';
import type { ScanLedger } from './ledger.js';
import type { ScanPlan } from './plan.js';

export interface DecidedPhoto {
  readonly source: string;
  /** The photo's absolute path. */
  readonly file: string;
  /** The sha256 of the bytes the faces were found in: only those are rendered. */
  readonly hash: string;
  readonly imageSize: Size;
  readonly faces: readonly FaceRecord[];
  /** The output (publishable) or the review folder. */
  readonly kind: PlacedKind;
}

export interface PlacedPhoto {
  /** Relative to its folder, forward slashes. */
  readonly relative: string;
  readonly how: 'kept' | 'copied' | 'rendered';
}

/**
 * @param colliding stems several sources share (collidingStems): their outputs keep the old extension in the name.
 * @param onRender called before a file is copied or rendered (not for a kept one), for progress.
 * @throws whatever rendering or writing throws, and WithdrawalError when an earlier copy cannot be removed first.
 */
export async function writeDecidedPhoto(
  photo: DecidedPhoto,
  plan: Pick<ScanPlan, 'style' | 'quality'>,
  analyzer: Pick<PhotoAnalyzer, 'render'>,
  ledger: ScanLedger,
  colliding: ReadonlySet<string>,
  onRender?: () => void,
): Promise<PlacedPhoto> {
  const { source, kind } = photo;
  const boxes = photo.faces.filter((face) => face.action === 'anonymised').map((face) => face.box);
  const shown = shownFaces(photo.faces);
  const options = { style: plan.style, quality: plan.quality };
  const key = renderKey(photo.hash, photo.imageSize, boxes, options);
  const current = await ledger.current(source, kind, key);
  // Kept only under the name this run would give it: a new photo with the same stem renames both.
  if (current !== null && current === outputPathFor(source, path.posix.extname(current), colliding)) {
    await ledger.keep(source, shown);
    return { relative: current, how: 'kept' };
  }
  onRender?.();
  const copied = await ledger.fromOtherScan(source, key);
  const rendered = copied ?? (await analyzer.render(photo.file, photo.hash, photo.imageSize, boxes, options));
  const relative = outputPathFor(source, rendered.extension, colliding);
  const target = await ledger.claim(source, kind, relative, shown);
  await writeFileAtomic(target, rendered.data, FILE_MODE.shared);
  await ledger.written(source, key, rendered.data);
  return { relative, how: copied !== null ? 'copied' : 'rendered' };
}
