import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { enrol, enrolForScan, type EnrolOptions } from '../../src/enrol/enrol.js';
import { formatEnrolment } from '../../src/enrol/report.js';
import { nextTemplateSet } from '../../src/enrol/templates.js';
import type { Template } from '../../src/faces/engine-types.js';
import { enrollPupils, type PortraitDescriber } from '../../src/enrol/portraits.js';
import type { PortraitOutcome } from '../../src/faces/portrait.js';
import { readRoster } from '../../src/roster/read.js';
import type { TemplateSet } from '../../src/store/documents/templates.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { snapshot } from '../scan/cli-helpers.js';

// A stub describer that decides by file name: `<id>.png` is a face whose descriptor is filled with a number derived
// from the name, `<id>.none.png`-like names are skipped. The files themselves only need to exist.
const FACE_OF: Record<string, number> = { '1001.png': 0.1, '1002.png': 0.2, 'zomer.png': 0.3, 'winter.png': 0.4 };
function stub(overrides: Partial<PortraitDescriber> = {}): PortraitDescriber {
  return {
    concurrency: 3,
    describerKey: 'stub-describer-v1',
    describePortrait: async (file): Promise<PortraitOutcome> => {
      const value = FACE_OF[path.basename(file)];
      return value === undefined ? { kind: 'skip', reason: { en: 'no face found', nl: 'geen gezicht gevonden' } } : { kind: 'ok', descriptor: new Float32Array(128).fill(value) };
    },
    ...overrides,
  };
}

const ROSTER = 'Leerlingnummer;Roepnaam;Achternaam;Groep;Intern;Groep app;Publiek\n1001;Sem;Jansen;5b;ja;ja;ja\n1002;Noor;Bakker;5b;ja;ja;nee\n1003;Daan;Visser;5b;nee;nee;nee\n';
const COLUMNS = ['internal=Intern', 'group=Groep app', 'public=Publiek'];

let work: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: work, cleanup } = await makeTempDir('pf-enrol-'));
  await mkdir(path.join(work, 'portretten', '1002'), { recursive: true });
  for (const rel of ['1001.png', '1002/zomer.png', '1002/winter.png', '1003.png']) await writeFile(path.join(work, 'portretten', rel), '');
  await writeFile(path.join(work, 'leerlingen.csv'), ROSTER);
});
afterEach(async () => {
  await cleanup();
});

function options(over: Partial<EnrolOptions> & Pick<EnrolOptions, 'templates' | 'store'>): EnrolOptions {
  return { cwd: work, roster: 'leerlingen.csv', portraits: 'portretten', column: COLUMNS, describeWith: stub(), ...over };
}

/** The UserError's text as the CLI prints it (with file and hint); fails when the promise resolves or throws a bug. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const caught = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(UserError);
  return (caught as UserError).format();
}

async function enrolledIds(dir = work): Promise<string[]> {
  const set = await (await openStoreAndSweep(dir))?.readTemplates();
  return (set?.templates ?? []).map((t) => t.pupilId).sort();
}

describe('enrol: replace (init) and merge (enroll)', () => {
  it('replace drops pupils enrolled before and not now, and says so; merge keeps them', async () => {
    await enrol(options({ templates: 'replace', store: 'here' }));
    expect(await enrolledIds()).toEqual(['1001', '1002']);
    await rm(path.join(work, 'portretten', '1001.png'));

    const merged = await enrol(options({ templates: 'merge', store: 'nearest' }));
    expect(await enrolledIds()).toEqual(['1001', '1002']);
    expect(formatEnrolment(merged, work).join('\n')).toMatch(/the face enrolled earlier is kept:\n\s+1001 Sem Jansen \(enrolled /);
    expect(formatEnrolment(merged, work, 'nl').join('\n')).toMatch(/het eerder ingelezen gezicht blijft bewaard:\n\s+1001 Sem Jansen \(ingelezen op /);

    const replaced = await enrol(options({ templates: 'replace', store: 'here' }));
    expect(await enrolledIds()).toEqual(['1002']);
    expect(replaced.next.replaced).toEqual(['1001']);
    const out = formatEnrolment(replaced, work).join('\n');
    expect(out).toMatch(/No longer enrolled \(init starts afresh\): 1001 Sem Jansen\./);
    expect(formatEnrolment(replaced, work, 'nl').join('\n')).toMatch(/Niet meer ingelezen \(init begint opnieuw\): 1001 Sem Jansen\./);
    expect(out).not.toMatch(/enrolled earlier is kept/);
  });

  it('"here" makes its own store below another working folder; "nearest" enrols into the one above', async () => {
    await enrol(options({ templates: 'replace', store: 'here' }));
    const sub = path.join(work, 'klas-5b');
    await mkdir(sub);
    await enrol(options({ cwd: sub, roster: '../leerlingen.csv', portraits: '../portretten', templates: 'merge', store: 'nearest' }));
    expect(existsSync(path.join(sub, '.privacy-filter'))).toBe(false);
    await enrol(options({ cwd: sub, roster: '../leerlingen.csv', portraits: '../portretten', templates: 'replace', store: 'here' }));
    expect((await openStoreAndSweep(sub))?.root).toBe(sub);
    expect(await (await openStoreAndSweep(sub))?.readConfig()).toMatchObject({ roster: '../leerlingen.csv', portraits: '../portretten' });
  });

  it('a later enroll takes roster, portraits and the column mapping from the store, also with a new roster path', async () => {
    await enrol(options({ templates: 'replace', store: 'here' }));
    // A new export of the same administration, saved elsewhere: the headers the mapping names are the same.
    await writeFile(path.join(work, 'export-2027.csv'), `${ROSTER}1004;Lot;Smit;5b;ja;ja;ja\n`);
    const again = await enrol({ cwd: work, roster: 'export-2027.csv', templates: 'merge', store: 'nearest', describeWith: stub() });
    expect(again.roster.pupils.map((p) => p.consent.public)).toEqual([true, false, false, true]);
    expect(again.portraitsDir).toBe(path.join(work, 'portretten'));
    expect((await (await openStoreAndSweep(work))?.readConfig())?.columns).toEqual({ internal: 'Intern', group: 'Groep app', public: 'Publiek' });
  });
});

describe('enrol: refusals write nothing', () => {
  it.each([
    ['a roster that does not exist', { roster: 'nope.csv' }, /nope\.csv/],
    ['a portraits folder that does not exist', { portraits: 'missing' }, /portraits folder .*missing does not exist/],
    ['no roster given or saved', { roster: null }, /Which roster/],
  ] as const)('%s, in either mode', async (_label, over, message) => {
    const before = await snapshot(work);
    for (const mode of [{ templates: 'replace', store: 'here' }, { templates: 'merge', store: 'nearest' }] as const) {
      const { roster, ...given } = { ...options(mode), ...over };
      expect(await refusal(enrol({ ...given, ...(roster != null ? { roster } : {}) }))).toMatch(message);
    }
    expect(await snapshot(work)).toEqual(before);
  });

  it('refuses when no portrait gives a face, listing why, and leaves the enrolled faces as they were', async () => {
    await enrol(options({ templates: 'replace', store: 'here' }));
    const file = (await openStoreAndSweep(work))!.documentFile('templates');
    const templates = await readFile(file);
    const nothing = stub({ describePortrait: async () => ({ kind: 'skip', reason: { en: 'no face found', nl: 'geen gezicht gevonden' } }) });
    for (const templatesMode of ['replace', 'merge'] as const) {
      await expect(enrol(options({ templates: templatesMode, store: 'nearest', describeWith: nothing }))).rejects.toThrow(
        /No face could be enrolled from any portrait\.\n(.*\n)*\s+portretten\/1003\.png \(1003\): no face found/,
      );
    }
    // In Dutch too, the skip report inside the refusal included (issue 25).
    const dutch = await enrol(options({ templates: 'merge', store: 'nearest', describeWith: nothing })).catch((caught: unknown) => (caught as UserError).format('nl'));
    expect(dutch).toMatch(/Uit geen enkele portretfoto kon een gezicht worden ingelezen\.\n(.*\n)*Portretfoto's die niet zijn gebruikt:\n(.*\n)*\s+portretten\/1003\.png \(1003\)/);
    expect((await readFile(file)).equals(templates)).toBe(true);
  });

  it('refuses a portraits folder in which nothing matches a pupil before describing anything', async () => {
    await mkdir(path.join(work, 'leeg'));
    await writeFile(path.join(work, 'leeg', 'IMG_0001.jpg'), '');
    const describePortrait = async (): Promise<PortraitOutcome> => {
      throw new Error('no portrait should be described');
    };
    await expect(enrol(options({ portraits: 'leeg', templates: 'merge', store: 'nearest', describeWith: stub({ describePortrait }) }))).rejects.toThrow(/No portrait matches/);
    expect(existsSync(path.join(work, '.privacy-filter'))).toBe(false);
  });
});

describe('enrolForScan (scan --portraits)', () => {
  it('gives the templates and the same skip report, and stores nothing', async () => {
    const roster = await readRoster(path.join(work, 'leerlingen.csv'), { columns: { internal: 'Intern', group: 'Groep app', public: 'Publiek' } });
    const { templates, notes } = await enrolForScan(roster, path.join(work, 'portretten'), { cwd: work, describeWith: async () => stub() });
    expect(templates.map((t) => [t.pupilId, t.descriptors.length])).toEqual([['1001', 1], ['1002', 2]]);
    expect(notes.en).toMatch(/Portraits not used:\n\s+portretten\/1003\.png \(1003\): no face found/);
    expect(notes.nl).toMatch(/Portretfoto's die niet zijn gebruikt:\n\s+portretten\/1003\.png \(1003\): geen gezicht gevonden/);
    expect(existsSync(path.join(work, '.privacy-filter'))).toBe(false);
  });
});

describe('describing on several workers', () => {
  it('keeps roster and file order whatever order the portraits finish in', async () => {
    // Every portrait in flight at once, answered last one first: the worst order a pool can give.
    const waiting: (() => void)[] = [];
    const started = stub();
    const reversed = stub({
      concurrency: 10,
      describePortrait: (file) =>
        new Promise((resolve) => {
          waiting.push(() => void started.describePortrait(file).then(resolve));
          if (waiting.length === 4) for (const answer of waiting.reverse()) answer();
        }),
    });
    const roster = await readRoster(path.join(work, 'leerlingen.csv'), { columns: {} });
    const inOrder = await enrollPupils(roster, path.join(work, 'portretten'), stub({ concurrency: 1 }));
    const outOfOrder = await enrollPupils(roster, path.join(work, 'portretten'), reversed);
    expect(outOfOrder).toEqual(inOrder);
    expect(inOrder.templates.map((t) => [t.pupilId, [...t.descriptors.map((d) => d[0])]])).toEqual([
      ['1001', [Math.fround(0.1)]],
      ['1002', [Math.fround(0.4), Math.fround(0.3)]],
    ]);
  });
});

describe('nextTemplateSet', () => {
  const d = (v: number) => new Float32Array(128).fill(v);
  const t = (pupilId: string, ...values: number[]): Template => ({ pupilId, descriptors: values.map(d) });
  const previous: TemplateSet = { describer: 'k1', templates: [t('1', 0.1), t('2', 0.2)], enrolledAt: { '1': 'A', '2': 'B' } };

  it.each([
    ['merge', ['1', '2'], { '1': 'NOW', '2': 'B' }, [], ['2']],
    ['replace', ['1'], { '1': 'NOW' }, ['2'], []],
  ] as const)('%s', (mode, ids, enrolledAt, replaced, kept) => {
    const next = nextTemplateSet(previous, [t('1', 0.5)], 'k1', 'NOW', mode);
    expect(next.set.templates.map((x) => x.pupilId)).toEqual(ids);
    expect(next.set.enrolledAt).toEqual(enrolledAt);
    expect(next.replaced).toEqual(replaced);
    expect(next.kept).toEqual(kept);
  });

  it('drops templates of another describer in either mode', () => {
    for (const mode of ['merge', 'replace'] as const) {
      const next = nextTemplateSet(previous, [t('1', 0.5)], 'k2', 'NOW', mode);
      expect(next.set.templates.map((x) => x.pupilId)).toEqual(['1']);
      expect(next.droppedOutdated).toBe(2);
      expect(next.replaced).toEqual([]);
    }
  });
});
