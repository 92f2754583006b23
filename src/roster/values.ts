/** Reading consent cells: yes/no answers and lists of scopes, Dutch and English. */
import { SCOPES, type Scope } from '../policy/types.js';

function normalizeValue(value: string): string {
  return value.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Every answer meaning "yes". Anything not in here or in NO is refused, not guessed. */
const YES = new Set([
  'ja', 'j', 'yes', 'y', '1', 'true', 'waar', 'x', '✓', '✔', '☑', 'toestemming', 'wel', 'wel toestemming',
  'toestemming gegeven', 'akkoord', 'ok',
]);
/** Every answer meaning "no". An empty cell is no as well: a missing answer is no consent. */
const NO = new Set([
  '', 'nee', 'n', 'no', '0', 'false', 'onwaar', '-', '✗', '✘', 'geen toestemming', 'niet', 'geen',
  'geen toestemming gegeven', 'niet akkoord',
]);

/** true, false, or null when the cell cannot be read (the caller reports it). */
export function parseConsentValue(value: string): boolean | null {
  const normalized = normalizeValue(value);
  if (YES.has(normalized)) return true;
  if (NO.has(normalized)) return false;
  return null;
}

const SCOPE_NAMES = new Map<string, Scope>([
  ...(['internal', 'intern', 'school', 'schoolbreed', 'nieuwsbrief', 'newsletter'] as const).map((w): [string, Scope] => [w, 'internal']),
  ...(['group', 'groep', 'klas', 'class', 'groepsapp', 'stamgroep'] as const).map((w): [string, Scope] => [w, 'group']),
  ...(['public', 'publiek', 'extern', 'external', 'openbaar', 'website'] as const).map((w): [string, Scope] => [w, 'public']),
]);
const NONE = new Set(['', 'geen', 'none', 'nee', 'no', '-']);
const ALL = new Set(['alle', 'alles', 'all']);


/** The scopes a list cell allows, or the first word it cannot read. */
export function parseScopeList(value: string): { readonly scopes: ReadonlySet<Scope> } | { readonly unknown: string } {
  const normalized = normalizeValue(value);
  if (NONE.has(normalized)) return { scopes: new Set() };
  if (ALL.has(normalized)) return { scopes: new Set(SCOPES) };
  const scopes = new Set<Scope>();
  for (const word of normalized.split(/[\s,;|/+&]+/)) {
    if (word === '' || word === 'en' || word === 'and') continue;
    const scope = SCOPE_NAMES.get(word);
    if (scope == null) return { unknown: word };
    scopes.add(scope);
  }
  return { scopes };
}
