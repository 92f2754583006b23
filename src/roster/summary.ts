/** What `roster check` shows: how the file was read and what it says, counted, never listing children by name. */
import { SCOPES, type Scope } from '../policy/types.js';
import type { ColumnRole, Roster, RosterColumn } from './types.js';

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
  readonly columns: readonly RosterColumn[];
  readonly warnings: readonly string[];
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
  return {
    file: roster.file,
    pupils: roster.pupils.length,
    classes: [...classes.values()].sort((a, b) => collator.compare(a.className, b.className)),
    consent: total,
    columns: roster.columns ?? [],
    warnings: roster.warnings,
  };
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
      return `${role.scope} consent (yes/no)`;
    case 'scope-list':
      return 'consent (list of scopes)';
    case 'ignored':
      return `not used: ${role.why}`;
  }
}

/** Plain text for a terminal: columns, a table of pupils and consent per class, warnings. */
export function formatRosterSummary(summary: RosterSummary): string {
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
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length))) ?? [];
  for (const row of rows) {
    lines.push(`  ${row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('   ')}`);
  }
  if (summary.warnings.length > 0) {
    lines.push('', 'Warnings:', ...summary.warnings.map((warning) => `  - ${warning}`));
  }
  return `${lines.join('\n')}\n`;
}
