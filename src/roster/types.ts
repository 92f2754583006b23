import type { Consent } from '../policy/types.js';

export interface Pupil {
  /** Pupil number from the administration (leerlingnummer); unique within a roster. */
  readonly id: string;
  /** Display name for the report, e.g. "Sem de Vries". */
  readonly name: string;
  /** Class group as written in the export, e.g. "5b". Compared case-insensitively. */
  readonly className: string;
  readonly consent: Consent;
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
  readonly warnings: readonly string[];
}
