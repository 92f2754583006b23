/**
 * Which corrections belong to a photo (src/policy/same-photo.ts) and how a copy's boxes land on its pixels: the exact
 * bytes' own; a sure copy's (scaled by the size ratio); review for a loose look-alike or an unplaceable copy when the
 * corrections hide something; nothing when they would only show more.
 */
import { describe, expect, it } from 'vitest';
import type { Fingerprint } from '../../src/images/fingerprint.js';
import { correctFaces, type PhotoCorrectionInput } from '../../src/policy/correct.js';
import { decidePhoto, POLICY_DEFAULTS } from '../../src/policy/decide.js';
import { correctionsFor, hidesSomething, SAME_PHOTO, sameShape, type KnownPhoto } from '../../src/policy/same-photo.js';
import type { Recognition } from '../../src/policy/types.js';
import { photoReasonText } from '../../src/report/reasons.js';

const ORIGINAL = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const COPY = 'c'.repeat(64);
const size = { width: 1000, height: 800 };
const face = { x: 600, y: 100, width: 100, height: 120 };
const phash = '0f0f0f0f0f0f0f0f';

/** `phash` with its lowest `bits` bits flipped. */
function flipped(bits: number): string {
  return (BigInt(`0x${phash}`) ^ ((1n << BigInt(bits)) - 1n)).toString(16).padStart(16, '0');
}
const print = (bits: number, at = size): Fingerprint => ({ phash: flipped(bits), size: at });

function corrections(partial: Partial<PhotoCorrectionInput>): PhotoCorrectionInput {
  return { imageSize: size, faces: [], added: [], dropped: false, ...partial };
}
const dropped = corrections({ dropped: true });
const drawn = corrections({ added: [{ box: face }] });
const notAFace = corrections({ faces: [{ box: face, correction: { kind: 'not-a-face' } }] });
const known = (entries: readonly [string, Fingerprint | null, PhotoCorrectionInput][]): Map<string, KnownPhoto> =>
  new Map(entries.map(([hash, fingerprint, c]) => [hash, { fingerprint, corrections: c }]));

describe('correctionsFor', () => {
  it("finds the exact bytes' own corrections first, even when a copy is nearer by fingerprint", () => {
    const store = known([[ORIGINAL, print(0), dropped], [COPY, print(4), notAFace]]);
    expect(correctionsFor(COPY, print(0), store)).toEqual({ kind: 'exact', corrections: notAFace });
  });

  it('gives a copy within sameBits, at the same size or smaller, the corrections of the photo it copies', () => {
    for (const at of [size, { width: 500, height: 400 }, { width: 333, height: 267 }]) {
      const found = correctionsFor(COPY, print(SAME_PHOTO.sameBits, at), known([[ORIGINAL, print(0), drawn]]));
      expect(found, JSON.stringify(at)).toEqual({ kind: 'copy', of: ORIGINAL, distance: SAME_PHOTO.sameBits, corrections: drawn });
    }
  });

  it('takes the nearest copy; at equal distance the one whose corrections hide something', () => {
    const store = known([[ORIGINAL, print(2), notAFace], [OTHER, print(6), dropped]]);
    expect(correctionsFor(COPY, print(0), store)).toMatchObject({ kind: 'copy', of: ORIGINAL });
    const tie = known([[ORIGINAL, print(2), notAFace], [OTHER, print(2), dropped]]);
    expect(correctionsFor(COPY, print(0), tie)).toMatchObject({ kind: 'copy', of: OTHER });
  });

  it('sends a loose look-alike of a photo whose corrections hide something to review', () => {
    for (const c of [dropped, drawn, corrections({ faces: [{ box: face, correction: { kind: 'blur' } }] }), corrections({ faces: [{ box: face, correction: { kind: 'pupil', pupilId: '1' } }] })]) {
      expect(correctionsFor(COPY, print(SAME_PHOTO.sameBits + 2), known([[ORIGINAL, print(0), c]]))).toEqual({
        kind: 'unsure',
        of: ORIGINAL,
        distance: SAME_PHOTO.sameBits + 2,
        why: 'resembles',
      });
      expect(correctionsFor(COPY, print(SAME_PHOTO.looseBits), known([[ORIGINAL, print(0), c]]))).toMatchObject({ kind: 'unsure' });
    }
  });

  it('sends a sure copy in another shape (a crop) to review when its corrections hide something, and otherwise ignores it', () => {
    const cropped = print(0, { width: 950, height: 800 });
    expect(correctionsFor(COPY, cropped, known([[ORIGINAL, print(0), dropped]]))).toMatchObject({ kind: 'unsure', why: 'cannot-place' });
    expect(correctionsFor(COPY, cropped, known([[ORIGINAL, print(0), notAFace]]))).toEqual({ kind: 'none' });
  });

  it('never carries corrections that show more to a photo that is not surely the same', () => {
    expect(correctionsFor(COPY, print(SAME_PHOTO.sameBits + 2), known([[ORIGINAL, print(0), notAFace]]))).toEqual({ kind: 'none' });
    expect(hidesSomething(corrections({ faces: [{ box: face, correction: { kind: 'not-a-pupil' } }] }))).toBe(false);
  });

  it('ignores photos beyond looseBits, and matches only exact bytes without a fingerprint on either side', () => {
    expect(correctionsFor(COPY, print(SAME_PHOTO.looseBits + 2), known([[ORIGINAL, print(0), dropped]]))).toEqual({ kind: 'none' });
    expect(correctionsFor(COPY, null, known([[ORIGINAL, print(0), dropped]]))).toEqual({ kind: 'none' });
    // A store from before fingerprints: its corrections hold for exactly those bytes.
    expect(correctionsFor(COPY, print(0), known([[ORIGINAL, null, dropped]]))).toEqual({ kind: 'none' });
    expect(correctionsFor(ORIGINAL, print(0), known([[ORIGINAL, null, dropped]]))).toEqual({ kind: 'exact', corrections: dropped });
  });
});

describe('a copy someone turned or mirrored', () => {
  it('goes to review when the corrections hide something (the boxes would need turning), and is ignored otherwise', () => {
    const turnedCopy = { ...print(30, { width: 800, height: 1000 }), turned: [flipped(30), flipped(2), flipped(40)] };
    expect(correctionsFor(COPY, turnedCopy, known([[ORIGINAL, print(0), dropped]]))).toEqual({ kind: 'unsure', of: ORIGINAL, distance: 2, why: 'cannot-place' });
    expect(correctionsFor(COPY, turnedCopy, known([[ORIGINAL, print(0), notAFace]]))).toEqual({ kind: 'none' });
    expect(correctionsFor(COPY, { ...turnedCopy, turned: [flipped(30)] }, known([[ORIGINAL, print(0), dropped]]))).toEqual({ kind: 'none' });
  });
});

describe('sameShape', () => {
  it('accepts a resize with its rounding and refuses a crop', () => {
    expect(sameShape({ width: 2000, height: 1428 }, { width: 1000, height: 714 }, SAME_PHOTO.aspectTolerance)).toBe(true);
    expect(sameShape({ width: 501, height: 700 }, { width: 251, height: 350 }, SAME_PHOTO.aspectTolerance)).toBe(true);
    expect(sameShape({ width: 501, height: 700 }, { width: 125, height: 175 }, SAME_PHOTO.aspectTolerance)).toBe(true);
    expect(sameShape({ width: 2000, height: 1428 }, { width: 1900, height: 1428 }, SAME_PHOTO.aspectTolerance)).toBe(false);
    expect(sameShape({ width: 2000, height: 1428 }, { width: 1428, height: 2000 }, SAME_PHOTO.aspectTolerance)).toBe(false);
  });
});

describe("a copy's boxes on its pixels", () => {
  const unknown: Recognition = { kind: 'unknown', distance: 0.8 };

  it('scales a drawn box and a face mark by the size ratio onto a half-size copy', () => {
    const half = { width: 500, height: 400 };
    const found = correctionsFor(COPY, print(2, half), known([[ORIGINAL, print(0), corrections({ added: [{ box: face }], faces: [{ box: { x: 100, y: 100, width: 80, height: 80 }, correction: { kind: 'not-a-face' } }] })]]));
    expect(found.kind).toBe('copy');
    if (found.kind !== 'copy') return;
    // The copy's detector finds the marked face at half the coordinates.
    const out = correctFaces([{ box: { x: 51, y: 50, width: 40, height: 41 } }], [unknown], half, found.corrections);
    expect(out.faces[0]!.correction).toEqual({ kind: 'not-a-face' });
    expect(out.faces[1]!.box).toEqual({ x: 300, y: 50, width: 50, height: 60 });
    expect(out.faces[1]!.correction).toEqual({ kind: 'added' });
  });
});

describe('a photo that resembles a corrected one', () => {
  it('goes to review with a reason the report words, whatever its faces', () => {
    const verdict = decidePhoto([], size, new Map(), { ...POLICY_DEFAULTS, scope: 'public', className: null }, { dropped: false, unsure: 'resembles' });
    expect(verdict.decision).toBe('review');
    expect(verdict.reason).toEqual({ kind: 'resembles-corrected', why: 'resembles' });
    expect(photoReasonText(verdict.reason)).toMatch(/looks like a photo you corrected/);
    expect(photoReasonText({ kind: 'resembles-corrected', why: 'cannot-place' })).toMatch(/cut, turned or mirrored/);
  });
});
