/** The one report of an enrolment, in words for the teacher: what was enrolled, what was skipped and why, what to do. */
import path from 'node:path';
import type { EnrollResult, FoundPortraits } from './portraits.js';
import type { Roster } from '../roster/types.js';
import { classesOf } from '../roster/lookups.js';
import { ageWarnings } from '../store/retention.js';
import { STORE_DIR } from '../store/store.js';
import type { Enrolment } from './types.js';

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
}): string[] {
  const { roster, result, cwd, kept } = args;
  const who = whoIs(roster);
  const lines: string[] = [];
  if (result.skipped.length > 0) {
    lines.push('', 'Portraits not used:');
    for (const s of result.skipped) lines.push(`  ${s.file === null ? who(s.pupil) : shown(s.file, cwd)} (${s.pupil}): ${s.reason}`);
  }
  const enrolled = new Set(result.templates.map((t) => t.pupilId));
  const withoutFace = roster.pupils.filter((p) => !enrolled.has(p.id) && !kept.has(p.id));
  if (withoutFace.length > 0) {
    lines.push('', 'Pupils without a usable portrait: their faces count as unknown and are blurred by default:');
    for (const p of withoutFace) lines.push(`  ${who(p.id)}${result.missing.includes(p.id) ? ' (no portrait found)' : ''}`);
  }
  if (result.respelled.length > 0 && args.portraitsDir !== null) {
    lines.push('', 'Named with other leading zeros than the roster writes; used as the same pupil (docs/roster.md):');
    for (const entry of result.respelled) lines.push(`  ${shown(path.join(args.portraitsDir, entry.name), cwd)} → ${who(entry.pupilId)}`);
  }
  if (result.ambiguous.length > 0 && args.portraitsDir !== null) {
    lines.push('', 'Portraits not used because their name fits several pupils:');
    for (const a of result.ambiguous) lines.push(`  ${shown(path.join(args.portraitsDir, a.name), cwd)}: ${a.pupils.map(who).join(', ')}`);
    lines.push('  Add the class to the name (Emma de Jong 5a.jpg) or name the portrait after the pupil number.');
  }
  if (result.unmatched.length > 0 && args.portraitsDir !== null) {
    lines.push('', 'In the portraits folder but matching no pupil number or name (a typo in the name?):');
    for (const name of result.unmatched) lines.push(`  ${shown(path.join(args.portraitsDir, name), cwd)}`);
  }
  return lines;
}

/** Everything `init` and `enroll` print after enrolling. */
export function formatEnrolment(enrolment: Enrolment, cwd: string): string[] {
  const { roster, result, next, store } = enrolment;
  const who = whoIs(roster);
  const onRoster = new Set(roster.pupils.map((p) => p.id));
  const lines: string[] = [`Roster ${shown(roster.file, cwd)}: ${roster.pupils.length} pupils.`, ...roster.warnings.map((warning) => `  Note: ${warning.en}`)];
  lines.push(`Enrolled ${result.templates.length} of ${roster.pupils.length} pupils.`);
  for (const t of result.templates) lines.push(`  ${who(t.pupilId)}: ${t.descriptors.length} portrait${t.descriptors.length === 1 ? '' : 's'}`);
  const kept = new Set(next.kept);
  lines.push(...formatSkips({ roster, result, portraitsDir: enrolment.portraitsDir, cwd, kept }));
  const keptOnRoster = roster.pupils.filter((p) => kept.has(p.id));
  if (keptOnRoster.length > 0) {
    lines.push('', 'No new usable portrait; the face enrolled earlier is kept:');
    for (const p of keptOnRoster) lines.push(`  ${who(p.id)} (enrolled ${next.set.enrolledAt[p.id] ?? '?'})`);
  }
  const gone = next.kept.filter((id) => !onRoster.has(id));
  if (gone.length > 0) {
    lines.push('', `Still enrolled but no longer on the roster: ${gone.join(', ')}.`, `  Erase them with: privacy-filter forget ${gone.join(' ')}`);
  }
  if (next.replaced.length > 0) {
    lines.push(
      '',
      `No longer enrolled (init starts afresh): ${next.replaced.map(who).join(', ')}.`,
      '  To add pupils to those enrolled instead, use privacy-filter enroll.',
    );
  }
  if (next.droppedOutdated > 0) {
    lines.push('', `Erased ${next.droppedOutdated} face${next.droppedOutdated === 1 ? '' : 's'} enrolled with an older recogniser version.`);
  }
  lines.push(...ageWarnings(enrolment.oldPortraits, enrolment.oldTemplates, (file) => shown(file, cwd)));
  if (enrolment.replacedDamaged) lines.push('', 'The earlier enrolled faces (templates) were damaged and have been replaced: pupils not enrolled now must be enrolled again.');
  if (!store.encrypted) lines.push('', 'Note: the enrolled faces are NOT encrypted (--no-encrypt); keep this folder on an encrypted disk.');
  lines.push(
    '',
    `Saved in ${shown(store.dir, cwd) || STORE_DIR}. It holds biometric data of children: it has a .gitignore so git skips it;`,
    '  do not copy it to a shared drive or send it to anyone.',
    `Next: privacy-filter scan <photos folder> --scope public   (or --scope internal, or --scope group --class ${classesOf(roster)[0] ?? '5b'})`,
  );
  return lines;
}

/**
 * The matching `--dry-run` shows: every entry of the portraits folder and the pupil it goes to, or why none; the
 * portraits the roster's photo column names; the pupils left without any.
 */
export function formatMatching(args: { readonly roster: Roster; readonly found: FoundPortraits; readonly portraitsDir: string | null; readonly cwd: string }): string[] {
  const { roster, found, portraitsDir, cwd } = args;
  const pupils = new Map(roster.pupils.map((p) => [p.id, p]));
  const who = (id: string): string => {
    const pupil = pupils.get(id);
    return pupil === undefined ? id : `${id} ${pupil.name} (${pupil.className})`;
  };
  const lines: string[] = [`Roster ${shown(roster.file, cwd)}: ${roster.pupils.length} pupils.`];
  if (portraitsDir !== null) {
    lines.push('', `Portraits in ${shown(portraitsDir, cwd) || '.'}:`);
    if (found.rows.length === 0) lines.push('  (no photos or folders)');
    const width = Math.min(40, Math.max(0, ...found.rows.map((row) => label(row).length)));
    for (const row of found.rows) {
      const match = row.match;
      const to =
        match.kind === 'id'
          ? `${who(match.pupil)}, by pupil number`
          : match.kind === 'name'
            ? `${who(match.pupil)}, by name`
            : match.kind === 'ambiguous'
              ? `NOT USED: the name fits ${match.pupils.length} pupils: ${match.pupils.map(who).join(', ')}`
              : 'NOT USED: no pupil with this number or name';
      lines.push(`  ${label(row).padEnd(width)}  -> ${to}`);
    }
  }
  const rosterDir = path.dirname(roster.file);
  const fromColumn = roster.pupils.filter((p) => p.photo !== null);
  if (fromColumn.length > 0) {
    lines.push('', "From the roster's photo column:");
    for (const p of fromColumn) lines.push(`  ${shown(path.resolve(rosterDir, p.photo!), cwd)}  -> ${who(p.id)}`);
  }
  const without = roster.pupils.filter((p) => (found.byPupil.get(p.id) ?? []).length === 0);
  if (without.length > 0) {
    lines.push('', `No portrait for ${without.length} pupil${without.length === 1 ? '' : 's'} (their faces count as unknown):`);
    for (const p of without) lines.push(`  ${who(p.id)}`);
  }
  const ambiguous = found.ambiguous.length;
  if (ambiguous > 0) lines.push('', 'A name two pupils share is never guessed: add the class to the file name (Emma de Jong 5a.jpg) or use the pupil number.');
  lines.push('', `Nothing was enrolled or written (--dry-run). ${found.total} portrait${found.total === 1 ? '' : 's'} would be read; run the same command without --dry-run to enrol.`);
  return lines;
}

function label(row: { readonly name: string; readonly isDirectory: boolean }): string {
  return row.isDirectory ? `${row.name}/` : row.name;
}
