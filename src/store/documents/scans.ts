/**
 * `scans`: the report folders of the scans run with this store, so that a scan for another scope can copy a photo
 * another scan already rendered the same way, and `show` can find the reports naming a pupil. Paths only.
 */
import { msg } from '../../i18n/messages.js';
import { isRecord } from '../codec.js';
import { FORMAT_VERSION, type DocumentCodec } from './document.js';

export const SCANS_DOCUMENT: DocumentCodec<readonly string[]> = {
  name: 'scans',
  absent: () => [],
  rebuild: msg.store.rebuildScans,
  encode: (reports) => ({ version: FORMAT_VERSION, reports }),
  decode(raw) {
    if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION || !Array.isArray(raw['reports'])) return null;
    // An entry that is not a path names no folder to look in: skipped, as a report folder that is gone is.
    return (raw['reports'] as unknown[]).filter((r): r is string => typeof r === 'string');
  },
};
