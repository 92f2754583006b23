import { describe, expect, it } from 'vitest';
import { MATCH_DEFAULTS } from '../../src/faces/match.js';
import { coPresent, recogniseTracks, type TrackFaces } from '../../src/video/recognise.js';

/** A unit descriptor along axis `a`, tilted towards axis `b` so that its distance to axis `a` is `d`. */
function near(a: number, d: number, b = 100): Float32Array {
  const v = new Float32Array(128);
  // |(cos θ, sin θ) - (1, 0)| = d  →  cos θ = 1 - d²/2
  const c = 1 - (d * d) / 2;
  v[a] = c;
  v[b] = Math.sqrt(1 - c * c);
  return v;
}

const templates = [
  { pupilId: 'anna', descriptors: [near(0, 0)] },
  { pupilId: 'bram', descriptors: [near(1, 0)] },
];

function track(id: number, first: number, last: number, descriptors: Float32Array[]): TrackFaces {
  return { id, first, last, descriptors };
}

describe('recogniseTracks', () => {
  it('identifies a track from its best views with the photo threshold', () => {
    const [r] = recogniseTracks([track(1, 0, 10, [near(0, 0.3, 100), near(0, 0.3, 101)])], templates, MATCH_DEFAULTS);
    expect(r).toMatchObject({ kind: 'identified', pupilId: 'anna' });
    const [far] = recogniseTracks([track(1, 0, 10, [near(0, 0.5)])], templates, MATCH_DEFAULTS);
    expect(far).toMatchObject({ kind: 'uncertain', pupilId: 'anna' });
  });

  it('gives a pupil to at most one track on any frame: the further one is uncertain, never its second best', () => {
    const rs = recogniseTracks([track(1, 0, 10, [near(0, 0.2)]), track(2, 5, 20, [near(0, 0.35, 101)])], templates, MATCH_DEFAULTS);
    expect(rs[0]).toMatchObject({ kind: 'identified', pupilId: 'anna' });
    expect(rs[1]).toMatchObject({ kind: 'uncertain', pupilId: 'anna' });
  });

  it('lets the same pupil be two tracks that are never on screen together (left and came back)', () => {
    const rs = recogniseTracks([track(1, 0, 10, [near(0, 0.2)]), track(2, 11, 20, [near(0, 0.3, 101)])], templates, MATCH_DEFAULTS);
    expect(rs.map((r) => r.kind)).toEqual(['identified', 'identified']);
  });

  it('keeps the least sure answer across the sets of tracks a track shares frames with', () => {
    // Track 2 is alone with anna's look-alike first (identified), then meets track 3, who is anna more clearly.
    const rs = recogniseTracks([track(2, 0, 20, [near(0, 0.3, 101)]), track(3, 15, 30, [near(0, 0.1, 102)])], templates, MATCH_DEFAULTS);
    expect(rs[0]!.kind).toBe('uncertain');
    expect(rs[1]).toMatchObject({ kind: 'identified', pupilId: 'anna' });
  });

  it('makes a track whose best views disagree uncertain', () => {
    const [r] = recogniseTracks([track(1, 0, 10, [near(0, 0.1, 100), near(0, 0.1, 101), near(0, 0.1, 103), near(1, 0.1, 102)])], templates, MATCH_DEFAULTS);
    expect(r!.kind).not.toBe('identified');
  });

  it('calls a track that was never described too-small', () => {
    expect(recogniseTracks([track(1, 0, 10, [])], templates, MATCH_DEFAULTS)).toEqual([{ kind: 'too-small' }]);
  });

  it('lists every set of tracks on screen together', () => {
    const groups = coPresent([track(1, 0, 10, []), track(2, 5, 20, []), track(3, 15, 30, []), track(4, 40, 50, [])]);
    expect(groups).toEqual([[0], [0, 1], [1], [1, 2], [2], [3]]);
  });
});
