/**
 * Enrolment's portraits: found in the portraits folder (and the roster's photo column), matched to the roster by
 * name, described (by src/faces/portrait.ts, in this thread or on a worker pool) and put back in roster order.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import type { Descriptor } from '../faces/types.js';
import type { FaceDescriber, FaceDetector, Template } from '../faces/engine-types.js';
import { describePortrait, type PortraitOutcome } from '../faces/portrait.js';
import { PHOTO_EXTENSIONS } from '../images/load.js';
import type { Roster } from '../roster/types.js';
import { portraitNameMatcher, type NameMatch, type NamedPupil } from '../roster/names.js';

/** A portrait that gave no descriptor, and why, in words for the teacher. */
export interface SkippedPortrait {
  readonly pupil: string;
  /** The portrait's path as found (portraits folder or roster photo column); null when the pupil had none at all. */
  readonly file: string | null;
  readonly reason: Text;
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
      throw new UserError(msg.enrol.portraitsFolderUnreadable, { place: { file: portraitsDir }, hint: msg.enrol.portraitsFolderUnreadableHint, cause });
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
 * Where portraits are described: in this thread (`inThisThread`) or on the scan's worker pool (`describeOnPool`, src/enrol/portrait-pool.ts).
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

/** Portraits described one after another in this thread: the reference the worker pool is compared with, and tests' stub engines. */
export function inThisThread(engines: { readonly detector: FaceDetector; readonly describer: FaceDescriber }): PortraitDescriber {
  return { concurrency: 1, describerKey: engines.describer.settingsKey, describePortrait: (file) => describePortrait(file, engines) };
}
