/** What an enrolment did, for its report; its own module so that the pipeline and the report do not import each other. */
import type { EnrollResult } from './portraits.js';
import type { Roster } from '../roster/types.js';
import type { DatedPortrait } from '../store/retention.js';
import type { Store } from '../store/store.js';
import type { NextTemplates, TemplateMode } from './templates.js';

export interface Enrolment {
  readonly roster: Roster;
  readonly result: EnrollResult;
  readonly next: NextTemplates;
  readonly mode: TemplateMode;
  readonly store: Store;
  readonly portraitsDir: string | null;
  /** The earlier templates.json could not be read and was replaced by this enrolment's. */
  readonly replacedDamaged: boolean;
  /** Portraits older than a school year: children change, a recent portrait is recognised better. */
  readonly oldPortraits: readonly DatedPortrait[];
  /** Pupils kept from an earlier enrolment that long ago. */
  readonly oldTemplates: readonly { pupil: string; enrolledAt: string }[];
}
