/**
 * Leading zeros (issue 21, finding 14): exports disagree on them, so 01001 and 1001 are one pupil wherever a pupil
 * number meets another spelling of it: in one roster, between the roster and the portraits, the enrolled faces, or an
 * earlier scan's record.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../src/errors.js';
import { describerSettingsKey } from '../src/faces/describer.js';
import { matchPortraitEntries } from '../src/enrol/portraits.js';
import { mayShow } from '../src/policy/consent.js';
import { pupilKey, sameId } from '../src/pupil-ids.js';
import { parseRoster } from '../src/roster/read.js';
import { prepareScan } from '../src/scan/prepare.js';
import { openOrCreateStore } from '../src/store/open.js';
import { NO_POOL, scanRequest } from './helpers/scan-request.js';

describe('pupilKey', () => {
  it('compares numbers by value and other ids by text, ignoring case and spaces', () => {
    expect(pupilKey(' 01001 ')).toBe(pupilKey('1001'));
    expect(pupilKey('000')).toBe('0');
    expect(sameId('A12', 'a12')).toBe(true);
    expect(sameId('A012', 'A12')).toBe(false);
    expect(sameId('1001', '1010')).toBe(false);
  });
});

describe('leading zeros in one roster', () => {
  it('are one pupil number: two rows 01001 and 1001 are refused as a duplicate, saying why', () => {
    let caught: unknown;
    try {
      parseRoster('llnr;naam;groep;website\n01001;Sem;5b;nee\n1001;Sem de Vries;5b;ja\n', 'r.csv');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).format()).toContain('pupil id "1001" is the same number as "01001" on line 2 (leading zeros do not make another pupil)');
  });

  it('keep the roster\'s spelling for display', () => {
    expect(parseRoster('llnr;naam;groep;website\n01001;Sem;5b;ja\n', 'r.csv').pupils[0]?.id).toBe('01001');
  });
});

describe('leading zeros between the roster and what was said before', () => {
  it('an earlier scan recorded 1001 and the new export writes 01001: the same pupil, not one who left', () => {
    const pupils = new Map([['01001', { className: '5b', consent: { internal: true, group: true, public: true } }]]);
    expect(mayShow(pupils, '1001', { scope: 'public', className: null })).toEqual({ shown: true, needed: ['public'] });
    const withdrawn = new Map([['01001', { className: '5b', consent: { internal: true, group: true, public: false } }]]);
    expect(mayShow(withdrawn, '1001', { scope: 'public', className: null })).toMatchObject({ shown: false, why: 'no-consent' });
  });

  it('a portrait named 1001.jpg is the portrait of roster pupil 01001', () => {
    const { byPupil, unmatched, respelled } = matchPortraitEntries(
      [
        { id: '01001', name: 'Sem de Vries', className: '5b' },
        { id: 'A12', name: 'Noor Bakker', className: '5b' },
      ],
      [{ name: '1001.jpg', isDirectory: false }, { name: '001002', isDirectory: true }, { name: 'a12.jpg', isDirectory: false }],
      new Set(['.jpg']),
    );
    expect(byPupil.get('01001')).toEqual({ folders: [], files: ['1001.jpg'] });
    expect(unmatched).toEqual(['001002']);
    // Told, so the teacher sees the two spellings; a difference of case alone is not worth a word.
    expect(respelled).toEqual([{ name: '1001.jpg', pupilId: '01001' }]);
  });

  describe('faces enrolled as 1001, a roster that writes 01001', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'pf-ids-'));
      await mkdir(path.join(dir, 'sportdag'));
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(dir, 'sportdag', 'a.jpg'));
      await writeFile(path.join(dir, 'roster.csv'), 'llnr;naam;groep;website\n01001;Sem;5b;nee\n');
      const store = await openOrCreateStore(dir);
      await store.writeConfig({ roster: 'roster.csv', portraits: null, columns: {} });
      await store.writeTemplates({ describer: describerSettingsKey(), templates: [{ pupilId: '1001', descriptors: [new Float32Array(128)] }], enrolledAt: { '1001': '2026-09-01T00:00:00Z' } });
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('recognises the pupil under the roster\'s number, says so, and lets --unknown keep count them enrolled', async () => {
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const prepared = await prepareScan(scanRequest(dir, { unknown: 'keep' }), NO_POOL);
        expect(prepared.templates.map((template) => template.pupilId)).toEqual(['01001']);
        const said = stderr.mock.calls.map((call) => String(call[0])).join('');
        expect(said).toContain('with other leading zeros than enrolment did; taken as the same pupil (1001 as 01001)');
      } finally {
        stderr.mockRestore();
      }
    });
  });
});
