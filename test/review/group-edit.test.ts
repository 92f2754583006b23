import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { groupFaces } from '../../src/review/edit.js';
import { parseGroupRequest } from '../../src/review/requests.js';

const G = 'p0123456789';
const H = 'pabcdefabcd';
const photos = [
  { source: 'a.jpg', faces: [{ group: G }, { group: null }, { group: H }] },
  { source: 'b.jpg', faces: [{}, { group: G }] },
  { source: 'c.jpg', faces: [{ group: G }] },
];
const pupils = new Set(['1001']);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (caught) {
    expect(caught).toBeInstanceOf(UserError);
    return (caught as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('groupFaces', () => {
  it('names every face of the group, minus the faces taken out', () => {
    expect(groupFaces(photos, { group: G, correction: { kind: 'blur' }, except: [] }, pupils)).toEqual([
      { photo: 0, face: 1 },
      { photo: 1, face: 2 },
      { photo: 2, face: 1 },
    ]);
    expect(groupFaces(photos, { group: G, correction: { kind: 'pupil', pupilId: '1001' }, except: [{ photo: 1, face: 2 }] }, pupils)).toEqual([
      { photo: 0, face: 1 },
      { photo: 2, face: 1 },
    ]);
  });

  it('refuses an unknown group, a face outside the group, an empty remainder and an unknown pupil', () => {
    expect(refusal(() => groupFaces(photos, { group: 'p9999999999', correction: { kind: 'blur' }, except: [] }, pupils))).toMatch(/no group of faces called p9999999999/);
    expect(refusal(() => groupFaces(photos, { group: G, correction: { kind: 'blur' }, except: [{ photo: 0, face: 3 }] }, pupils))).toMatch(/Face 3 of a.jpg is not in group/);
    const all = [{ photo: 0, face: 1 }, { photo: 1, face: 2 }, { photo: 2, face: 1 }];
    expect(refusal(() => groupFaces(photos, { group: G, correction: { kind: 'blur' }, except: all }, pupils))).toMatch(/Every face of group .* was taken out/);
    expect(refusal(() => groupFaces(photos, { group: H, correction: { kind: 'pupil', pupilId: '42' }, except: [] }, pupils))).toMatch(/no pupil 42/);
  });
});

describe('parseGroupRequest', () => {
  it('reads a naming with faces taken out', () => {
    expect(parseGroupRequest({ group: G, action: 'pupil', pupil: ' 1001 ', except: [{ photo: 1, face: 2 }] })).toEqual({
      ok: true,
      edit: { group: G, correction: { kind: 'pupil', pupilId: '1001' }, except: [{ photo: 1, face: 2 }] },
    });
    expect(parseGroupRequest({ group: G, action: 'blur' })).toEqual({ ok: true, edit: { group: G, correction: { kind: 'blur' }, except: [] } });
  });

  it.each([
    [{ group: G, action: 'not-a-face' }],
    [{ group: G, action: 'blur', pupil: '1001' }],
    [{ group: 'g1', action: 'blur' }],
    [{ group: G, action: 'pupil' }],
    [{ group: G, action: 'blur', except: [{ photo: 0, face: 0 }] }],
    [{ group: G, action: 'blur', except: [{ photo: 0, face: 1, extra: 1 }] }],
    [{ group: G, action: 'blur', except: 'all' }],
  ])('refuses %j whole', (body) => {
    expect(parseGroupRequest(body).ok).toBe(false);
  });
});
