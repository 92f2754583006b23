/**
 * The commands on the store speak the teacher's language: Dutch with `--lang nl` or a Dutch system locale (LANG, the
 * first of LC_ALL/LC_MESSAGES/LANG that is set), English with LANG=C; dates in the same language as the words around
 * them, and errors and hints too. The CLI is spawned, so what is checked is what a teacher sees.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrCreateStore } from '../../src/store/open.js';
import { forgetUnlockedVaults } from '../../src/store/vault.js';
import { runCli, snapshot } from '../scan/cli-helpers.js';

let dir: string;
let school: string;

/** A Dutch system locale, as a Dutch Linux or macOS terminal sets it (the hermetic env's LC_ALL=C would win over it). */
const DUTCH_LOCALE = { LANG: 'nl_NL.UTF-8', LC_ALL: undefined };
const C_LOCALE = { LANG: 'C', LC_ALL: undefined };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-store-lang-'));
  school = path.join(dir, 'school');
  await mkdir(school);
  // A store as init and a scan leave it: one pupil enrolled on 2 March 2026, one report naming them.
  const store = await openOrCreateStore(school);
  await store.writeConfig({ roster: 'roster.csv', portraits: 'portraits', columns: {} });
  await store.writeTemplates({
    describer: 'k',
    templates: [{ pupilId: '1001', descriptors: [new Float32Array(128).fill(0.1)] }],
    enrolledAt: { '1001': '2026-03-02T10:00:00.000Z' },
  });
  const report = path.join(school, 'sportdag-report');
  await mkdir(report);
  await writeFile(
    path.join(report, 'report.json'),
    JSON.stringify({ scope: 'public', finishedAt: '2026-05-14T12:00:00.000Z', photos: [{ source: 'estafette.jpg', faces: [{ pupil: '1001' }] }] }),
  );
  await store.writeScans([report]);
  forgetUnlockedVaults();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('show in Dutch and English', () => {
  it('--lang nl: Dutch words and Dutch dates', async () => {
    const result = await runCli(['show', '1001', '--lang', 'nl'], school);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wat .privacy-filter (versleuteld) over leerling 1001 bewaart:');
    expect(result.stdout).toContain('Ingelezen gezichten: 1 portretfoto (alleen kenmerken, nooit de foto\'s zelf), ingelezen op 2 maart 2026.');
    expect(result.stdout).toContain('sportdag-report (14 mei 2026, public): 1 foto: estafette.jpg');
    expect(result.stdout).toMatch(/elke analyse wordt 90 dagen na het maken verwijderd/);
    expect(result.stdout).not.toMatch(/holds|Enrolled|March|May/);
  });

  it('LANG=nl_NL.UTF-8 in the environment: Dutch without --lang', async () => {
    const result = await runCli(['show', '1001'], school, DUTCH_LOCALE);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('over leerling 1001 bewaart:');
    expect(result.stdout).toContain('ingelezen op 2 maart 2026');
  });

  it('LANG=C: English words and English dates; --lang en beats a Dutch locale', async () => {
    for (const [args, env] of [
      [['show', '1001'], C_LOCALE],
      [['show', '1001', '--lang', 'en'], DUTCH_LOCALE],
    ] as const) {
      const result = await runCli(args, school, env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('What .privacy-filter (encrypted) holds about pupil 1001:');
      expect(result.stdout).toContain('Enrolled faces: 1 portrait (descriptors only, never the photos), enrolled 2 March 2026.');
      expect(result.stdout).toContain('sportdag-report (14 May 2026, public): 1 photo: estafette.jpg');
      expect(result.stdout).not.toMatch(/leerling|maart/);
    }
  });
});

describe('config, forget and their errors in Dutch', () => {
  it('config: the labels in Dutch, values in one column', async () => {
    const result = await runCli(['config', '--lang', 'nl'], school);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Opslag: +\S/m);
    expect(result.stdout).toMatch(/^Versleuteld: +ja \(AES-256-GCM/m);
    expect(result.stdout).toMatch(/^Bewaartermijn: +analyses van foto's blijven 90 dagen bewaard$/m);
    expect(result.stdout).toMatch(/^Leerlingenlijst: +roster\.csv$/m);
    const columns = result.stdout.trim().split('\n').map((line) => line.search(/(?<=: +)\S/u));
    expect(new Set(columns).size).toBe(1);
  });

  it('config --help: the description and the option help in Dutch', async () => {
    const result = await runCli(['config', '--help'], school, DUTCH_LOCALE);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Laat zien hoe de opslag is ingesteld');
    expect(result.stdout).toContain('dagen dat de analyse van een foto');
  });

  it('an error and its hint in Dutch, and in English under LANG=C; nothing is erased', async () => {
    const before = await snapshot(school);
    const dutch = await runCli(['forget', '9999'], school, DUTCH_LOCALE);
    expect(dutch.code).toBe(2);
    expect(dutch.stderr).toContain('Over leerlingnummer "9999" is niets bewaard: geen ingelezen gezicht, geen correctie. Er is niets gewist.');
    expect(dutch.stderr).toContain('Vergelijk het nummer met de leerlingenlijst');
    const english = await runCli(['forget', '9999'], school, C_LOCALE);
    expect(english.code).toBe(2);
    expect(english.stderr).toContain('Nothing is held about pupil number "9999"');
    expect(await snapshot(school)).toEqual(before);
  });

  it('forget --all without a terminal: what it would erase and why it does not, in Dutch', async () => {
    const before = await snapshot(school);
    const result = await runCli(['forget', '--all', '--lang', 'nl'], school);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('forget --all wist, in .privacy-filter:');
    expect(result.stderr).toContain('de ingelezen gezichten (1 leerling)');
    expect(result.stderr).toContain('de lijst van eerdere scans (1 verslagmap)');
    expect(result.stderr).toContain('Er is geen terminal om het te bevestigen.');
    expect(result.stderr).toContain('Voeg --yes toe');
    expect(await snapshot(school)).toEqual(before);
  });

  it('a wrong passphrase, and a folder without a store, in Dutch', async () => {
    const wrong = await runCli(['show', '1001', '--lang', 'nl'], school, { PRIVACY_FILTER_PASSPHRASE: 'niet het wachtwoord' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Het wachtwoord klopt niet: het opent de versleutelde opslag niet.');
    const nowhere = await runCli(['config'], dir, DUTCH_LOCALE);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('geen map .privacy-filter');
    expect(nowhere.stderr).toContain('Voer config uit in de map waar je privacy-filter init');
  });
});
