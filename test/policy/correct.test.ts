import { describe, expect, it } from 'vitest';
import { scaleBox } from '../../src/geometry.js';
import { correctFaces, pairByOverlap, type PhotoCorrectionInput } from '../../src/policy/correct.js';
import { iou } from '../../src/geometry.js';
import type { Recognition } from '../../src/policy/types.js';

const size = { width: 1000, height: 800 };
const left = { x: 100, y: 100, width: 100, height: 100 };
const right = { x: 600, y: 100, width: 100, height: 100 };
const unknown: Recognition = { kind: 'unknown', distance: 0.8 };
const uncertain: Recognition = { kind: 'uncertain', pupilId: '1001', distance: 0.5 };

function corrections(partial: Partial<PhotoCorrectionInput>): PhotoCorrectionInput {
  return { imageSize: size, faces: [], added: [], dropped: false, ...partial };
}

describe('overlap (iou)', () => {
  it('is 1 for the same box, 0 for boxes that do not touch, and in between for a shifted box', () => {
    expect(iou(left, left)).toBe(1);
    expect(iou(left, right)).toBe(0);
    expect(iou(left, { ...left, x: 150 })).toBeCloseTo(50 / 150);
  });
});

describe('pairByOverlap', () => {
  it('pairs each mark with the detection it overlaps most, one to one', () => {
    const marks = [{ ...left, x: 105 }, { ...right, y: 110 }];
    const { byDetection, byMark } = pairByOverlap(marks, [right, left], 0.4);
    expect(byMark).toEqual([1, 0]);
    expect(byDetection).toEqual([1, 0]);
  });

  it('leaves a mark unpaired when no detection overlaps it enough', () => {
    expect(pairByOverlap([{ ...left, x: 170 }], [left], 0.4).byMark).toEqual([null]);
  });

  it('gives one detection to only one of two marks on it', () => {
    expect(pairByOverlap([left, { ...left, x: 110 }], [left], 0.4).byMark).toEqual([0, null]);
  });
});

describe('correctFaces', () => {
  it('leaves the recogniser in charge where the teacher said nothing', () => {
    const out = correctFaces([{ box: left }], [unknown], size, null);
    expect(out).toEqual({ faces: [{ box: left, recognition: unknown, correction: null }], dropped: false });
  });

  it('finds a named face again in a later scan whose detector draws the box a little differently', () => {
    const shifted = { x: 110, y: 95, width: 96, height: 104 };
    const out = correctFaces([{ box: right }, { box: shifted }], [unknown, uncertain], size, corrections({ faces: [{ box: left, correction: { kind: 'pupil', pupilId: '1002' } }] }));
    expect(out.faces.map((f) => f.correction)).toEqual([null, { kind: 'pupil', pupilId: '1002' }]);
    // The detection's own box and recognition stay: the consent rules get both.
    expect(out.faces[1]).toMatchObject({ box: shifted, recognition: uncertain });
  });

  it('matches boxes stored on another decoded size after scaling them', () => {
    const half = { width: 500, height: 400 };
    const out = correctFaces([{ box: left }], [unknown], size, { ...corrections({ faces: [{ box: scaleBox(left, size, half), correction: { kind: 'not-a-face' } }] }), imageSize: half });
    expect(out.faces[0]!.correction).toEqual({ kind: 'not-a-face' });
  });

  it('lists drawn boxes after the detected faces, so face numbers of the report stay the same', () => {
    const drawn = { x: 300, y: 300, width: 80, height: 80 };
    const out = correctFaces([{ box: left }], [unknown], size, corrections({ added: [{ box: drawn }] }));
    expect(out.faces.map((f) => f.correction?.kind ?? null)).toEqual([null, 'added']);
    expect(out.faces[1]!.box).toEqual(drawn);
  });

  it('keeps an always-blur face as a face of its own when the detector no longer finds it', () => {
    const out = correctFaces([{ box: right }], [unknown], size, corrections({ faces: [{ box: left, correction: { kind: 'blur' } }] }));
    expect(out.faces).toHaveLength(2);
    expect(out.faces[1]).toMatchObject({ box: left, correction: { kind: 'blur' } });
  });

  it('forgets a lost naming or not-a-face: without its face there is nothing to decide', () => {
    const out = correctFaces([{ box: right }], [unknown], size, corrections({ faces: [{ box: left, correction: { kind: 'pupil', pupilId: '1001' } }, { box: { ...left, y: 400 }, correction: { kind: 'not-a-face' } }] }));
    expect(out.faces).toHaveLength(1);
    expect(out.faces[0]!.correction).toBeNull();
  });

  it('carries the drop', () => {
    expect(correctFaces([], [], size, corrections({ dropped: true })).dropped).toBe(true);
  });
});
