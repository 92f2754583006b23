/** The one report of an enrolment, in words for the teacher: what was enrolled, what was skipped and why, what to do. */
import path from 'node:path';
import type { EnrollResult, FoundPortraits } from './portraits.js';
import type { Roster } from '../roster/types.js';
import { classesOf } from '../roster/lookups.js';
import { ageWarnings } from '../store/retention.js';
import { STORE_DIR } from '../store/store.js';
import type { Enrolment } from './types.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';

const say = msg.enrol.report;

/** Relative to the working folder when inside it, so output lines stay short and paste back into a command. */
function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function whoIs(roster: Roster): (id: string) => string {
  const names = new Map(roster.pupils.map((p) => [p.id, p.name]));
  return (id) => (names.has(id) ? `${id} ${names.get(id) ?? ''}` : id);
}

/**
 * The skip report every enrolment gives (`init`, `enroll`, `scan --portraits`, and the refusal when nothing could be
 * enrolled): portraits not used and why, pupils left without a face, portraits that match no pupil. `kept`: pupils
 * without a new face whose earlier one is kept, so they are not among those left without a face.
 */
export function formatSkips(args: {
  readonly roster: Roster;
  readonly result: EnrollResult;
  readonly portraitsDir: string | null;
  readonly cwd: string;
  readonly kept: ReadonlySet<string>;
}, lang: Lang = 'en'): string[] {
  const { roster, result, cwd, kept } = args;
  const who = whoIs(roster);
  const lines: string[] = [];
  if (result.skipped.length > 0) {
    lines.push('', say.portraitsNotUsed[lang]);
    for (const s of result.skipped) lines.push(`  ${s.file === null ? who(s.pupil) : shown(s.file, cwd)} (${s.pupil}): ${s.reason[lang]}`);
  }
  const enrolled = new Set(result.templates.map((t) => t.pupilId));
  const withoutFace = roster.pupils.filter((p) => !enrolled.has(p.id) && !kept.has(p.id));
  if (withoutFace.length > 0) {
    lines.push('', say.withoutPortrait[lang]);
    for (const p of withoutFace) lines.push(`  ${who(p.id)}${result.missing.includes(p.id) ? say.noPortraitFound[lang] : ''}`);
  }
  if (result.respelled.length > 0 && args.portraitsDir !== null) {
    lines.push('', say.respelled[lang]);
    for (const entry of result.respelled) lines.push(`  ${shown(path.join(args.portraitsDir, entry.name), cwd)} → ${who(entry.pupilId)}`);
  }
  if (result.ambiguous.length > 0 && args.portraitsDir !== null) {
    lines.push('', say.ambiguous[lang]);
    for (const a of result.ambiguous) lines.push(`  ${shown(path.join(args.portraitsDir, a.name), cwd)}: ${a.pupils.map(who).join(', ')}`);
    lines.push(say.ambiguousHint[lang]);
  }
  if (result.unmatched.length > 0 && args.portraitsDir !== null) {
    lines.push('', say.unmatched[lang]);
    for (const name of result.unmatched) lines.push(`  ${shown(path.join(args.portraitsDir, name), cwd)}`);
  }
  return lines;
}

/** The skip report in every language, its lines joined: empty when there is nothing to say. */
export function skipReport(args: Parameters<typeof formatSkips>[0]): Text {
  return { en: formatSkips(args, 'en').join('\n'), nl: formatSkips(args, 'nl').join('\n') };
}

/** Everything `init` and `enroll` print after enrolling. */
export function formatEnrolment(enrolment: Enrolment, cwd: string, lang: Lang = 'en'): string[] {
  const { roster, result, next, store } = enrolment;
  const who = whoIs(roster);
  const onRoster = new Set(roster.pupils.map((p) => p.id));
  const lines: string[] = [say.roster(shown(roster.file, cwd), roster.pupils.length)[lang], ...roster.warnings.map((warning) => say.rosterNote(warning[lang])[lang])];
  lines.push(say.enrolled(result.templates.length, roster.pupils.length)[lang]);
  for (const t of result.templates) lines.push(say.portraitsOf(who(t.pupilId), t.descriptors.length)[lang]);
  const kept = new Set(next.kept);
  lines.push(...formatSkips({ roster, result, portraitsDir: enrolment.portraitsDir, cwd, kept }, lang));
  const keptOnRoster = roster.pupils.filter((p) => kept.has(p.id));
  if (keptOnRoster.length > 0) {
    lines.push('', say.keptHeading[lang]);
    for (const p of keptOnRoster) lines.push(say.kept(who(p.id), next.set.enrolledAt[p.id] ?? '?')[lang]);
  }
  const gone = next.kept.filter((id) => !onRoster.has(id));
  if (gone.length > 0) {
    lines.push('', say.notOnRoster(gone.join(', '))[lang], say.eraseWith(gone.join(' '))[lang]);
  }
  if (next.replaced.length > 0) {
    lines.push('', say.replaced(next.replaced.map(who).join(', '))[lang], say.replacedHint[lang]);
  }
  if (next.droppedOutdated > 0) {
    lines.push('', say.outdated(next.droppedOutdated)[lang]);
  }
  lines.push(...ageWarnings(enrolment.oldPortraits, enrolment.oldTemplates, (file) => shown(file, cwd), lang));
  if (enrolment.replacedDamaged) lines.push('', say.replacedDamaged[lang]);
  if (!store.encrypted) lines.push('', say.notEncrypted[lang]);
  lines.push('', say.savedIn(shown(store.dir, cwd) || STORE_DIR)[lang], say.doNotShare[lang], say.next(classesOf(roster)[0] ?? '5b')[lang]);
  return lines;
}

/**
 * The matching `--dry-run` shows: every entry of the portraits folder and the pupil it goes to, or why none; the
 * portraits the roster's photo column names; the pupils left without any.
 */
export function formatMatching(
  args: { readonly roster: Roster; readonly found: FoundPortraits; readonly portraitsDir: string | null; readonly cwd: string },
  lang: Lang = 'en',
): string[] {
  const { roster, found, portraitsDir, cwd } = args;
  const pupils = new Map(roster.pupils.map((p) => [p.id, p]));
  const who = (id: string): string => {
    const pupil = pupils.get(id);
    return pupil === undefined ? id : `${id} ${pupil.name} (${pupil.className})`;
  };
  const lines: string[] = [say.roster(shown(roster.file, cwd), roster.pupils.length)[lang]];
  if (portraitsDir !== null) {
    lines.push('', say.portraitsIn(shown(portraitsDir, cwd) || '.')[lang]);
    if (found.rows.length === 0) lines.push(say.noPhotosOrFolders[lang]);
    const width = Math.min(40, Math.max(0, ...found.rows.map((row) => label(row).length)));
    for (const row of found.rows) {
      const match = row.match;
      const to =
        match.kind === 'id'
          ? say.byNumber(who(match.pupil))[lang]
          : match.kind === 'name'
            ? say.byName(who(match.pupil))[lang]
            : match.kind === 'ambiguous'
              ? say.notUsedAmbiguous(match.pupils.length, match.pupils.map(who).join(', '))[lang]
              : say.notUsedNoMatch[lang];
      lines.push(`  ${label(row).padEnd(width)}  -> ${to}`);
    }
  }
  const rosterDir = path.dirname(roster.file);
  const fromColumn = roster.pupils.filter((p) => p.photo !== null);
  if (fromColumn.length > 0) {
    lines.push('', say.fromPhotoColumn[lang]);
    for (const p of fromColumn) lines.push(`  ${shown(path.resolve(rosterDir, p.photo!), cwd)}  -> ${who(p.id)}`);
  }
  const without = roster.pupils.filter((p) => (found.byPupil.get(p.id) ?? []).length === 0);
  if (without.length > 0) {
    lines.push('', say.noPortraitFor(without.length)[lang]);
    for (const p of without) lines.push(`  ${who(p.id)}`);
  }
  const ambiguous = found.ambiguous.length;
  if (ambiguous > 0) lines.push('', say.sharedNameHint[lang]);
  lines.push('', say.dryRunDone(found.total)[lang]);
  return lines;
}

function label(row: { readonly name: string; readonly isDirectory: boolean }): string {
  return row.isDirectory ? `${row.name}/` : row.name;
}
