/**
 * Which faces may join another face's people group: those the detector is sure are faces. Pure.
 *
 * The scan keeps every box YuNet scores from 0.5 (src/faces/detector.ts), because a face missed is a child published;
 * that errs the right way for anonymising and the wrong way for grouping. Below about 0.9 lie the arms, hands, ears,
 * backs of heads, dogs and turned or blurred faces, and face-api's descriptors of those are not a person's: they lie
 * close to each other whoever (or whatever) they are (the "garbage cluster" of face clustering). Measured with
 * scripts/eval-people-quality.ts (docs/people.md): every non-face of ../shared/faces/detection scored 0.50–0.68. A
 * stricter distance for such faces instead of none would have to stay below 0.39 to keep non-faces out on either
 * split, well under the median distance of one person's good faces (0.46), and unrelated faces (a crowd photo and a
 * celebrity's) came within 0.28–0.34. So they stay a group of their own, named one by one.
 */
import { MAIN_FACE_RULES } from '../faces/portrait.js';

export const QUALITY_DEFAULTS = Object.freeze({
  /**
   * The confidence enrolment asks of a portrait's face (src/faces/portrait.ts `MAIN_FACE_RULES`), for the same reason:
   * the errors cost the other way round. A good face left out of a group costs the teacher one more naming; a non-face
   * or someone else's face in a group is named with it, and could show a child without consent.
   * Not fitted to the shared photos (0.8 did as well on them).
   */
  minScore: MAIN_FACE_RULES.minScore as number,
});

/** True when a face's descriptor may be compared with others' for grouping: its detector score (0..1) is high enough. */
export function trustedFace(score: number, options: { readonly minScore: number } = QUALITY_DEFAULTS): boolean {
  return Number.isFinite(score) && score >= options.minScore;
}

/**
 * A clip's track for grouping: the lowest score of the described views its descriptor is the mean of (src/video/
 * track.ts keeps them), so one poor view keeps it apart; 0 (never trusted) when none was described.
 */
export function trackScore(best: readonly { readonly detection: { readonly score: number } }[]): number {
  return best.length === 0 ? 0 : Math.min(...best.map((view) => view.detection.score));
}
