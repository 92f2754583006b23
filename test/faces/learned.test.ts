import { describe, expect, it } from 'vitest';
import { checkLearned } from '../../src/faces/learned.js';
import { MATCH_DEFAULTS } from '../../src/faces/match.js';

/** Unit vector mixing axis `i` with a little of axis `j`: distance to axis i is about `amount`. */
function near(i: number, amount = 0, j = 127): Float32Array {
  const d = new Float32Array(128);
  d[i] = Math.sqrt(1 - amount * amount);
  d[j] = amount;
  return d;
}

const portraits = [
  { pupilId: 'anna', descriptors: [near(0)] },
  { pupilId: 'bram', descriptors: [near(1)] },
];

describe('checkLearned', () => {
  it('accepts a named face the portraits agree could be that pupil', () => {
    const out = checkLearned(portraits, [{ pupilId: 'anna', descriptors: [near(0, 0.4)] }], MATCH_DEFAULTS);
    expect(out.rejected).toBe(0);
    expect(out.accepted).toHaveLength(1);
  });

  it("leaves out a face named as Anna that the portraits identify as Bram: a naming slip must not teach Anna Bram's face", () => {
    const out = checkLearned(portraits, [{ pupilId: 'anna', descriptors: [near(1, 0.1), near(0, 0.2)] }], MATCH_DEFAULTS);
    expect(out.rejected).toBe(1);
    expect(out.accepted).toEqual([{ pupilId: 'anna', descriptors: [near(0, 0.2)] }]);
  });

  it('leaves out a face far from every portrait of the pupil it was named as', () => {
    expect(checkLearned(portraits, [{ pupilId: 'anna', descriptors: [near(5)] }], MATCH_DEFAULTS).rejected).toBe(1);
  });

  it('takes the teacher at their word for a pupil without a portrait', () => {
    expect(checkLearned(portraits, [{ pupilId: 'cas', descriptors: [near(7)] }], MATCH_DEFAULTS).accepted).toHaveLength(1);
  });
});
