import { describe, expect, it } from 'vitest';
import { parseEditRequest } from '../../src/review/requests.js';

describe('parseEditRequest', () => {
  it.each([
    [{ photo: 0, action: 'pupil', face: 1, pupil: '1001' }, { kind: 'face', face: 1, correction: { kind: 'pupil', pupilId: '1001' } }],
    [{ photo: 2, action: 'not-a-pupil', face: 3 }, { kind: 'face', face: 3, correction: { kind: 'not-a-pupil' } }],
    [{ photo: 0, action: 'blur', face: 1 }, { kind: 'face', face: 1, correction: { kind: 'blur' } }],
    [{ photo: 0, action: 'not-a-face', face: 1 }, { kind: 'face', face: 1, correction: { kind: 'not-a-face' } }],
    [{ photo: 0, action: 'undo', face: 2 }, { kind: 'undo', face: 2 }],
    [{ photo: 0, action: 'add-box', box: { x: 1.4, y: 2, width: 30.6, height: 40 } }, { kind: 'add-box', box: { x: 1, y: 2, width: 31, height: 40 } }],
    [{ photo: 0, action: 'drop' }, { kind: 'drop' }],
    [{ photo: 0, action: 'undrop' }, { kind: 'undrop' }],
    [{ photo: 0, action: 'undo-added', index: 0 }, { kind: 'undo-added', index: 0 }],
  ])('reads %j', (body, edit) => {
    expect(parseEditRequest(body)).toEqual({ ok: true, photo: body.photo, edit });
  });

  it.each([
    [null],
    [[]],
    ['pupil'],
    [{ photo: 0 }],
    [{ photo: 0, action: 'publish' }],
    [{ photo: -1, action: 'drop' }],
    [{ photo: '0', action: 'drop' }],
    [{ photo: 0.5, action: 'drop' }],
    [{ photo: 0, action: 'pupil', face: 1 }],
    [{ photo: 0, action: 'pupil', face: 1, pupil: '' }],
    [{ photo: 0, action: 'pupil', face: 1, pupil: 1001 }],
    [{ photo: 0, action: 'blur', face: 0 }],
    [{ photo: 0, action: 'blur' }],
    [{ photo: 0, action: 'drop', face: 1 }],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 0, height: 10 } }],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 10 } }],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 10, height: 10, z: 1 } }],
    [{ photo: 0, action: 'add-box', box: [0, 0, 10, 10] }],
    [{ photo: 0, action: 'undo-added', index: -1 }],
  ])('refuses %j', (body) => {
    const parsed = parseEditRequest(body);
    expect(parsed.ok).toBe(false);
  });
});
