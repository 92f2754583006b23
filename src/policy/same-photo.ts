/**
 * Which of the teacher's corrections belong to a photo. She corrected a photo as she saw it, so they follow what a
 * person sees, not the file's bytes: a re-saved, re-compressed, metadata-stripped, orientation-baked or downscaled
 * copy (another sha256, nearly the same fingerprint, src/images/fingerprint.ts) gets them too, its boxes scaled onto
 * its pixels by correctFaces. Where it is unsure it fails safe: a photo that only loosely resembles a corrected one,
 * or whose corrections that hide something cannot be placed on it, goes to review. Pure: no I/O.
 */
import type { Size } from '../geometry.js';
import { bitsApart, hashDistance, type Fingerprint } from '../images/fingerprint.js';
import type { PhotoCorrectionInput } from './correct.js';
import type { UnsureWhy } from './types.js';

export type { UnsureWhy } from './types.js';

export const SAME_PHOTO = Object.freeze({
  /**
   * Up to this many of the fingerprint's 64 bits apart, two photos are one photo saved twice. Measured with
   * `npm run eval -- fingerprint` on the 42 group and crowd photos of ../shared/faces: JPEG at quality 95, 75 or 50,
   * metadata stripped, PNG, 8 bytes appended, stored sideways with EXIF orientation, half or quarter size: at most 2
   * bits; brightness +10 %: at most 6. Two different photos were never nearer than 16 (2481 pairs; 5th percentile 24,
   * median 32), portraits of one person (celeb5) never nearer than 22, two shots of the same people 32 and 40.
   * 8 lies above every re-save, with room for a heavier one, and at half the nearest different photo.
   */
  sameBits: 8 as number,
  /**
   * From sameBits up to this, a photo resembles a corrected one without being surely the same: a crop (5 % off one
   * side: 2–14 bits; 10 % off every side: 12–34), a heavier edit, or another shot of the same scene. Corrections that
   * hide something then send it to review rather than being applied to the wrong pixels or silently lost. 20 takes in
   * half of the 10 % crops (21 of 42) while 15 of 2481 pairs of different photos (0.6 %) fall inside: a rare, safe
   * extra look at a photo that resembles one the teacher corrected.
   */
  looseBits: 20 as number,
  /**
   * Boxes map by the size ratio only when the copy has the photo's shape: its height, predicted from its width and
   * the photo's aspect, within a pixel (a resize's rounding) plus this share. A crop changes the shape far more.
   */
  aspectTolerance: 0.005 as number,
});

/** A corrected photo as the store keeps it: its fingerprint (null in stores from before fingerprints) and corrections. */
export interface KnownPhoto {
  readonly fingerprint: Fingerprint | null;
  readonly corrections: PhotoCorrectionInput;
}

export type FoundCorrections =
  | { readonly kind: 'none' }
  /** The photo the teacher corrected, byte for byte. */
  | { readonly kind: 'exact'; readonly corrections: PhotoCorrectionInput }
  /** A copy of a corrected photo: its corrections, boxes still in the corrected photo's `imageSize` (correctFaces scales). */
  | { readonly kind: 'copy'; readonly of: string; readonly distance: number; readonly corrections: PhotoCorrectionInput }
  /** Resembles a photo whose corrections hide something: a person must look. */
  | { readonly kind: 'unsure'; readonly of: string; readonly distance: number; readonly why: UnsureWhy };

/**
 * The corrections for a photo with sha256 `hash` and fingerprint `fingerprint` (null when unknown: only the exact
 * bytes count then). The exact photo's own corrections win: what the teacher said last about these very bytes. Else
 * the nearest sure copy's. Corrections that would show more (a face named as a pupil, not a face) come only with a
 * sure copy; those that hide something (drop, a drawn box, always blur, a pupil named, who may lack consent) make an
 * unsure one go to review.
 */
export function correctionsFor(
  hash: string,
  fingerprint: (Fingerprint & { readonly turned?: readonly string[] }) | null,
  known: ReadonlyMap<string, KnownPhoto>,
  options = SAME_PHOTO,
): FoundCorrections {
  const exact = known.get(hash);
  if (exact !== undefined) return { kind: 'exact', corrections: exact.corrections };
  if (fingerprint === null) return { kind: 'none' };
  let sure: { of: string; distance: number; corrections: PhotoCorrectionInput } | null = null;
  let unsure: { of: string; distance: number; why: UnsureWhy } | null = null;
  for (const [of, photo] of known) {
    if (photo.fingerprint === null) continue;
    const distance = hashDistance(fingerprint, photo.fingerprint);
    if (distance > options.looseBits) continue;
    const hides = hidesSomething(photo.corrections);
    const fits = sameShape(photo.fingerprint.size, fingerprint.size, options.aspectTolerance);
    if (distance <= options.sameBits && fits) {
      // Nearest first; at equal distance the one that hides something, then by hash, so the choice never depends on order.
      if (sure === null || distance < sure.distance || (distance === sure.distance && preferred(photo.corrections, of, sure))) {
        sure = { of, distance, corrections: photo.corrections };
      }
    } else if (hides && (unsure === null || distance < unsure.distance || (distance === unsure.distance && of < unsure.of))) {
      unsure = { of, distance, why: distance <= options.sameBits ? 'cannot-place' : 'resembles' };
    }
  }
  if (sure !== null) return { kind: 'copy', ...sure };
  if (unsure !== null) return { kind: 'unsure', ...unsure };
  return turnedCopy(fingerprint, known, options) ?? { kind: 'none' };
}

/**
 * A copy someone turned or mirrored (one of its turned hashes within sameBits of a corrected photo's): the boxes would
 * need turning too, so when the corrections hide something, a person looks. Measured as above: a copy turned 90° or
 * mirrored is 0–2 bits from the original by its nearest turned hash; of 2481 pairs of different photos none came
 * nearer than 14 that way.
 */
function turnedCopy(
  fingerprint: { readonly turned?: readonly string[] },
  known: ReadonlyMap<string, KnownPhoto>,
  options: typeof SAME_PHOTO,
): FoundCorrections | null {
  let best: { of: string; distance: number } | null = null;
  for (const [of, photo] of known) {
    if (photo.fingerprint === null || !hidesSomething(photo.corrections)) continue;
    for (const turned of fingerprint.turned ?? []) {
      const distance = bitsApart(turned, photo.fingerprint.phash);
      if (distance <= options.sameBits && (best === null || distance < best.distance || (distance === best.distance && of < best.of))) best = { of, distance };
    }
  }
  return best === null ? null : { kind: 'unsure', ...best, why: 'cannot-place' };
}

/** True when the corrections keep something out of sight that the recogniser alone might show. */
export function hidesSomething(corrections: PhotoCorrectionInput): boolean {
  return (
    corrections.dropped ||
    corrections.added.length > 0 ||
    corrections.faces.some((mark) => mark.correction.kind === 'blur' || mark.correction.kind === 'pupil')
  );
}

/** True when `copy` is `original` resized: the same aspect within a pixel of rounding plus `tolerance`. */
export function sameShape(original: Size, copy: Size, tolerance: number): boolean {
  const predicted = (copy.width * original.height) / original.width;
  return Math.abs(predicted - copy.height) <= 1 + tolerance * copy.height;
}

function preferred(candidate: PhotoCorrectionInput, of: string, current: { of: string; corrections: PhotoCorrectionInput }): boolean {
  const a = hidesSomething(candidate);
  const b = hidesSomething(current.corrections);
  return a !== b ? a : of < current.of;
}
