/**
 * The one rule that says whether a pupil may be shown to a target: used by the scan's decisions and by `recheck`
 * on what earlier scans published, so that both always agree. Pure: no I/O.
 */
import { sameId } from '../pupil-ids.js';
import type { Consent, ConsentNeed, ConsentPurpose, Scope } from './types.js';
import { msg } from '../i18n/messages.js';
import { verbatim, type Text } from '../i18n/text.js';

/** What the consent rules need to know of a pupil: class, consent per scope, and the answer per purpose. */
export interface PupilConsent {
  readonly className: string;
  readonly consent: Consent;
  /** Purpose key → answer. A purpose without an answer here is no consent. */
  readonly purposes?: Readonly<Record<string, boolean>>;
}

/** Who sees the photos: a scope (every purpose of it), or exactly one of the school's purposes. */
export interface ConsentTarget {
  /** For a purpose this is the purpose's own scope (see `purposeTarget`). */
  readonly scope: Scope;
  /** The target class under scope `group`; null otherwise. */
  readonly className: string | null;
  /** The purpose this scan is for, or null for the whole scope. Absent is the same as null. */
  readonly purpose?: ConsentPurpose | null;
}

/** The target for one purpose: its scope comes with it, so the two cannot disagree. */
export function purposeTarget(purpose: ConsentPurpose, className: string | null): ConsentTarget {
  return { scope: purpose.scope, className: purpose.scope === 'group' ? className : null, purpose };
}

export type { ConsentNeed } from './types.js';

export type ShowVerdict =
  | { readonly shown: true; readonly needed: readonly ConsentNeed[] }
  /** Not on the roster (any more): no answer is no consent. */
  | { readonly shown: false; readonly why: 'not-on-roster' }
  | { readonly shown: false; readonly why: 'no-consent'; readonly needed: readonly ConsentNeed[]; readonly missing: readonly ConsentNeed[] };

/**
 * The roster's answers for `pupilId` however it is spelled: a template, correction or earlier scan may have it as
 * 1001 where today's export writes 01001 (src/pupil-ids.ts), and that is the same pupil, never a stranger.
 */
export function consentOf(pupils: ReadonlyMap<string, PupilConsent>, pupilId: string): PupilConsent | undefined {
  const exact = pupils.get(pupilId);
  if (exact !== undefined) return exact;
  for (const [id, pupil] of pupils) if (sameId(id, pupilId)) return pupil;
  return undefined;
}

/** May `pupilId` be shown, recognisably, to `target`? */
export function mayShow(pupils: ReadonlyMap<string, PupilConsent>, pupilId: string, target: ConsentTarget): ShowVerdict {
  const pupil = consentOf(pupils, pupilId);
  if (pupil === undefined) return { shown: false, why: 'not-on-roster' };
  const needed = neededConsents(pupil, target);
  const missing = needed.filter((need) => !hasConsent(pupil, need));
  return missing.length === 0 ? { shown: true, needed } : { shown: false, why: 'no-consent', needed, missing };
}

/**
 * Which answers a pupil needs for this target. Under `group` a pupil of the target class needs group consent (or
 * the group purpose asked for); a pupil of another class is shown beyond their own group and needs internal consent.
 * With no target class known (the CLI refuses that) either could apply, so both are needed.
 */
export function neededConsents(pupil: Pick<PupilConsent, 'className'>, target: ConsentTarget): readonly ConsentNeed[] {
  const own: ConsentNeed = target.purpose != null ? { purpose: target.purpose } : target.scope;
  switch (target.scope) {
    case 'internal':
    case 'public':
      return [own];
    case 'group': {
      const beyondGroup: ConsentNeed = 'internal';
      if (target.className === null) return [own, beyondGroup];
      return sameClass(pupil.className, target.className) ? [own] : [beyondGroup];
    }
    default:
      return assertNever(target.scope);
  }
}

function hasConsent(pupil: PupilConsent, need: ConsentNeed): boolean {
  return typeof need === 'string' ? pupil.consent[need] : pupil.purposes?.[need.purpose.key] === true;
}

/** "5B", "5b" and " 5 b" are the same group; exports and command lines spell them differently. */
export function sameClass(a: string, b: string): boolean {
  const norm = (s: string): string => s.normalize('NFC').replace(/\s+/gu, '').toLocaleLowerCase('nl');
  return norm(a) === norm(b);
}

/** "public", "group 5b", or a purpose by its own name: how a target is named to a teacher. */
export function targetLabel(target: ConsentTarget): string {
  if (target.purpose != null) return target.purpose.name;
  return target.scope === 'group' && target.className !== null ? `group ${target.className}` : target.scope;
}

/** targetLabel in every language: "publiek", "groep 5b", or the purpose's own name (the school's header). */
export function targetText(target: ConsentTarget): Text {
  if (target.purpose != null) return verbatim(target.purpose.name);
  return target.scope === 'group' && target.className !== null ? msg.policy.groupTarget(target.className) : scopeText(target.scope);
}

/** A scope's name in every language: internal/intern, group/groep, public/publiek. */
export function scopeText(scope: Scope): Text {
  return msg.policy.scope[scope];
}

/** needLabel in every language. */
export function needText(need: ConsentNeed): Text {
  return typeof need === 'string' ? scopeText(need) : verbatim(need.purpose.name);
}

/** "public", "internal" or a purpose's name: what a consent is called in a reason. */
export function needLabel(need: ConsentNeed): string {
  return typeof need === 'string' ? need : need.purpose.name;
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
