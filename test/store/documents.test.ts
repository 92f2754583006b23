/**
 * Each document the store types (src/store/documents/) round-trips through its codec, and a damaged one is refused by
 * the store with its file and the hint of that document (how it is rebuilt), in English and Dutch; never read as empty.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_DOCUMENT } from '../../src/store/documents/config.js';
import type { DocumentCodec } from '../../src/store/documents/document.js';
import { SCANS_DOCUMENT } from '../../src/store/documents/scans.js';
import { SETTINGS_DOCUMENT, STORE_DEFAULTS } from '../../src/store/documents/settings.js';
import { TEMPLATES_DOCUMENT } from '../../src/store/documents/templates.js';
import { openOrCreateStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { caughtUserError } from '../helpers/user-error.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pf-documents-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const NOW = new Date('2026-12-06T12:00:00.000Z');

describe('the codecs', () => {
  it('decode what they encode', () => {
    const roundTrip = <T>(codec: DocumentCodec<T, unknown>, value: T): unknown => codec.decode(JSON.parse(JSON.stringify(codec.encode(value, NOW))));
    const config = { roster: 'leerlingen.csv', portraits: null, columns: { id: 'Leerlingnummer' }, purposes: { insta: 'Social media' } };
    expect(roundTrip(CONFIG_DOCUMENT, config)).toEqual(config);
    expect(roundTrip(SETTINGS_DOCUMENT, { retentionDays: 30 })).toEqual({ retentionDays: 30 });
    expect(roundTrip(SCANS_DOCUMENT, ['/a/sportdag-report', '/b/kerst-report'])).toEqual(['/a/sportdag-report', '/b/kerst-report']);
    const descriptor = Float32Array.from({ length: 128 }, (_, i) => i / 128);
    const templates = { describer: 'k', templates: [{ pupilId: '1001', descriptors: [descriptor] }], enrolledAt: {} };
    // A pupil without an enrolment date gets the moment it is written.
    expect(roundTrip(TEMPLATES_DOCUMENT, templates)).toEqual({ ...templates, enrolledAt: { '1001': NOW.toISOString() } });
  });

  it('give a new value for an absent document each time, so a caller changing it changes nothing else', () => {
    const first = TEMPLATES_DOCUMENT.absent();
    first.templates.push({ pupilId: 'x', descriptors: [] });
    expect(TEMPLATES_DOCUMENT.absent().templates).toEqual([]);
    expect(SETTINGS_DOCUMENT.absent()).toEqual(STORE_DEFAULTS);
  });
});

/** Each document damaged in a way its codec must notice, and words from the hint that says how to rebuild it. */
const DAMAGED: readonly (readonly [string, string, (store: Store) => Promise<unknown>, RegExp, RegExp])[] = [
  ['config', JSON.stringify({ version: 1, roster: 'a.csv', portraits: null, columns: [] }), (s) => s.readConfig(), /enroll .*init/, /opnieuw/],
  ['templates', JSON.stringify({ version: 1, describer: 'k', pupils: [{ id: '', enrolledAt: 'x', descriptors: ['x'] }] }), (s) => s.readTemplates(), /backup/, /back-up/],
  ['scans', JSON.stringify({ version: 1, reports: 'sportdag-report' }), (s) => s.readScans(), /next scan starts a new list/, /nieuwe lijst/],
  ['settings', JSON.stringify({ version: 1, retentionDays: 0 }), (s) => s.readSettings(), /config --retention/, /bewaartermijn/],
  ['settings', JSON.stringify({ version: 2, retentionDays: 30 }), (s) => s.readSettings(), /config --retention/, /bewaartermijn/],
];

describe('a damaged document', () => {
  it.each(DAMAGED.map(([name, content, read, en, nl], i) => [`${name} #${i}`, name, content, read, en, nl] as const))(
    '%s: refused with its file and how to rebuild it, in both languages',
    async (_label, name, content, read, en, nl) => {
      // In clear (--no-encrypt), so that the test can write any bytes; the checks after decrypting are the same.
      const store = await openOrCreateStore(tmp, { encrypt: false });
      await writeFile(path.join(store.dir, `${name}.json`), content);
      const error = await caughtUserError(read(store));
      expect(error.place.file).toBe(path.join(store.dir, `${name}.json`));
      expect(error.format('en')).toMatch(/is damaged/);
      expect(error.format('en')).toMatch(en);
      expect(error.format('nl')).toMatch(/is beschadigd/);
      expect(error.format('nl')).toMatch(nl);
    },
  );

  it('an encrypted one that was altered: refused as altered, with the same hint', async () => {
    const store = await openOrCreateStore(tmp);
    await store.writeSettings({ retentionDays: 30 });
    await writeFile(store.documentFile('settings'), 'PFv1 not what was sealed');
    const error = await caughtUserError(store.readSettings());
    expect(error.place.file).toBe(store.documentFile('settings'));
    expect(error.format('en')).toMatch(/altered or is incomplete[^]*config --retention/);
    expect(error.format('nl')).toMatch(/veranderd of onvolledig[^]*config --retention/);
  });
});
