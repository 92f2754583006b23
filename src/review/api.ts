/**
 * What the review server and its page say to each other: the state the page shows, the corrections it sends, and
 * the answers. Types only, imported by both the server (src/review/) and the page's script (src/review/page/), so
 * a field renamed on one side fails to compile on the other. Nothing here may need Node at run time: the page's
 * build compiles this file for the browser.
 */
import type { Box, Size } from '../geometry.js';
import type { review } from '../i18n/en/review.js';
import type { Lang } from '../i18n/lang.js';
import type { CorrectionTag, FaceAction, FaceStatus, PhotoDecision, Scope } from '../policy/types.js';
import type { ScanSummary } from '../report/types.js';

/** A correction stored for a face and not yet in the report (the scan has not run since). */
export interface WaitingCorrection {
  readonly correction: CorrectionTag;
  readonly pupil: string | null;
  readonly name: string | null;
}

export interface ReviewFace {
  readonly box: Box;
  readonly pupil: string | null;
  readonly name: string | null;
  readonly status: FaceStatus;
  readonly action: FaceAction;
  readonly correction: CorrectionTag | null;
  readonly reasons: readonly string[];
  /** The person this face was grouped with (report.json's `group`): set on faces no pupil was matched to. */
  readonly group: string | null;
  /** The stored correction that will decide this face at the next Apply (matched by the server's overlap rule). */
  readonly waiting: WaitingCorrection | null;
}

export interface ReviewPhoto {
  /** The photo's place in report.json: how the page names it to the server. */
  readonly index: number;
  readonly source: string;
  readonly decision: PhotoDecision;
  readonly imageSize: Size | null;
  readonly faces: readonly ReviewFace[];
  readonly reasons: readonly string[];
  readonly output: string | null;
  readonly review: string | null;
  readonly error: string | null;
  readonly hasThumb: boolean;
  /** Stored corrections, as they will apply at the next scan. */
  readonly pending: {
    readonly faces: readonly (WaitingCorrection & {
      readonly box: Box;
      /** The report already shows it (the scan ran since). */
      readonly applied: boolean;
    })[];
    /** `index` is the box's place in the store, for undo-added. */
    readonly added: readonly { readonly box: Box; readonly index: number; readonly applied: boolean }[];
    readonly dropped: boolean;
  };
}

/** The page's words as the catalogue (src/i18n/en/review.ts `page`) has them: text, or a function of its values. */
type PageSource = typeof review.page;

/**
 * Every word of the page, in the page's language, as a template: a function's parameters become `{0}`, `{1}`…,
 * filled in by the page. Keyed by the catalogue, so the page cannot name a word the catalogue lacks.
 */
export type PageWords = { readonly [K in keyof PageSource]: string };

/** The values a word of the page takes: none for plain text, else the catalogue function's parameters. */
export type PageWordArgs<K extends keyof PageSource> = PageSource[K] extends (...args: infer A) => string ? A : [];

/**
 * The words and colours the page shows, in its language, from the tables report.html uses (src/review/labels.ts
 * builds it): one table per kind, keyed by the union it labels, so a new face status or correction fails to compile
 * until it has a label here and in the report alike. The page holds no words of its own.
 */
export interface ReviewLabels {
  readonly lang: Lang;
  /** BCP 47 tag for the page's numbers. */
  readonly locale: string;
  readonly status: Readonly<Record<FaceStatus, { readonly text: string; readonly colour: string }>>;
  readonly action: Readonly<Record<FaceAction, string>>;
  readonly decision: Readonly<Record<PhotoDecision, string>>;
  readonly scope: Readonly<Record<Scope, string>>;
  /** The teacher's words for each correction ("always blur"). */
  readonly correction: Readonly<Record<CorrectionTag, string>>;
  /** A face's tag when the teacher's correction decided it ("always blur — named by you"). */
  readonly corrected: Readonly<Record<CorrectionTag, string>>;
  /** A box drawn and not yet applied. */
  readonly drawnColour: string;
  readonly words: PageWords;
}

export interface ReviewState {
  readonly scope: Scope;
  readonly className: string | null;
  readonly startedAt: string;
  readonly summary: ScanSummary;
  readonly photos: readonly ReviewPhoto[];
  /** Everyone on the roster, for the search box: siblings and namesakes are told apart by class. */
  readonly pupils: readonly { readonly id: string; readonly name: string; readonly className: string }[];
  readonly labels: ReviewLabels;
}

/** POST api/correct: one correction of the photo `photo` (ReviewPhoto.index); faces are 1-based as on the page. */
export type CorrectRequest =
  | { readonly photo: number; readonly action: 'pupil'; readonly face: number; readonly pupil: string }
  | { readonly photo: number; readonly action: 'not-a-pupil' | 'blur' | 'not-a-face' | 'undo'; readonly face: number }
  | { readonly photo: number; readonly action: 'add-box'; readonly box: Box }
  | { readonly photo: number; readonly action: 'drop' | 'undrop' }
  | { readonly photo: number; readonly action: 'undo-added'; readonly index: number };

export type CorrectAction = CorrectRequest['action'];

/** A face as the People view names it to the server: `photo` is ReviewPhoto.index, `face` 1-based. */
export interface FaceRef {
  readonly photo: number;
  readonly face: number;
}

/** POST api/correct-group: names every face of people group `group` at once, minus the faces in `except`. */
export type CorrectGroupRequest =
  | { readonly group: string; readonly action: 'pupil'; readonly pupil: string; readonly except: readonly FaceRef[] }
  | { readonly group: string; readonly action: 'not-a-pupil' | 'blur'; readonly except: readonly FaceRef[] };

/** The fields each action takes besides `photo` and `action`. */
export type CorrectFields<A extends CorrectAction> = Exclude<keyof Extract<CorrectRequest, { readonly action: A }>, 'photo' | 'action'> & string;

/** POST api/apply: the scan's exit code and output, and the state after it. */
export interface ApplyResponse {
  readonly code: number;
  readonly output: string;
  readonly state: ReviewState;
}

/** Any refused request (400, 409). */
export interface ErrorResponse {
  readonly error: string;
}
