import { mkdtemp, mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkDescriber, type TemplateSet } from '../../src/store/documents/templates.js';
import { openOrCreateStore, openStoreAndSweep } from '../../src/store/open.js';
import { STORE_DIR } from '../../src/store/store.js';
import { caughtUserError } from '../helpers/user-error.js';

function descriptor(seed: number): Float32Array {
  return Float32Array.from({ length: 128 }, (_, i) => Math.sin(seed * 1000 + i) / 3);
}

const SET: TemplateSet = {
  describer: 'facenet-v1:align=5pt:min=32',
  templates: [
    { pupilId: '1001', descriptors: [descriptor(1), descriptor(2)] },
    { pupilId: '1002', descriptors: [descriptor(3)] },
  ],
  enrolledAt: { '1001': '2025-09-01T08:00:00.000Z', '1002': '2025-09-02T08:00:00.000Z' },
};

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pf-store-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('openOrCreateStore', () => {
  it('makes .privacy-filter with a .gitignore that ignores everything in it', async () => {
    const store = await openOrCreateStore(tmp);
    expect(store.dir).toBe(path.join(tmp, STORE_DIR));
    expect(store.root).toBe(tmp);
    const gitignore = await readFile(path.join(store.dir, '.gitignore'), 'utf8');
    expect(gitignore.split('\n')).toContain('*');
    expect((await stat(store.cacheDir)).isDirectory()).toBe(true);
  });

  it('starts empty: no config, no templates', async () => {
    const store = await openOrCreateStore(tmp);
    expect(await store.readConfig()).toBeNull();
    expect((await store.readTemplates()).templates).toEqual([]);
  });
});

describe('openStoreAndSweep', () => {
  it('walks up from a nested folder to the folder holding the store, like git', async () => {
    await openOrCreateStore(tmp);
    const deep = path.join(tmp, 'sportdag', '2025', 'telefoon');
    await mkdir(deep, { recursive: true });
    const found = await openStoreAndSweep(deep);
    expect(found?.root).toBe(tmp);
  });

  it('prefers the nearest store', async () => {
    await openOrCreateStore(tmp);
    const inner = path.join(tmp, 'groep5');
    await mkdir(inner);
    await openOrCreateStore(inner);
    expect((await openStoreAndSweep(inner))?.root).toBe(inner);
  });

  it('returns null when there is none up to the file-system root', async () => {
    expect(await openStoreAndSweep(tmp)).toBeNull();
  });

  it('ignores a file named .privacy-filter', async () => {
    await writeFile(path.join(tmp, STORE_DIR), 'not a folder');
    expect(await openStoreAndSweep(tmp)).toBeNull();
  });
});

describe('templates', () => {
  it('round-trips descriptors exactly, with enrolment dates', async () => {
    const store = await openOrCreateStore(tmp);
    await store.writeTemplates(SET);
    const back = await store.readTemplates();
    expect(back.describer).toBe(SET.describer);
    expect(back.templates.map((t) => t.pupilId)).toEqual(['1001', '1002']);
    expect(back.templates[0]?.descriptors[1]).toEqual(descriptor(2));
    expect(back.enrolledAt['1002']).toBe('2025-09-02T08:00:00.000Z');
  });

  it('keeps only ids, dates and base64 descriptors in the document', async () => {
    const store = await openOrCreateStore(tmp);
    await store.writeTemplates(SET);
    const json = (await store.readDocument('templates')) as { pupils: Record<string, unknown>[] };
    for (const pupil of json.pupils) expect(Object.keys(pupil).sort()).toEqual(['descriptors', 'enrolledAt', 'id']);
    expect(typeof (json.pupils[0]?.['descriptors'] as unknown[])[0]).toBe('string');
  });

  it('is readable only by its owner', async () => {
    const store = await openOrCreateStore(tmp);
    await store.writeTemplates(SET);
    const mode = (await stat(store.documentFile('templates'))).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
  });

  it.each([
    ['not JSON', '{"version":1,"describer":"x","pupi'],
    ['a wrong version', JSON.stringify({ version: 99, describer: 'x', pupils: [] })],
    ['a short descriptor', JSON.stringify({ version: 1, describer: 'x', pupils: [{ id: '1', enrolledAt: 'x', descriptors: ['AAAA'] }] })],
    ['a pupil without descriptors', JSON.stringify({ version: 1, describer: 'x', pupils: [{ id: '1', enrolledAt: 'x', descriptors: [] }] })],
    ['a duplicate pupil', JSON.stringify({ version: 1, describer: 'x', pupils: [1, 2].map(() => ({ id: '1', enrolledAt: 'x', descriptors: [Buffer.alloc(512).toString('base64')] })) })],
  ])('refuses a damaged templates.json (%s) and says to enrol again', async (_label, content) => {
    // In clear (--no-encrypt), so that the test can write any bytes; the checks after decrypting are the same.
    const store = await openOrCreateStore(tmp, { encrypt: false });
    await writeFile(path.join(store.dir, 'templates.json'), content);
    const error = await caughtUserError(store.readTemplates());
    expect(error.hint).toMatch(/privacy-filter enroll/);
    expect(error.place.file).toBe(path.join(store.dir, 'templates.json'));
    expect(error.message).toMatch(/damaged/);
  });

  it('refuses templates made by another describer, naming the file and how to fix it', async () => {
    const store = await openOrCreateStore(tmp);
    await store.writeTemplates(SET);
    const file = path.join(store.dir, 'templates.json');
    const error = (() => {
      try {
        checkDescriber(SET, 'facenet-v2', file);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).hint).toMatch(/enroll again/);
    expect((error as UserError).place.file).toBe(file);
    expect(() => checkDescriber(SET, SET.describer, file)).not.toThrow();
  });

  it('lets an empty set pass any describer (nothing to compare)', () => {
    expect(() => checkDescriber({ describer: '', templates: [], enrolledAt: {} }, 'k', 'f')).not.toThrow();
  });
});

describe('config', () => {
  it('round-trips', async () => {
    const store = await openOrCreateStore(tmp);
    const config = { roster: 'leerlingen.csv', portraits: 'portretten', columns: { id: 'leerlingnummer' } };
    await store.writeConfig(config);
    expect(await store.readConfig()).toEqual(config);
  });

  it.each([
    ['not JSON', '{'],
    ['no roster', JSON.stringify({ version: 1, portraits: null, columns: {} })],
    ['a numeric column', JSON.stringify({ version: 1, roster: 'a.csv', portraits: null, columns: { id: 3 } })],
  ])('refuses a damaged config.json (%s) and says what rebuilds it', async (_label, content) => {
    const store = await openOrCreateStore(tmp, { encrypt: false });
    await writeFile(path.join(store.dir, 'config.json'), content);
    const error = await caughtUserError(store.readConfig());
    expect(error.hint).toMatch(/enroll.*init/);
  });
});
