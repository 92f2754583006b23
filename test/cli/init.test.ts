import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreAndSweep } from '../../src/store/open.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli, snapshot } from '../scan/cli-helpers.js';

const ROSTER = 'Pupil ID,Name,Class,Internal,Group,Public\n1,Barack O,5b,yes,yes,yes\n2,Joe B,5b,yes,yes,no\n';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-init-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('privacy-filter init: bad input', () => {
  it.each([
    ['a roster that does not exist', ['init', '--roster', 'nope.csv'], /nope\.csv/],
    ['a portraits folder that does not exist', ['init', '--roster', 'roster.csv', '--portraits', 'missing'], /portraits folder .*missing does not exist/],
    ['no --roster at all', ['init'], /--roster/],
  ])('refuses %s with exit 2 and writes nothing', async (_label, args, message) => {
    const cwd = path.join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    await mkdir(cwd);
    await writeFile(path.join(cwd, 'roster.csv'), ROSTER);
    const before = await snapshot(cwd);
    const result = await runCli(args, cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(await snapshot(cwd)).toEqual(before);
  });
});

describe('privacy-filter init on the demo', () => {
  it('enrols the pupils with a portrait, names those without, writes the store with relative paths, and says what to do next', async () => {
    const cwd = path.join(dir, 'demo');
    await cp(fixture('demo'), cwd, { recursive: true });
    const result = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Roster roster\.csv: 6 pupils\./);
    expect(result.stdout).toMatch(/Enrolled 2 of 6 pupils/);
    // The same skip report as enroll's: every pupil left without a face, by number and name.
    expect(result.stdout).toMatch(
      /without a usable portrait[^\n]*:\n\s+1003 Sem Jansen \(no portrait found\)\n\s+1004 Sem Bakker \(no portrait found\)\n\s+1005 Noor el Amrani \(no portrait found\)\n\s+1006 Daan Visser \(no portrait found\)\n/,
    );
    expect(result.stdout).toMatch(/Next: privacy-filter scan .* --scope group --class 8a/);
    const store = (await openStoreAndSweep(cwd))!;
    expect(await store.readConfig()).toMatchObject({ roster: 'roster.csv', portraits: 'portraits' });
    const templates = JSON.stringify(await store.readDocument('templates'));
    const enrolled = await store.readTemplates();
    expect(enrolled.templates.map((t) => t.pupilId).sort()).toEqual(['1001', '1002']);
    // Descriptors only: no portrait or its file name may end up in the store.
    expect(templates).not.toMatch(/1001\.jpg|1002\.jpg|portraits/);
  });
});

describe('privacy-filter init with portraits named after the pupils', () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = path.join(dir, 'names');
    await cp(fixture('demo'), cwd, { recursive: true });
    const portraits = path.join(cwd, 'portraits');
    await cp(path.join(portraits, '1001.jpg'), path.join(portraits, 'van Dijk, Barack.jpg'));
    await cp(path.join(portraits, '1002.jpg'), path.join(portraits, 'Vries_Joe_8a.JPG'));
    await rm(path.join(portraits, '1001.jpg'));
    await rm(path.join(portraits, '1002.jpg'));
    await writeFile(path.join(portraits, 'vakantie.jpg'), 'not looked at in a dry run');
  });

  it('--dry-run shows the whole matching, names both pupils of a shared name, and writes nothing', async () => {
    // A second Barack van Dijk, in 8b: the file without a class fits both and must not be guessed.
    const roster = path.join(cwd, 'roster-twee.csv');
    await writeFile(roster, `${await readFile(path.join(cwd, 'roster.csv'), 'utf8')}1007;Barack;van;Dijk;8b;ja;ja;nee\r\n`);
    const before = await snapshot(cwd);
    const result = await runCli(['init', '--roster', 'roster-twee.csv', '--portraits', 'portraits', '--dry-run'], cwd);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/van Dijk, Barack\.jpg\s+-> NOT USED: the name fits 2 pupils: 1001 Barack van Dijk \(8a\), 1007 Barack van Dijk \(8b\)/);
    expect(result.stdout).toMatch(/Vries_Joe_8a\.JPG\s+-> 1002 Joe de Vries \(8a\), by name/);
    expect(result.stdout).toMatch(/vakantie\.jpg\s+-> NOT USED: no pupil with this number or name/);
    expect(result.stdout).toMatch(/No portrait for 6 pupils[^\n]*\n\s+1001 Barack van Dijk \(8a\)/);
    expect(result.stdout).toMatch(/Nothing was enrolled or written \(--dry-run\)/);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('enrols them by name after the dry run', async () => {
    await rm(path.join(cwd, 'portraits', 'vakantie.jpg'));
    const result = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Enrolled 2 of 6 pupils/);
    const enrolled = await (await openStoreAndSweep(cwd))!.readTemplates();
    expect(enrolled.templates.map((t) => t.pupilId).sort()).toEqual(['1001', '1002']);
  });
});
