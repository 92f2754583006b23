/**
 * The scan itself: each photo is analysed, matched, decided and rendered, and only then placed where it belongs.
 * A photo that fails becomes an `error` record (never published) and the scan goes on.
 */
import path from 'node:path';
import type { MatchOptions, PhotoAnalysis, Template } from '../faces/engine-types.js';
import { matchFaces } from '../faces/match.js';
import type { Size } from '../geometry.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import { PhotoReadError } from '../images/load.js';
import { correctFaces, type CorrectedPhoto } from '../policy/correct.js';
import { correctionsFor, type FoundCorrections, type KnownPhoto } from '../policy/same-photo.js';
import { hashFile } from '../store/cache.js';
import { decidePhoto, type PhotoVerdict, type PolicyOptions, type PupilConsent } from '../policy/decide.js';
import type { FaceRecord, PhotoRecord } from '../report/types.js';
import { withPeopleGroups, type PhotoFaces } from '../people/assign.js';
import { toError } from '../errors.js';
import type { PhotoAnalyzer } from '../engine/analyze.js';
import type { ShownFaces } from '../history/ledger.js';
import type { ScanLedger, Stuck } from './ledger.js';
import { collidingStems, outputPathFor, type ScanFolders } from './plan.js';
import { renderKey, renderPhoto } from '../engine/render.js';

/** Everything a scan needs, checked and resolved before it starts. */
export interface ScanPlan {
  readonly folders: ScanFolders;
  /** Photos relative to the input folder, sorted. */
  readonly sources: readonly string[];
  /** Enrolled pupils, with the faces learned from the teacher's corrections. */
  readonly templates: readonly Template[];
  /**
   * The teacher's corrections by the content hash of the photo she corrected (empty without a store), with its
   * fingerprint: applied before the consent rules to that photo and its copies (src/policy/same-photo.ts).
   */
  readonly corrections?: ReadonlyMap<string, KnownPhoto>;
  readonly pupils: ReadonlyMap<string, PupilConsent>;
  readonly policy: PolicyOptions;
  readonly match: MatchOptions;
  readonly style: AnonymiseStyle;
  readonly quality: number;
  /** Photos in flight at once. */
  readonly jobs: number;
  /** Clips relative to the input folder, sorted; filtered after the photos (src/scan/clips.ts through AfterPhotos). */
  readonly clips?: readonly string[];
  /** Published clips carry no sound. */
  readonly mute?: boolean;
}

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
  return { photos: [...photos, ...stuck.map(({ source, stuck: files }) => notRemovedRecord(source, files, null))], interrupted, kept, copied };
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
    /** The photo's hash and descriptors, for grouping its faces into people with the rest of the scan. */
    readonly onAnalysed?: (faces: PhotoFaces) => void;
  } = {},
): Promise<PhotoRecord> {
  const file = path.join(plan.folders.input, source);
  let analysis: PhotoAnalysis | null = null;
  try {
    hooks.onPhase?.(source, 'analyse');
    // One hash decides what this photo is: it is analysed, looked up and rendered as exactly these bytes, so a photo
    // replaced during the scan fails (PhotoReadError) rather than being published with another photo's faces.
    const hash = await (analyzer.contentHash ?? hashFile)(file).catch((caught: unknown) => {
      throw new PhotoReadError(file, `the file cannot be opened (${toError(caught).message})`, { cause: caught });
    });
    analysis = await analyzer.analyze(file, hash);
    // The teacher's corrections follow what she saw: these bytes' own, else those of the photo this is a copy of.
    const found = correctionsFor(hash, analysis.fingerprint ?? null, plan.corrections ?? NO_CORRECTIONS);
    const { corrected, verdict } = decideAnalysis(analysis, plan, found);
    const faces = faceRecords(corrected, verdict);
    hooks.onAnalysed?.({ hash, descriptors: analysis.descriptors });
    const base = { source, decision: verdict.decision, imageSize: analysis.imageSize, faces, why: verdict.reason, error: null };
    switch (verdict.decision) {
      case 'publish':
      case 'anonymised':
      case 'review': {
        const boxes = faces.filter((face) => face.action === 'anonymised').map((face) => face.box);
        const shown = shownFaces(faces);
        const options = { style: plan.style, quality: plan.quality };
        const kind = verdict.decision === 'review' ? 'review' : 'output';
        const key = renderKey(hash, analysis.imageSize, boxes, options);
        const current = await ledger.current(source, kind, key);
        // Kept only under the name this run would give it: a new photo with the same stem renames both.
        if (current !== null && current === outputPathFor(source, path.posix.extname(current), colliding)) {
          await ledger.keep(source, shown);
          hooks.onKept?.();
          return { ...base, output: kind === 'output' ? current : null, review: kind === 'review' ? current : null };
        }
        hooks.onPhase?.(source, 'render');
        const copied = await ledger.fromOtherScan(source, key);
        if (copied !== null) hooks.onCopied?.();
        const rendered = copied ?? (await (analyzer.render ?? renderPhoto)(file, hash, analysis.imageSize, boxes, options));
        const relative = outputPathFor(source, rendered.extension, colliding);
        await ledger.place(source, kind, relative, rendered.data, key, shown);
        return { ...base, output: kind === 'output' ? relative : null, review: kind === 'review' ? relative : null };
      }
      case 'dropped': {
        const stuck = await ledger.withdraw(source);
        if (stuck.length > 0) return notRemovedRecord(source, stuck, analysis.imageSize);
        return { ...base, output: null, review: null };
      }
      default:
        return assertNever(verdict.decision);
    }
  } catch (caught) {
    // Whatever went wrong, nothing from an earlier run may stay published for a photo that was not decided now.
    const stuck = await ledger.withdraw(source);
    if (stuck.length > 0) return notRemovedRecord(source, stuck, analysis?.imageSize ?? null);
    const error = toError(caught);
    return {
      source,
      decision: 'error',
      output: null,
      review: null,
      imageSize: analysis?.imageSize ?? null,
      faces: [],
      why: { kind: caught instanceof PhotoReadError ? 'unreadable' : 'failed' },
      error: caught instanceof PhotoReadError ? error.message : `unexpected error: ${error.message}`,
    };
  }
}

/** An `error` record for a photo whose earlier copy stays where it was published: the teacher must remove it. */
function notRemovedRecord(source: string, stuck: readonly Stuck[], imageSize: Size | null): PhotoRecord {
  return {
    source,
    decision: 'error',
    output: null,
    review: null,
    imageSize,
    faces: [],
    why: { kind: 'not-removed', files: stuck.map((s) => s.file) },
    error: stuck.map((s) => `could not remove ${s.file} (${s.problem}); delete it by hand before sharing the output`).join('; '),
  };
}

const NO_CORRECTIONS: ReadonlyMap<string, KnownPhoto> = new Map();

/** Match → correct → decide for one analysed photo: pure. */
export function decideAnalysis(
  analysis: PhotoAnalysis,
  plan: Pick<ScanPlan, 'templates' | 'pupils' | 'policy' | 'match'>,
  found: FoundCorrections = { kind: 'none' },
): { corrected: CorrectedPhoto; verdict: PhotoVerdict } {
  const corrections = found.kind === 'exact' || found.kind === 'copy' ? found.corrections : null;
  const recognitions = matchFaces(analysis.descriptors, plan.templates, plan.match);
  if (recognitions.length !== analysis.faces.length) {
    throw new Error(`the matcher returned ${recognitions.length} results for ${analysis.faces.length} faces`);
  }
  const corrected = correctFaces(analysis.faces, recognitions, analysis.imageSize, corrections);
  const verdict = decidePhoto(corrected.faces, analysis.imageSize, plan.pupils, plan.policy, {
    dropped: corrected.dropped,
    unsure: found.kind === 'unsure' ? found.why : null,
  });
  return { corrected, verdict };
}

export function faceRecords(corrected: CorrectedPhoto, verdict: PhotoVerdict): FaceRecord[] {
  if (verdict.faces.length !== corrected.faces.length) {
    throw new Error(`the consent rules returned ${verdict.faces.length} verdicts for ${corrected.faces.length} faces`);
  }
  return verdict.faces.map((face, i) => ({
    box: corrected.faces[i]!.box,
    pupil: face.pupil,
    distance: face.distance,
    status: face.status,
    action: face.action,
    reason: face.reason,
    correction: face.reason.correction === undefined || face.reason.correction.overruled ? null : face.reason.correction.said,
  }));
}

/** Who a placed file shows: the pupils whose faces are kept (a pupil the teacher named counts like any other), and how many faces it hides. */
export function shownFaces(faces: readonly FaceRecord[]): ShownFaces {
  const pupils = [...new Set(faces.flatMap((face) => (face.action === 'kept' && face.pupil !== null ? [face.pupil] : [])))].sort();
  return { pupils, hidden: faces.filter((face) => face.action === 'anonymised').length };
}

function assertNever(value: never): never {
  throw new Error(`unhandled decision ${String(value)}`);
}
