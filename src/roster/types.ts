import type { Consent, ConsentPurpose, Scope } from '../policy/types.js';
import type { Text } from '../i18n/text.js';

export interface Pupil {
  /** Pupil number from the administration (leerlingnummer); unique within a roster. */
  readonly id: string;
  /** Display name for the report, e.g. "Sem de Vries". */
  readonly name: string;
  /** Class group as written in the export, e.g. "5b". Compared case-insensitively. */
  readonly className: string;
  readonly consent: Consent;
  /**
   * The answer per purpose (`Purpose.key` → yes), one for each yes/no consent column of the roster. Optional so that
   * pupils built in tests or from other sources need not invent it; a purpose without an answer is no consent.
   */
  readonly purposes?: Readonly<Record<string, boolean>>;
  /** Reference portrait path from the roster's photo column, relative to the roster file; null when absent. */
  readonly photo: string | null;
  /** 1-based line in the CSV the pupil came from, for messages. */
  readonly line: number;
}

export interface Roster {
  /** The file as the user named it. */
  readonly file: string;
  readonly pupils: readonly Pupil[];
  /** Things worth telling the teacher that do not stop the job (e.g. an ignored column). */
  readonly warnings: readonly Text[];
  /**
   * How each header of the file was read, in file order, so `roster check` can show it for the teacher to verify.
   * Optional so that rosters built in tests or from other sources need not invent it.
   */
  readonly columns?: readonly RosterColumn[];
  /** The school's own consent purposes, one per yes/no consent column, in file order. Optional like `columns`. */
  readonly purposes?: readonly Purpose[];
}

/** One consent purpose as the school names it in its export, and the scope it belongs to (see ConsentPurpose). */
export type Purpose = ConsentPurpose;

/** A roster field a CSV column can be mapped to with `--column field=header`. */
export type RosterField = 'id' | 'name' | 'class' | 'photo' | Scope;

/** What one CSV column was read as. */
export type ColumnRole =
  | { readonly kind: 'id' }
  | { readonly kind: 'name' }
  /** Part of a name split the Dutch way: roepnaam + tussenvoegsel + achternaam. */
  | { readonly kind: 'name-part'; readonly part: 'first' | 'infix' | 'last' }
  | { readonly kind: 'class' }
  | { readonly kind: 'photo' }
  /** A yes/no column for one scope. */
  | { readonly kind: 'consent'; readonly scope: Scope }
  /** One column listing the allowed scopes ("groep, intern"). */
  | { readonly kind: 'scope-list' }
  | { readonly kind: 'ignored'; readonly why: Text };

export interface RosterColumn {
  /** The header as written in the file. */
  readonly header: string;
  /** 1-based column number, as Excel counts (A = 1). */
  readonly column: number;
  readonly role: ColumnRole;
  /** True when `--column` chose this, false when recognised from the header. */
  readonly explicit: boolean;
}
