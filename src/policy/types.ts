/** Where a photo is going. Each is a separate consent purpose; none implies another (see domain.md). */
export const SCOPES = ['internal', 'group', 'public'] as const;
export type Scope = (typeof SCOPES)[number];

/** A pupil's answers, one per scope. A missing or unreadable answer is stored as false. */
export type Consent = Readonly<Record<Scope, boolean>>;

/**
 * One of the school's own consent purposes ("Website", "Social media", "Foto's in Parro"), with the scope it belongs
 * to. A scan for a purpose needs exactly that answer; a scan for a scope needs every purpose of the scope.
 */
export interface ConsentPurpose {
  /** As the roster's header writes it, for messages. */
  readonly name: string;
  /** The lookup key the pupils' answers are stored under (`purposeKey` of the header). */
  readonly key: string;
  readonly scope: Scope;
}

/** What recognition concluded about one face: the input to the consent rules. */
export type Recognition =
  /** Matched one enrolled pupil within the threshold and clearly better than the runner-up. */
  | { readonly kind: 'identified'; readonly pupilId: string; readonly distance: number }
  /** Near an enrolled pupil, but not near enough or not clearly enough: could be this child or another. */
  | { readonly kind: 'uncertain'; readonly pupilId: string; readonly distance: number }
  /** Not near any enrolled pupil: a parent, a visitor, a child from elsewhere — or nobody enrolled at all. */
  | { readonly kind: 'unknown'; readonly distance: number | null }
  /** Too small (or too blurred to describe) for the recogniser to say anything. */
  | { readonly kind: 'too-small' };

export type FaceStatus = 'consented' | 'not-consented' | 'unknown' | 'uncertain' | 'too-small';
export type FaceAction = 'kept' | 'anonymised';
export type PhotoDecision = 'publish' | 'anonymised' | 'dropped' | 'review' | 'error';

/** What to do with faces nobody could vouch for (unknown faces; `--small` for too-small ones). */
export type StrangerPolicy = 'blur' | 'drop' | 'keep' | 'review';
/** What to do with a photo that shows a face that may not be published. */
export type ActionPolicy = 'blur' | 'drop';
