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

/** One answer a pupil needs: a whole scope's consent, or exactly one of the school's purposes. */
export type ConsentNeed = Scope | { readonly purpose: ConsentPurpose };

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
export const STRANGER_POLICIES = ['blur', 'drop', 'keep', 'review'] as const;
export type StrangerPolicy = (typeof STRANGER_POLICIES)[number];
/** What to do with a photo that shows a face that may not be published. */
export const ACTION_POLICIES = ['blur', 'drop'] as const;
export type ActionPolicy = (typeof ACTION_POLICIES)[number];

/**
 * Why a face got its status, as data: the consent rules decide, src/report/ words it (with the pupils' names, which the
 * rules never see). Pupils are ids.
 */
export type FaceFinding =
  | { readonly kind: 'consent'; readonly pupil: string; readonly consents: readonly ConsentNeed[]; readonly group: GroupPlace | null }
  | { readonly kind: 'no-consent'; readonly pupil: string; readonly missing: readonly ConsentNeed[]; readonly group: GroupPlace | null }
  /** Identified, but no longer in today's roster (left the school): no answer, so no consent. */
  | { readonly kind: 'not-on-roster'; readonly pupil: string }
  | { readonly kind: 'uncertain'; readonly nearest: string; readonly distance: number }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'too-small' };

/** Under `--scope group --class X`: the pupil's own class, and whether that is the target group. */
export interface GroupPlace {
  readonly pupilClass: string;
  readonly targetClass: string;
  readonly inTarget: boolean;
}

/** The options that can decide a face's fate: `--unknown` (also for uncertain faces) and `--small`. */
export type StrangerOption = 'unknown' | 'small';

/** What happens to a face, and which rule or option made it so. */
export type FaceOutcome =
  | { readonly kind: 'kept' }
  | { readonly kind: 'kept-by-option'; readonly option: StrangerOption }
  | { readonly kind: 'anonymised' }
  /** `action`: --action drop; `main-subject`: --drop-portraits. */
  | { readonly kind: 'photo-dropped'; readonly because: 'action' | 'main-subject' | StrangerOption }
  | { readonly kind: 'photo-to-review'; readonly because: StrangerOption };

export interface FaceReason {
  readonly finding: FaceFinding;
  readonly outcome: FaceOutcome;
  /** What the teacher said about this face (review, `correct`); absent when nothing. */
  readonly correction?: CorrectionNote;
}

/** What the teacher said about a face the detector found (src/policy/correct.ts finds it again in later scans). */
export type FaceCorrection =
  /** This is that pupil: the consent rules then use that pupil's consent. */
  | { readonly kind: 'pupil'; readonly pupilId: string }
  /** A parent, staff, a visitor: treated like an unknown face (`--unknown`). */
  | { readonly kind: 'not-a-pupil' }
  /** Anonymise whoever this is, in every scope. */
  | { readonly kind: 'blur' }
  /** A poster, a pattern: nothing to anonymise. */
  | { readonly kind: 'not-a-face' };

/** A correction as it reaches the consent rules: one about a detected face, or a box the teacher drew (`added`). */
export type AppliedCorrection = FaceCorrection | { readonly kind: 'added' };

/** What report.json says per face in `correction`. */
export type CorrectionTag = AppliedCorrection['kind'];

export interface CorrectionNote {
  readonly said: CorrectionTag;
  /**
   * True when the correction would have shown a face the recogniser identified as a pupil without consent here: the
   * consent rules keep that face anonymised, whatever the correction says.
   */
  readonly overruled: boolean;
}

/** Why a photo got its decision. Face numbers are 1-based, as the report shows them. */
export type PhotoReason =
  | { readonly kind: 'review'; readonly faces: readonly number[] }
  | { readonly kind: 'dropped'; readonly faces: readonly number[] }
  /** The teacher dropped it (review, `correct --drop`). */
  | { readonly kind: 'dropped-by-you' }
  | { readonly kind: 'anonymised' }
  | { readonly kind: 'publish'; readonly faces: number }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'failed' }
  /** An earlier run's copy could not be removed (a read-only folder, a file open elsewhere): absolute paths. */
  | { readonly kind: 'not-removed'; readonly files: readonly string[] }
  /** It looks like a photo the teacher corrected, but not surely or not in the same shape (src/policy/same-photo.ts). */
  | { readonly kind: 'resembles-corrected'; readonly why: UnsureWhy };

/** Why a photo's corrections could not be used on a photo that looks like it. */
export type UnsureWhy =
  /** It only loosely resembles the corrected photo (a crop, an edit, another shot of the scene). */
  | 'resembles'
  /** It is the same picture, but cut, turned or mirrored: the corrected boxes do not fit it. */
  | 'cannot-place';
