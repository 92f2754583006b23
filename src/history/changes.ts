/**
 * What changed since the last scan into the same folders: the ledger the run before left compared with the one this
 * run leaves, and today's consent for the pupils that were visible. Pure: no I/O.
 */
import { mayShow, type ConsentTarget, type PupilConsent } from '../policy/consent.js';
import type { FaceReason, PhotoReason } from '../policy/types.js';
import type { LedgerData, PlacedShows } from './ledger.js';
import type { ChangeCause, PublishedChange } from './types.js';

/** What this module needs of a photo's record in the report (structurally, so it does not depend on report/). */
export interface DecidedPhoto {
  readonly source: string;
  /** What this run published for it (relative to the output), or null: also when an old copy could not be removed. */
  readonly output: string | null;
  readonly why: PhotoReason;
  readonly faces: readonly { readonly reason: FaceReason }[];
}

export interface ChangeContext {
  /** Today's roster, as the consent rules read it. */
  readonly pupils: ReadonlyMap<string, PupilConsent>;
  readonly target: ConsentTarget;
  /** The photos this run decided. */
  readonly photos: readonly DecidedPhoto[];
  /** Every photo in the input folder now (relative), decided or not. */
  readonly sources: readonly string[];
}

/**
 * One entry per photo whose published file changed, sorted by source. A first run (no ledger before) has none:
 * there is nothing out there yet to take down.
 */
export function changesSince(previous: LedgerData | null, current: LedgerData, context: ChangeContext): PublishedChange[] {
  if (previous === null) return [];
  const records = new Map(context.photos.map((photo) => [photo.source, photo]));
  const inInput = new Set(context.sources);
  const sources = [...new Set([...Object.keys(previous.outputs), ...Object.keys(current.outputs)])].sort();
  const changes: PublishedChange[] = [];
  for (const source of sources) {
    const before = previous.outputs[source];
    // A decided photo is published only when this run says so: a copy that could not be removed is still in the
    // ledger, but must come down all the same. An undecided one (a stopped run) is as the ledger left it.
    const record = records.get(source);
    const after = record !== undefined ? (record.output ?? undefined) : current.outputs[source];
    const shownBefore = shownIn(previous, source);
    const shownAfter = shownIn(current, source);
    if (before !== undefined && after === undefined) {
      changes.push(withdrawn(source, before, shownBefore, record, inInput.has(source), context));
    } else if (before === undefined && after !== undefined) {
      changes.push({ source, output: after, change: 'new', pupils: shownAfter?.pupils ?? [], causes: [{ kind: 'published' }], publishedAt: shownAfter?.publishedAt ?? null });
    } else if (before !== undefined && after !== undefined) {
      const change = replaced(source, after, previous, current, context);
      if (change !== null) changes.push(change);
    }
  }
  return changes;
}

function withdrawn(
  source: string,
  output: string,
  shown: PlacedShows | undefined,
  record: DecidedPhoto | undefined,
  inInput: boolean,
  context: ChangeContext,
): PublishedChange {
  const base = { source, output, change: 'withdrawn', publishedAt: shown?.publishedAt ?? null } as const;
  if (record === undefined) return { ...base, pupils: [], causes: [{ kind: inInput ? 'not-decided' : 'photo-removed' }] };
  const lost = (shown?.pupils ?? []).flatMap((pupil) => lostConsent(pupil, context));
  if (lost.length > 0) return { ...base, pupils: lost.map((cause) => cause.pupil), causes: lost };
  return { ...base, pupils: [], causes: [{ kind: 'decision', why: record.why, faces: record.faces.map((face) => face.reason) }] };
}

/** The cause when `pupil`, visible before, may not be shown now; none while they still may. */
function lostConsent(pupil: string, context: ChangeContext): (ChangeCause & { pupil: string })[] {
  const verdict = mayShow(context.pupils, pupil, context.target);
  if (verdict.shown) return [];
  return verdict.why === 'not-on-roster' ? [{ kind: 'left-roster', pupil }] : [{ kind: 'consent-withdrawn', pupil, missing: verdict.missing }];
}

/** A file published before and now: a change only when other people are visible in it, or other faces hidden. */
function replaced(source: string, output: string, previous: LedgerData, current: LedgerData, context: ChangeContext): PublishedChange | null {
  const before = shownIn(previous, source);
  const after = shownIn(current, source);
  const publishedAt = before?.publishedAt ?? null;
  if (before === undefined || after === undefined) {
    // Nothing recorded about who it showed: changed bytes are all there is to go by.
    const rewritten = previous.renders?.[source]?.sha256 !== current.renders?.[source]?.sha256 || previous.outputs[source] !== output;
    return rewritten ? { source, output, change: 'replaced', pupils: [], causes: [{ kind: 'unrecorded' }], publishedAt } : null;
  }
  const nowVisible = new Set(after.pupils);
  const wasVisible = new Set(before.pupils);
  const hiddenNow = before.pupils.filter((pupil) => !nowVisible.has(pupil));
  const shownNow = after.pupils.filter((pupil) => !wasVisible.has(pupil));
  if (hiddenNow.length === 0 && shownNow.length === 0 && before.hidden === after.hidden) return null;
  const causes: ChangeCause[] = [
    ...hiddenNow.map((pupil) => lostConsent(pupil, context)[0] ?? ({ kind: 'not-recognised', pupil } as const)),
    ...shownNow.map((pupil) => ({ kind: 'now-shown', pupil }) as const),
  ];
  if (causes.length === 0) causes.push({ kind: 'hidden-faces', before: before.hidden, after: after.hidden });
  return { source, output, change: 'replaced', pupils: [...hiddenNow, ...shownNow], causes, publishedAt };
}

/** What the ledger says `source`'s file shows, or undefined when it does not say (older version) or says nonsense. */
export function shownIn(ledger: Pick<LedgerData, 'shows'>, source: string): PlacedShows | undefined {
  const shows: unknown = ledger.shows?.[source];
  if (typeof shows !== 'object' || shows === null) return undefined;
  const { pupils, hidden, publishedAt } = shows as Record<string, unknown>;
  if (!Array.isArray(pupils) || !pupils.every((pupil) => typeof pupil === 'string') || typeof hidden !== 'number') return undefined;
  return { pupils: pupils as string[], hidden, publishedAt: typeof publishedAt === 'string' ? publishedAt : null };
}
