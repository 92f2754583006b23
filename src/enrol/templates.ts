/**
 * What the store's template set becomes after an enrolment: pure, so the difference between starting afresh (`init`)
 * and adding to what is there (`enroll`) is one visible option, tested without a disk.
 */
import type { Template } from '../faces/engine-types.js';
import { pupilKey } from '../pupil-ids.js';
import type { TemplateSet } from '../store/documents/templates.js';

/**
 * - `replace`: the set becomes exactly the pupils enrolled now (`init`: a working folder starts afresh);
 * - `merge`: pupils enrolled now get their new templates, every other pupil keeps theirs (`enroll`: a pupil whose new
 *   portrait failed is still recognised, and enrolling the new pupils of a class leaves the rest as they were).
 */
export type TemplateMode = 'replace' | 'merge';

export interface NextTemplates {
  readonly set: TemplateSet;
  /** Pupils enrolled before whose templates were kept because no new portrait of them worked (`merge` only). */
  readonly kept: string[];
  /** Pupils enrolled before and not now, whose templates are gone (`replace` only). */
  readonly replaced: string[];
  /** Templates dropped because an earlier version of the recogniser made them (cannot be compared). */
  readonly droppedOutdated: number;
}

/**
 * The set to store. Templates of another describer are dropped in either mode: their descriptors cannot be compared
 * with today's, so keeping them would only make their pupils unrecognisable while looking enrolled.
 */
export function nextTemplateSet(previous: TemplateSet, fresh: readonly Template[], describerKey: string, now: string, mode: TemplateMode): NextTemplates {
  const comparable = previous.describer === describerKey;
  const old = comparable ? previous.templates : [];
  const freshIds = new Set(fresh.map((t) => pupilKey(t.pupilId)));
  const others = old.filter((t) => !freshIds.has(pupilKey(t.pupilId)));
  const keptTemplates = mode === 'merge' ? others : [];
  const enrolledAt: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of keptTemplates) enrolledAt[t.pupilId] = previous.enrolledAt[t.pupilId] ?? now;
  for (const t of fresh) enrolledAt[t.pupilId] = now;
  return {
    set: { describer: describerKey, templates: [...fresh, ...keptTemplates], enrolledAt },
    kept: keptTemplates.map((t) => t.pupilId),
    replaced: mode === 'replace' ? others.map((t) => t.pupilId) : [],
    droppedOutdated: comparable ? 0 : previous.templates.length,
  };
}

/** `enroll`'s rule: new templates replace a pupil's old ones; pupils not enrolled now keep theirs. */
export function mergeTemplates(previous: TemplateSet, fresh: readonly Template[], describerKey: string, now: string): NextTemplates {
  return nextTemplateSet(previous, fresh, describerKey, now, 'merge');
}
