/** What changed since the last scan: each change kind, from two ledgers and today's roster. */
import { describe, expect, it } from 'vitest';
import { changesSince, type ChangeContext, type DecidedPhoto } from '../../src/history/changes.js';
import type { PupilConsent } from '../../src/policy/consent.js';
import { changeRecord, takedownCsv } from '../../src/report/history.js';
import type { LedgerData, PlacedShows } from '../../src/history/ledger.js';

const yes = { internal: true, group: true, public: true };
const noPublic = { internal: true, group: true, public: false };
const roster = (entries: Record<string, PupilConsent['consent']>): Map<string, PupilConsent> =>
  new Map(Object.entries(entries).map(([id, consent]) => [id, { className: '5b', consent }]));
const people = new Map([
  ['1', { name: 'Lotte van Dijk', className: '5b' }],
  ['2', { name: 'Sem de Vries', className: '5b' }],
]);

const JUNE = '2026-06-12T09:30:00.000Z';

function ledger(files: Record<string, { output?: string; pupils: string[]; hidden: number; sha?: string; at?: string | null }>): LedgerData {
  const outputs: Record<string, string> = {};
  const shows: Record<string, PlacedShows> = {};
  const renders: Record<string, { key: string; sha256: string }> = {};
  for (const [source, file] of Object.entries(files)) {
    outputs[source] = file.output ?? source;
    shows[source] = { pupils: file.pupils, hidden: file.hidden, publishedAt: file.at === undefined ? JUNE : file.at };
    renders[source] = { key: 'k', sha256: file.sha ?? 'x' };
  }
  return { tool: 'privacy-filter', input: '/in', output: '/out', review: '/out-review', scope: 'public', className: null, finished: true, outputs, reviews: {}, renders, shows };
}

const published = (source: string): DecidedPhoto => ({ source, output: source, why: { kind: 'anonymised' }, faces: [] });

function context(over: Partial<ChangeContext> = {}): ChangeContext {
  return {
    pupils: roster({ 1: noPublic, 2: yes }),
    target: { scope: 'public', className: null },
    photos: [],
    sources: [],
    ...over,
  };
}

describe('changesSince', () => {
  it('is empty for a first scan: nothing was published before', () => {
    const now = ledger({ 'a.jpg': { pupils: ['2'], hidden: 0 } });
    expect(changesSince(null, now, context({ photos: [published('a.jpg')], sources: ['a.jpg'] }))).toEqual([]);
  });

  it('is empty when every published file shows the same people as before', () => {
    const before = ledger({ 'a.jpg': { pupils: ['2'], hidden: 1 } });
    // Rewritten (other bytes), but the same pupils visible and as many faces hidden: the posted copy is still fine.
    const now = ledger({ 'a.jpg': { pupils: ['2'], hidden: 1, sha: 'y' } });
    expect(changesSince(before, now, context({ photos: [published('a.jpg')], sources: ['a.jpg'] }))).toEqual([]);
  });

  it('replaced: a visible pupil whose consent was withdrawn is hidden now', () => {
    const before = ledger({ 'a.jpg': { pupils: ['1', '2'], hidden: 0 } });
    const now = ledger({ 'a.jpg': { pupils: ['2'], hidden: 1, at: '2026-12-01T08:00:00.000Z' } });
    const [change, ...rest] = changesSince(before, now, context({ photos: [published('a.jpg')], sources: ['a.jpg'] }));
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ source: 'a.jpg', output: 'a.jpg', change: 'replaced', pupils: ['1'], publishedAt: JUNE });
    expect(changeRecord(change!, people, 'en').reason).toBe('consent for public withdrawn for Lotte van Dijk (5b)');
  });

  it('withdrawn: a photo dropped now because a pupil who was visible lost consent', () => {
    const before = ledger({ 'a.jpg': { pupils: ['1'], hidden: 0 } });
    const now = ledger({});
    const dropped: DecidedPhoto = {
      source: 'a.jpg',
      output: null,
      why: { kind: 'dropped', faces: [1] },
      faces: [{ reason: { finding: { kind: 'no-consent', pupil: '1', missing: ['public'], group: null }, outcome: { kind: 'photo-dropped', because: 'action' } } }],
    };
    const changes = changesSince(before, now, context({ photos: [dropped], sources: ['a.jpg'] }));
    expect(changes).toEqual([
      { source: 'a.jpg', output: 'a.jpg', change: 'withdrawn', pupils: ['1'], causes: [{ kind: 'consent-withdrawn', pupil: '1', missing: ['public'] }], publishedAt: JUNE },
    ]);
  });

  it('withdrawn: a pupil who left the roster, named by id since the roster no longer knows them', () => {
    const before = ledger({ 'a.jpg': { output: 'sub/a.jpg', pupils: ['7'], hidden: 0 } });
    const dropped: DecidedPhoto = { source: 'a.jpg', output: null, why: { kind: 'dropped', faces: [1] }, faces: [] };
    const [change] = changesSince(before, ledger({}), context({ photos: [dropped], sources: ['a.jpg'] }));
    expect(change).toMatchObject({ change: 'withdrawn', output: 'sub/a.jpg', pupils: ['7'] });
    expect(changeRecord(change!, people, 'en').reason).toBe('pupil 7 is no longer on the roster');
  });

  it('withdrawn: for a reason of the photo itself, worded with the face that made it go', () => {
    const before = ledger({ 'a.jpg': { pupils: ['2'], hidden: 0 } });
    const review: DecidedPhoto = {
      source: 'a.jpg',
      output: null,
      why: { kind: 'review', faces: [2] },
      faces: [
        { reason: { finding: { kind: 'consent', pupil: '2', consents: ['public'], group: null }, outcome: { kind: 'kept' } } },
        { reason: { finding: { kind: 'unknown' }, outcome: { kind: 'photo-to-review', because: 'unknown' } } },
      ],
    };
    const [change] = changesSince(before, ledger({}), context({ photos: [review], sources: ['a.jpg'] }));
    expect(change?.change).toBe('withdrawn');
    expect(changeRecord(change!, people, 'en').reason).toBe(
      'not published now: to review: a person must look at face 2 (face 2: unknown person (not an enrolled pupil) — photo to review (unknown faces go to review))',
    );
  });

  it('withdrawn: a copy that must come down but could not be removed, though the ledger still holds it', () => {
    const before = ledger({ 'a.jpg': { pupils: ['1'], hidden: 0 } });
    const stuck: DecidedPhoto = { source: 'a.jpg', output: null, why: { kind: 'not-removed', files: ['/out/a.jpg'] }, faces: [] };
    const [change] = changesSince(before, before, context({ photos: [stuck], sources: ['a.jpg'] }));
    expect(change).toMatchObject({ change: 'withdrawn', pupils: ['1'] });
  });

  it('withdrawn: a photo deleted from the photos folder, and one the stopped run did not get to', () => {
    const before = ledger({ 'gone.jpg': { pupils: [], hidden: 0 }, 'later.jpg': { pupils: [], hidden: 0 } });
    const changes = changesSince(before, ledger({}), context({ photos: [], sources: ['later.jpg'] }));
    expect(changes.map((c) => [c.source, c.change, c.causes[0]?.kind])).toEqual([
      ['gone.jpg', 'withdrawn', 'photo-removed'],
      ['later.jpg', 'withdrawn', 'not-decided'],
    ]);
  });

  it('replaced: a pupil visible now who was hidden before, and more faces hidden with the same pupils', () => {
    const before = ledger({ 'a.jpg': { pupils: [], hidden: 1 }, 'b.jpg': { pupils: ['2'], hidden: 0 } });
    const now = ledger({ 'a.jpg': { pupils: ['2'], hidden: 0 }, 'b.jpg': { pupils: ['2'], hidden: 1 } });
    const changes = changesSince(before, now, context({ photos: [published('a.jpg'), published('b.jpg')], sources: ['a.jpg', 'b.jpg'] }));
    expect(changes.map((c) => [c.source, c.change, changeRecord(c, people, 'en').reason])).toEqual([
      ['a.jpg', 'replaced', 'Sem de Vries (5b) is shown now'],
      ['b.jpg', 'replaced', '1 face hidden now instead of 0'],
    ]);
  });

  it('replaced: a pupil who still has consent but was not recognised this time', () => {
    const before = ledger({ 'a.jpg': { pupils: ['2'], hidden: 0 } });
    const now = ledger({ 'a.jpg': { pupils: [], hidden: 1 } });
    const [change] = changesSince(before, now, context({ photos: [published('a.jpg')], sources: ['a.jpg'] }));
    expect(change?.causes).toEqual([{ kind: 'not-recognised', pupil: '2' }]);
  });

  it('new: published now, not by the run before', () => {
    const now = ledger({ 'a.jpg': { pupils: ['2'], hidden: 0, at: '2026-12-01T08:00:00.000Z' } });
    expect(changesSince(ledger({}), now, context({ photos: [published('a.jpg')], sources: ['a.jpg'] }))).toEqual([
      { source: 'a.jpg', output: 'a.jpg', change: 'new', pupils: ['2'], causes: [{ kind: 'published' }], publishedAt: '2026-12-01T08:00:00.000Z' },
    ]);
  });

  it('judges consent for the purpose the scan was for', () => {
    const social = { name: 'Social media', key: 'socialmedia', scope: 'public' } as const;
    const pupils = new Map([['1', { className: '5b', consent: yes, purposes: { socialmedia: false } }]]);
    const before = ledger({ 'a.jpg': { pupils: ['1'], hidden: 0 } });
    const now = ledger({ 'a.jpg': { pupils: [], hidden: 1 } });
    const [change] = changesSince(before, now, context({ pupils, target: { scope: 'public', className: null, purpose: social }, photos: [published('a.jpg')], sources: ['a.jpg'] }));
    expect(changeRecord(change!, people, 'en').reason).toBe('consent for Social media withdrawn for Lotte van Dijk (5b)');
  });

  it('a ledger of an older version without records: only a rewritten file counts, as replaced', () => {
    const { shows: _, ...old } = ledger({ 'a.jpg': { pupils: [], hidden: 0 }, 'b.jpg': { pupils: [], hidden: 0 } });
    const now = ledger({ 'a.jpg': { pupils: [], hidden: 0, sha: 'new' }, 'b.jpg': { pupils: [], hidden: 0 } });
    const changes = changesSince(old, now, context({ photos: [published('a.jpg'), published('b.jpg')], sources: ['a.jpg', 'b.jpg'] }));
    expect(changes.map((c) => [c.source, c.change, c.causes[0]?.kind])).toEqual([['a.jpg', 'replaced', 'unrecorded']]);
  });
});

describe('takedown.csv', () => {
  it('lists withdrawn and replaced files for Excel: BOM, semicolons, CRLF, date, what to do and why; new ones not', () => {
    const csv = takedownCsv([
      { source: 'a.jpg', output: 'a.jpg', change: 'withdrawn', reason: 'consent for public withdrawn for Lotte van Dijk (5b)', pupils: ['1'], publishedAt: JUNE },
      { source: '=b.jpg', output: '=b.jpg', change: 'replaced', reason: 'x; y', pupils: [], publishedAt: null },
      { source: 'c.jpg', output: 'c.jpg', change: 'new', reason: 'published now; the last scan did not publish it', pupils: [], publishedAt: JUNE },
    ], 'en');
    expect(csv.startsWith('\uFEFFfile;published;change;what to do;source;reason\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^a\.jpg;2026-06-12 \d\d:30;withdrawn;take down wherever it was posted;a\.jpg;consent for public withdrawn for Lotte van Dijk \(5b\)$/);
    // A file name Excel would run as a formula is quoted as text; a reason with ; is one cell.
    expect(lines[2]).toBe("'=b.jpg;;replaced;replace the posted copy with the one in the output folder;'=b.jpg;\"x; y\"");
    expect(lines[3]).toBe('');
  });
});
