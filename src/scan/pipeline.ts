/**
 * The photo pipeline of one target: each photo is analysed, matched, decided (decide.ts) and written (write-photo.ts),
 * a few at a time, and at the end the ledger withdraws what an earlier run placed for photos not decided now.
 * A photo that fails becomes an `error` record (never published) and the scan goes on.
 */
import path from 'node:path';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import type { Size } from '../geometry.js';
import { PhotoReadError } from '../images/load.js';
import { correctionsFor, type KnownPhoto } from '../policy/same-photo.js';
import type { PhotoRecord } from '../report/types.js';
import { withPeopleGroups, type PhotoFaces } from '../people/assign.js';
import { toError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import type { PhotoAnalyzer } from '../engine/analyze.js';
import { decideAnalysis, faceRecords } from './decide.js';
import { collidingStems } from './folders.js';
import type { ScanLedger, Stuck } from './ledger.js';
import type { ScanPlan } from './plan.js';
import { writeDecidedPhoto } from './write-photo.js';

export type ScanPhase = 'analyse' | 'render';

export interface ScanHooks {
  /** Once aborted, no new photo is started; photos in flight finish (their writes are atomic). */
  readonly signal?: AbortSignal;
  readonly onPhase?: (source: string, phase: ScanPhase) => void;
  readonly onPhotoDone?: (record: PhotoRecord, done: number, total: number) => void;
}

export interface ScanOutcome {
  /** In the order of `plan.sources`; only the photos that were processed when interrupted. */
  readonly photos: PhotoRecord[];
  readonly interrupted: boolean;
  /** Photos whose file from an earlier run into the same folders was still current, so not rendered again. */
  readonly kept: number;
  /** Photos another scan had rendered exactly so (same faces hidden, same options), copied rather than rendered. */
  readonly copied: number;
}

/**
 * What runs once the photos are done and before the ledger closes the run (the clips, src/scan/clips.ts): its records
 * join the photos', and `onAnalysed` gives their faces to the people grouping.
 */
export type AfterPhotos = (ledger: ScanLedger, onAnalysed: (source: string, faces: PhotoFaces) => void) => Promise<{ records: PhotoRecord[]; expected: number }>;

export async function runScan(plan: ScanPlan, analyzer: PhotoAnalyzer, ledger: ScanLedger, hooks: ScanHooks = {}, afterPhotos: AfterPhotos | null = null): Promise<ScanOutcome> {
  const colliding = collidingStems(plan.sources);
  const results: (PhotoRecord | undefined)[] = new Array<PhotoRecord | undefined>(plan.sources.length);
  const analysed = new Map<string, PhotoFaces>();
  let next = 0;
  let done = 0;
  let kept = 0;
  let copied = 0;
  await ledger.start();
  const worker = async (): Promise<void> => {
    while (hooks.signal?.aborted !== true) {
      const index = next++;
      const source = plan.sources[index];
      if (source === undefined) return;
      const record = await processPhoto(source, plan, analyzer, ledger, colliding, {
        ...hooks,
        onKept: () => {
          kept += 1;
        },
        onCopied: () => {
          copied += 1;
        },
        onAnalysed: (faces) => analysed.set(source, faces),
      });
      results[index] = record;
      done += 1;
      hooks.onPhotoDone?.(record, done, plan.sources.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.jobs, plan.sources.length)) }, worker));
  const more = afterPhotos === null ? { records: [], expected: 0 } : await afterPhotos(ledger, (source, faces) => analysed.set(source, faces));
  // The faces nobody was matched to, grouped into people across the whole scan once every photo and clip is decided.
  const photos = withPeopleGroups(
    [...results.filter((record): record is PhotoRecord => record !== undefined), ...more.records],
    analysed,
  );
  const interrupted = photos.length < plan.sources.length + more.expected;
  // A photo gone from the input (or not reached) whose earlier copy stays published is reported like any failed photo.
  const stuck = await ledger.finish(photos.map((photo) => photo.source), !interrupted);
  return { photos: [...photos, ...stuck.map(({ source, stuck: files }) => notRemovedRecord(source, files, null, plan.lang ?? 'en'))], interrupted, kept, copied };
}

/**
 * One photo from file to placed output. Never throws for a problem with the photo, nor when an earlier copy cannot be
 * removed (that photo becomes an `error` naming the file); does throw when the ledger itself cannot be written.
 */
export async function processPhoto(
  source: string,
  plan: ScanPlan,
  analyzer: PhotoAnalyzer,
  ledger: ScanLedger,
  colliding: ReadonlySet<string>,
  hooks: ScanHooks & {
    readonly onKept?: () => void;
    readonly onCopied?: () => void;
    /** The photo's hash, descriptors and detector scores, for grouping its faces into people with the rest of the scan. */
    readonly onAnalysed?: (faces: PhotoFaces) => void;
  } = {},
): Promise<PhotoRecord> {
  const file = path.join(plan.folders.input, source);
  let analysis: PhotoAnalysis | null = null;
  try {
    hooks.onPhase?.(source, 'analyse');
    // One hash decides what this photo is: it is analysed, looked up and rendered as exactly these bytes, so a photo
    // replaced during the scan fails (PhotoReadError) rather than being published with another photo's faces.
    const hash = await analyzer.contentHash(file).catch((caught: unknown) => {
      throw new PhotoReadError(file, msg.scan.cannotOpen(toError(caught).message), { cause: caught });
    });
    analysis = await analyzer.analyze(file, hash);
    // The teacher's corrections follow what she saw: these bytes' own, else those of the photo this is a copy of.
    const found = correctionsFor(hash, analysis.fingerprint ?? null, plan.corrections ?? NO_CORRECTIONS);
    const { corrected, verdict } = decideAnalysis(analysis, plan, found);
    const faces = faceRecords(corrected, verdict);
    hooks.onAnalysed?.({ hash, descriptors: analysis.descriptors, scores: analysis.faces.map((face) => face.score) });
    const base = { source, decision: verdict.decision, imageSize: analysis.imageSize, faces, why: verdict.reason, error: null };
    switch (verdict.decision) {
      case 'publish':
      case 'anonymised':
      case 'review': {
        const kind = verdict.decision === 'review' ? 'review' : 'output';
        const decided = { source, file, hash, imageSize: analysis.imageSize, faces, kind } as const;
        const placed = await writeDecidedPhoto(decided, plan, analyzer, ledger, colliding, () => hooks.onPhase?.(source, 'render'));
        if (placed.how === 'kept') hooks.onKept?.();
        if (placed.how === 'copied') hooks.onCopied?.();
        return { ...base, output: kind === 'output' ? placed.relative : null, review: kind === 'review' ? placed.relative : null };
      }
      case 'dropped': {
        const stuck = await ledger.withdraw(source);
        if (stuck.length > 0) return notRemovedRecord(source, stuck, analysis.imageSize, plan.lang ?? 'en');
        return { ...base, output: null, review: null };
      }
      default:
        return assertNever(verdict.decision);
    }
  } catch (caught) {
    // Whatever went wrong, nothing from an earlier run may stay published for a photo that was not decided now.
    const stuck = await ledger.withdraw(source);
    if (stuck.length > 0) return notRemovedRecord(source, stuck, analysis?.imageSize ?? null, plan.lang ?? 'en');
    const error = toError(caught);
    return {
      source,
      decision: 'error',
      output: null,
      review: null,
      imageSize: analysis?.imageSize ?? null,
      faces: [],
      why: { kind: caught instanceof PhotoReadError ? 'unreadable' : 'failed' },
      error: caught instanceof PhotoReadError ? caught.text[plan.lang ?? 'en'] : msg.scan.unexpectedError(error.message)[plan.lang ?? 'en'],
    };
  }
}

/** An `error` record for a photo whose earlier copy stays where it was published: the teacher must remove it. */
function notRemovedRecord(source: string, stuck: readonly Stuck[], imageSize: Size | null, lang: Lang): PhotoRecord {
  return {
    source,
    decision: 'error',
    output: null,
    review: null,
    imageSize,
    faces: [],
    why: { kind: 'not-removed', files: stuck.map((s) => s.file) },
    error: couldNotRemove(stuck, lang),
  };
}

/** What a record says of the files it could not remove, in the report's language. */
export function couldNotRemove(stuck: readonly Stuck[], lang: Lang): string {
  return stuck.map((s) => msg.scan.couldNotRemove(s.file, s.problem)[lang]).join('; ');
}

const NO_CORRECTIONS: ReadonlyMap<string, KnownPhoto> = new Map();

function assertNever(value: never): never {
  throw new Error(`unhandled decision ${String(value)}`);
}
