import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError, toError } from '../errors.js';
import { PHOTO_EXTENSIONS, PhotoReadError, loadPhoto } from '../images/load.js';
import type { Roster } from '../roster/types.js';
import { portraitNameMatcher, type NameMatch, type NamedPupil } from '../roster/names.js';
import type { Descriptor, Detection } from './types.js';
import { boxArea, intersectionArea, type Size } from '../geometry.js';
import type { FaceDescriber, FaceDetector, Template } from './engine-types.js';
import { detectPortraitFaces } from './detector.js';

/** A portrait that gave no descriptor, and why, in words for the teacher. */
export interface SkippedPortrait {
  readonly pupil: string;
  /** The portrait's path as found (portraits folder or roster photo column); null when the pupil had none at all. */
  readonly file: string | null;
  readonly reason: string;
}

export interface EnrollResult {
  /** One per pupil with at least one usable portrait, in roster order. */
  readonly templates: Template[];
  readonly skipped: SkippedPortrait[];
  /** Ids of pupils without any portrait: they will be treated as unknown faces. */
  readonly missing: string[];
  /** Portraits (files or folders) in the portraits folder that match no pupil id: most likely a typo. */
  readonly unmatched: string[];
  /** Portraits named with other leading zeros than the roster writes (1001.jpg for 01001): used, and told. */
  readonly respelled: readonly RespelledPortrait[];
  /** Portraits whose name fits several pupils: skipped. */
  readonly ambiguous: readonly AmbiguousPortrait[];
}

/** A portrait file or folder named by a pupil number spelled otherwise than in the roster (src/pupil-ids.ts). */
export interface RespelledPortrait {
  readonly name: string;
  readonly pupilId: string;
}

export interface AmbiguousPortrait {
  /** The entry's name in the portraits folder. */
  readonly name: string;
  readonly pupils: readonly string[];
}

/** One entry of the portraits folder and whom it was matched to: the table `--dry-run` shows. */
export interface PortraitRow {
  readonly name: string;
  readonly isDirectory: boolean;
  readonly match: NameMatch;
}

/** How the face a portrait is of is told apart from background faces and from things that only look like a face. */
export const MAIN_FACE_RULES = Object.freeze({
  /**
   * Detector confidence a portrait's face must reach. Far above the scan's threshold, because the errors cost the other
   * way round: a missed portrait only asks for another one, an enrolled non-face or stranger becomes someone's template.
   * Measured with yunet_n on the 209 identity photos of ../shared/faces: the best face scores 0.85–0.96 (1 % below 0.90,
   * median 0.95); 203 photos give a main face, 2 are refused as unclear (0.85, 0.88), 4 as ambiguous (a second person).
   * Tight 150 × 150 crops of the 203: 200 pass, 3 unclear (0.85–0.89). The dogs of crowds/davisking_dogs.jpg: 0.87.
   */
  minScore: 0.9,
  /** Other detections below this are left out: in the 209 photos (yunet_s) those were patterns or the face found twice. */
  otherMinScore: 0.7,
  /** The main face must cover at least this many times the area of any other: a parent behind the child is smaller… */
  dominance: 2,
  /** …and near the middle, unless it is this many times larger than any other (a full-length photo has the face on top). */
  overwhelming: 6,
  /** Its centre must lie within this share of the width/height around the middle: a portrait is framed on its subject. */
  centralBand: 0.6,
  /** A box lying this much (of its own area) inside the main face's box is the same face found twice, not another person. */
  sameFace: 0.5,
});

export type MainFace =
  | { readonly kind: 'found'; readonly face: Detection }
  | { readonly kind: 'none' }
  /** Only face-like shapes below `minScore`: a blurred, turned or covered face, or an animal or a pattern. */
  | { readonly kind: 'unclear'; readonly score: number }
  | { readonly kind: 'ambiguous' };

/**
 * The face the portrait is of: the largest confident face, when it is clearly larger than every other face and near
 * the middle (or alone). Anything else is refused: enrolling the wrong face would let someone else pass as this pupil.
 */
export function chooseMainFace(faces: readonly Detection[], imageSize: Size, rules = MAIN_FACE_RULES): MainFace {
  if (faces.length === 0) return { kind: 'none' };
  const [main] = faces.filter((f) => f.score >= rules.minScore).sort((a, b) => boxArea(b.box) - boxArea(a.box));
  if (main === undefined) return { kind: 'unclear', score: Math.max(...faces.map((f) => f.score)) };
  // Others need not be confident: a real second person the detector is only fairly sure of still makes it ambiguous.
  const others = faces.filter((f) => f !== main && f.score >= rules.otherMinScore && intersectionArea(f.box, main.box) / boxArea(f.box) < rules.sameFace);
  if (others.length === 0) return { kind: 'found', face: main };
  const cx = (main.box.x + main.box.width / 2) / imageSize.width;
  const cy = (main.box.y + main.box.height / 2) / imageSize.height;
  const half = rules.centralBand / 2;
  const central = Math.abs(cx - 0.5) <= half && Math.abs(cy - 0.5) <= half;
  const ratio = Math.min(...others.map((f) => boxArea(main.box) / Math.max(boxArea(f.box), 1)));
  return ratio >= rules.overwhelming || (ratio >= rules.dominance && central) ? { kind: 'found', face: main } : { kind: 'ambiguous' };
}

/** A directory entry, reduced to what portrait matching needs (so the matching is testable without a disk). */
export interface PortraitEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/**
 * Which entries of the portraits folder belong to which pupil: `<id>/` folders and `<id>.<photo ext>` files (ids
 * compared case-insensitively), else entries named after the pupil (src/roster/names.ts: `Barack van Dijk.jpg`,
 * `van Dijk, Barack/`, `Dijk_Barack_8a.jpg`); dotfiles and non-photo files ignored. A name that fits two pupils is
 * skipped with both named. Returns entry names per pupil id, and every entry's match for the dry-run table.
 */
export function matchPortraitEntries(
  pupils: readonly NamedPupil[],
  entries: readonly PortraitEntry[],
  extensions: ReadonlySet<string> = PHOTO_EXTENSIONS,
): {
  readonly byPupil: Map<string, { folders: string[]; files: string[] }>;
  readonly unmatched: string[];
  readonly respelled: RespelledPortrait[];
  readonly ambiguous: AmbiguousPortrait[];
  readonly rows: PortraitRow[];
} {
  const match = portraitNameMatcher(pupils);
  const byPupil = new Map<string, { folders: string[]; files: string[] }>();
  const unmatched: string[] = [];
  const respelled: RespelledPortrait[] = [];
  const ambiguous: AmbiguousPortrait[] = [];
  const rows: PortraitRow[] = [];
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const ext = path.extname(entry.name).toLowerCase();
    if (!entry.isDirectory && !extensions.has(ext)) continue;
    const named = entry.isDirectory ? entry.name : entry.name.slice(0, -ext.length);
    const found = match(named);
    rows.push({ name: entry.name, isDirectory: entry.isDirectory, match: found });
    if (found.kind === 'none') {
      unmatched.push(entry.name);
      continue;
    }
    if (found.kind === 'ambiguous') {
      ambiguous.push({ name: entry.name, pupils: found.pupils });
      continue;
    }
    if (found.kind === 'id' && named.trim().toLowerCase() !== found.pupil.trim().toLowerCase()) {
      respelled.push({ name: entry.name, pupilId: found.pupil });
    }
    const slot = byPupil.get(found.pupil) ?? { folders: [], files: [] };
    (entry.isDirectory ? slot.folders : slot.files).push(entry.name);
    byPupil.set(found.pupil, slot);
  }
  return { byPupil, unmatched, respelled, ambiguous, rows };
}

/** Every portrait file per pupil id, from the portraits folder and the roster's photo column; plus the unmatched entries. */
export async function findPortraits(
  roster: Roster,
  portraitsDir: string | null,
): Promise<{ byPupil: Map<string, string[]>; unmatched: string[]; respelled: RespelledPortrait[]; ambiguous: AmbiguousPortrait[]; rows: PortraitRow[] }> {
  const byPupil = new Map<string, string[]>(roster.pupils.map((p) => [p.id, []]));
  let unmatched: string[] = [];
  let respelled: RespelledPortrait[] = [];
  let ambiguous: AmbiguousPortrait[] = [];
  let rows: PortraitRow[] = [];
  if (portraitsDir !== null) {
    let entries;
    try {
      entries = await readdir(portraitsDir, { withFileTypes: true });
    } catch (cause) {
      throw new UserError('The portraits folder cannot be opened.', {
        place: { file: portraitsDir },
        hint: 'Check the --portraits path: it should be a folder with a photo or a sub-folder per pupil number.',
        cause,
      });
    }
    const matched = matchPortraitEntries(
      roster.pupils,
      entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() })),
    );
    ({ unmatched, respelled, ambiguous, rows } = matched);
    for (const [id, { folders, files }] of matched.byPupil) {
      const list = byPupil.get(id) ?? [];
      for (const file of files) list.push(path.join(portraitsDir, file));
      for (const folder of folders) {
        const inside = await readdir(path.join(portraitsDir, folder), { withFileTypes: true });
        for (const e of inside.sort((a, b) => a.name.localeCompare(b.name))) {
          if (e.isFile() && !e.name.startsWith('.') && PHOTO_EXTENSIONS.has(path.extname(e.name).toLowerCase())) {
            list.push(path.join(portraitsDir, folder, e.name));
          }
        }
      }
      byPupil.set(id, list);
    }
  }
  const rosterDir = path.dirname(roster.file);
  for (const pupil of roster.pupils) {
    if (pupil.photo === null) continue;
    const file = path.resolve(rosterDir, pupil.photo);
    const list = byPupil.get(pupil.id) ?? [];
    if (!list.some((f) => path.resolve(f) === file)) list.push(file);
    byPupil.set(pupil.id, list);
  }
  return { byPupil, unmatched, respelled, ambiguous, rows };
}

/**
 * Where portraits are described: in this thread (`inThisThread`) or on the scan's worker pool (src/enrol/engines.ts).
 * Both run `describePortrait`, so which face in a portrait is the pupil's is decided in one place.
 */
export interface PortraitDescriber {
  describePortrait(file: string): Promise<PortraitOutcome>;
  /** Portraits worth having in flight at once: 1 in this thread; enough to keep every worker of a pool busy. */
  readonly concurrency: number;
  /** The describer's `settingsKey`: stored with the templates, which only its own descriptors can be compared with. */
  readonly describerKey: string;
}

/** Portraits found for a roster, before any is described. */
export interface FoundPortraits {
  /** Portrait files per pupil id, every pupil of the roster present (with an empty list when none was found). */
  readonly byPupil: ReadonlyMap<string, readonly string[]>;
  readonly unmatched: string[];
  readonly respelled: readonly RespelledPortrait[];
  readonly ambiguous: readonly AmbiguousPortrait[];
  /** Every entry of the portraits folder and its match, in name order (empty without a folder). */
  readonly rows: readonly PortraitRow[];
  readonly total: number;
}

/** `findPortraits` with the count that decides whether any engine must start. */
export async function locatePortraits(roster: Roster, portraitsDir: string | null): Promise<FoundPortraits> {
  const { byPupil, unmatched, respelled, ambiguous, rows } = await findPortraits(roster, portraitsDir);
  return { byPupil, unmatched, respelled, ambiguous, rows, total: [...byPupil.values()].reduce((n, files) => n + files.length, 0) };
}

/**
 * Enrols every pupil on the roster, with and without consent: a child's own template must be there to win the match,
 * or the child would be compared only with others. Portraits that give no usable face are skipped with a reason.
 */
export async function enrollPupils(
  roster: Roster,
  portraitsDir: string | null,
  portraits: PortraitDescriber,
  onProgress?: (done: number, total: number) => void,
): Promise<EnrollResult> {
  return describeFound(roster, await locatePortraits(roster, portraitsDir), portraits, onProgress);
}

/**
 * Describes the portraits found, up to `portraits.concurrency` at once, and puts the results back in roster and file
 * order, so the templates do not depend on which worker finished first.
 */
export async function describeFound(
  roster: Roster,
  found: FoundPortraits,
  portraits: PortraitDescriber,
  onProgress?: (done: number, total: number) => void,
): Promise<EnrollResult> {
  const files = roster.pupils.flatMap((pupil) => found.byPupil.get(pupil.id) ?? []);
  let done = 0;
  onProgress?.(done, files.length);
  const outcomes = await mapLimited(files, portraits.concurrency, async (file) => {
    const outcome = await portraits.describePortrait(file);
    onProgress?.(++done, files.length);
    return outcome;
  });
  const templates: Template[] = [];
  const skipped: SkippedPortrait[] = [];
  const missing: string[] = [];
  let next = 0;
  for (const pupil of roster.pupils) {
    const own = found.byPupil.get(pupil.id) ?? [];
    if (own.length === 0) missing.push(pupil.id);
    const descriptors: Descriptor[] = [];
    for (const file of own) {
      const outcome = outcomes[next++];
      if (outcome === undefined) throw new Error(`no outcome for portrait ${file}`);
      if (outcome.kind === 'ok') descriptors.push(outcome.descriptor);
      else skipped.push({ pupil: pupil.id, file, reason: outcome.reason });
    }
    if (descriptors.length > 0) templates.push({ pupilId: pupil.id, descriptors });
  }
  return { templates, skipped, missing, unmatched: found.unmatched, respelled: found.respelled, ambiguous: found.ambiguous };
}

/** Results in input order, at most `limit` calls in flight; the first failure stops handing out more and is thrown. */
async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await run(items[index] as T);
      } catch (caught) {
        failed = true;
        throw caught;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

/** Why a portrait gives no descriptor is said in words for the teacher; it crosses thread boundaries as plain data. */
export type PortraitOutcome = { readonly kind: 'ok'; readonly descriptor: Descriptor } | { readonly kind: 'skip'; readonly reason: string };

/** Portraits described one after another in this thread: the reference the worker pool is compared with, and tests' stub engines. */
export function inThisThread(engines: { readonly detector: FaceDetector; readonly describer: FaceDescriber }): PortraitDescriber {
  return { concurrency: 1, describerKey: engines.describer.settingsKey, describePortrait: (file) => describePortrait(file, engines) };
}

/** Loads a portrait, picks the pupil's face and describes it. Only an unreadable file is a skip; a failing engine throws. */
export async function describePortrait(file: string, engines: { readonly detector: FaceDetector; readonly describer: FaceDescriber }): Promise<PortraitOutcome> {
  let rgb;
  try {
    rgb = (await loadPhoto(file)).rgb;
  } catch (caught) {
    // Only reading is forgiven per file; a failing engine is a bug and stops the run.
    return { kind: 'skip', reason: caught instanceof PhotoReadError ? caught.message : `cannot read photo: ${toError(caught).message}` };
  }
  const faces = await detectPortraitFaces(engines.detector, rgb);
  const main = chooseMainFace(faces, rgb);
  switch (main.kind) {
    case 'none':
      return { kind: 'skip', reason: 'no face found' };
    case 'unclear':
      return {
        kind: 'skip',
        reason: `no face found clearly enough (the best looks ${Math.round(main.score * 100)} % like a face); use a sharp, frontal portrait`,
      };
    case 'ambiguous':
      return { kind: 'skip', reason: 'several faces and no clear main one' };
    case 'found': {
      const [descriptor] = await engines.describer.describe(rgb, [main.face]);
      if (descriptor == null) {
        const side = Math.round(Math.min(main.face.box.width, main.face.box.height));
        return { kind: 'skip', reason: `face too small to recognise (${side} px); use a closer or larger portrait` };
      }
      return { kind: 'ok', descriptor };
    }
  }
}
