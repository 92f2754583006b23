/**
 * Where each face's label goes so that no two labels overlap, in a crowd too: report.html places them at the size
 * its cards show a photo, the review page at the size it shows it (the page loads this module by itself, so it may
 * import types only). Pure geometry in one unit (CSS pixels of the photo as shown): the caller measures or estimates
 * the labels and converts the result to its own units.
 *
 * Greedy, in reading order: each label takes the first free spot nearest its own box, from above or below it, then
 * stacked further above or below; a label that finds no free spot shrinks to its face number (compact) and tries
 * again; only when even that fails may it overlap (never in practice: a number fits beside any face).
 */
import type { Box, Size } from '../geometry.js';

export interface LabelRequest {
  /** The face's box, in the frame's units. */
  readonly box: Box;
  /** The label's full size. */
  readonly width: number;
  readonly height: number;
  /** Its width when it shows only the face number. */
  readonly compactWidth: number;
}

export interface PlacedLabel {
  /** Top-left corner, in the frame's units, inside the frame. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Shows only the face number: the full label found no free spot near its face. */
  readonly compact: boolean;
}

export const LABEL_PLACE_DEFAULTS = Object.freeze({
  /** How far above or below its box (in label heights) a label may be stacked before it shrinks to its number. */
  maxStack: 3,
});

/** Where the labels go, in the order of `labels`. */
export function placeLabels(frame: Size, labels: readonly LabelRequest[], maxStack: number = LABEL_PLACE_DEFAULTS.maxStack): PlacedLabel[] {
  const order = labels.map((_, i) => i).sort((a, b) => labels[a]!.box.y - labels[b]!.box.y || labels[a]!.box.x - labels[b]!.box.x);
  const placed: (PlacedLabel | undefined)[] = new Array<PlacedLabel | undefined>(labels.length);
  const taken: Box[] = [];
  const faces = labels.map((label) => label.box);
  for (const i of order) {
    const label = labels[i]!;
    const spot =
      bestSpot(frame, label.box, label.width, label.height, maxStack, taken, faces, false) ??
      bestSpot(frame, label.box, label.compactWidth, label.height, maxStack * 4, taken, faces, false) ??
      bestSpot(frame, label.box, label.compactWidth, label.height, 0, taken, faces, true)!;
    placed[i] = { ...spot, compact: spot.width < label.width };
    taken.push(spot);
  }
  return placed.map((p) => p!);
}

/** The free spot nearest the box that covers the fewest other faces; with `anyway`, the least bad spot even if taken. */
function bestSpot(frame: Size, box: Box, width: number, height: number, stack: number, taken: readonly Box[], faces: readonly Box[], anyway: boolean): Box | null {
  let best: { spot: Box; score: number } | null = null;
  for (const spot of candidates(frame, box, width, height, stack)) {
    const clash = taken.reduce((sum, other) => sum + overlapArea(spot, other), 0);
    if (clash > 0 && !anyway) continue;
    // Covering a face (its own or another's) hides what the teacher must check; distance keeps the label by its face.
    const covers = faces.reduce((sum, face) => sum + overlapArea(spot, face), 0);
    const score = clash * 1e6 + covers * 25 + gap(spot, box) * width;
    if (best === null || score < best.score) best = { spot, score };
  }
  return best?.spot ?? null;
}

/** Spots above and below the box (level 0 touching it, further levels stacked away), each left-, right- and centre-aligned, clamped into the frame. */
function candidates(frame: Size, box: Box, width: number, height: number, stack: number): Box[] {
  const xs = [box.x, box.x + box.width - width, box.x + (box.width - width) / 2];
  const ys: number[] = [];
  for (let level = 0; level <= stack; level += 1) ys.push(box.y - height * (level + 1), box.y + box.height + height * level);
  // Inside the box's top edge: the last resort of a face that fills the photo.
  ys.push(box.y);
  const out: Box[] = [];
  for (const y of ys) {
    for (const x of xs) {
      out.push({ x: clamp(x, 0, frame.width - width), y: clamp(y, 0, frame.height - height), width, height });
    }
  }
  return out;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** How far the label is from the box (0 when they touch or overlap). */
function gap(a: Box, b: Box): number {
  const dx = Math.max(0, Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width));
  const dy = Math.max(0, Math.max(a.y, b.y) - Math.min(a.y + a.height, b.y + b.height));
  return Math.hypot(dx, dy);
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(Math.max(low, high), value));
}
