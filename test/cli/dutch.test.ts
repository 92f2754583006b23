/**
 * The CLI in Dutch under a Dutch locale, English under C or with --lang en (issue 25). The tests' environment fixes
 * LANG and LC_ALL to C (test/helpers/env.ts), so each run here says its locale itself.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedDate } from '../../src/cli/recheck.js';
import { fixture } from '../helpers/fixtures.js';
import { repoRoot } from '../helpers/shared.js';
import { runCli } from '../scan/cli-helpers.js';

/** A Dutch teacher's terminal: LANG set, LC_ALL not (as on most Linux and macOS systems). */
const DUTCH = { LANG: 'nl_NL.UTF-8', LC_ALL: undefined };
const roster = (name: string): string => path.join('fixtures', 'rosters', name);

describe('privacy-filter under a Dutch locale', () => {
  it('shows its help in Dutch, commander\'s own words included', async () => {
    const { code, stdout } = await runCli(['--help'], repoRoot, DUTCH);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Gebruik: privacy-filter \[opties\] \[opdracht\]$/mu);
    expect(stdout).toMatch(/^Opties:$/mu);
    expect(stdout).toMatch(/^Opdrachten:$/mu);
    expect(stdout).toContain('toon de hulp bij deze opdracht');
    expect(stdout).toMatch(/scan \[opties\] <fotomap> +Kopieer een map met foto's/u);
    expect(stdout).not.toMatch(/Usage:|Options:|Commands:|display help/u);
  });

  it('explains a command in Dutch, its choices and defaults too', async () => {
    const { stdout } = await runCli(['scan', '--help'], repoRoot, DUTCH);
    expect(stdout).toMatch(/^Argumenten:\n {2}fotomap +de map met foto's/mu);
    const unwrapped = stdout.replace(/\s+/gu, ' ');
    expect(unwrapped).toContain('--action <actie> een gezicht dat niet getoond mag worden: vervaag het, of laat de hele foto weg (kies uit: "blur", "drop", standaard: "blur")');
    expect(stdout).not.toMatch(/choices:|default:/u);
  });

  it('says what is wrong with the command line in Dutch', async () => {
    const unknown = await runCli(['scan', 'sportdag', '--scoop', 'public'], repoRoot, DUTCH);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^fout: onbekende optie '--scoop'\n\(Bedoel je --scope\?\)\n\(gebruik --help om te zien hoe het werkt\)/u);
    const bad = await runCli(['scan', 'sportdag', '--quality', '200'], repoRoot, DUTCH);
    expect(bad.stderr).toContain(`fout: '200' is geen geldige waarde voor de optie '--quality <n>'. Verwacht een heel getal van 1 tot en met 100, maar kreeg "200".`);
  });

  it('names the file and line of a roster problem, in Dutch', async () => {
    const one = await runCli(['roster', 'check', roster('broken-duplicate-id.csv')], repoRoot, DUTCH);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(
      new RegExp(`^privacy-filter: ${roster('broken-duplicate-id.csv').replaceAll('.', '\\.')}:4, kolom "Leerlingnummer": leerlingnummer "7101" staat ook op regel 2\n  Elke leerling`, 'u'),
    );
    const many = await runCli(['roster', 'check', roster('broken-bad-value.csv')], repoRoot, DUTCH);
    expect(many.stderr).toContain(`privacy-filter: ${roster('broken-bad-value.csv')}: de lijst bevat 2 fouten; er is niets ingelezen:`);
    expect(many.stderr).toContain(`  regel 3, kolom "Foto's in de groep": "misschien" is geen ja- of nee-antwoord`);
    expect(many.stderr).toContain('  Schrijf ja of nee in de cellen met toestemming');
  });

  it('reads a roster back in Dutch', async () => {
    const { code, stdout } = await runCli(['roster', 'check', roster('several-public.csv')], repoRoot, DUTCH);
    expect(code).toBe(0);
    expect(stdout).toContain('4 leerlingen in 2 groepen; leerlingen met toestemming:');
    expect(stdout).toMatch(/Voornamen +→ +niet gebruikt: "Roepnaam" wordt gebruikt als roepnaam/u);
    expect(stdout).toMatch(/^Let op:\n {2}- "Schoolgids" en "Website" en "Social media" tellen allemaal als toestemming voor publiek/mu);
  });

  it('speaks English with --lang en, and Dutch with --lang nl under C', async () => {
    const english = await runCli(['--lang', 'en', 'roster', 'check', roster('broken-bad-value.csv')], repoRoot, DUTCH);
    expect(english.stderr).toContain('the roster has 2 problems; nothing was read:');
    expect(english.stderr).toContain(`  line 3, column "Foto's in de groep": "misschien" is not a yes or no answer`);
    expect((await runCli(['--help', '--lang=en'], repoRoot, DUTCH)).stdout).toMatch(/^Usage: privacy-filter \[options\] \[command\]$/mu);
    expect((await runCli(['roster', '--lang', 'nl', 'check', '--help'], repoRoot)).stdout).toMatch(/^Gebruik: privacy-filter roster check/mu);
  });

  it('speaks English under C, as the rest of the tests expect', async () => {
    const { stdout } = await runCli(['--help'], repoRoot);
    expect(stdout).toMatch(/^Usage: privacy-filter \[options\] \[command\]$/mu);
    expect(stdout).toContain('display help for command');
    const error = await runCli(['roster', 'check', roster('broken-bad-value.csv')], repoRoot, { LANG: 'C', LC_ALL: undefined });
    expect(error.stderr).toContain('the roster has 2 problems');
  });

  it('writes a date in the language of the sentence around it', () => {
    // recheck used to put a Dutch date into its English text.
    expect(publishedDate('2026-12-06T16:15:00Z', 'nl')).toBe('6 december 2026 om 16:15');
    expect(publishedDate('2026-12-06T16:15:00Z', 'en')).toBe('6 December 2026 at 16:15');
    expect(publishedDate('not a date', 'nl')).toBe('not a date');
  });
});

const demoFixtures = fixture('demo');
describe.skipIf(!existsSync(path.join(demoFixtures, 'roster.csv')))('privacy-filter demo under a Dutch locale', () => {
  it('reads Dutch: its steps, the roster check, the scan summary and where everything is', async () => {
    const cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-demo-nl-'));
    try {
      const { code, stdout, stderr } = await runCli(['demo', '--folder', 'demo'], cwd, DUTCH);
      expect(code, stderr).toBe(0);
      expect(stdout).toContain(`De demo draait in ${path.join(cwd, 'demo')}: een verzonnen leerlingenlijst met zes leerlingen`);
      expect(stdout).toContain('== De leerlingenlijst controleren: privacy-filter roster check roster.csv');
      expect(stdout).toContain('6 leerlingen in 2 groepen; leerlingen met toestemming:');
      expect(stdout).toMatch(/^3 foto's gescand voor publiek\.$/mu);
      expect(stdout).toMatch(/^ {2}gepubliceerd met gezichten onherkenbaar gemaakt: \d+$/mu);
      expect(stdout).toMatch(/^Verslag: .*report\.html$/mu);
      expect(stdout).toContain('Waar alles staat:');
      expect(stdout).toContain('Bekijk daarna de scan en verbeter hem in je browser:');
      // The demo's own words and the scan's summary: none of them left in English.
      expect(stdout).not.toMatch(/The demo runs|Where everything is|Scanned \d+ photos|published as is|Output:|Report:/u);
      expect(stderr).toMatch(/foto's 100%/u);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
