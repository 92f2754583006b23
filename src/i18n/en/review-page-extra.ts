/**
 * The review page's words added for issue 25's "what the newcomer tripped on" and "at scale" (src/review/labels.ts
 * sends them to the page). `{name}`, `{scope}` and `{count}` are filled in by the page.
 */
export const reviewPageExtra = {
  outcomeShown: 'After Apply: your correction decided this face, and it is shown in the output.',
  outcomeAnonymised: 'After Apply: your correction decided this face, and it is anonymised in the output.',
  outcomeNoConsent: 'After Apply: {name} has no consent for {scope}, so the consent rules keep this face anonymised.',
  outcomeOverruled:
    'Not applied: the recogniser is sure this is {name}, a pupil without consent for {scope}, so the consent rules keep this face anonymised whatever the correction says.',
  appliedOverruled: 'The consent rules kept {count} of your corrections from showing a face: those photos are marked ⚠ in the list.',
  listOverruled: 'The consent rules kept a correction of yours from showing a face in this photo',
  listMore: 'More photos…',
};
