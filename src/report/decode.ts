/**
 * report.json read back (by review, `correct` and Apply): checked field by field against the schema json.ts writes,
 * never cast. Each decoder below is typed by the field it reads, so a field added to the report's types fails to
 * compile here until it is read too. Fields the readers do not need (tool, backend, changes, …) are not read.
 * Pure: the caller reads the file.
 */
import type { Box, Size } from '../geometry.js';
import { ANONYMISE_STYLES } from '../images/anonymise.js';
import { LANGS, type Lang } from '../i18n/lang.js';
import {
  ACTION_POLICIES,
  SCOPES,
  STRANGER_POLICIES,
  type ConsentNeed,
  type ConsentPurpose,
  type CorrectionNote,
  type CorrectionTag,
  type FaceAction,
  type FaceFinding,
  type FaceOutcome,
  type FaceReason,
  type FaceStatus,
  type GroupPlace,
  type PhotoDecision,
  type PhotoReason,
  type Scope,
  type StrangerOption,
  type UnsureWhy,
} from '../policy/types.js';
import { VIDEO_CHOICES, type ReportOptions, type ScanSummary, type TrackSpan } from './types.js';

/** A face as report.json has it. */
export interface ReportFace {
  readonly box: Box;
  readonly pupil: string | null;
  readonly distance: number | null;
  readonly status: FaceStatus;
  readonly action: FaceAction;
  /** Null also in reports from before corrections existed. */
  readonly correction: CorrectionTag | null;
  /** The people group of an unnamed unknown or uncertain face (src/people/); null also in reports from before groups. */
  readonly group: string | null;
  /** A clip's face through time; null for a photo's. */
  readonly track: TrackSpan | null;
  /** Why, as data; null in reports from before it was written, or when it does not read (then use the photo's `reasons`). */
  readonly reason: FaceReason | null;
}

export interface ReportPhoto {
  readonly source: string;
  readonly decision: PhotoDecision;
  readonly output: string | null;
  readonly review: string | null;
  readonly imageSize: Size | null;
  readonly faces: readonly ReportFace[];
  /** The decision's line, then "face N: …" per face; pupils as "pupil <id>". */
  readonly reasons: readonly string[];
  readonly error: string | null;
  /** 'photo' also in reports from before clips. */
  readonly kind: 'photo' | 'video';
  /** Why the decision, as data; null as for ReportFace's `reason`. */
  readonly why: PhotoReason | null;
}

/** report.json as review and Apply read it. */
export interface ReportFile {
  readonly scope: Scope;
  readonly className: string | null;
  /** Null also in reports from before purposes existed. */
  readonly purpose: string | null;
  readonly startedAt: string;
  /** Absolute paths. */
  readonly input: string;
  readonly output: string;
  readonly options: ReportOptions;
  readonly summary: ScanSummary;
  readonly photos: readonly ReportPhoto[];
}

/** Where report.json differs from the schema: `at` is the field's path, e.g. `photos[3].faces[0].status`. */
export class ReportMismatch extends Error {
  constructor(
    readonly at: string,
    readonly expected: string,
  ) {
    super(`${at}: expected ${expected}`);
  }
}

type Decoder<T> = (value: unknown, at: string) => T;

const text: Decoder<string> = (value, at) => (typeof value === 'string' ? value : mismatch(at, 'text'));
const number: Decoder<number> = (value, at) => (typeof value === 'number' && Number.isFinite(value) ? value : mismatch(at, 'a number'));
const count: Decoder<number> = (value, at) => (Number.isInteger(value) && (value as number) >= 0 ? (value as number) : mismatch(at, 'a count'));
const boolean: Decoder<boolean> = (value, at) => (typeof value === 'boolean' ? value : mismatch(at, 'true or false'));

function nullable<T>(decode: Decoder<T>): Decoder<T | null> {
  return (value, at) => (value === null ? null : decode(value, at));
}

/** For a field older reports do not have: absent reads as null. */
function absentAsNull<T>(decode: Decoder<T>): Decoder<T | null> {
  return (value, at) => (value === undefined || value === null ? null : decode(value, at));
}

/** For a field older reports do not have, which had one value then: absent reads as that value. */
function absentAs<T>(decode: Decoder<T>, then: T): Decoder<T> {
  return (value, at) => (value === undefined ? then : decode(value, at));
}

/** For a field that newer reports add and older ones lack: absent stays absent. */
function optional<T>(decode: Decoder<T>): Decoder<T | undefined> {
  return (value, at) => (value === undefined ? undefined : decode(value, at));
}

function oneOf<T extends string>(values: readonly T[]): Decoder<T> {
  return (value, at) => (values.includes(value as T) ? (value as T) : mismatch(at, `one of ${values.join(', ')}`));
}

/** Every value of a union, from a table keyed by it: a value added to the union fails to compile until listed. */
function valuesOf<T extends string>(table: Readonly<Record<T, true>>): readonly T[] {
  return Object.keys(table) as T[];
}

function list<T>(decode: Decoder<T>): Decoder<readonly T[]> {
  return (value, at) => (Array.isArray(value) ? value.map((item, i) => decode(item, `${at}[${i}]`)) : mismatch(at, 'a list'));
}

/** One decoder per field of T, none optional. */
type Fields<T> = { readonly [K in keyof T]-?: Decoder<T[K]> };

/** An object with exactly these fields read (others are left alone). */
function record<T>(fields: Fields<T>): Decoder<T> {
  return (value, at) => {
    if (!isObject(value)) return mismatch(at, 'an object');
    const out: Partial<Record<keyof T, unknown>> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) out[key] = fields[key](value[key], at === '' ? key : `${at}.${key}`);
    // Every key of T was decoded above by its own typed decoder.
    return out as T;
  };
}

/** Per kind of a union, the fields of its member besides `kind`. */
type Variants<T extends { readonly kind: string }> = { readonly [K in T['kind']]: Fields<Omit<Extract<T, { readonly kind: K }>, 'kind'>> };

/** A union told apart by `kind`: one entry per kind, so a kind added to the union fails to compile until read. */
function tagged<T extends { readonly kind: string }>(variants: Variants<T>): Decoder<T> {
  const kinds = Object.keys(variants) as T['kind'][];
  return (value, at) => {
    const kind = oneOf(kinds)(isObject(value) ? value['kind'] : undefined, at === '' ? 'kind' : `${at}.kind`);
    const fields: Fields<Record<string, unknown>> = variants[kind];
    // `kind` and each field of its member were decoded above by their own typed decoders.
    return { kind, ...record<Record<string, unknown>>(fields)(value, at) } as unknown as T;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * For a field whose loss costs nothing but words: absent (older reports), or not as this version knows it (damaged,
 * or from a newer version with a kind this one lacks), it reads as null and the reader falls back on what the report
 * also says another way.
 */
function orNull<T>(decode: Decoder<T>): Decoder<T | null> {
  return (value, at) => {
    if (value === undefined || value === null) return null;
    try {
      return decode(value, at);
    } catch (error) {
      if (error instanceof ReportMismatch) return null;
      throw error;
    }
  };
}

function mismatch(at: string, expected: string): never {
  throw new ReportMismatch(at === '' ? 'report' : at, expected);
}

const FACE_STATUSES = valuesOf<FaceStatus>({ consented: true, 'not-consented': true, unknown: true, uncertain: true, 'too-small': true });
const FACE_ACTIONS = valuesOf<FaceAction>({ kept: true, anonymised: true });
const DECISIONS = valuesOf<PhotoDecision>({ publish: true, anonymised: true, dropped: true, review: true, error: true });
const CORRECTIONS = valuesOf<CorrectionTag>({ pupil: true, 'not-a-pupil': true, blur: true, 'not-a-face': true, added: true });

const box = record<Box>({ x: number, y: number, width: number, height: number });
const size = record<Size>({ width: number, height: number });

const STRANGER_OPTIONS = valuesOf<StrangerOption>({ unknown: true, small: true });
const UNSURE_WHYS = valuesOf<UnsureWhy>({ resembles: true, 'cannot-place': true });
const DROP_CAUSES = valuesOf<Extract<FaceOutcome, { readonly kind: 'photo-dropped' }>['because']>({ action: true, 'main-subject': true, unknown: true, small: true });

const purposeNeed = record<Exclude<ConsentNeed, Scope>>({ purpose: record<ConsentPurpose>({ name: text, key: text, scope: oneOf(SCOPES) }) });
/** A whole scope's consent, or one of the school's purposes. */
const need: Decoder<ConsentNeed> = (value, at) => (typeof value === 'string' ? oneOf(SCOPES)(value, at) : purposeNeed(value, at));
const groupPlace = nullable(record<GroupPlace>({ pupilClass: text, targetClass: text, inTarget: boolean }));

const faceReason = record<FaceReason>({
  finding: tagged<FaceFinding>({
    consent: { pupil: text, consents: list(need), group: groupPlace },
    'no-consent': { pupil: text, missing: list(need), group: groupPlace },
    'not-on-roster': { pupil: text },
    uncertain: { nearest: text, distance: number },
    unknown: {},
    'too-small': {},
  }),
  outcome: tagged<FaceOutcome>({
    kept: {},
    'kept-by-option': { option: oneOf(STRANGER_OPTIONS) },
    anonymised: {},
    'photo-dropped': { because: oneOf(DROP_CAUSES) },
    'photo-to-review': { because: oneOf(STRANGER_OPTIONS) },
  }),
  correction: optional(record<CorrectionNote>({ said: oneOf(CORRECTIONS), overruled: boolean })),
});

const photoReason = tagged<PhotoReason>({
  review: { faces: list(count) },
  dropped: { faces: list(count) },
  'dropped-by-you': {},
  anonymised: {},
  publish: { faces: count },
  unreadable: {},
  failed: {},
  'not-removed': { files: list(text) },
  'resembles-corrected': { why: oneOf(UNSURE_WHYS) },
});

const face = record<ReportFace>({
  box,
  pupil: nullable(text),
  distance: nullable(number),
  status: oneOf(FACE_STATUSES),
  action: oneOf(FACE_ACTIONS),
  correction: absentAsNull(oneOf(CORRECTIONS)),
  group: absentAsNull(text),
  track: absentAsNull(record<TrackSpan>({ frame: count, at: number, from: number, to: number, frames: count, detections: count })),
  reason: orNull(faceReason),
});

const photo = record<ReportPhoto>({
  source: text,
  decision: oneOf(DECISIONS),
  output: nullable(text),
  review: nullable(text),
  imageSize: nullable(size),
  faces: list(face),
  reasons: list(text),
  error: nullable(text),
  kind: absentAs(oneOf(['photo', 'video'] as const), 'photo'),
  why: orNull(photoReason),
});

const options = record<ReportOptions>({
  action: oneOf(ACTION_POLICIES),
  unknown: oneOf(STRANGER_POLICIES),
  small: oneOf(STRANGER_POLICIES),
  dropPortraits: boolean,
  style: oneOf(ANONYMISE_STYLES),
  quality: count,
  threshold: number,
  uncertainBelow: number,
  margin: number,
  roster: text,
  rosterOption: nullable(text),
  columnOption: nullable(text),
  portraits: nullable(text),
  cache: boolean,
  jobs: count,
  // Reports from before clips were filtered lack both: those scans left clips out and had no sound to keep.
  videos: absentAs(oneOf(VIDEO_CHOICES), 'skip'),
  mute: absentAs(boolean, false),
  // Reports were English before the language was recorded.
  lang: absentAs<Lang>(oneOf(LANGS), 'en'),
  enrolledPupils: count,
  learnedFaces: count,
  learnedFacesLeftOut: count,
  correctedPhotos: count,
  fromCache: count,
  fromEarlierTarget: count,
  analysed: count,
  keptFromLastRun: count,
  copiedFromOtherScans: count,
});

const summary = record<ScanSummary>({ photos: count, clips: optional(count), publish: count, anonymised: count, dropped: count, review: count, error: count, faces: count, skipped: optional(count) });

const report = record<ReportFile>({
  scope: oneOf(SCOPES),
  className: nullable(text),
  purpose: absentAsNull(text),
  startedAt: text,
  input: text,
  output: text,
  options,
  summary,
  photos: list(photo),
});

/**
 * @param raw report.json, parsed.
 * @throws ReportMismatch naming the first field that does not fit.
 */
export function decodeReport(raw: unknown): ReportFile {
  return report(raw, '');
}
