/**
 * Reads a consent roster CSV as Dutch schools export it (Excel, ParnasSys, school apps) into typed pupils.
 * Pure parsing lives in `parseRoster`; `readRoster` only adds the file read. The header rules are in docs/roster.md.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { UserError } from '../errors.js';
import { textOf } from '../i18n/compose.js';
import { msg } from '../i18n/messages.js';
import { joinTexts, type Text } from '../i18n/text.js';
import { scopeText } from '../policy/consent.js';
import { SCOPES, type Consent, type Scope } from '../policy/types.js';
import { pupilKey } from '../pupil-ids.js';
import { decodeRosterBytes, detectDelimiter, takeSepLine } from './decode.js';
import { guessHeader, normalizeHeader, purposeKey } from './headers.js';
import type { ColumnRole, Purpose, Pupil, Roster, RosterColumn, RosterField } from './types.js';
import { parseConsentValue, parseScopeList } from './values.js';

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
  readonly message: Text;
  /** What to do about it; one per kind of problem, so a list of 20 bad cells ends in one hint. */
  readonly fix: Text;
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
  readonly warnings: readonly Text[];
}

/**
 * Parses a roster export. Pure: no file access.
 * @param content the file's bytes (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252) or its text.
 * @param file the path as the user named it, for messages.
 * @throws UserError naming file, line and column for anything the teacher must fix; every row problem at once.
 * @example parseRoster('id;naam;groep;website\n1;Sem;5b;ja\n', 'leerlingen.csv').pupils[0]?.consent.public // true
 */
const say = msg.roster;

export function parseRoster(content: Buffer | string, file: string, options: RosterOptions = {}): Roster {
  if (typeof content !== 'string' && content.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    throw new UserError(say.xlsx, { place: { file }, hint: say.xlsxHint });
  }
  const decoded = decodeRosterBytes(content);
  const sep = takeSepLine(decoded.text);
  const delimiter = sep.delimiter ?? detectDelimiter(sep.text);
  const records = parseCsv(sep.text, delimiter, file);
  // A roster has at least id, class and consent: a row with one filled cell above it is a title ("Leerlingen 5b").
  const headerIndex = records.findIndex((record) => record.filter((cell) => cell.trim() !== '').length >= 2);
  const headerRecord = records[headerIndex];
  if (headerRecord == null) {
    throw new UserError(say.empty, { place: { file }, hint: say.emptyHint });
  }
  const headerLine = headerIndex + 1;
  const headers = headerRecord.map((cell) => cell.trim());
  const layout = planLayout(headers, headerLine, file, options.columns ?? {});
  const warnings = [...layout.warnings];
  if (records.slice(0, headerIndex).some((record) => !isBlank(record))) {
    warnings.unshift(say.titleSkipped(headerLine));
  }
  if (decoded.encoding === 'windows-1252') {
    warnings.unshift(say.windows1252);
  }

  const problems: RowProblem[] = [];
  const pupils: Pupil[] = [];
  const seen = new Map<string, { line: number; id: string }>();
  const unlabelledData = new Set<number>();
  let unnamed = 0;
  // A header is the file's own word; a column without one is named by its number, the only place where that is words.
  const header = (index: number): string | number => headers[index] ?? index + 1;
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
        message: say.overflow((record[overflow] ?? '').trim()),
        fix: textOf((_lang, cat) => cat.roster.overflowFix(delimiter === '\t' ? cat.roster.tab : delimiter)),
      });
    }

    const id = cell(layout.id);
    const className = cell(layout.className);
    if (id === '') {
      problems.push({ line, column: header(layout.id), message: say.noId, fix: say.noIdFix });
    } else {
      const key = pupilKey(id);
      const earlier = seen.get(key);
      if (earlier != null) {
        // 01001 and 1001 are one pupil number written two ways (docs/roster.md): two rows for one pupil could disagree on consent.
        const respelled = earlier.id.trim().toLowerCase() !== id.trim().toLowerCase();
        problems.push({
          line,
          column: header(layout.id),
          message: respelled ? say.sameNumber(id, earlier.id, earlier.line) : say.duplicateId(id, earlier.line),
          fix: respelled ? say.sameNumberFix : say.duplicateIdFix,
        });
      } else seen.set(key, { line, id });
    }
    if (className === '') {
      problems.push({ line, column: header(layout.className), message: say.noClass, fix: say.noClassFix });
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
    throw new UserError(say.noPupils, { place: { file, line: headerLine }, hint: say.noPupilsHint });
  }
  if (unnamed > 0 && layout.name.kind !== 'none') {
    warnings.push(say.unnamed(unnamed));
  }
  for (const column of unlabelledData) {
    warnings.push(say.unlabelled(column + 1));
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
    if (code === 'ENOENT') throw new UserError(say.notFound, { place, hint: say.notFoundHint, cause: caught });
    if (code === 'EISDIR') throw new UserError(say.isFolder, { place, hint: say.isFolderHint, cause: caught });
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(say.noPermission, { place, hint: say.noPermissionHint, cause: caught });
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
  const hint = say.columnHint(ROSTER_FIELDS.join(', '));
  for (const spec of specs) {
    const match = /^\s*([^=]*?)\s*=\s*(.*?)\s*$/s.exec(spec);
    if (match == null) throw new UserError(say.columnNoEquals(spec), { hint });
    const fieldText = (match[1] ?? '').toLowerCase();
    const field = ROSTER_FIELDS.find((candidate) => candidate === fieldText);
    if (field == null) throw new UserError(say.columnUnknownField(spec, match[1] ?? ''), { hint });
    const header = unquote(match[2] ?? '');
    if (header === '') throw new UserError(say.columnNoHeader(spec), { hint });
    if (mapping[field] != null) throw new UserError(say.columnTwice(field, mapping[field] ?? '', header), { hint: say.columnTwiceHint });
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
      const message = caught.code === 'CSV_QUOTE_NOT_CLOSED' ? say.quoteNotClosed : say.notCsv(caught.message);
      throw new UserError(message, { place: line == null ? { file } : { file, line }, hint: say.notCsvHint, cause: caught });
    }
    throw caught;
  }
}

function isBlank(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim() === '');
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
  const mapHint = (field: RosterField): Text => say.mapHint(field);

  const planned: Planned[] = [];
  const explicitFields = new Set<RosterField>();
  const explicitColumns = new Set<number>();
  for (const field of ROSTER_FIELDS) {
    const wanted = mapping[field];
    if (wanted == null) continue;
    const key = normalizeHeader(wanted);
    const matches = headers.flatMap((header, index) => (header !== '' && normalizeHeader(header) === key ? [index] : []));
    if (matches.length === 0) {
      throw new UserError(say.columnMissing(field, wanted), { place: place(), hint: say.headersAre(headerList) });
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
      planned.push({ header, index, role: { kind: 'ignored', why: say.whyNoHeader }, rank: 0, explicit: false });
      return;
    }
    const guess = guessHeader(header);
    switch (guess.kind) {
      case 'refusal':
        throw new UserError(say.refusal, { place: place(header), hint: say.refusalHint });
      case 'ambiguous':
        throw new UserError(say.ambiguous(guess.scopes.join(', ')), { place: place(header), hint: say.ambiguousHint(guess.scopes[0] ?? 'public', header) });
      case 'unknown':
        planned.push({ header, index, role: { kind: 'ignored', why: say.whyUnknown }, rank: 0, explicit: false });
        return;
      case 'role': {
        const field = roleField(guess.role);
        // A mapped field takes no recognised columns besides the mapped one: the teacher said which it is.
        if (field != null && field !== 'scope-list' && explicitFields.has(field)) {
          planned.push({ header, index, role: { kind: 'ignored', why: say.whyMapped(field, mapping[field] ?? '') }, rank: 0, explicit: false });
        } else {
          planned.push({ header, index, role: guess.role, rank: guess.rank, explicit: false });
        }
        return;
      }
    }
  });

  const warnings: Text[] = [];
  /** The one column of a kind; weaker ones are ignored, two equally strong ones are an error. */
  const pick = (matches: (entry: Planned) => boolean, field: RosterField, label: Text): Planned | null => {
    const candidates = planned.filter(matches);
    const best = Math.max(0, ...candidates.map((entry) => entry.rank));
    const top = candidates.filter((entry) => entry.rank === best);
    if (top.length > 1) {
      const headersText = textOf((_lang, cat) => top.map((entry) => `"${entry.header}"`).join(cat.roster.and));
      throw new UserError(textOf((lang, cat) => cat.roster.moreThanOne(label[lang], headersText[lang])), { place: place(), hint: mapHint(field) });
    }
    const chosen = top[0] ?? null;
    for (const entry of candidates) {
      if (entry !== chosen && chosen != null) entry.role = { kind: 'ignored', why: textOf((lang, cat) => cat.roster.whyOther(chosen.header, label[lang])) };
    }
    return chosen;
  };

  const id = pick((entry) => entry.role.kind === 'id', 'id', say.labelId);
  if (id == null) {
    throw new UserError(say.noIdColumn, { place: place(), hint: textOf((lang, cat) => cat.roster.noIdColumnHint(headerList, mapHint('id')[lang])) });
  }
  const className = pick((entry) => entry.role.kind === 'class', 'class', say.labelClass);
  if (className == null) {
    throw new UserError(say.noClassColumn, { place: place(), hint: textOf((lang, cat) => cat.roster.noClassColumnHint(headerList, mapHint('class')[lang])) });
  }
  const photo = pick((entry) => entry.role.kind === 'photo', 'photo', say.labelPhoto);

  const fullName = pick((entry) => entry.role.kind === 'name', 'name', say.labelName);
  let name: NameLayout = { kind: 'none' };
  if (fullName != null) {
    name = { kind: 'full', index: fullName.index };
    for (const entry of planned) {
      if (entry.role.kind === 'name-part') entry.role = { kind: 'ignored', why: textOf((_lang, cat) => cat.roster.whyOther(fullName.header, cat.roster.labelName)) };
    }
  } else {
    const partLabels = { first: say.labelFirst, infix: say.labelInfix, last: say.labelLast } as const;
    const parts = (['first', 'infix', 'last'] as const).flatMap((part) => {
      const chosen = pick((entry) => entry.role.kind === 'name-part' && entry.role.part === part, 'name', partLabels[part]);
      return chosen == null ? [] : [chosen.index];
    });
    if (parts.length > 0) name = { kind: 'parts', parts };
    else warnings.push(say.noNameColumn);
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
      warnings.push(textOf((lang, cat) => cat.roster.allMustSayYes(headersUsed.join(cat.roster.and), scopeText(scope)[lang])));
    }
  }
  if (SCOPES.every((scope) => consent[scope].length === 0)) {
    throw new UserError(say.noConsentColumns, { place: place(), hint: say.noConsentColumnsHint(headerList) });
  }
  for (const scope of SCOPES) {
    if (consent[scope].length === 0) warnings.push(textOf((lang, cat) => cat.roster.noScopeColumn(scopeText(scope)[lang])));
  }
  for (const entry of planned) {
    const role = entry.role;
    if (role.kind === 'ignored' && entry.header !== '') warnings.push(textOf((lang, cat) => cat.roster.notUsed(entry.header, role.why[lang])));
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
  header: (index: number) => string | number,
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
      problems.push({ line, column: header(index), message: say.notYesNo(raw), fix: textOf((_lang, cat) => cat.roster.notYesNoFix(cat.roster.acceptedAnswers)) });
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
      problems.push({ line, column: header(source.index), message: say.notScope(list.unknown), fix: textOf((_lang, cat) => cat.roster.notScopeFix(cat.roster.acceptedScopes)) });
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
  // One hint per kind of problem: fixes are the catalogue's own entries or made from them, so equal English is an equal fix.
  const fixes = [...new Map(problems.map((problem) => [problem.fix.en, problem.fix])).values()];
  const hint = joinTexts([...fixes, say.thenCheck], '\n  ');
  const [only] = problems;
  if (problems.length === 1 && only != null) {
    return new UserError(only.message, { place: { file, line: only.line, column: only.column }, hint });
  }
  const message = textOf((lang, cat) => {
    const column = (c: string | number): string => (typeof c === 'number' ? cat.roster.problemColumnNumber(c) : cat.roster.problemColumnName(c));
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => cat.roster.problemLine(problem.line, column(problem.column), problem.message[lang]));
    if (problems.length > MAX_LISTED_PROBLEMS) listed.push(cat.roster.andMore(problems.length - MAX_LISTED_PROBLEMS));
    return cat.roster.problems(problems.length, listed.join('\n'));
  });
  return new UserError(message, { place: { file }, hint });
}
