import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../src/roster/read.js';
import { formatRosterSummary, summarizeRoster } from '../../src/roster/summary.js';

const csv = [
  'llnr;naam;groep;intern;Toestemming groep;website',
  '1;Sem;10a;ja;ja;nee',
  '2;Sem;2B;ja;nee;nee',
  '3;Noor;2b;nee;ja;ja',
  '4;Daan;1a;ja;ja;ja',
].join('\n');

describe('summarizeRoster', () => {
  const summary = summarizeRoster(parseRoster(csv, 'r.csv'));

  it('counts pupils and consent per class, classes case-insensitively and in school order', () => {
    expect(summary.pupils).toBe(4);
    expect(summary.classes).toEqual([
      { className: '1a', pupils: 1, consent: { internal: 1, group: 1, public: 1 } },
      { className: '2B', pupils: 2, consent: { internal: 1, group: 1, public: 1 } },
      { className: '10a', pupils: 1, consent: { internal: 1, group: 1, public: 0 } },
    ]);
    expect(summary.consent).toEqual({ internal: 3, group: 3, public: 2 });
  });

  it('formats a table a teacher can read, without pupil names', () => {
    const text = formatRosterSummary(summary);
    expect(text).toContain('4 pupils in 3 classes');
    expect(text).toMatch(/Toestemming groep\s+→\s+group consent \(yes\/no\)/);
    expect(text).toMatch(/^ {2}2B\s+2\s+1\s+1\s+1$/m);
    expect(text).toMatch(/^ {2}total\s+4\s+3\s+3\s+2$/m);
    expect(text).not.toContain('Noor');
  });

  it('works for a roster without column information', () => {
    const roster = { file: 'x.csv', pupils: [], warnings: [{ en: 'w', nl: 'w' }] };
    expect(formatRosterSummary(summarizeRoster(roster))).toContain('0 pupils in 0 classes');
  });
});
