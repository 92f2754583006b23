/**
 * How old is too old, as pure functions of a clock: portraits and templates from before the last school year (a
 * child's face changes, and a template kept longer than needed is biometric data kept longer than needed).
 */
import { stat } from 'node:fs/promises';
import { formatDate, type Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import type { TemplateSet } from './documents/templates.js';

/** A school year, and a little: a portrait taken at last year's school-photo day is still current. */
export const SCHOOL_YEAR_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export function olderThanSchoolYear(date: Date, now: Date): boolean {
  return now.getTime() - date.getTime() > SCHOOL_YEAR_DAYS * DAY_MS;
}

export interface DatedPortrait {
  readonly pupil: string;
  readonly file: string;
  readonly date: Date;
}

/**
 * Portraits whose file dates from more than a school year before `now`. The file's modification time is the date:
 * cameras and school photographers' exports set it to when the photo was taken, and a copy that resets it only
 * hides the warning, never changes what is enrolled.
 */
export async function oldPortraits(byPupil: ReadonlyMap<string, readonly string[]>, now: Date): Promise<DatedPortrait[]> {
  const old: DatedPortrait[] = [];
  for (const [pupil, files] of byPupil) {
    for (const file of files) {
      const info = await stat(file).catch(() => null);
      if (info !== null && olderThanSchoolYear(info.mtime, now)) old.push({ pupil, file, date: info.mtime });
    }
  }
  return old;
}

/** Pupils whose templates were enrolled more than a school year before `now`, with that date. */
export function oldTemplates(set: TemplateSet, now: Date): { pupil: string; enrolledAt: string }[] {
  return set.templates
    .map((t) => ({ pupil: t.pupilId, enrolledAt: set.enrolledAt[t.pupilId] ?? '' }))
    .filter((t) => {
      const at = new Date(t.enrolledAt);
      return !Number.isNaN(at.getTime()) && olderThanSchoolYear(at, now);
    });
}

/** The warning lines init and enroll print, in `lang`; none when everything is current. */
export function ageWarnings(
  portraits: readonly DatedPortrait[],
  templates: readonly { pupil: string; enrolledAt: string }[],
  shown: (file: string) => string,
  lang: Lang = 'en',
): string[] {
  const lines: string[] = [];
  if (portraits.length > 0) {
    lines.push('', msg.store.oldPortraitsHeading[lang]);
    for (const p of portraits) lines.push(`  ${shown(p.file)} (${p.pupil}): ${formatDate(p.date, lang)}`);
  }
  if (templates.length > 0) {
    lines.push('', msg.store.oldTemplatesHeading[lang]);
    for (const t of templates) lines.push(`  ${msg.store.enrolledOn(t.pupil, formatDate(new Date(t.enrolledAt), lang))[lang]}`);
  }
  return lines;
}
