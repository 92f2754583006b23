import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Consent } from '../../src/policy/types.js';
import { parseColumnMapping, parseRoster, readRoster, type RosterOptions } from '../../src/roster/read.js';
import { repoRoot } from '../helpers/shared.js';
import { msg } from '../../src/i18n/messages.js';
import type { Text } from '../../src/i18n/text.js';

/** The English of each warning (what these tests were written against; Dutch is checked in test/cli/dutch.test.ts). */
const english = (texts: readonly Text[]): string[] => texts.map((text) => text.en);

const fixture = (name: string): string => path.join(repoRoot, 'fixtures', 'rosters', name);

const c = (internal: boolean, group: boolean, pub: boolean): Consent => ({ internal, group, public: pub });

/** Runs `fn`, expecting a UserError, and returns it. */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (caught) {
    if (caught instanceof UserError) return caught;
    throw caught;
  }
  throw new Error('expected a UserError, got none');
}

async function userErrorAsync(fn: () => Promise<unknown>): Promise<UserError> {
  try {
    await fn();
  } catch (caught) {
    if (caught instanceof UserError) return caught;
    throw caught;
  }
  throw new Error('expected a UserError, got none');
}

describe('readRoster on realistic exports', () => {
  const cases: {
    file: string;
    options?: RosterOptions;
    pupils: [id: string, name: string, className: string, consent: Consent, photo: string | null, line: number][];
    warnings?: RegExp[];
  }[] = [
    {
      file: 'nl-semicolon-bom.csv',
      pupils: [
        ['10231', 'Sem de Vries', '5b', c(true, true, false), null, 2],
        ['10232', 'Sem Jansen', '5b', c(false, true, false), null, 3],
        ['10233', 'Noor van der Berg', '5b', c(true, true, true), null, 4],
        // Line 5's remark holds a quoted line break: the next pupil is still Excel's row 6.
        ['10234', 'Lotte Bakker', '5a', c(false, false, false), null, 5],
        ['10235', 'Daan Visser', '5a', c(true, true, true), null, 6],
        // An empty public cell is no consent.
        ['10236', 'Fatima el Amrani', '5a', c(false, true, false), null, 7],
      ],
      warnings: [/"Opmerking" was not used/],
    },
    {
      file: 'en-comma.csv',
      pupils: [
        ['1001', 'Emma Smith', '4A', c(true, true, false), 'portraits/1001.jpg', 2],
        ['1002', 'Liam Jones', '4A', c(true, true, true), 'portraits/1002.jpg', 3],
        ['1003', 'Jones, Olivia', '4B', c(false, true, false), null, 4],
        ['1004', 'Noah Brown', '4B', c(true, false, false), 'portraits/1004.jpg', 5],
        ['1005', 'Ava Taylor', '4B', c(true, true, false), 'portraits/1005.jpg', 6],
      ],
    },
    {
      file: 'tab-separated.tsv',
      pupils: [
        ['2001', 'Jesse Mulder', '6', c(true, true, false), null, 2],
        ['2002', 'Zoë de Graaf', '6', c(false, true, false), null, 3],
        ['2003', 'Mila Smit', '6', c(true, true, true), null, 4],
        ['2004', 'Luuk Meijer', '6', c(true, false, false), null, 5],
      ],
    },
    {
      file: 'list-form.csv',
      pupils: [
        ['3001', 'Sara Bos', '3a', c(true, true, false), null, 2],
        ['3002', 'Milan Dekker', '3a', c(true, true, false), null, 3],
        ['3003', 'Julia Hendriks', '3b', c(false, false, true), null, 4],
        ['3004', 'Finn Peters', '3b', c(false, false, false), null, 5],
        ['3005', 'Tess Vos', '3b', c(true, true, true), null, 6],
      ],
    },
    {
      file: 'windows-1252.csv',
      pupils: [
        ['4001', 'Renée Dijkstra', '7', c(true, true, false), null, 2],
        ['4002', 'Chloë Koster', '7', c(true, true, true), null, 3],
        ['4003', 'Joël Prins', '8', c(false, true, false), null, 4],
      ],
      warnings: [/Windows-1252/],
    },
    {
      file: 'several-public.csv',
      pupils: [
        ['5001', 'Bram Willems', '2a', c(true, true, true), null, 2],
        // Website yes but Social media no: no public consent.
        ['5002', 'Sem Jacobs', '2a', c(true, true, false), null, 3],
        // Schoolgids no: no public consent.
        ['5003', 'Sem van Dam', '2b', c(true, true, false), null, 4],
        ['5004', 'Yara Claes', '2b', c(false, true, false), null, 5],
      ],
      warnings: [/"Schoolgids" and "Website" and "Social media" all count as public consent/, /"Voornamen" was not used/, /"Jaargroep" was not used/],
    },
    {
      file: 'needs-mapping.csv',
      options: {
        // Kind-ID and the names are recognised once "kind" is read as a filler word; the rest needs a mapping.
        columns: { class: 'UNIT', internal: 'Nieuws', group: 'App', public: 'Internet' },
      },
      pupils: [
        // The name parts are joined in name order (roepnaam, tussenvoegsel, achternaam), not file order.
        ['6001', 'Lieke Smit', 'Unit 1-2', c(true, true, false), null, 2],
        ['6002', 'Levi de Wit', 'Unit 1-2', c(false, true, false), null, 3],
        ['6003', 'Anna Kok', 'Unit 3-4', c(true, true, true), null, 4],
      ],
    },
  ];

  it.each(cases)('$file', async ({ file, options, pupils, warnings }) => {
    const roster = await readRoster(fixture(file), options);
    expect(roster.pupils.map((p) => [p.id, p.name, p.className, p.consent, p.photo, p.line])).toEqual(pupils);
    for (const warning of warnings ?? []) expect(english(roster.warnings).join('\n')).toMatch(warning);
    if (warnings == null) expect(roster.warnings).toEqual([]);
  });

  it('shows which header became which field', async () => {
    const roster = await readRoster(fixture('nl-semicolon-bom.csv'));
    expect(roster.columns?.map((col) => [col.header, col.column, col.role])).toEqual([
      ['Leerlingnummer', 1, { kind: 'id' }],
      ['Roepnaam', 2, { kind: 'name-part', part: 'first' }],
      ['Tussenvoegsel', 3, { kind: 'name-part', part: 'infix' }],
      ['Achternaam', 4, { kind: 'name-part', part: 'last' }],
      ['Groep', 5, { kind: 'class' }],
      ["Foto's in de groep", 6, { kind: 'consent', scope: 'group' }],
      ['Nieuwsbrief', 7, { kind: 'consent', scope: 'internal' }],
      ["Foto's op website", 8, { kind: 'consent', scope: 'public' }],
      ['Opmerking', 9, { kind: 'ignored', why: msg.roster.whyUnknown }],
    ]);
  });

  it('reads a file that is missing as a UserError naming it', async () => {
    const error = await userErrorAsync(() => readRoster(fixture('no-such-roster.csv')));
    expect(error.place.file).toBe(fixture('no-such-roster.csv'));
    expect(error.message).toMatch(/does not exist/);
  });
});

describe('broken rosters: every problem, with line and column', () => {
  const cases: { file: string; options?: RosterOptions; format: string[] }[] = [
    {
      file: 'broken-bad-value.csv',
      format: [
        'the roster has 2 problems',
        `line 3, column "Foto's in de groep": "misschien" is not a yes or no answer`,
        `line 4, column "Foto's op website": "nog navragen" is not a yes or no answer`,
        'Write ja or nee',
      ],
    },
    { file: 'broken-duplicate-id.csv', format: [':4, column "Leerlingnummer": pupil id "7101" is also on line 2', 'own pupil number'] },
    {
      file: 'broken-missing-id.csv',
      format: ['line 3, column "Leerlingnummer": this row has no pupil id', 'line 4, column "Groep": this row has no class'],
    },
    { file: 'broken-no-consent.csv', format: [':1: no consent columns found', '"Geboortedatum"', '--column public='] },
    { file: 'broken-unquoted-list.csv', format: [':2, column 5: this row has more cells than there are headers', 'contains a ";" without quotes'] },
    { file: 'needs-mapping.csv', format: [':1: no column with the class (groep)', '"Unit"', '--column class='] },
    {
      file: 'needs-mapping.csv',
      options: { columns: { public: 'Foto website' } },
      format: ['--column public="Foto website": there is no column with that header', 'The headers in this file are: "Kind-ID", "Achternaam kind"'],
    },
  ];

  it.each(cases)('$file $options', async ({ file, options, format }) => {
    const error = await userErrorAsync(() => readRoster(fixture(file), options));
    const text = error.format();
    expect(text).toContain(fixture(file));
    for (const part of format) expect(text).toContain(part);
  });

  it('lists at most 20 row problems and counts the rest', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i + 1};Kind ${i};5b;misschien`).join('\n');
    const error = userError(() => parseRoster(`id;naam;groep;intern\n${rows}\n`, 'r.csv'));
    expect(error.message).toMatch(/^the roster has 25 problems/);
    expect(error.message).toContain('line 21, column "intern"');
    expect(error.message).not.toContain('line 22,');
    expect(error.message).toContain('… and 5 more');
  });
});

describe('parseRoster: headers', () => {
  const consentOf = (csv: string, options?: RosterOptions): Consent | undefined => parseRoster(csv, 'r.csv', options).pupils[0]?.consent;

  it.each([
    // [header, the scope a "ja" in it grants]
    ['Toestemming intern', 'internal'],
    ['Intern', 'internal'],
    ['Nieuwsbrief', 'internal'],
    ["Foto's in de groep", 'group'],
    ['Groepsapp', 'group'],
    ['Toestemming groep', 'group'],
    ['group', 'group'],
    ['Toestemming publiek', 'public'],
    ["Foto's op website", 'public'],
    ['FOTO’S OP WEBSITE', 'public'],
    ['Website', 'public'],
    ['Social media', 'public'],
    ['Schoolgids', 'public'],
    ['Toestemming publiek (website)', 'public'],
  ] as const)('%s → %s', (header, scope) => {
    const consent = consentOf(`Leerlingnummer;Naam;Groep;${header}\n1;Sem;5b;ja\n`);
    expect(consent).toEqual({ internal: false, group: false, public: false, [scope]: true });
  });

  it.each([
    ['id', 'leerlingnummer'],
    ['pupil id', 'Leerling nr.'],
    ['pupil id', 'LLNR'],
    ['pupil id', 'Pupil ID'],
    ['pupil id', 'student-id'],
    ['pupil id', 'Kind ID'],
    ['pupil id', 'Pupil no.'],
  ])('recognises %s header %s', (_, header) => {
    expect(parseRoster(`${header};naam;klas;intern\n42;Sem;5b;ja\n`, 'r.csv').pupils[0]?.id).toBe('42');
  });

  it('reads a header that is exactly "Groep" as the class, not the group scope', () => {
    const roster = parseRoster('llnr;Groep;Toestemming groep\n1;5b;nee\n', 'r.csv');
    expect(roster.pupils[0]?.className).toBe('5b');
    expect(roster.pupils[0]?.consent.group).toBe(false);
  });

  it.each(["Geen foto's op website", 'Bezwaar publicatie', 'Niet in nieuwsbrief', 'No consent'])(
    'refuses the refusal column "%s" instead of reading "x" as consent',
    (header) => {
      const error = userError(() => parseRoster(`llnr;klas;intern;${header}\n1;5b;ja;x\n`, 'r.csv'));
      expect(error.place.column).toBe(header);
      expect(error.message).toMatch(/refusal/);
    },
  );

  it('refuses a column that names two scopes', () => {
    const error = userError(() => parseRoster("llnr;klas;Foto's in de groep en op website\n1;5b;ja\n", 'r.csv'));
    expect(error.message).toMatch(/more than one scope \(group, public\)/);
  });

  it('refuses two id columns rather than picking one', () => {
    const error = userError(() => parseRoster('id;llnr;klas;intern\n1;2;5b;ja\n', 'r.csv'));
    expect(error.message).toBe('more than one column could be the pupil id: "id" and "llnr"');
    expect(error.hint).toContain('--column id=');
  });

  it('a mapped scope ignores the columns recognised for it, and the scope list for it', () => {
    const csv = 'llnr;klas;Website;Social media;Toestemming;Publicatie\n1;5b;nee;nee;publiek, groep;ja\n';
    expect(consentOf(csv, { columns: { public: 'publicatie' } })).toEqual(c(false, true, true));
    expect(consentOf(csv.replace('Publicatie', 'Opmerking'))).toEqual(c(false, true, false));
  });

  it('a scope with no column is no consent for everyone, with a warning', () => {
    const roster = parseRoster("llnr;klas;Foto's op website\n1;5b;ja\n", 'r.csv');
    expect(roster.pupils[0]?.consent).toEqual(c(false, false, true));
    expect(english(roster.warnings)).toContain('no column for internal consent: every pupil counts as without internal consent');
  });

  it('reads a sep= line, CRLF, and a string with a BOM', () => {
    const roster = parseRoster('\uFEFFsep=,\r\nid,naam,klas,intern\r\n1,"Sem; de Vries",5b,ja\r\n', 'r.csv');
    expect(roster.pupils).toMatchObject([{ id: '1', name: 'Sem; de Vries', line: 2 }]);
  });

  it('skips a title row above the headers', () => {
    const roster = parseRoster('Leerlingenlijst groep 5b;;;\n;;;\nllnr;naam;klas;intern\n1;Sem;5b;ja\n', 'r.csv');
    expect(roster.pupils).toMatchObject([{ id: '1', className: '5b', line: 4 }]);
    expect(roster.warnings[0]?.en).toBe('the headers were taken from row 3; the title above them was skipped');
  });

  it('refuses an empty file', () => {
    expect(userError(() => parseRoster('\n\n', 'r.csv')).message).toMatch(/empty/);
  });

  it('reads UTF-16 (Excel "Unicode text")', () => {
    const text = 'llnr\tnaam\tklas\tintern\r\n1\tZoë\t5b\tja\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(parseRoster(bytes, 'r.csv').pupils[0]).toMatchObject({ name: 'Zoë', consent: c(true, false, false) });
  });

  it('says an .xlsx is not a CSV', () => {
    const error = userError(() => parseRoster(Buffer.from('PK\u0003\u0004rest', 'latin1'), 'r.xlsx'));
    expect(error.message).toMatch(/Excel workbook/);
  });

  it('reports an unclosed quote with its line', () => {
    const error = userError(() => parseRoster('id;naam;klas;intern\n1;"Sem;5b;ja\n2;Noor;5b;ja\n', 'r.csv'));
    expect(error.message).toMatch(/never closed/);
    expect(error.place.line).toBeTypeOf('number');
  });

  it('a name-less roster shows ids as names', () => {
    const roster = parseRoster('id;klas;intern\n7;5b;ja\n', 'r.csv');
    expect(roster.pupils[0]?.name).toBe('7');
    expect(english(roster.warnings).join()).toMatch(/no name column/);
  });
});

describe('parseRoster: values', () => {
  const yes = ['ja', 'JA', ' Ja ', 'j', 'yes', 'Y', '1', 'true', 'waar', 'x', 'X', '✓', 'toestemming', 'Wel'];
  const no = ['', 'nee', 'N', 'no', '0', 'false', 'onwaar', 'geen toestemming', 'Geen  Toestemming', 'niet'];
  const bad = ['misschien', '2', 'ja?', 'jaa', 'onbekend'];
  const read = (value: string): Consent | undefined =>
    parseRoster(`id;klas;intern\n1;5b;"${value}"\n`, 'r.csv').pupils[0]?.consent;

  it.each(yes)('"%s" is consent', (value) => expect(read(value)?.internal).toBe(true));
  it.each(no)('"%s" is no consent', (value) => expect(read(value)?.internal).toBe(false));
  it.each(bad)('"%s" is an error at line 2, column "intern"', (value) => {
    const error = userError(() => read(value));
    expect(error.place).toEqual({ file: 'r.csv', line: 2, column: 'intern' });
    expect(error.message).toBe(`"${value}" is not a yes or no answer`);
  });

  it.each([
    ['groep;intern', c(true, true, false)],
    ['Groep, Intern', c(true, true, false)],
    ['publiek', c(false, false, true)],
    ['internal group public', c(true, true, true)],
    ['groep en publiek', c(false, true, true)],
    ['', c(false, false, false)],
    ['geen', c(false, false, false)],
  ])('scope list "%s"', (value, consent) => {
    expect(parseRoster(`id;klas;toestemming\n1;5b;"${value}"\n`, 'r.csv').pupils[0]?.consent).toEqual(consent);
  });

  it('an unknown word in a scope list is an error', () => {
    const error = userError(() => parseRoster('id;klas;toestemming\n1;5b;"groep, facebook"\n', 'r.csv'));
    expect(error.message).toBe('"facebook" is not a scope');
  });

  it('keys duplicates by id, never by name: two pupils called Sem are fine', () => {
    const roster = parseRoster('id;naam;klas;intern\n1;Sem;5b;ja\n2;Sem;5b;nee\n', 'r.csv');
    expect(roster.pupils.map((p) => [p.id, p.consent.internal])).toEqual([['1', true], ['2', false]]);
  });
});

describe('parseColumnMapping', () => {
  it.each([
    [['public=Website'], { public: 'Website' }],
    [[`public="Foto's op website"`, 'id = Nr.'], { public: "Foto's op website", id: 'Nr.' }],
    [["CLASS='Unit'"], { class: 'Unit' }],
    [['name=a=b'], { name: 'a=b' }],
  ])('%j', (specs, mapping) => expect(parseColumnMapping(specs)).toEqual(mapping));

  it.each([
    [['public'], 'has no "="'],
    [['publiek=Website'], '"publiek" is not a roster field'],
    [['public='], 'names no header'],
    [['public=""'], 'names no header'],
    [['public=a', 'public=b'], 'is given twice'],
  ])('%j is refused: %s', (specs, message) => {
    expect(userError(() => parseColumnMapping(specs)).message).toContain(message);
  });
});

it('the fixtures are the files the README lists', async () => {
  const readme = await readFile(fixture('README.md'), 'utf8');
  for (const name of ['nl-semicolon-bom.csv', 'windows-1252.csv', 'broken-no-consent.csv']) expect(readme).toContain(name);
});
