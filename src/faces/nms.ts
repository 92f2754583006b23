import { boxArea, intersectionArea, iou, type Box } from '../geometry.js';

/** Anything with a box and a score can be suppressed: detections, and raw candidates in tests. */
export interface Scored {
  readonly box: Box;
  readonly score: number;
}

export interface NmsOptions {
  /** Two boxes overlapping by at least this IoU are the same face. */
  readonly iou: number;
  /**
   * A box whose area lies at least this share inside a higher-scoring box is dropped too: a tile edge or a
   * neighbouring pyramid level often yields half a face inside the whole one, with a low IoU.
   */
  readonly contained: number;
  /**
   * ...but only when it is at least this share of the bigger box's area: a real small face inside a big false box
   * (a coarse pyramid level firing on a torso) must survive, or the child it belongs to is never recognised.
   */
  readonly containedMinArea: number;
}

/** Share of `inner`'s area that lies inside `outer`, 0..1. */
export function containedShare(inner: Box, outer: Box): number {
  const a = boxArea(inner);
  return a > 0 ? intersectionArea(inner, outer) / a : 0;
}

/**
 * Greedy non-maximum suppression: keeps the best-scoring box of every cluster, highest score first.
 * Stable for equal scores (earlier input wins), so results do not depend on sort implementation details.
 */
export function suppress<T extends Scored>(items: readonly T[], options: NmsOptions): T[] {
  const order = items.map((item, index) => ({ item, index }));
  order.sort((a, b) => b.item.score - a.item.score || a.index - b.index);
  const kept: T[] = [];
  for (const { item } of order) {
    const duplicate = kept.some(
      (k) =>
        iou(k.box, item.box) >= options.iou ||
        (containedShare(item.box, k.box) >= options.contained && boxArea(item.box) >= options.containedMinArea * boxArea(k.box)),
    );
    if (!duplicate) kept.push(item);
  }
  return kept;
}
