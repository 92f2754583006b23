import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedFaces, shared } from '../helpers/shared.js';
import { ensureBuilt, runCli, snapshot } from '../scan/cli-helpers.js';

const ROSTER = 'Pupil ID,Name,Class,Internal,Group,Public\n1,Barack O,5b,yes,yes,yes\n2,Joe B,5b,yes,yes,no\n';

let dir: string;

beforeAll(async () => {
  ensureBuilt();
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

describe.skipIf(!hasSharedFaces)('privacy-filter init with real portraits', () => {
  it('enrols both pupils, writes the store with a relative roster path, and says what to do next', async () => {
    const cwd = path.join(dir, 'school');
    await mkdir(path.join(cwd, 'portraits'), { recursive: true });
    await writeFile(path.join(cwd, 'roster.csv'), ROSTER);
    await copyFile(shared('identities/face_recognition/obama/01.jpg'), path.join(cwd, 'portraits', '1.jpg'));
    await copyFile(shared('identities/face_recognition/biden/01.jpg'), path.join(cwd, 'portraits', '2.jpg'));
    const result = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Enrolled 2 of 2 pupils/);
    expect(result.stdout).toMatch(/Next: privacy-filter scan/);
    const config = JSON.parse(await readFile(path.join(cwd, '.privacy-filter', 'config.json'), 'utf8')) as { roster: string; portraits: string };
    expect(config).toMatchObject({ roster: 'roster.csv', portraits: 'portraits' });
    const templates = JSON.parse(await readFile(path.join(cwd, '.privacy-filter', 'templates.json'), 'utf8')) as unknown;
    // Descriptors only: no portrait file name may end up in the store.
    expect(JSON.stringify(templates)).not.toMatch(/1\.jpg|2\.jpg/);
  });
});
