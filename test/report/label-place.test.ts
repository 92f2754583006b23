import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/geometry.js';
import { placeLabels, type LabelRequest, type PlacedLabel } from '../../src/report/label-place.js';

const overlap = (a: Box, b: Box): boolean =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0;

function overlapping(placed: readonly PlacedLabel[]): [number, number][] {
  const pairs: [number, number][] = [];
  placed.forEach((a, i) => placed.forEach((b, j) => j > i && overlap(a, b) && pairs.push([i, j])));
  return pairs;
}

const label = (box: Box, width = 150): LabelRequest => ({ box, width, height: 16, compactWidth: 18 });

/** A class photo: `rows` rows of `columns` faces of `side` pixels, `gap` apart. */
function crowd(rows: number, columns: number, side: number, gap: number, top = 60): Box[] {
  const boxes: Box[] = [];
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < columns; c += 1) boxes.push({ x: 20 + c * (side + gap), y: top + r * (side + gap), width: side, height: side });
  return boxes;
}

describe('placeLabels', () => {
  it('puts a lone label right above its face, left-aligned, as report.html always did', () => {
    const [p] = placeLabels({ width: 480, height: 360 }, [label({ x: 100, y: 100, width: 60, height: 60 })]);
    expect(p).toEqual({ x: 100, y: 84, width: 150, height: 16, compact: false });
  });

  it('puts the label of a face at the top edge below it, and keeps every label inside the photo', () => {
    const frame = { width: 480, height: 360 };
    const placed = placeLabels(frame, [label({ x: 400, y: 0, width: 70, height: 70 })]);
    expect(placed[0]!.y).toBe(70);
    expect(placed[0]!.x + placed[0]!.width).toBeLessThanOrEqual(frame.width);
  });

  it('never lets two labels overlap in a crowd: 4 rows of 12 faces shoulder to shoulder', () => {
    const frame = { width: 480, height: 360 };
    const boxes = crowd(4, 12, 30, 8);
    const placed = placeLabels(frame, boxes.map((box) => label(box)));
    expect(overlapping(placed)).toEqual([]);
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x + p.width).toBeLessThanOrEqual(frame.width);
      expect(p.y + p.height).toBeLessThanOrEqual(frame.height);
    }
    // Too many for every full label: some shrink to their number, the first row keeps its words.
    expect(placed.some((p) => p.compact)).toBe(true);
    expect(placed[0]!.compact).toBe(false);
  });

  it('keeps full labels where there is room: two rows of five well apart', () => {
    const placed = placeLabels({ width: 1000, height: 700 }, crowd(2, 5, 60, 140, 100).map((box) => label(box, 120)));
    expect(overlapping(placed)).toEqual([]);
    expect(placed.every((p) => !p.compact)).toBe(true);
  });

  it('keeps each label near its own face', () => {
    const boxes = crowd(3, 10, 36, 10);
    const placed = placeLabels({ width: 480, height: 360 }, boxes.map((box) => label(box, 110)));
    placed.forEach((p, i) => {
      const box = boxes[i]!;
      const dy = Math.max(0, p.y - (box.y + box.height), box.y - (p.y + p.height));
      expect(dy, `label ${i}`).toBeLessThanOrEqual(16 * 13);
    });
    expect(overlapping(placed)).toEqual([]);
  });

  it('the old rule (every label above its box) overlaps in the same crowd: the test can fail', () => {
    const boxes = crowd(4, 12, 30, 8);
    const old = boxes.map((box) => ({ x: box.x, y: Math.max(0, box.y - 16), width: 150, height: 16, compact: false }));
    expect(overlapping(old).length).toBeGreaterThan(0);
  });
});
