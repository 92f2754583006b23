/**
 * Look-ups on a read roster: the consent the rules need per pupil, display names, and the classes as the roster
 * spells them (used by scan, recheck and enrolment alike).
 */
import { UserError } from '../errors.js';
import type { PupilConsent } from '../policy/consent.js';
import type { Roster } from './types.js';
import { msg } from '../i18n/messages.js';

/** Pupil id → class, consent per scope and the answer per purpose: what the consent rules need. */
export function pupilsOf(roster: Roster): Map<string, PupilConsent> {
  return new Map(roster.pupils.map((pupil) => [pupil.id, { className: pupil.className, consent: pupil.consent, purposes: pupil.purposes ?? {} }]));
}

/** Pupil id → display name, for the report. */
export function namesOf(roster: Roster): Map<string, string> {
  return new Map(roster.pupils.map((pupil) => [pupil.id, pupil.name]));
}

/** Classes as the roster spells them, sorted, each once (compared case-insensitively). */
export function classesOf(roster: Roster): string[] {
  const byKey = new Map<string, string>();
  for (const pupil of roster.pupils) {
    const key = classKey(pupil.className);
    if (key !== '' && !byKey.has(key)) byKey.set(key, pupil.className);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'nl', { numeric: true }));
}

function classKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '');
}

/**
 * The roster's spelling of `requested`. A class nobody is in would make every pupil "from another group" and is
 * almost certainly a typo, so it is refused with the list of classes.
 */
export function resolveClass(roster: Roster, requested: string): string {
  const found = classesOf(roster).find((name) => classKey(name) === classKey(requested));
  if (found != null) return found;
  const classes = classesOf(roster);
  throw new UserError(msg.roster.noSuchClass(requested), {
    place: { file: roster.file },
    hint: classes.length > 0 ? msg.roster.useClass(classes.join(', ')) : msg.roster.noClasses,
  });
}
