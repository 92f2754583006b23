import { describe, expect, it } from 'vitest';
import { assignMinCost } from '../../src/faces/assign.js';
import type { MatchOptions, Template } from '../../src/faces/engine-types.js';
import { MATCH_DEFAULTS, descriptorDistance, matchFaces, meanDescriptor, pupilDistance } from '../../src/faces/match.js';
import type { Recognition } from '../../src/policy/types.js';

/** A 128-d descriptor at (x, y, 0, …): distances between these are plain 2-D distances. */
function at(x: number, y = 0): Float32Array {
  const d = new Float32Array(128);
  d[0] = x;
  d[1] = y;
  return d;
}

// Binary fractions, so that float32 descriptors land exactly on the boundaries.
const options: MatchOptions = { threshold: 0.375, uncertainBelow: 0.625, margin: 0.125 };
const tpl = (pupilId: string, ...descriptors: Float32Array[]): Template => ({ pupilId, descriptors });

// Pupils on the x axis: anna at 0, bram at 1, cas at 3, and dirk at 0.15 (anna's look-alike brother).
const anna = tpl('anna', at(0));
const bram = tpl('bram', at(1));
const cas = tpl('cas', at(3), at(3.5));

describe('matchFaces, one face', () => {
  const cases: { name: string; face: Float32Array | null; templates: Template[]; expected: Recognition }[] = [
    { name: 'near one pupil and far from the rest: identified', face: at(0.1), templates: [anna, bram], expected: { kind: 'identified', pupilId: 'anna', distance: 0.1 } },
    { name: 'exactly at the threshold: identified', face: at(0.375), templates: [anna, bram], expected: { kind: 'identified', pupilId: 'anna', distance: 0.375 } },
    { name: 'just beyond the threshold: uncertain', face: at(0.45), templates: [anna, bram], expected: { kind: 'uncertain', pupilId: 'anna', distance: 0.45 } },
    { name: 'just inside uncertainBelow: still uncertain', face: at(0, 0.59), templates: [anna, cas], expected: { kind: 'uncertain', pupilId: 'anna', distance: 0.59 } },
    { name: 'exactly at uncertainBelow: uncertain', face: at(0, 0.625), templates: [anna, cas], expected: { kind: 'uncertain', pupilId: 'anna', distance: 0.625 } },
    { name: 'beyond uncertainBelow: unknown with its distance', face: at(0, 0.7), templates: [anna, cas], expected: { kind: 'unknown', distance: 0.7 } },
    { name: 'within threshold but the runner-up is closer than the margin: uncertain (siblings)', face: at(0, 0.05), templates: [anna, tpl('dirk', at(0.1))], expected: { kind: 'uncertain', pupilId: 'anna', distance: 0.05 } },
    { name: 'runner-up exactly at the margin: identified', face: at(0, 0.25), templates: [anna, tpl('eva', at(0, 0.625))], expected: { kind: 'identified', pupilId: 'anna', distance: 0.25 } },
    { name: 'one pupil enrolled, no runner-up: identified', face: at(0.2), templates: [anna], expected: { kind: 'identified', pupilId: 'anna', distance: 0.2 } },
    // cas's portraits at 3 and 3.5 average to 3.25: a face at 3.45 is 0.2 from cas, not 0.05 from the nearer portrait.
    { name: 'the mean of a pupil\'s portraits counts, not the nearest one', face: at(3.45), templates: [bram, cas], expected: { kind: 'identified', pupilId: 'cas', distance: 0.2 } },
    { name: 'a face near one odd portrait but far from the mean: uncertain', face: at(3.75), templates: [bram, cas], expected: { kind: 'uncertain', pupilId: 'cas', distance: 0.5 } },
    { name: 'several portraits of one pupil are not a runner-up', face: at(3.2), templates: [tpl('cas', at(3), at(3.25))], expected: { kind: 'identified', pupilId: 'cas', distance: 0.075 } },
    { name: 'no descriptor: too-small', face: null, templates: [anna], expected: { kind: 'too-small' } },
    { name: 'no templates: unknown without distance', face: at(0), templates: [], expected: { kind: 'unknown', distance: null } },
    { name: 'a pupil with no portraits is ignored', face: at(0), templates: [tpl('fleur')], expected: { kind: 'unknown', distance: null } },
  ];
  it.each(cases)('$name', ({ face, templates, expected }) => {
    const [got] = matchFaces([face], templates, options);
    if (got === undefined) throw new Error('no result');
    expect(got.kind).toBe(expected.kind);
    if ('pupilId' in expected) expect(got).toHaveProperty('pupilId', expected.pupilId);
    if ('distance' in expected) {
      if (expected.distance === null) expect(got).toHaveProperty('distance', null);
      else expect((got as { distance: number }).distance).toBeCloseTo(expected.distance, 5);
    }
  });
});

describe('matchFaces, a whole photo', () => {
  it('identifies each of several pupils once, keeping detection order', () => {
    const got = matchFaces([at(1.05), null, at(0.05), at(10)], [anna, bram, cas], options);
    expect(got.map((r) => r.kind)).toEqual(['identified', 'too-small', 'identified', 'unknown']);
    expect(got[0]).toHaveProperty('pupilId', 'bram');
    expect(got[2]).toHaveProperty('pupilId', 'anna');
  });

  it('gives a pupil to one face only; the other face claiming them is uncertain, not its second-best', () => {
    // Both faces are nearest to anna; the second face is farther from anna, and its runner-up bram is within threshold.
    const first = at(0);
    const second = at(0.125);
    const got = matchFaces([second, first], [anna, tpl('bram', at(0.375))], options);
    expect(got[1]).toEqual({ kind: 'identified', pupilId: 'anna', distance: 0 });
    expect(got[0]).toMatchObject({ kind: 'uncertain', pupilId: 'anna' });
  });

  it('resolves a conflict by the lowest total distance, whatever the detection order', () => {
    for (const faces of [[at(0.05), at(0.2)], [at(0.2), at(0.05)]]) {
      const got = matchFaces(faces, [anna, bram], options);
      const identified = got.filter((r) => r.kind === 'identified');
      expect(identified).toHaveLength(1);
      expect((identified[0] as { distance: number }).distance).toBeCloseTo(0.05, 5);
    }
  });

  it('two identical faces of one pupil: one identified, one uncertain (a twin or a reflection is not waved through)', () => {
    const got = matchFaces([at(0.1), at(0.1)], [anna, bram], options);
    expect(got.map((r) => r.kind).sort()).toEqual(['identified', 'uncertain']);
  });

  it('does not mutate its inputs', () => {
    const face = at(0.1);
    const templates = [anna, bram];
    matchFaces([face], templates, options);
    expect(face[0]).toBeCloseTo(0.1, 6);
    expect(templates).toEqual([anna, bram]);
  });
});

describe('MATCH_DEFAULTS', () => {
  it('is frozen and ordered: threshold ≤ uncertainBelow, margin positive', () => {
    expect(Object.isFrozen(MATCH_DEFAULTS)).toBe(true);
    expect(MATCH_DEFAULTS.threshold).toBeLessThanOrEqual(MATCH_DEFAULTS.uncertainBelow);
    expect(MATCH_DEFAULTS.margin).toBeGreaterThan(0);
  });
  it('is tighter than face-api\'s adult 0.6, which confuses children (domain.md)', () => {
    expect(MATCH_DEFAULTS.threshold).toBeLessThan(0.53);
  });
});

describe('distances', () => {
  it('is Euclidean', () => {
    expect(descriptorDistance(at(0, 0), at(3, 4))).toBeCloseTo(5, 6);
  });
  it('is the distance to the mean of the portraits, Infinity without portraits', () => {
    expect(pupilDistance(at(0), [at(2), at(0.5)])).toBeCloseTo(1.25, 6);
    expect(pupilDistance(at(0), [at(0.5)])).toBeCloseTo(0.5, 6);
    expect(pupilDistance(at(0), [])).toBe(Infinity);
  });
  it('averages portraits at their mean length, so two unlike portraits do not shrink towards zero', () => {
    const mean = meanDescriptor([at(1, 0), at(0, 1)]);
    expect(mean[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(mean[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(() => meanDescriptor([])).toThrow(RangeError);
  });
});

describe('assignMinCost', () => {
  const X = Infinity;
  const cases: { name: string; cost: number[][]; expected: (number | null)[] }[] = [
    { name: 'empty', cost: [], expected: [] },
    { name: 'diagonal', cost: [[1, 9], [9, 1]], expected: [0, 1] },
    { name: 'greedy would be wrong', cost: [[1, 2], [1, 9]], expected: [1, 0] },
    { name: 'more rows than columns: the cheaper row wins', cost: [[0.2], [0.1]], expected: [null, 0] },
    { name: 'more columns than rows', cost: [[5, 1, 3]], expected: [1] },
    { name: 'forbidden pairs stay unassigned', cost: [[X, X], [X, 0.3]], expected: [null, 1] },
    { name: 'a row is left out rather than given a forbidden column', cost: [[0.1, X], [0.2, X]], expected: [0, null] },
  ];
  it.each(cases)('$name', ({ cost, expected }) => {
    expect(assignMinCost(cost)).toEqual(expected);
  });
  it('matches brute force on random matrices', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + Math.floor(rand() * 4);
      const cols = 1 + Math.floor(rand() * 4);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rand() < 0.25 ? X : rand())));
      const got = assignMinCost(cost);
      expect(new Set(got.filter((c) => c !== null)).size).toBe(got.filter((c) => c !== null).length);
      expect(score(cost, got)).toEqual(bruteForce(cost));
    }
  });
});

/** (number assigned, total cost) — more pairs first, then cheaper. */
function score(cost: number[][], assignment: (number | null)[]): [number, number] {
  let n = 0;
  let total = 0;
  assignment.forEach((c, r) => {
    if (c !== null) {
      n++;
      total += cost[r]![c]!;
    }
  });
  return [n, Math.round(total * 1e9) / 1e9];
}

function bruteForce(cost: number[][]): [number, number] {
  const cols = cost[0]?.length ?? 0;
  let best: [number, number] = [0, 0];
  const walk = (r: number, used: Set<number>, n: number, total: number): void => {
    if (r === cost.length) {
      const s: [number, number] = [n, Math.round(total * 1e9) / 1e9];
      if (s[0] > best[0] || (s[0] === best[0] && s[1] < best[1])) best = s;
      return;
    }
    walk(r + 1, used, n, total);
    for (let c = 0; c < cols; c++) {
      const v = cost[r]![c]!;
      if (used.has(c) || !Number.isFinite(v)) continue;
      used.add(c);
      walk(r + 1, used, n + 1, total + v);
      used.delete(c);
    }
  };
  walk(0, new Set(), 0, 0);
  return best;
}
