import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageWarnings, oldPortraits, oldTemplates, olderThanSchoolYear } from '../../src/store/retention.js';
import { notOnRoster } from '../../src/store/rights.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * 24 * 3600 * 1000);

describe('school-year age', () => {
  it.each([
    [300, false],
    [365, false],
    [366, true],
  ])('%i days old is older than a school year: %s', (days, old) => {
    expect(olderThanSchoolYear(daysAgo(days), NOW)).toBe(old);
  });

  it('names the templates enrolled more than a school year ago', () => {
    const d = new Float32Array(128);
    const set = {
      describer: 'k',
      templates: [{ pupilId: '1', descriptors: [d] }, { pupilId: '2', descriptors: [d] }, { pupilId: '3', descriptors: [d] }],
      enrolledAt: { '1': daysAgo(400).toISOString(), '2': daysAgo(20).toISOString(), '3': 'not a date' },
    };
    expect(oldTemplates(set, NOW).map((t) => t.pupil)).toEqual(['1']);
  });

  it('finds portraits by their file date and words the warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-age-'));
    try {
      const old = path.join(dir, '1001.jpg');
      const fresh = path.join(dir, '1002.jpg');
      await writeFile(old, 'x');
      await writeFile(fresh, 'x');
      await utimes(old, daysAgo(500), daysAgo(500));
      await utimes(fresh, daysAgo(10), daysAgo(10));
      const found = await oldPortraits(new Map([['1001', [old]], ['1002', [fresh]]]), NOW);
      expect(found.map((p) => p.pupil)).toEqual(['1001']);
      const lines = ageWarnings(found, [], (f) => path.basename(f)).join('\n');
      expect(lines).toMatch(/older than a school year[^\n]*\n\s+1001\.jpg \(1001\): 19 July 2025/);
      expect(ageWarnings([], [], String)).toEqual([]);
      // In Dutch: the words and the date.
      const dutch = ageWarnings(found, [{ pupil: '1003', enrolledAt: '2024-03-02T10:00:00Z' }], (f) => path.basename(f), 'nl').join('\n');
      expect(dutch).toMatch(/ouder dan een schooljaar[^\n]*\n\s+1001\.jpg \(1001\): 19 juli 2025/);
      expect(dutch).toMatch(/1003: ingelezen op 2 maart 2024/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('notOnRoster', () => {
  it('lists enrolled pupils the roster no longer has, ids compared case-insensitively', () => {
    const d = new Float32Array(128);
    const set = { describer: 'k', templates: ['1001', 'a12', '1003'].map((pupilId) => ({ pupilId, descriptors: [d] })), enrolledAt: {} };
    expect(notOnRoster(set, ['1001', 'A12'])).toEqual(['1003']);
    expect(notOnRoster(set, ['1001', 'A12', '1003'])).toEqual([]);
  });
});
