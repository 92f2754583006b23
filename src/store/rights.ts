/**
 * The parents' rights of access and erasure: what the store holds about one pupil, and erasing it. Reports are not in
 * the store (they are the teacher's documents), but a parent asks about them too: the reports of the scans listed in
 * the store that name the pupil are found and named, never changed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import type { Template } from '../faces/engine-types.js';
import { sameId } from '../pupil-ids.js';
import { isRecord } from './codec.js';
import { correctionsNaming, forgetPupilCorrections, type CorrectionNaming } from './pupil-corrections.js';
import type { TemplateSet } from './documents/templates.js';
import type { Store } from './store.js';

/** A scan's report that names the pupil (as recognised, or as the nearest match of an uncertain face). */
export interface ReportNaming {
  readonly folder: string;
  /** When the scan finished (ISO). */
  readonly date: string;
  readonly scope: string;
  /** Photos and clips (relative to the scan's input) in which a face (a clip: a track) is named as the pupil. */
  readonly photos: readonly string[];
}

export interface PupilHoldings {
  readonly pupilId: string;
  /** Enrolled portraits' descriptors (0 when not enrolled) and when they were enrolled. */
  readonly templates: { readonly portraits: number; readonly enrolledAt: string | null };
  readonly corrections: readonly CorrectionNaming[];
  /** Outside the store: the teacher decides about these. */
  readonly reports: readonly ReportNaming[];
}

/** True when the store itself holds nothing about the pupil (reports aside). */
export function holdsNothing(h: PupilHoldings): boolean {
  return h.templates.portraits === 0 && h.corrections.length === 0;
}


/** What the store and the listed reports hold about `pupilId` (compared as pupil numbers are: case and leading zeros aside, src/pupil-ids.ts). */
export async function pupilHoldings(store: Store, pupilId: string, set?: TemplateSet): Promise<PupilHoldings> {
  const templates = set ?? (await store.readTemplates());
  const template = templates.templates.find((t) => sameId(t.pupilId, pupilId));
  const id = template?.pupilId ?? pupilId.trim();
  return {
    pupilId: id,
    templates: { portraits: template?.descriptors.length ?? 0, enrolledAt: template === undefined ? null : (templates.enrolledAt[template.pupilId] ?? null) },
    corrections: await correctionsNaming(store, id),
    reports: await reportsNaming(store, id),
  };
}

/** The reports of the scans in the store's list whose report.json names the pupil; a report gone or unreadable is skipped. */
export async function reportsNaming(store: Pick<Store, 'readScans'>, pupilId: string): Promise<ReportNaming[]> {
  const found: ReportNaming[] = [];
  for (const folder of await store.readScans()) {
    let report: unknown;
    try {
      report = JSON.parse(await readFile(path.join(folder, 'report.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!isRecord(report) || !Array.isArray(report['photos'])) continue;
    const photos: string[] = [];
    for (const photo of report['photos'] as unknown[]) {
      if (!isRecord(photo) || !Array.isArray(photo['faces']) || typeof photo['source'] !== 'string') continue;
      const named = (photo['faces'] as unknown[]).some((f) => isRecord(f) && typeof f['pupil'] === 'string' && sameId(f['pupil'], pupilId));
      if (named) photos.push(photo['source']);
    }
    if (photos.length > 0) {
      const date = typeof report['finishedAt'] === 'string' ? report['finishedAt'] : typeof report['startedAt'] === 'string' ? report['startedAt'] : '';
      const scope = typeof report['className'] === 'string' ? `${String(report['scope'])} ${report['className']}` : String(report['scope']);
      found.push({ folder, date, scope, photos });
    }
  }
  return found;
}

/** The set without the given pupils (ids compared as pupil numbers are, src/pupil-ids.ts). */
function withoutPupils(set: TemplateSet, ids: readonly string[]): { set: TemplateSet; erased: Template[] } {
  const gone = (t: Template): boolean => ids.some((id) => sameId(t.pupilId, id));
  const erased = set.templates.filter(gone);
  const templates = set.templates.filter((t) => !gone(t));
  const enrolledAt: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of templates) if (set.enrolledAt[t.pupilId] != null) enrolledAt[t.pupilId] = set.enrolledAt[t.pupilId] ?? '';
  return { set: { describer: set.describer, templates, enrolledAt }, erased };
}

export interface Erasure {
  readonly pupilId: string;
  readonly portraits: number;
  readonly corrections: number;
  /** Reports that still name the pupil: outside the store, for the teacher to delete or keep. */
  readonly reports: readonly ReportNaming[];
}

/**
 * Erases the templates, learned faces and corrections of each pupil. Every id is checked first: an id about which
 * nothing is held (a typo, most likely) erases nothing at all.
 * @throws UserError naming that id.
 */
export async function erasePupils(store: Store, ids: readonly string[]): Promise<Erasure[]> {
  const set = await store.readTemplates();
  const holdings: PupilHoldings[] = [];
  for (const id of ids) {
    const held = await pupilHoldings(store, id, set);
    if (holdsNothing(held)) {
      throw new UserError(msg.store.nothingHeld(id), { hint: msg.store.nothingHeldHint });
    }
    holdings.push(held);
  }
  const { set: rest } = withoutPupils(set, holdings.map((h) => h.pupilId));
  // Templates first: once they are gone the pupil is no longer recognised, whatever happens next.
  if (rest.templates.length !== set.templates.length) await store.writeTemplates(rest);
  const erased: Erasure[] = [];
  for (const held of holdings) {
    const corrections = await forgetPupilCorrections(store, held.pupilId);
    erased.push({ pupilId: held.pupilId, portraits: held.templates.portraits, corrections, reports: held.reports });
  }
  return erased;
}

/** Enrolled pupils that `rosterIds` no longer lists: pupils who left. */
export function notOnRoster(set: TemplateSet, rosterIds: readonly string[]): string[] {
  return set.templates.map((t) => t.pupilId).filter((id) => !rosterIds.some((r) => sameId(r, id)));
}
