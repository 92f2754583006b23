/**
 * recheck from the ledgers alone: a working folder built by hand (config, scans.json, ledgers), no photo and no
 * model anywhere, so the command cannot be reading anything else.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recheckScans, takedownOf } from '../../src/history/recheck.js';
import { LEDGER_FILE, type LedgerData } from '../../src/history/ledger.js';
import { openOrCreateStore } from '../../src/store/open.js';
import { runCli, snapshot } from '../scan/cli-helpers.js';

const JUNE = '2026-06-12T09:30:00.000Z';
const ROSTER = ['llnr;naam;groep;Toestemming intern;Website;Social media', '1;Lotte van Dijk;5b;ja;ja;ja', '2;Sem de Vries;5b;ja;ja;nee', '3;Noor Bakker;5b;ja;nee;nee'];

let cwd: string;

function ledgerFor(name: string, over: Partial<LedgerData>, files: Record<string, readonly string[]>): LedgerData {
  const outputs: Record<string, string> = {};
  const shows: Record<string, { pupils: readonly string[]; hidden: number; publishedAt: string }> = {};
  for (const [source, pupils] of Object.entries(files)) {
    outputs[source] = source;
    shows[source] = { pupils, hidden: 1, publishedAt: JUNE };
  }
  return {
    tool: 'privacy-filter',
    input: path.join(cwd, 'feest'),
    output: path.join(cwd, `feest-${name}`),
    review: path.join(cwd, `feest-${name}-review`),
    scope: 'public',
    className: null,
    finished: true,
    outputs,
    reviews: {},
    renders: {},
    shows,
    ...over,
  };
}

async function writeScan(name: string, ledger: LedgerData | string): Promise<string> {
  const report = path.join(cwd, `feest-${name}-report`);
  await mkdir(report, { recursive: true });
  await writeFile(path.join(report, LEDGER_FILE), typeof ledger === 'string' ? ledger : JSON.stringify(ledger));
  return report;
}

/** A working folder as init and scan leave it (the store through its own methods, so encrypted as they write it). */
async function workingFolder(reports: readonly string[], roster: readonly string[] = ROSTER): Promise<void> {
  await writeFile(path.join(cwd, 'roster.csv'), `${roster.join('\n')}\n`);
  const store = await openOrCreateStore(cwd);
  await store.writeConfig({ roster: 'roster.csv', portraits: null, columns: {} });
  await store.writeScans(reports);
}

beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-recheck-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('takedownOf', () => {
  it('names the files showing a pupil without consent for that scan, and only those', () => {
    cwd = '/w';
    const pupils = new Map([
      ['1', { className: '5b', consent: { internal: true, group: true, public: true } }],
      ['2', { className: '5b', consent: { internal: true, group: true, public: false } }],
    ]);
    const { takedown, unrecorded } = takedownOf(ledgerFor('public', {}, { 'a.jpg': ['1'], 'b.jpg': ['1', '2'], 'c.jpg': [] }), pupils);
    expect(takedown).toEqual([
      { source: 'b.jpg', output: path.join('/w', 'feest-public', 'b.jpg'), pupils: ['2'], causes: [{ kind: 'consent-withdrawn', pupil: '2', missing: ['public'] }], publishedAt: JUNE },
    ]);
    expect(unrecorded).toEqual([]);
  });
});

describe('recheckScans', () => {
  it('says which scans it could not check: report folder gone, record missing, record damaged', async () => {
    const ok = await writeScan('public', ledgerFor('public', {}, { 'a.jpg': ['1'] }));
    const damaged = await writeScan('internal', '{"tool": "privacy-filter", "inp');
    const empty = path.join(cwd, 'empty-report');
    await mkdir(empty);
    const gone = path.join(cwd, 'gone-report');
    const checks = await recheckScans([ok, damaged, empty, gone, ok], new Map());
    expect(checks.map((check) => [check.report, check.kind === 'checked' ? 'checked' : check.why])).toEqual([
      [ok, 'checked'],
      [damaged, 'ledger-damaged'],
      [empty, 'ledger-missing'],
      [gone, 'report-folder-gone'],
    ]);
  });
});

describe('privacy-filter recheck', () => {
  it('exits 5 and names the files showing a pupil who left the roster, with where they are and why', async () => {
    const report = await writeScan('public', ledgerFor('public', {}, { 'a.jpg': ['1', '3'], 'b.jpg': ['1'], 'sub/c.jpg': [] }));
    // Noor (3) left the school: the export no longer has her row.
    await workingFolder([report], ROSTER.filter((row) => !row.startsWith('3;')));
    const before = await snapshot(cwd);
    const result = await runCli(['recheck', '--json'], cwd);
    expect(result.code, result.stderr).toBe(5);
    const body = JSON.parse(result.stdout) as { takedown: Record<string, unknown>[]; unchecked: unknown[] };
    expect(body.takedown).toEqual([
      {
        report,
        scope: 'public',
        purpose: null,
        className: null,
        source: 'a.jpg',
        output: path.join(cwd, 'feest-public', 'a.jpg'),
        pupils: ['3'],
        reason: 'pupil 3 is no longer on the roster',
        publishedAt: JUNE,
      },
    ]);
    expect(body.unchecked).toEqual([]);
    // It writes nothing, not even scans.json.
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('checks against --roster, for the purpose each scan was for, and says which scans it could not check', async () => {
    const social = { name: 'Social media', key: 'socialmedia', scope: 'public' } as const;
    const publicScan = await writeScan('public', ledgerFor('public', {}, { 'a.jpg': ['1', '2'] }));
    const socialScan = await writeScan('social-media', ledgerFor('social-media', { purpose: social }, { 'a.jpg': ['1'], 'b.jpg': ['2'] }));
    const gone = path.join(cwd, 'feest-internal-report');
    await workingFolder([publicScan, socialScan, gone]);
    // The new export: Lotte withdrew her social-media consent, and nothing else changed.
    const newRoster = path.join(cwd, 'nieuw.csv');
    await writeFile(newRoster, `${ROSTER.map((row) => row.replace('1;Lotte van Dijk;5b;ja;ja;ja', '1;Lotte van Dijk;5b;ja;ja;nee')).join('\n')}\n`);

    const text = await runCli(['recheck', '--roster', newRoster], cwd);
    // A takedown wins over a scan that could not be checked: both are said, 5 is the more urgent.
    expect(text.code, text.stderr).toBe(5);
    expect(text.stdout).toContain(`Scan for Social media: ${path.join(cwd, 'feest')} → ${path.join(cwd, 'feest-social-media')}`);
    expect(text.stdout).toContain(`TAKE DOWN ${path.join(cwd, 'feest-social-media', 'a.jpg')}`);
    expect(text.stdout).toContain('consent for Social media withdrawn for Lotte van Dijk (5b)');
    // Sem (2) never had social-media consent: b.jpg was published with him visible, so it must come down too.
    expect(text.stdout).toContain('consent for Social media withdrawn for Sem de Vries (5b)');
    // Sem has no social-media consent, but the public scan needs the website and social media: he is in a.jpg of it.
    expect(text.stdout).toContain(`TAKE DOWN ${path.join(cwd, 'feest-public', 'a.jpg')}`);
    expect(text.stdout).toMatch(/Could not check:\n {2}.*feest-internal-report: the report folder is gone/);

    const json = await runCli(['recheck', '--roster', newRoster, '--json'], cwd);
    const body = JSON.parse(json.stdout) as { takedown: { report: string; source: string; pupils: string[] }[]; unchecked: { report: string }[] };
    expect(body.takedown.map((item) => [path.basename(item.report), item.source, item.pupils])).toEqual([
      ['feest-public-report', 'a.jpg', ['1', '2']],
      ['feest-social-media-report', 'a.jpg', ['1']],
      ['feest-social-media-report', 'b.jpg', ['2']],
    ]);
    expect(body.unchecked.map((item) => item.report)).toEqual([gone]);
  });

  it('exits 4, not 0, while a scan could not be checked, and says which and what to do', async () => {
    const report = await writeScan('public', ledgerFor('public', {}, { 'a.jpg': ['1'] }));
    // The internal scan's report folder was moved away after it published: what it published is unknown now.
    const moved = path.join(cwd, 'feest-internal-report');
    await workingFolder([report, moved]);
    const text = await runCli(['recheck'], cwd);
    expect(text.code, text.stderr).toBe(4);
    expect(text.stdout).not.toContain('Nothing must come down.\n');
    expect(text.stdout).toMatch(/Could not check:\n {2}.*feest-internal-report: the report folder is gone/);
    expect(text.stdout).toContain('Put the report folder back where the scan wrote it, or run that scan again');
    expect(text.stdout).toContain('one scan could not be checked');
    const json = await runCli(['recheck', '--json'], cwd);
    expect(json.code, json.stderr).toBe(4);
    expect((JSON.parse(json.stdout) as { unchecked: { report: string }[] }).unchecked.map((item) => item.report)).toEqual([moved]);
  });

  it('exits 0 when nothing must come down, and 2 without a working folder', async () => {
    const report = await writeScan('public', ledgerFor('public', {}, { 'a.jpg': ['1'] }));
    await workingFolder([report]);
    const fine = await runCli(['recheck'], cwd);
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stdout).toContain('Nothing must come down.');
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'pf-recheck-none-'));
    try {
      const none = await runCli(['recheck'], elsewhere);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no .privacy-filter folder');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
