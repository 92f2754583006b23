/**
 * What `roster check` shows: how the file was read and what it says, counted; the pupils themselves only when asked
 * (`--pupils`, `--json`), so that they can be checked against the export line by line.
 */
import { SCOPES, type Scope } from '../policy/types.js';
import type { ColumnRole, Pupil, Roster, RosterColumn } from './types.js';
import { catalogueIn } from '../i18n/compose.js';
import { formatNumber, type Lang } from '../i18n/lang.js';
import type { Text } from '../i18n/text.js';
import { scopeText } from '../policy/consent.js';

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
  readonly warnings: readonly Text[];
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

export function describeRole(role: ColumnRole, lang: Lang = 'en'): string {
  const say = catalogueIn(lang).roster;
  switch (role.kind) {
    case 'id':
      return say.roleId;
    case 'name':
      return say.roleName;
    case 'name-part':
      return { first: say.roleFirst, infix: say.roleInfix, last: say.roleLast }[role.part];
    case 'class':
      return say.roleClass;
    case 'photo':
      return say.rolePhoto;
    case 'consent':
      return say.roleConsent(scopeText(role.scope)[lang]);
    case 'scope-list':
      return say.roleScopeList;
    case 'ignored':
      return say.roleIgnored(role.why[lang]);
  }
}

/**
 * Plain text for a terminal: columns, a table of pupils and consent per class, purposes, warnings; `pupils` adds every
 * pupil. Scope names in the table are the CLI's words (--scope public), so they stay as typed.
 */
export function formatRosterSummary(summary: RosterSummary, options: { readonly pupils?: boolean; readonly lang?: Lang } = {}): string {
  const lang = options.lang ?? 'en';
  const say = catalogueIn(lang).roster;
  const lines: string[] = [say.heading(summary.file), ''];
  if (summary.columns.length > 0) {
    lines.push(say.columns);
    const width = Math.max(...summary.columns.map((column) => column.header.length));
    for (const column of summary.columns) {
      const how = column.explicit ? say.fromColumnOption : '';
      lines.push(`  ${column.header.padEnd(width)}  →  ${describeRole(column.role, lang)}${how}`);
    }
    lines.push('');
  }
  const number = (n: number): string => formatNumber(n, lang);
  lines.push(say.counts(summary.pupils, summary.classes.length));
  const rows: string[][] = [
    [say.tableClass, say.tablePupils, ...SCOPES],
    ...summary.classes.map((entry) => [entry.className, number(entry.pupils), ...SCOPES.map((scope) => number(entry.consent[scope]))]),
    [say.tableTotal, number(summary.pupils), ...SCOPES.map((scope) => number(summary.consent[scope]))],
  ];
  lines.push(...table(rows, 1));
  if (summary.purposes.length > 0) {
    lines.push('', say.purposesHeading);
    lines.push(...table([[say.tablePurpose, say.tableScope, say.tableWithConsent], ...summary.purposes.map((p) => [p.name, p.scope, number(p.consent)])], 2));
  }
  if (options.pupils === true) {
    const yes = (answer: boolean): string => (answer ? say.yes : say.no);
    lines.push('', say.pupilsHeading);
    lines.push(
      ...table(
        [
          [say.tableId, say.tableName, say.tableClass, ...summary.purposes.map((p) => p.name), ...SCOPES],
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
    lines.push('', say.warnings, ...summary.warnings.map((warning) => `  - ${warning[lang]}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The summary as `roster check --json` prints it: the human parts (warnings, why a column was not used) in `lang`. */
export function rosterSummaryJson(summary: RosterSummary, lang: Lang): unknown {
  return {
    ...summary,
    columns: summary.columns.map((column) => (column.role.kind === 'ignored' ? { ...column, role: { ...column.role, why: column.role.why[lang] } } : column)),
    warnings: summary.warnings.map((warning) => warning[lang]),
  };
}

/** Rows as aligned text: the first `textColumns` columns left-aligned, the rest (counts, answers) right-aligned. */
function table(rows: readonly (readonly string[])[], textColumns: number): string[] {
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length))) ?? [];
  return rows.map(
    (row) => `  ${row.map((cell, index) => (index < textColumns ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('   ').trimEnd()}`,
  );
}
