/** `config`: what `init`/`enroll` remember so that `scan` needs no options beyond the photos. */
import { msg } from '../../i18n/messages.js';
import type { RosterField } from '../../roster/types.js';
import { isRecord } from '../codec.js';
import { FORMAT_VERSION, type DocumentCodec } from './document.js';

export interface StoreConfig {
  /** Roster CSV, relative to the store's root folder (so the folder can be moved as a whole). */
  readonly roster: string;
  /** Portraits folder relative to the root, or null when portraits come only from the roster's photo column. */
  readonly portraits: string | null;
  /** `--column` mapping the roster was read with. */
  readonly columns: Partial<Record<RosterField, string>>;
  /** Short names for the roster's purposes, short name → header (`{"insta": "Social media"}`), for `--purpose`. */
  readonly purposes?: Readonly<Record<string, string>>;
}

const isStringMap = (value: unknown): value is Record<string, string> => isRecord(value) && Object.values(value).every((v) => typeof v === 'string');

export const CONFIG_DOCUMENT: DocumentCodec<StoreConfig, null> = {
  name: 'config',
  absent: () => null,
  rebuild: msg.store.rebuildConfig,
  encode: (config) => ({
    version: FORMAT_VERSION,
    roster: config.roster,
    portraits: config.portraits,
    columns: config.columns,
    ...(config.purposes !== undefined ? { purposes: config.purposes } : {}),
  }),
  decode(raw) {
    if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) return null;
    const { roster, portraits, columns, purposes } = raw;
    if (typeof roster !== 'string' || roster === '') return null;
    if (portraits !== null && typeof portraits !== 'string') return null;
    if (!isStringMap(columns) || (purposes !== undefined && !isStringMap(purposes))) return null;
    // The column mapping's keys are checked where the roster is read (src/roster/read.ts), which names a wrong one.
    return { roster, portraits, columns: columns as Partial<Record<RosterField, string>>, ...(purposes !== undefined ? { purposes } : {}) };
  },
};
