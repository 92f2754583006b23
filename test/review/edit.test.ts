import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { applyEdit, type EditContext, type EditTarget } from '../../src/review/edit.js';
import { emptyPhotoCorrections } from '../../src/store/corrections.js';

const size = { width: 1000, height: 800 };
const face1 = { x: 100, y: 100, width: 100, height: 100 };
const face2 = { x: 600, y: 100, width: 100, height: 100 };
const target: EditTarget = { photo: 'sportdag.jpg', imageSize: size, faces: [{ box: face1 }, { box: face2 }] };
const context: EditContext = { pupils: new Set(['1001', '1002']), now: '2026-12-01T10:00:00.000Z', learned: null };
const empty = emptyPhotoCorrections(size, null);

function refused(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserError);
  expect((caught as Error).message).toMatch(message);
}

describe('applyEdit', () => {
  it('stores a naming with the face box the report shows', () => {
    const out = applyEdit(empty, target, { kind: 'face', face: 2, correction: { kind: 'pupil', pupilId: '1001' } }, context);
    expect(out.faces).toEqual([{ box: face2, correction: { kind: 'pupil', pupilId: '1001' }, at: context.now, learned: null }]);
  });

  it('replaces an earlier correction of the same face: the last word counts', () => {
    const named = applyEdit(empty, target, { kind: 'face', face: 1, correction: { kind: 'pupil', pupilId: '1001' } }, context);
    const blurred = applyEdit(named, target, { kind: 'face', face: 1, correction: { kind: 'blur' } }, context);
    expect(blurred.faces.map((m) => m.correction)).toEqual([{ kind: 'blur' }]);
  });

  it('keeps the learned face only with a naming', () => {
    const learned = { describer: 'd', descriptor: new Float32Array(128) };
    const out = applyEdit(empty, target, { kind: 'face', face: 1, correction: { kind: 'not-a-pupil' } }, { ...context, learned });
    expect(out.faces[0]!.learned).toBeNull();
  });

  it('refuses a pupil number the roster does not have', () => {
    refused(() => applyEdit(empty, target, { kind: 'face', face: 1, correction: { kind: 'pupil', pupilId: '9999' } }, context), /no pupil 9999 in the roster/);
  });

  it('refuses a face number the photo does not have, saying which it has', () => {
    refused(() => applyEdit(empty, target, { kind: 'face', face: 3, correction: { kind: 'blur' } }, context), /has no face 3: the report lists faces 1 to 2/);
    refused(() => applyEdit(empty, target, { kind: 'undo', face: 0 }, context), /has no face 0/);
  });

  it('refuses a box outside the photo, and one too small to be a face', () => {
    refused(() => applyEdit(empty, target, { kind: 'add-box', box: { x: 950, y: 10, width: 100, height: 100 } }, context), /not inside sportdag.jpg, which is 1000×800/);
    refused(() => applyEdit(empty, target, { kind: 'add-box', box: { x: -1, y: 10, width: 100, height: 100 } }, context), /not inside/);
    refused(() => applyEdit(empty, target, { kind: 'add-box', box: { x: 10, y: 10, width: 2, height: 100 } }, context), /too small/);
  });

  it('adds, and takes back, a drawn box', () => {
    const drawn = { x: 300, y: 300, width: 80, height: 80 };
    const out = applyEdit(empty, target, { kind: 'add-box', box: drawn }, context);
    expect(out.added).toEqual([{ box: drawn, at: context.now }]);
    // In the next report the box is face 3, marked added.
    const next: EditTarget = { ...target, faces: [...target.faces, { box: drawn, correction: 'added' }] };
    refused(() => applyEdit(out, next, { kind: 'face', face: 3, correction: { kind: 'not-a-face' } }, context), /box you drew/);
    expect(applyEdit(out, next, { kind: 'undo', face: 3 }, context).added).toEqual([]);
    expect(applyEdit(out, target, { kind: 'undo-added', index: 0 }, context).added).toEqual([]);
  });

  it('takes back a correction, and refuses to undo where there is none', () => {
    const named = applyEdit(empty, target, { kind: 'face', face: 1, correction: { kind: 'not-a-face' } }, context);
    expect(applyEdit(named, target, { kind: 'undo', face: 1 }, context).faces).toEqual([]);
    refused(() => applyEdit(named, target, { kind: 'undo', face: 2 }, context), /no correction to take back/);
  });

  it('drops and undrops a photo', () => {
    const dropped = applyEdit(empty, target, { kind: 'drop' }, context);
    expect(dropped.droppedAt).toBe(context.now);
    expect(applyEdit(dropped, target, { kind: 'undrop' }, context).droppedAt).toBeNull();
  });
});
