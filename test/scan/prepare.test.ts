/** The scan's first step, called in-process: every refusal, before anything is written or any model is loaded. */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { describerSettingsKey } from '../../src/faces/describer.js';
import { prepareScan } from '../../src/scan/prepare.js';
import { openOrCreateStore } from '../../src/store/open.js';
import { fixture } from '../helpers/fixtures.js';
import { NO_POOL, scanRequest } from '../helpers/scan-request.js';
import { snapshot } from './cli-helpers.js';

// 1 has public consent; 2 and 3 have none; 3 has no portrait in any of these stores.
const ROSTER = 'Pupil ID,Name,Class,Internal,Group,Public\n1,Barack O,5b,yes,yes,yes\n2,Joe B,5b,yes,yes,no\n3,Sem J,6a,no,no,no\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-prepare-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function school(name: string, enrolled: readonly string[], config: { roster?: string; columns?: Record<string, string> } = {}): Promise<string> {
  const cwd = path.join(dir, name);
  await mkdir(path.join(cwd, 'sportdag'), { recursive: true });
  await writeFile(path.join(cwd, 'roster.csv'), ROSTER);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(cwd, 'sportdag', 'a.jpg'));
  const store = await openOrCreateStore(cwd);
  await store.writeConfig({ roster: config.roster ?? 'roster.csv', portraits: null, columns: config.columns ?? {} });
  await store.writeTemplates({
    describer: describerSettingsKey(),
    templates: enrolled.map((pupilId) => ({ pupilId, descriptors: [new Float32Array(128)] })),
    enrolledAt: Object.fromEntries(enrolled.map((id) => [id, '2026-09-01T00:00:00Z'])),
  });
  return cwd;
}

describe('--unknown keep', () => {
  it('is refused while a pupil without consent for the scope has no template, naming them and saying what to do', async () => {
    const cwd = await school('keep-unenrolled', ['1', '2']);
    const before = await snapshot(cwd);
    const refusal = await prepareScan(scanRequest(cwd, { unknown: 'keep' }), NO_POOL).catch((caught: unknown) => caught);
    expect(refusal).toBeInstanceOf(UserError);
    const text = (refusal as UserError).format();
    expect(text).toMatch(/--unknown keep would publish a pupil without consent for public/);
    expect(text).toMatch(/Sem J \(3, 6a\)/);
    expect(text).not.toMatch(/Joe B/); // enrolled: recognised, so anonymised as a pupil without consent
    expect(text).toMatch(/enroll[\s\S]*--unknown blur, drop or review/);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('works as before once every pupil without consent is enrolled, and for a scope where the unenrolled one has consent', async () => {
    const cwd = await school('keep-enrolled', ['1', '2', '3']);
    await expect(prepareScan(scanRequest(cwd, { unknown: 'keep' }), NO_POOL)).resolves.toMatchObject({ sources: ['a.jpg'] });
    // Pupil 1 has consent everywhere: not enrolled, keeping strangers shows them, which they agreed to.
    const other = await school('keep-consented-unenrolled', ['2', '3']);
    await expect(prepareScan(scanRequest(other, { unknown: 'keep' }), NO_POOL)).resolves.toMatchObject({ sources: ['a.jpg'] });
  });

  it('judges consent per scope: under group 5b, pupil 3 of 6a needs internal consent', async () => {
    const cwd = await school('keep-group', ['1', '2']);
    await expect(prepareScan(scanRequest(cwd, { unknown: 'keep', scope: 'group', className: '5b' }), NO_POOL)).rejects.toThrow(/without consent for group[\s\S]*Sem J/);
  });

  it.each(['blur', 'drop', 'review'] as const)('leaves --unknown %s alone: the scan is prepared as asked, with the pupils left unenrolled', async (unknown) => {
    // Pupils 2 and 3 have no consent for public and no template: only keep would publish them.
    const cwd = await school(`${unknown}-unenrolled`, ['1']);
    const prepared = await prepareScan(scanRequest(cwd, { unknown }), NO_POOL);
    expect(prepared.request.unknown).toBe(unknown);
    expect(prepared.sources).toEqual(['a.jpg']);
    expect(prepared.templates.map((template) => template.pupilId)).toEqual(['1']);
    expect(prepared.targets.map((target) => target.target.scope)).toEqual(['public']);
  });
});

describe('the column mapping', () => {
  const mapping = { id: 'Kind-ID', class: 'Unit', internal: 'Nieuws', group: 'App', public: 'Internet' };

  it('saved by init applies to another roster given with --roster', async () => {
    const cwd = await school('mapping-saved', ['6001'], { columns: mapping });
    await copyFile(fixture('rosters/needs-mapping.csv'), path.join(cwd, 'export-2027.csv'));
    const prepared = await prepareScan(scanRequest(cwd, { roster: 'export-2027.csv' }), NO_POOL);
    expect(prepared.roster.pupils.map((pupil) => [pupil.id, pupil.consent.public])).toEqual([
      ['6001', false],
      ['6002', false],
      ['6003', true],
    ]);
  });

  it('can be given to scan with --column, beside what init saved', async () => {
    const cwd = await school('mapping-flag', ['6001'], { columns: { id: 'Kind-ID', class: 'Unit', internal: 'Nieuws', group: 'App' } });
    await copyFile(fixture('rosters/needs-mapping.csv'), path.join(cwd, 'export.csv'));
    const prepared = await prepareScan(scanRequest(cwd, { roster: 'export.csv', columns: ['public=Internet'] }), NO_POOL);
    expect(prepared.roster.pupils.find((pupil) => pupil.id === '6003')?.consent.public).toBe(true);
    expect(prepared.roster.pupils.find((pupil) => pupil.id === '6002')?.consent.public).toBe(false);
  });
});

describe("the teacher's corrections", () => {
  it('are read while preparing: a damaged file is refused before any engine starts or anything is written', async () => {
    const cwd = await school('corrections-damaged', ['1', '2', '3']);
    const store = await openOrCreateStore(cwd);
    await store.writeDocument('corrections', { photos: 'not what corrections look like' });
    const before = await snapshot(cwd);
    // NO_POOL fails the test if anything starts the pool: the refusal must come first.
    const refusal = await prepareScan(scanRequest(cwd), NO_POOL).catch((caught: unknown) => caught);
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as UserError).message).toMatch(/corrections is damaged/);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('come with the prepared scan, with the faces the teacher named counted', async () => {
    const cwd = await school('corrections-none', ['1']);
    const prepared = await prepareScan(scanRequest(cwd), NO_POOL);
    expect(prepared.taught).toMatchObject({ corrections: new Map(), unfingerprinted: 0, learned: { faces: 0, leftOut: 0 } });
    expect(prepared.taught.templates.map((template) => template.pupilId)).toEqual(['1']);
  });
});
