/** What changed in a scan's published output, and what must come down: as data, worded by src/report/history.ts. */
import type { ConsentNeed, FaceReason, PhotoReason } from '../policy/types.js';

/**
 * `withdrawn`: no longer published, take it down wherever it was posted; `replaced`: published with other faces
 * hidden, replace the posted copy; `new`: published now, not by the run before.
 */
export type ChangeKind = 'withdrawn' | 'replaced' | 'new';

/** Why a published file changed. Pupil ids only: the report adds names and classes. */
export type ChangeCause =
  /** Visible before; has no consent for this target now. */
  | { readonly kind: 'consent-withdrawn'; readonly pupil: string; readonly missing: readonly ConsentNeed[] }
  /** Visible before; not on the roster any more, so no consent. */
  | { readonly kind: 'left-roster'; readonly pupil: string }
  /** Visible before and still with consent, but not recognised this time, so anonymised as anyone unrecognised is. */
  | { readonly kind: 'not-recognised'; readonly pupil: string }
  /** Hidden (or not published) before, visible now. */
  | { readonly kind: 'now-shown'; readonly pupil: string }
  /** The same pupils are visible, but more or fewer faces are hidden (a stranger found, a face no longer found). */
  | { readonly kind: 'hidden-faces'; readonly before: number; readonly after: number }
  /** The photo was deleted from the photos folder. */
  | { readonly kind: 'photo-removed' }
  /** The run was stopped before it got to this photo; an undecided photo is never left published. */
  | { readonly kind: 'not-decided' }
  /** Not published for a reason of its own (a new face, review, unreadable): why, and the reasons of its faces. */
  | { readonly kind: 'decision'; readonly why: PhotoReason; readonly faces: readonly FaceReason[] }
  /** Newly published. */
  | { readonly kind: 'published' }
  /** Rewritten, and the run before (an older version) did not record who it showed. */
  | { readonly kind: 'unrecorded' };

export interface PublishedChange {
  /** Relative to the input folder. */
  readonly source: string;
  /** Relative to the output folder: for `withdrawn` the file that was published (and is now removed). */
  readonly output: string;
  readonly change: ChangeKind;
  /** The pupils the change is about (ids). */
  readonly pupils: readonly string[];
  readonly causes: readonly ChangeCause[];
  /** When the file that must come down was written (the new one for `new`); null when an older version wrote it. */
  readonly publishedAt: string | null;
}
