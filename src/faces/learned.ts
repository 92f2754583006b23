/**
 * Faces the teacher named in review, as extra templates: the best there are for a child (recent, at the event's light
 * and age), but only as good as the naming. A slip of the mouse that names a child without consent as one with consent
 * would put that child's face into the other's template, and from then on could publish them in other photos. So a
 * learned face is used only when the portraits agree it could be that pupil: within `uncertainBelow` of the pupil's
 * portraits, and not identified as anyone else. Pure.
 */
import type { MatchOptions, Template } from './engine-types.js';
import { matchFaces, pupilDistance } from './match.js';

export interface LearnedCheck {
  /** Per pupil the learned faces that passed, to add to their templates. */
  readonly accepted: Template[];
  /** Learned faces left out because the portraits say they are someone else, or nobody near. */
  readonly rejected: number;
}

export function checkLearned(portraits: readonly Template[], learned: readonly Template[], options: MatchOptions): LearnedCheck {
  const own = new Map(portraits.map((t) => [t.pupilId, t.descriptors]));
  let rejected = 0;
  const accepted: Template[] = [];
  for (const template of learned) {
    const mine = own.get(template.pupilId) ?? [];
    const kept = template.descriptors.filter((descriptor) => {
      const [recognition] = matchFaces([descriptor], portraits, options);
      if (recognition?.kind === 'identified' && recognition.pupilId !== template.pupilId) return false;
      // Without a portrait there is nothing to compare with; the teacher's word is all there is (and it is only
      // ever used for that one pupil).
      return mine.length === 0 || pupilDistance(descriptor, mine) <= Math.max(options.uncertainBelow, options.threshold);
    });
    rejected += template.descriptors.length - kept.length;
    if (kept.length > 0) accepted.push({ pupilId: template.pupilId, descriptors: kept });
  }
  return { accepted, rejected };
}
