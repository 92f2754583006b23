/**
 * What `roster check` shows: how the file was read and what it says, counted; the pupils themselves only when asked
 * (`--pupils`, `--json`), so that they can be checked against the export line by line.
 */
import { SCOPES, type Scope } from '../policy/types.js';
import type { ColumnRole, Pupil, Roster, RosterColumn } from './types.js';

export interface ClassSummary {
  /** As first written in the roster; classes differing only in case are one class. */
  readonly className: string;
  readonly pupils: number;
  /** Pupils of this class with consent, per scope. */
  readonly consent: Readonly<Record<Scope, number>>;
}

export interface RosterSummary {
  readonly file: string;
  readonly pupils: number;
  /** Sorted the way a school counts: 1a, 2b, 10a. */
  readonly classes: readonly ClassSummary[];
  /** Pupils with consent, per scope, over the whole roster. */
  readonly consent: Readonly<Record<Scope, number>>;
  /** The school's own purposes in file order, each with its scope and how many pupils said yes. */
  readonly purposes: readonly PurposeSummary[];
  readonly columns: readonly RosterColumn[];
  readonly warnings: readonly string[];
  /** Every pupil in roster order with their answers: the counts alone cannot be checked against the export. */
  readonly pupilList: readonly PupilSummary[];
}

export interface PurposeSummary {
  /** The header as written. */
  readonly name: string;
  readonly scope: Scope;
  /** Pupils who said yes to this purpose. */
  readonly consent: number;
}

export interface PupilSummary {
  readonly id: string;
  readonly name: string;
  readonly class: string;
  /** Purpose name (header as written) → the pupil's answer. */
  readonly purposes: Readonly<Record<string, boolean>>;
  /** The consent per scope the scan uses: yes only when every purpose of the scope (and a scope list) says yes. */
  readonly scopes: Readonly<Record<Scope, boolean>>;
}

const noCounts = (): Record<Scope, number> => ({ internal: 0, group: 0, public: 0 });

export function summarizeRoster(roster: Roster): RosterSummary {
  const classes = new Map<string, { className: string; pupils: number; consent: Record<Scope, number> }>();
  const total = noCounts();
  for (const pupil of roster.pupils) {
    const key = pupil.className.toLowerCase();
    let entry = classes.get(key);
    if (entry == null) {
      entry = { className: pupil.className, pupils: 0, consent: noCounts() };
      classes.set(key, entry);
    }
    entry.pupils += 1;
    for (const scope of SCOPES) {
      if (pupil.consent[scope]) {
        entry.consent[scope] += 1;
        total[scope] += 1;
      }
    }
  }
  const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });
  const purposes = roster.purposes ?? [];
  return {
    file: roster.file,
    pupils: roster.pupils.length,
    classes: [...classes.values()].sort((a, b) => collator.compare(a.className, b.className)),
    consent: total,
    purposes: purposes.map((purpose) => ({
      name: purpose.name,
      scope: purpose.scope,
      consent: roster.pupils.filter((pupil) => pupil.purposes?.[purpose.key] === true).length,
    })),
    columns: roster.columns ?? [],
    warnings: roster.warnings,
    pupilList: roster.pupils.map((pupil) => pupilSummary(pupil, roster)),
  };
}

function pupilSummary(pupil: Pupil, roster: Roster): PupilSummary {
  const purposes: Record<string, boolean> = {};
  // A missing answer is shown as what it means: no consent.
  for (const purpose of roster.purposes ?? []) purposes[purpose.name] = pupil.purposes?.[purpose.key] === true;
  return { id: pupil.id, name: pupil.name, class: pupil.className, purposes, scopes: { ...pupil.consent } };
}

export function describeRole(role: ColumnRole): string {
  switch (role.kind) {
    case 'id':
      return 'pupil id';
    case 'name':
      return 'name';
    case 'name-part':
      return { first: 'name (first name)', infix: 'name (tussenvoegsel)', last: 'name (last name)' }[role.part];
    case 'class':
      return 'class';
    case 'photo':
      return 'reference photo';
    case 'consent':
      return `${role.scope} consent (yes/no), a purpose`;
    case 'scope-list':
      return 'consent (list of scopes)';
    case 'ignored':
      return `not used: ${role.why}`;
  }
}

/** Plain text for a terminal: columns, a table of pupils and consent per class, purposes, warnings; `pupils` adds every pupil. */
export function formatRosterSummary(summary: RosterSummary, options: { readonly pupils?: boolean } = {}): string {
  const lines: string[] = [`Roster ${summary.file}`, ''];
  if (summary.columns.length > 0) {
    lines.push('Columns:');
    const width = Math.max(...summary.columns.map((column) => column.header.length));
    for (const column of summary.columns) {
      const how = column.explicit ? ' (from --column)' : '';
      lines.push(`  ${column.header.padEnd(width)}  →  ${describeRole(column.role)}${how}`);
    }
    lines.push('');
  }
  const classCount = summary.classes.length;
  lines.push(`${summary.pupils} ${summary.pupils === 1 ? 'pupil' : 'pupils'} in ${classCount} ${classCount === 1 ? 'class' : 'classes'}; pupils with consent:`);
  const rows: string[][] = [
    ['class', 'pupils', ...SCOPES],
    ...summary.classes.map((entry) => [entry.className, String(entry.pupils), ...SCOPES.map((scope) => String(entry.consent[scope]))]),
    ['total', String(summary.pupils), ...SCOPES.map((scope) => String(summary.consent[scope]))],
  ];
  lines.push(...table(rows, 1));
  if (summary.purposes.length > 0) {
    lines.push('', 'Purposes (use one with --purpose "<name>"; --scope needs every purpose of the scope):');
    lines.push(...table([['purpose', 'scope', 'pupils with consent'], ...summary.purposes.map((p) => [p.name, p.scope, String(p.consent)])], 2));
  }
  if (options.pupils === true) {
    const yes = (answer: boolean): string => (answer ? 'ja' : 'nee');
    lines.push('', 'Pupils (answers per purpose, then the consent per scope):');
    lines.push(
      ...table(
        [
          ['id', 'name', 'class', ...summary.purposes.map((p) => p.name), ...SCOPES],
          ...summary.pupilList.map((pupil) => [
            pupil.id,
            pupil.name,
            pupil.class,
            ...summary.purposes.map((p) => yes(pupil.purposes[p.name] === true)),
            ...SCOPES.map((scope) => yes(pupil.scopes[scope])),
          ]),
        ],
        3,
      ),
    );
  }
  if (summary.warnings.length > 0) {
    lines.push('', 'Warnings:', ...summary.warnings.map((warning) => `  - ${warning}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Rows as aligned text: the first `textColumns` columns left-aligned, the rest (counts, answers) right-aligned. */
function table(rows: readonly (readonly string[])[], textColumns: number): string[] {
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length))) ?? [];
  return rows.map(
    (row) => `  ${row.map((cell, index) => (index < textColumns ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('   ').trimEnd()}`,
  );
}
