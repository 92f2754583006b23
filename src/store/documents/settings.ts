/** `settings`: how long the store keeps what it does not need for long. */
import { msg } from '../../i18n/messages.js';
import { RETENTION_DEFAULT_DAYS } from '../cache.js';
import { isRecord } from '../codec.js';
import { FORMAT_VERSION, type DocumentCodec } from './document.js';

export interface StoreSettings {
  /** Days an analysis stays in the cache (`config --retention`, `init --retention`). */
  readonly retentionDays: number;
}

export const STORE_DEFAULTS: StoreSettings = Object.freeze({
  // Long enough for the reruns of one term's events after consent changes; short enough that the faces of strangers
  // in last year's photos are gone.
  retentionDays: RETENTION_DEFAULT_DAYS,
});

/** The retentions `config --retention` accepts: whole days, from one to ten years. */
export const RETENTION_RANGE = Object.freeze({ min: 1, max: 3660 });

export function isRetention(days: unknown): days is number {
  return typeof days === 'number' && Number.isInteger(days) && days >= RETENTION_RANGE.min && days <= RETENTION_RANGE.max;
}

export const SETTINGS_DOCUMENT: DocumentCodec<StoreSettings> = {
  name: 'settings',
  absent: () => STORE_DEFAULTS,
  rebuild: msg.store.rebuildSettings,
  encode: (settings) => ({ version: FORMAT_VERSION, retentionDays: settings.retentionDays }),
  decode(raw) {
    if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) return null;
    const days = raw['retentionDays'];
    return isRetention(days) ? { retentionDays: days } : null;
  },
};
