import { describe, expect, it } from 'vitest';
import { iou } from '../../src/geometry.js';
import { containedShare, suppress, type Scored } from '../../src/faces/nms.js';

const box = (x: number, y: number, width: number, height = width) => ({ x, y, width, height });
const options = { iou: 0.3, contained: 0.7, containedMinArea: 0.2 };

describe('iou', () => {
  it.each([
    ['identical boxes', box(0, 0, 10), box(0, 0, 10), 1],
    ['disjoint boxes', box(0, 0, 10), box(20, 20, 10), 0],
    ['touching edges', box(0, 0, 10), box(10, 0, 10), 0],
    ['half overlap', box(0, 0, 10), box(5, 0, 10), 50 / 150],
    ['one inside the other', box(0, 0, 10), box(0, 0, 5), 25 / 100],
    ['empty box', box(0, 0, 0), box(0, 0, 10), 0],
  ])('%s', (_, a, b, expected) => {
    expect(iou(a, b)).toBeCloseTo(expected, 10);
    expect(iou(b, a)).toBeCloseTo(expected, 10);
  });
});

describe('containedShare', () => {
  it('is 1 for a box wholly inside and the overlap share otherwise', () => {
    expect(containedShare(box(2, 2, 4), box(0, 0, 10))).toBe(1);
    expect(containedShare(box(0, 0, 10), box(2, 2, 4))).toBeCloseTo(0.16, 10);
    expect(containedShare(box(8, 0, 4), box(0, 0, 10))).toBeCloseTo(0.5, 10);
  });
});

describe('suppress', () => {
  const face = (x: number, y: number, w: number, score: number, h = w): Scored & { id: string } => ({
    box: box(x, y, w, h),
    score,
    id: `${x},${y},${w}@${score}`,
  });
  const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);

  it('keeps the best of overlapping boxes of one face', () => {
    const kept = suppress([face(0, 0, 100, 0.6), face(5, 5, 100, 0.9), face(-5, 0, 100, 0.7)], options);
    expect(ids(kept)).toEqual(['5,5,100@0.9']);
  });

  it('keeps separate faces, even touching ones, ordered by score', () => {
    const kept = suppress([face(0, 0, 50, 0.6), face(50, 0, 50, 0.9), face(200, 200, 20, 0.55)], options);
    expect(ids(kept)).toEqual(['50,0,50@0.9', '0,0,50@0.6', '200,200,20@0.55']);
  });

  it('drops half a face lying inside the whole face (tile edge), though their IoU is low', () => {
    const whole = face(0, 0, 100, 0.9);
    const half = face(50, 0, 50, 0.6, 100);
    expect(iou(whole.box, half.box)).toBeLessThan(options.iou + 0.3);
    expect(ids(suppress([half, whole], options))).toEqual([whole.id]);
  });

  it('keeps a small real face inside a big low-quality box (does not let a false box swallow a child)', () => {
    const big = face(0, 0, 400, 0.9);
    const child = face(100, 100, 40, 0.8);
    expect(ids(suppress([big, child], options))).toEqual([big.id, child.id]);
  });

  it('keeps a bigger lower-scoring box that contains a better small one (the bigger may be the whole face)', () => {
    const part = face(10, 10, 50, 0.9);
    const whole = face(0, 0, 100, 0.6);
    expect(ids(suppress([part, whole], options))).toEqual([part.id, whole.id]);
  });

  it('is stable for equal scores and returns nothing for nothing', () => {
    expect(ids(suppress([face(0, 0, 10, 0.5), face(1, 1, 10, 0.5)], options))).toEqual(['0,0,10@0.5']);
    expect(suppress([], options)).toEqual([]);
  });
});
