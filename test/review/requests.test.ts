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

  // Each row must be refused for its own reason: a row refused by an earlier check (a typo in its action, say) would
  // otherwise pass without testing the check it is there for.
  it.each([
    [null, /^Expected an object for the request/],
    [[], /^Expected an object for the request/],
    ['pupil', /^Expected an object for the request/],
    [{ photo: 0 }, /^Expected one of pupil, .* for action\.$/],
    [{ photo: 0, action: 'publish' }, /^Expected one of pupil, .* for action\.$/],
    [{ photo: -1, action: 'drop' }, /^Expected a photo number \(0 or more\) for photo\.$/],
    [{ photo: '0', action: 'drop' }, /^Expected a photo number \(0 or more\) for photo\.$/],
    [{ photo: 0.5, action: 'drop' }, /^Expected a photo number \(0 or more\) for photo\.$/],
    [{ photo: 0, action: 'pupil', face: 1 }, /^Expected a pupil number for pupil\.$/],
    [{ photo: 0, action: 'pupil', face: 1, pupil: '' }, /^Expected a pupil number for pupil\.$/],
    [{ photo: 0, action: 'pupil', face: 1, pupil: 1001 }, /^Expected a pupil number for pupil\.$/],
    [{ photo: 0, action: 'pupil', face: 1, pupil: 'x'.repeat(65) }, /^Expected a pupil number for pupil\.$/],
    [{ photo: 0, action: 'pupil', pupil: '1001' }, /^Expected a face number \(1 or more\) for face\.$/],
    [{ photo: 0, action: 'blur', face: 0 }, /^Expected a face number \(1 or more\) for face\.$/],
    [{ photo: 0, action: 'blur' }, /^Expected a face number \(1 or more\) for face\.$/],
    [{ photo: 0, action: 'undo', face: '1' }, /^Expected a face number \(1 or more\) for face\.$/],
    [{ photo: 0, action: 'drop', face: 1 }, /^Unexpected field face for action drop\.$/],
    [{ photo: 0, action: 'blur', face: 1, pupil: '1001' }, /^Unexpected field pupil for action blur\.$/],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 0, height: 10 } }, /^Expected \{x, y, width, height\} in pixels for box\.$/],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 10 } }, /^Expected \{x, y, width, height\} in pixels for box\.$/],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 10, height: 10, z: 1 } }, /^Expected \{x, y, width, height\} in pixels for box\.$/],
    [{ photo: 0, action: 'add-box', box: [0, 0, 10, 10] }, /^Expected \{x, y, width, height\} in pixels for box\.$/],
    [{ photo: 0, action: 'add-box', box: { x: 0, y: 0, width: 10, height: Infinity } }, /^Expected \{x, y, width, height\} in pixels for box\.$/],
    [{ photo: 0, action: 'undo-added', index: -1 }, /^Expected a box number \(0 or more\) for index\.$/],
  ])('refuses %j: %s', (body, reason) => {
    const parsed = parseEditRequest(body);
    expect(parsed).toEqual({ ok: false, error: { en: expect.stringMatching(reason), nl: expect.any(String) } });
  });
});
