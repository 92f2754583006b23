/**
 * Reads a consent roster CSV as Dutch schools export it (Excel, ParnasSys, school apps) into typed pupils.
 * Pure parsing lives in `parseRoster`; `readRoster` only adds the file read. The header rules are in docs/roster.md.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { UserError } from '../errors.js';
import { SCOPES, type Consent, type Scope } from '../policy/types.js';
import { pupilKey } from '../pupil-ids.js';
import { decodeRosterBytes, detectDelimiter, takeSepLine } from './decode.js';
import { guessHeader, normalizeHeader, purposeKey } from './headers.js';
import type { ColumnRole, Purpose, Pupil, Roster, RosterColumn, RosterField } from './types.js';
import { ACCEPTED_ANSWERS, ACCEPTED_SCOPE_NAMES, parseConsentValue, parseScopeList } from './values.js';

export type { RosterField } from './types.js';

export interface RosterOptions {
  /**
   * Header to use for a field, for exports whose headers no alias matches: `{ public: "Foto's op website" }`.
   * Matched case-, space-, punctuation- and accent-insensitively. A mapped field ignores every column that would
   * otherwise have been recognised for it. Default: none, every field is recognised from the headers.
   */
  readonly columns?: Partial<Record<RosterField, string>>;
}

export const ROSTER_FIELDS: readonly RosterField[] = Object.freeze(['id', 'name', 'class', 'photo', ...SCOPES]);

/** At most this many row problems are listed in one error: enough to see the pattern, short enough to read. */
const MAX_LISTED_PROBLEMS = 20;

/** A problem in one cell, collected so that the teacher sees all of them in one go. */
interface RowProblem {
  readonly line: number;
  /** The header, or the 1-based column number where there is none. */
  readonly column: string | number;
  readonly message: string;
  /** What to do about it; one per kind of problem, so a list of 20 bad cells ends in one hint. */
  readonly fix: string;
}

/** Where a scope's answer comes from; several sources must all say yes. */
type ConsentSource = { readonly kind: 'yes-no'; readonly index: number } | { readonly kind: 'list'; readonly index: number };

type NameLayout =
  | { readonly kind: 'full'; readonly index: number }
  | { readonly kind: 'parts'; readonly parts: readonly number[] }
  | { readonly kind: 'none' };

interface Layout {
  readonly id: number;
  readonly name: NameLayout;
  readonly className: number;
  readonly photo: number | null;
  readonly consent: Readonly<Record<Scope, readonly ConsentSource[]>>;
  /** Each purpose with its yes/no columns (two columns with the same header are one purpose: both must say yes). */
  readonly purposes: readonly { readonly purpose: Purpose; readonly indexes: readonly number[] }[];
  readonly columns: readonly RosterColumn[];
  readonly warnings: readonly string[];
}

/**
 * Parses a roster export. Pure: no file access.
 * @param content the file's bytes (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252) or its text.
 * @param file the path as the user named it, for messages.
 * @throws UserError naming file, line and column for anything the teacher must fix; every row problem at once.
 * @example parseRoster('id;naam;groep;website\n1;Sem;5b;ja\n', 'leerlingen.csv').pupils[0]?.consent.public // true
 */
export function parseRoster(content: Buffer | string, file: string, options: RosterOptions = {}): Roster {
  if (typeof content !== 'string' && content.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    throw new UserError('this is an Excel workbook (.xlsx), not a CSV file', {
      place: { file },
      hint: 'In Excel choose File > Save as > "CSV (semicolon delimited)" and check that file.',
    });
  }
  const decoded = decodeRosterBytes(content);
  const sep = takeSepLine(decoded.text);
  const delimiter = sep.delimiter ?? detectDelimiter(sep.text);
  const records = parseCsv(sep.text, delimiter, file);
  // A roster has at least id, class and consent: a row with one filled cell above it is a title ("Leerlingen 5b").
  const headerIndex = records.findIndex((record) => record.filter((cell) => cell.trim() !== '').length >= 2);
  const headerRecord = records[headerIndex];
  if (headerRecord == null) {
    throw new UserError('the roster is empty, or has only one column', {
      place: { file },
      hint: 'Export the pupil list again: the first row must hold the headers, each next row one pupil.',
    });
  }
  const headerLine = headerIndex + 1;
  const headers = headerRecord.map((cell) => cell.trim());
  const layout = planLayout(headers, headerLine, file, options.columns ?? {});
  const warnings = [...layout.warnings];
  if (records.slice(0, headerIndex).some((record) => !isBlank(record))) {
    warnings.unshift(`the headers were taken from row ${headerLine}; the title above them was skipped`);
  }
  if (decoded.encoding === 'windows-1252') {
    warnings.unshift('read as Windows-1252 (Excel\'s "CSV" on Windows): check that names with é, ë or ï look right');
  }

  const problems: RowProblem[] = [];
  const pupils: Pupil[] = [];
  const seen = new Map<string, { line: number; id: string }>();
  const unlabelledData = new Set<number>();
  let unnamed = 0;
  const header = (index: number): string => headers[index] ?? `column ${index + 1}`;
  const lastHeader = headers.reduce((last, text, index) => (text !== '' ? index : last), -1);
  for (let index = headerIndex + 1; index < records.length; index += 1) {
    const record = records[index] ?? [];
    if (isBlank(record)) continue;
    const line = index + 1;
    const cell = (column: number): string => (record[column] ?? '').trim();
    record.forEach((value, column) => {
      if (value.trim() !== '' && (headers[column] ?? '') === '') unlabelledData.add(column);
    });
    const overflow = record.findIndex((value, column) => column > lastHeader && value.trim() !== '');
    if (overflow >= 0) {
      // Usually a ; or , inside a cell that was not quoted: every cell after it has shifted one column, and a shifted
      // consent answer could land under another scope. Not guessable, so not read.
      problems.push({
        line,
        column: overflow + 1,
        message: `this row has more cells than there are headers ("${(record[overflow] ?? '').trim()}" has no header)`,
        fix: `A cell probably contains a "${delimiterName(delimiter)}" without quotes around it; put the cell in quotes or remove the extra cells.`,
      });
    }

    const id = cell(layout.id);
    const className = cell(layout.className);
    if (id === '') {
      problems.push({ line, column: header(layout.id), message: 'this row has no pupil id', fix: 'Fill in the missing pupil ids, or delete rows that are not pupils.' });
    } else {
      const key = pupilKey(id);
      const earlier = seen.get(key);
      if (earlier != null) {
        // 01001 and 1001 are one pupil number written two ways (docs/roster.md): two rows for one pupil could disagree on consent.
        const respelled = earlier.id.trim().toLowerCase() !== id.trim().toLowerCase();
        problems.push({
          line,
          column: header(layout.id),
          message: respelled
            ? `pupil id "${id}" is the same number as "${earlier.id}" on line ${earlier.line} (leading zeros do not make another pupil)`
            : `pupil id "${id}" is also on line ${earlier.line}`,
          fix: respelled
            ? 'Pupil numbers are compared by their value, so these two rows are one pupil: remove the duplicate row, or fix the number that is wrong.'
            : 'Every pupil needs their own pupil number (two pupils may share a name, never an id); remove the duplicate row.',
        });
      } else seen.set(key, { line, id });
    }
    if (className === '') {
      problems.push({ line, column: header(layout.className), message: 'this row has no class', fix: 'Fill in each pupil\'s group, e.g. 5b.' });
    }
    const { consent, purposes } = readConsent(layout, cell, header, line, problems);
    let name = readName(layout.name, cell);
    if (name === '') {
      unnamed += 1;
      name = id;
    }
    const photo = layout.photo == null ? '' : cell(layout.photo);
    pupils.push({ id, name, className, consent, purposes, photo: photo === '' ? null : photo, line });
  }

  if (problems.length > 0) throw rowProblemsError(file, problems);
  if (pupils.length === 0) {
    throw new UserError('the roster has headers but no pupils', {
      place: { file, line: headerLine },
      hint: 'Is this the right file? Each row below the headers should be one pupil.',
    });
  }
  if (unnamed > 0 && layout.name.kind !== 'none') {
    warnings.push(`${plural(unnamed, 'pupil has', 'pupils have')} no name; the report shows their pupil id instead`);
  }
  for (const column of unlabelledData) {
    warnings.push(`column ${column + 1} has data but no header; it was not used`);
  }
  return { file, pupils, warnings, columns: layout.columns, purposes: layout.purposes.map((entry) => entry.purpose) };
}

/**
 * Reads and parses a roster file.
 * @throws UserError when the file is missing, unreadable, or not a valid roster (see `parseRoster`).
 */
export async function readRoster(file: string, options: RosterOptions = {}): Promise<Roster> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    const place = { file };
    if (code === 'ENOENT') throw new UserError('the roster file does not exist', { place, hint: 'Check the path and the file name (including .csv).', cause: caught });
    if (code === 'EISDIR') throw new UserError('this is a folder, not a roster file', { place, hint: 'Give the path of the CSV file inside it.', cause: caught });
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UserError('cannot open the roster file: no permission to read it', { place, hint: 'Close it in Excel, or copy it to a folder of your own.', cause: caught });
    }
    throw caught;
  }
  return parseRoster(content, file, options);
}

/**
 * Turns CLI specs like `public=Foto's op website` into a column mapping.
 * @throws UserError for a spec without `=`, an unknown field, an empty header, or a field given twice.
 * @example parseColumnMapping(['public="Foto\'s op website"', 'id=Nr.']) // { public: "Foto's op website", id: 'Nr.' }
 */
export function parseColumnMapping(specs: readonly string[]): Partial<Record<RosterField, string>> {
  const mapping: Partial<Record<RosterField, string>> = {};
  const hint = `Write it as field="Header as in the file", where field is one of ${ROSTER_FIELDS.join(', ')}.`;
  for (const spec of specs) {
    const match = /^\s*([^=]*?)\s*=\s*(.*?)\s*$/s.exec(spec);
    if (match == null) throw new UserError(`--column "${spec}" has no "="`, { hint });
    const fieldText = (match[1] ?? '').toLowerCase();
    const field = ROSTER_FIELDS.find((candidate) => candidate === fieldText);
    if (field == null) throw new UserError(`--column "${spec}": "${match[1] ?? ''}" is not a roster field`, { hint });
    const header = unquote(match[2] ?? '');
    if (header === '') throw new UserError(`--column "${spec}" names no header`, { hint });
    if (mapping[field] != null) throw new UserError(`--column ${field} is given twice ("${mapping[field]}" and "${header}")`, { hint: 'Give each field once.' });
    mapping[field] = header;
  }
  return mapping;
}

function unquote(text: string): string {
  const quoted = /^(["'])(.*)\1$/s.exec(text);
  return (quoted?.[2] ?? text).trim();
}

function parseCsv(text: string, delimiter: string, file: string): string[][] {
  try {
    return parse(text, {
      delimiter,
      // Rows from Excel differ in length (trailing empty cells); short rows read as empty cells.
      relax_column_count: true,
      // A stray quote inside an unquoted name (Anne "Annie" Jansen) is text, not an error.
      relax_quotes: true,
      // Kept so that record n is Excel's row n; blank rows are skipped below.
      skip_empty_lines: false,
    });
  } catch (caught) {
    if (caught instanceof CsvError) {
      const line = typeof caught['lines'] === 'number' ? caught['lines'] : undefined;
      const message = caught.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quote (") opens a cell that is never closed, so the rest of the file cannot be read'
        : `this is not a readable CSV file (${caught.message})`;
      throw new UserError(message, {
        place: line == null ? { file } : { file, line },
        hint: 'Open the file in Excel, check that row, and save it again as CSV.',
        cause: caught,
      });
    }
    throw caught;
  }
}

function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}

function isBlank(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function fieldRole(field: RosterField): ColumnRole {
  switch (field) {
    case 'id':
    case 'name':
    case 'class':
    case 'photo':
      return { kind: field };
    case 'internal':
    case 'group':
    case 'public':
      return { kind: 'consent', scope: field };
  }
}

/** The field a role fills, for the "--column overrides recognition" rule; name parts count as the name. */
function roleField(role: ColumnRole): RosterField | 'scope-list' | null {
  switch (role.kind) {
    case 'id':
    case 'name':
    case 'class':
    case 'photo':
      return role.kind;
    case 'name-part':
      return 'name';
    case 'consent':
      return role.scope;
    case 'scope-list':
      return 'scope-list';
    case 'ignored':
      return null;
  }
}

interface Planned {
  header: string;
  index: number;
  role: ColumnRole;
  rank: number;
  explicit: boolean;
}

/** Decides which column is which field, or throws a UserError that says how to fix the headers. */
function planLayout(headers: readonly string[], headerLine: number, file: string, mapping: Partial<Record<RosterField, string>>): Layout {
  const place = (column?: string): { file: string; line: number; column?: string } =>
    column == null ? { file, line: headerLine } : { file, line: headerLine, column };
  const headerList = headers.filter((header) => header !== '').map((header) => `"${header}"`).join(', ');
  const mapHint = (field: RosterField): string => `Tell privacy-filter which column it is with --column ${field}="Header as in the file".`;

  const planned: Planned[] = [];
  const explicitFields = new Set<RosterField>();
  const explicitColumns = new Set<number>();
  for (const field of ROSTER_FIELDS) {
    const wanted = mapping[field];
    if (wanted == null) continue;
    const key = normalizeHeader(wanted);
    const matches = headers.flatMap((header, index) => (header !== '' && normalizeHeader(header) === key ? [index] : []));
    if (matches.length === 0) {
      throw new UserError(`--column ${field}="${wanted}": there is no column with that header`, {
        place: place(),
        hint: `The headers in this file are: ${headerList}.`,
      });
    }
    explicitFields.add(field);
    for (const index of matches) {
      explicitColumns.add(index);
      planned.push({ header: headers[index] ?? '', index, role: fieldRole(field), rank: 2, explicit: true });
    }
  }

  headers.forEach((header, index) => {
    if (explicitColumns.has(index)) return;
    if (header === '') {
      planned.push({ header, index, role: { kind: 'ignored', why: 'no header' }, rank: 0, explicit: false });
      return;
    }
    const guess = guessHeader(header);
    switch (guess.kind) {
      case 'refusal':
        throw new UserError('this column seems to record a refusal ("geen"/"niet"), so "x" or "ja" would mean no consent', {
          place: place(header),
          hint: 'Export a column that records consent instead, or name the consent columns with --column public="...".',
        });
      case 'ambiguous':
        throw new UserError(`this column mentions more than one scope (${guess.scopes.join(', ')}), so it is unclear which consent it records`, {
          place: place(header),
          hint: `Name the column for one scope with --column ${guess.scopes[0] ?? 'public'}="${header}", or rename the header.`,
        });
      case 'unknown':
        planned.push({ header, index, role: { kind: 'ignored', why: 'not a header privacy-filter knows' }, rank: 0, explicit: false });
        return;
      case 'role': {
        const field = roleField(guess.role);
        // A mapped field takes no recognised columns besides the mapped one: the teacher said which it is.
        if (field != null && field !== 'scope-list' && explicitFields.has(field)) {
          planned.push({ header, index, role: { kind: 'ignored', why: `--column ${field} chose "${mapping[field] ?? ''}"` }, rank: 0, explicit: false });
        } else {
          planned.push({ header, index, role: guess.role, rank: guess.rank, explicit: false });
        }
        return;
      }
    }
  });

  const warnings: string[] = [];
  /** The one column of a kind; weaker ones are ignored, two equally strong ones are an error. */
  const pick = (matches: (entry: Planned) => boolean, field: RosterField, label: string): Planned | null => {
    const candidates = planned.filter(matches);
    const best = Math.max(0, ...candidates.map((entry) => entry.rank));
    const top = candidates.filter((entry) => entry.rank === best);
    if (top.length > 1) {
      throw new UserError(`more than one column could be the ${label}: ${top.map((entry) => `"${entry.header}"`).join(' and ')}`, {
        place: place(),
        hint: mapHint(field),
      });
    }
    const chosen = top[0] ?? null;
    for (const entry of candidates) {
      if (entry !== chosen && chosen != null) entry.role = { kind: 'ignored', why: `"${chosen.header}" is used as the ${label}` };
    }
    return chosen;
  };

  const id = pick((entry) => entry.role.kind === 'id', 'id', 'pupil id');
  if (id == null) {
    throw new UserError('no column with the pupil id (leerlingnummer)', {
      place: place(),
      hint: `Headers such as "Leerlingnummer", "llnr" or "Pupil ID" are recognised; this file has ${headerList}. ${mapHint('id')}`,
    });
  }
  const className = pick((entry) => entry.role.kind === 'class', 'class', 'class');
  if (className == null) {
    throw new UserError('no column with the class (groep)', {
      place: place(),
      hint: `Headers such as "Groep", "Klas", "Stamgroep" or "Class" are recognised; this file has ${headerList}. ${mapHint('class')}`,
    });
  }
  const photo = pick((entry) => entry.role.kind === 'photo', 'photo', 'reference photo');

  const fullName = pick((entry) => entry.role.kind === 'name', 'name', 'name');
  let name: NameLayout = { kind: 'none' };
  if (fullName != null) {
    name = { kind: 'full', index: fullName.index };
    for (const entry of planned) {
      if (entry.role.kind === 'name-part') entry.role = { kind: 'ignored', why: `"${fullName.header}" is used as the name` };
    }
  } else {
    const parts = (['first', 'infix', 'last'] as const).flatMap((part) => {
      const chosen = pick((entry) => entry.role.kind === 'name-part' && entry.role.part === part, 'name', `${part} name`);
      return chosen == null ? [] : [chosen.index];
    });
    if (parts.length > 0) name = { kind: 'parts', parts };
    else warnings.push('no name column (naam, or roepnaam + achternaam): the report shows pupil ids instead of names');
  }

  const consent = {} as Record<Scope, ConsentSource[]>;
  for (const scope of SCOPES) {
    const sources: ConsentSource[] = [];
    const headersUsed: string[] = [];
    for (const entry of planned) {
      const own = entry.role.kind === 'consent' && entry.role.scope === scope;
      const list = entry.role.kind === 'scope-list' && !explicitFields.has(scope);
      if (own || list) {
        sources.push({ kind: own ? 'yes-no' : 'list', index: entry.index });
        headersUsed.push(`"${entry.header}"`);
      }
    }
    consent[scope] = sources;
    if (sources.length > 1) {
      warnings.push(`${headersUsed.join(' and ')} all count as ${scope} consent: a pupil has ${scope} consent only when every one of them says yes`);
    }
  }
  if (SCOPES.every((scope) => consent[scope].length === 0)) {
    throw new UserError('no consent columns found', {
      place: place(),
      hint:
        `Headers such as "Toestemming intern", "Foto's in de groep", "Foto's op website", "Nieuwsbrief" or "Toestemming" (listing scopes) are recognised; this file has ${headerList}. ` +
        'Name them with --column public="Header", --column internal=..., --column group=....',
    });
  }
  for (const scope of SCOPES) {
    if (consent[scope].length === 0) warnings.push(`no column for ${scope} consent: every pupil counts as without ${scope} consent`);
  }
  for (const entry of planned) {
    if (entry.role.kind === 'ignored' && entry.header !== '') warnings.push(`column "${entry.header}" was not used (${entry.role.why})`);
  }

  const purposes: { purpose: Purpose; indexes: number[] }[] = [];
  for (const entry of [...planned].sort((a, b) => a.index - b.index)) {
    if (entry.role.kind !== 'consent') continue;
    const key = purposeKey(entry.header);
    const same = purposes.find((known) => known.purpose.key === key);
    if (same != null) same.indexes.push(entry.index);
    else purposes.push({ purpose: { name: entry.header, key, scope: entry.role.scope }, indexes: [entry.index] });
  }

  const columns = planned
    .slice()
    .sort((a, b) => a.index - b.index)
    .filter((entry) => !(entry.role.kind === 'ignored' && entry.header === ''))
    .map((entry): RosterColumn => ({ header: entry.header, column: entry.index + 1, role: entry.role, explicit: entry.explicit }));
  return { id: id.index, name, className: className.index, photo: photo?.index ?? null, consent, purposes, columns, warnings };
}

function readName(layout: NameLayout, cell: (index: number) => string): string {
  switch (layout.kind) {
    case 'full':
      return cell(layout.index).replace(/\s+/g, ' ');
    case 'parts':
      return layout.parts.map(cell).filter((part) => part !== '').join(' ').replace(/\s+/g, ' ');
    case 'none':
      return '';
  }
}

/** A pupil's answers per scope and per purpose. An unreadable cell is no consent, and a problem for the teacher to fix. */
function readConsent(
  layout: Layout,
  cell: (index: number) => string,
  header: (index: number) => string,
  line: number,
  problems: RowProblem[],
): { consent: Consent; purposes: Record<string, boolean> } {
  const yesNo = new Map<number, boolean>();
  /** Each column is read (and reported) once, however many scopes and purposes it counts for. */
  const answerOf = (index: number): boolean => {
    const known = yesNo.get(index);
    if (known !== undefined) return known;
    const raw = cell(index);
    const value = parseConsentValue(raw);
    if (value == null) {
      problems.push({ line, column: header(index), message: `"${raw}" is not a yes or no answer`, fix: `Write ja or nee in consent cells (accepted: ${ACCEPTED_ANSWERS}).` });
    }
    yesNo.set(index, value ?? false);
    return value ?? false;
  };
  const reportedLists = new Set<number>();
  const answer = (source: ConsentSource, scope: Scope): boolean => {
    if (source.kind === 'yes-no') return answerOf(source.index);
    const raw = cell(source.index);
    const list = parseScopeList(raw);
    if ('scopes' in list) return list.scopes.has(scope);
    if (!reportedLists.has(source.index)) {
      problems.push({ line, column: header(source.index), message: `"${list.unknown}" is not a scope`, fix: `List the allowed scopes in that column: ${ACCEPTED_SCOPE_NAMES}.` });
    }
    reportedLists.add(source.index);
    return false;
  };
  const consent = {} as Record<Scope, boolean>;
  for (const scope of SCOPES) {
    const sources = layout.consent[scope];
    // Every source is read (not short-circuited) so that all unreadable cells are reported.
    const answers = sources.map((source) => answer(source, scope));
    consent[scope] = answers.length > 0 && answers.every(Boolean);
  }
  // No prototype: a purpose called "constructor" must stay an ordinary key.
  const purposes = Object.create(null) as Record<string, boolean>;
  for (const { purpose, indexes } of layout.purposes) purposes[purpose.key] = indexes.map(answerOf).every(Boolean);
  return { consent, purposes };
}

function rowProblemsError(file: string, problems: readonly RowProblem[]): UserError {
  const fixes = [...new Set(problems.map((problem) => problem.fix))];
  const hint = [...fixes, 'Then save the file as CSV again and run `privacy-filter roster check` on it.'].join('\n  ');
  const [only] = problems;
  if (problems.length === 1 && only != null) {
    return new UserError(only.message, { place: { file, line: only.line, column: only.column }, hint });
  }
  const listed = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((problem) => `  line ${problem.line}, column ${typeof problem.column === 'number' ? problem.column : `"${problem.column}"`}: ${problem.message}`);
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`  … and ${problems.length - MAX_LISTED_PROBLEMS} more`);
  return new UserError(`the roster has ${problems.length} problems; nothing was read:\n${listed.join('\n')}`, { place: { file }, hint });
}
