/** The school's own purposes: every yes/no consent column is kept under its own name, with the scope it belongs to. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { findPurpose, parsePurposeNames } from '../../src/roster/purposes.js';
import { parseRoster, readRoster } from '../../src/roster/read.js';
import { formatRosterSummary, summarizeRoster } from '../../src/roster/summary.js';
import { repoRoot } from '../helpers/shared.js';

const severalPublic = path.join(repoRoot, 'fixtures', 'rosters', 'several-public.csv');

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (caught) {
    if (caught instanceof UserError) return caught;
    throw caught;
  }
  throw new Error('expected a UserError, got none');
}

describe('purposes read from the roster', () => {
  it('keeps each consent column as a named purpose with its scope, in file order', async () => {
    const roster = await readRoster(severalPublic);
    expect(roster.purposes).toEqual([
      { name: 'Nieuwsbrief', key: 'nieuwsbrief', scope: 'internal' },
      { name: 'Groepsapp', key: 'groepsapp', scope: 'group' },
      { name: 'Schoolgids', key: 'schoolgids', scope: 'public' },
      { name: 'Website', key: 'website', scope: 'public' },
      { name: 'Social media', key: 'socialmedia', scope: 'public' },
    ]);
  });

  it('keeps the answer per purpose beside the consent per scope', async () => {
    const roster = await readRoster(severalPublic);
    const dam = roster.pupils.find((pupil) => pupil.id === '5003');
    // Semuel van Dam: no to the school guide, yes to website and social media — so no public consent as a whole.
    expect(dam?.purposes).toEqual({ nieuwsbrief: true, groepsapp: true, schoolgids: false, website: true, socialmedia: true });
    expect(dam?.consent.public).toBe(false);
  });

  it('names a purpose after a --column mapping by the mapped header', () => {
    const roster = parseRoster('llnr;klas;Internet\n1;5b;ja\n', 'r.csv', { columns: { public: 'Internet' } });
    expect(roster.purposes).toEqual([{ name: 'Internet', key: 'internet', scope: 'public' }]);
    expect(roster.pupils[0]?.purposes).toEqual({ internet: true });
  });

  it('reads two columns with the same header as one purpose that needs both', () => {
    const roster = parseRoster('llnr;klas;Website;website\n1;5b;ja;nee\n2;5b;ja;ja\n', 'r.csv');
    expect(roster.purposes).toEqual([{ name: 'Website', key: 'website', scope: 'public' }]);
    expect(roster.pupils.map((pupil) => pupil.purposes?.['website'])).toEqual([false, true]);
  });

  it('has no purposes for a roster that only lists scopes in one column', () => {
    const roster = parseRoster('llnr;klas;Toestemming\n1;5b;groep, publiek\n', 'r.csv');
    expect(roster.purposes).toEqual([]);
    expect(roster.pupils[0]?.consent).toEqual({ internal: false, group: true, public: true });
  });

  it('refuses the whole roster for an unreadable purpose cell, which is never read as consent', () => {
    const error = userError(() => parseRoster('llnr;klas;Website;Social media\n1;5b;ja;misschien\n', 'r.csv'));
    expect(error.message).toBe('"misschien" is not a yes or no answer');
    expect(error.place.column).toBe('Social media');
  });
});

describe('findPurpose', () => {
  const roster = parseRoster("llnr;klas;Website;Social media;Foto's in Parro;Nieuwsbrief\n1;5b;ja;nee;ja;ja\n", 'r.csv');

  it.each([
    ['social media', 'Social media'],
    ['SOCIAL-MEDIA', 'Social media'],
    ['socialmedia', 'Social media'],
    ['fotos in parro', "Foto's in Parro"],
    ['Fotó’s in parro', "Foto's in Parro"],
    ['website', 'Website'],
  ])('"%s" is %s', (requested, name) => {
    expect(findPurpose(roster, requested).name).toBe(name);
  });

  it('finds a purpose by the short name the config gives it', () => {
    expect(findPurpose(roster, 'insta', { Insta: 'Social media' })).toMatchObject({ name: 'Social media', scope: 'public' });
    expect(findPurpose(roster, 'parro', { parro: "Foto's in Parro" })).toMatchObject({ scope: 'group' });
  });

  it('prefers the roster header over a short name that happens to be spelled the same', () => {
    expect(findPurpose(roster, 'website', { website: 'Social media' }).name).toBe('Website');
  });

  it('refuses a purpose the roster does not have, listing the ones it has', () => {
    const error = userError(() => findPurpose(roster, 'schoolgids'));
    expect(error.message).toBe('The roster has no consent purpose "schoolgids".');
    expect(error.hint).toContain('"Website" (public), "Social media" (public), "Foto\'s in Parro" (group), "Nieuwsbrief" (internal)');
  });

  it('reads init --purpose-name specs against the roster, keeping the header as the roster writes it', () => {
    expect(parsePurposeNames(['insta="social media"', 'parro = fotos in parro'], roster)).toEqual({ insta: 'Social media', parro: "Foto's in Parro" });
    expect(userError(() => parsePurposeNames(['gids=Schoolgids'], roster)).message).toBe('The roster has no consent purpose "Schoolgids".');
    expect(userError(() => parsePurposeNames(['insta'], roster)).message).toContain('is not short=header');
  });

  it('refuses a short name whose column is gone from the export', () => {
    const error = userError(() => findPurpose(roster, 'gids', { gids: 'Schoolgids' }));
    expect(error.message).toContain('stands for the column "Schoolgids"');
  });
});

describe('roster check shows the purposes and, when asked, every pupil', () => {
  it('counts the yes answers per purpose and lists every pupil with answers per purpose and per scope', async () => {
    const summary = summarizeRoster(await readRoster(severalPublic));
    expect(summary.purposes.map((p) => [p.name, p.scope, p.consent])).toEqual([
      ['Nieuwsbrief', 'internal', 3],
      ['Groepsapp', 'group', 4],
      ['Schoolgids', 'public', 2],
      ['Website', 'public', 3],
      ['Social media', 'public', 2],
    ]);
    expect(summary.pupilList).toHaveLength(4);
    expect(summary.pupilList[2]).toEqual({
      id: '5003',
      name: 'Sem van Dam',
      class: '2b',
      purposes: { Nieuwsbrief: true, Groepsapp: true, Schoolgids: false, Website: true, 'Social media': true },
      scopes: { internal: true, group: true, public: false },
    });
  });

  it('prints pupils only with --pupils', async () => {
    const summary = summarizeRoster(await readRoster(severalPublic));
    const plain = formatRosterSummary(summary);
    expect(plain).toMatch(/^ {2}Social media\s+public\s+2$/m);
    expect(plain).not.toContain('Jacobs');
    const withPupils = formatRosterSummary(summary, { pupils: true });
    expect(withPupils).toMatch(/^ {2}5003\s+Sem van Dam\s+2b\s+ja\s+ja\s+nee\s+ja\s+ja\s+ja\s+ja\s+nee$/m);
  });
});
