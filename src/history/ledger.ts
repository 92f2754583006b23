/**
 * The ledger's format: what a scan placed in its output and review folders, who each placed file shows, as written
 * in the scan's report folder, and reading it back safely. The scan writes it (src/scan/ledger.ts); recheck and the
 * next run read it, so it belongs to history/, below the scan.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { joinInside, warnOnStderr, type Warn } from '../paths.js';
import type { ConsentPurpose, Scope } from '../policy/types.js';
import { msg } from '../i18n/messages.js';

/** Hidden, so the teacher sees only the reports in the report folder. */
export const LEDGER_FILE = '.privacy-filter-scan.json';

export type PlacedKind = 'output' | 'review';

export interface LedgerData {
  readonly tool: 'privacy-filter';
  readonly input: string;
  readonly output: string;
  readonly review: string;
  readonly scope: Scope;
  readonly className: string | null;
  /** False while a run is going on or after it was interrupted. */
  readonly finished: boolean;
  /** Source (relative to the input) → file placed for it (relative to the output / review folder). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly reviews: Readonly<Record<string, string>>;
  /** Source → how its placed file was made; absent in ledgers of older versions (nothing is reused then). */
  readonly renders?: Readonly<Record<string, PlacedRender>>;
  /** The purpose the scan was for, or null (absent in older ledgers) for the whole scope. */
  readonly purpose?: ConsentPurpose | null;
  /**
   * Source → who its placed file shows and since when, so that `recheck` and the next run can tell what must come
   * down without the photos or a model. Absent in ledgers of older versions: those files cannot be checked.
   */
  readonly shows?: Readonly<Record<string, PlacedShows>>;
}

/** What a placed file shows: the pupils whose faces are visible (ids) and how many faces it hides. */
export interface ShownFaces {
  readonly pupils: readonly string[];
  readonly hidden: number;
}

export interface PlacedShows extends ShownFaces {
  /** ISO date-time the file was written as it is now; null when an older version wrote it. */
  readonly publishedAt: string | null;
}

/** What a placed file was rendered from (`key`, see renderKey) and the sha256 of its bytes as written. */
export interface PlacedRender {
  readonly key: string;
  readonly sha256: string;
}

export function ledgerPath(folders: { readonly report: string }): string {
  return path.join(folders.report, LEDGER_FILE);
}

/**
 * The ledger of an earlier run into these folders, or null. A damaged ledger is treated as absent (and so protects
 * nothing). A file it names that would lie outside its output or review folder (`../../victim.txt`, an absolute path)
 * is left out with a warning: the ledger may have been edited, and the scan removes and copies what it names.
 */
export async function readLedger(folders: { readonly report: string }, warn: Warn = warnOnStderr): Promise<LedgerData | null> {
  const file = ledgerPath(folders);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  let data: Partial<LedgerData>;
  try {
    data = JSON.parse(text) as Partial<LedgerData>;
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || data.tool !== 'privacy-filter') return null;
  if (!isFolder(data.input) || !isFolder(data.output) || !isFolder(data.review)) return null;
  if (!isRecord(data.outputs) || !isRecord(data.reviews)) return null;
  const outputs = entriesInside(data.outputs, data.output, file, warn);
  const reviews = entriesInside(data.reviews, data.review, file, warn);
  // Without a readable record of how the files were made, every photo is simply rendered again.
  const renders = isRecord(data.renders) ? data.renders : {};
  // Who each file shows: without it recheck says it cannot check those files (history/changes.ts checks each entry).
  const shows = isRecord(data.shows) ? data.shows : {};
  // A purpose that is not one would make the rerun check the wrong consent: such a ledger is damaged.
  const purpose = data.purpose ?? null;
  if (purpose !== null && (!isRecord(purpose) || typeof purpose.key !== 'string' || typeof purpose.name !== 'string' || purpose.scope !== data.scope)) return null;
  // The rest of the ledger as it was: fields a later version adds travel along.
  return { ...(data as LedgerData), outputs, reviews, renders, shows, purpose };
}

/** An absolute, normalised folder: what a ledger writes, and all a reader may follow. */
export function isFolder(value: unknown): value is string {
  return typeof value === 'string' && path.isAbsolute(value) && path.resolve(value) === value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries whose file lies inside `dir` (see joinInside); the others are dropped with a warning naming them. */
function entriesInside(entries: Record<string, unknown>, dir: string, ledger: string, warn: Warn): Record<string, string> {
  const kept: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [source, relative] of Object.entries(entries)) {
    if (typeof relative === 'string' && joinInside(dir, relative) !== null) kept[source] = relative;
    else {
      const text = msg.history.outsideFolder(ledger, JSON.stringify(relative), source, dir);
      warn(text.en, text);
    }
  }
  return kept;
}
