/**
 * Recognising roster headers, English and Dutch. The rules are documented for teachers in docs/roster.md; keep the
 * two in step.
 */
import type { Scope } from '../policy/types.js';
import type { ColumnRole } from './types.js';

/** Lower case, accents and apostrophes dropped, any other punctuation a space: "Foto's op  Website" → "fotos op website". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A purpose's lookup key: the header normalised and without spaces, so "Social media", "social-media" and "SocialMedia" are one. */
export function purposeKey(header: string): string {
  return normalizeHeader(header).replaceAll(' ', '');
}

type Role = Exclude<ColumnRole, { kind: 'ignored' }>;

/**
 * How strongly a header claims its field when two claim the same one: a "stamgroep" (5b) beats a "jaargroep" (5),
 * a "roepnaam" (Sem) beats "voornamen" (Semuel Johannes).
 */
export const RANK = Object.freeze({ strong: 2, weak: 1 });

const table = (role: Role, words: readonly string[]): [string, Role][] => words.map((word) => [word, role]);

/** Whole headers (compacted) that name a field outright. Checked before any word rule, so "Groep" is the class. */
const EXACT = new Map<string, Role>([
  ...table({ kind: 'id' }, [
    'id', 'nr', 'nummer', 'idnummer', 'idnr', 'leerlingnummer', 'leerlingnr', 'leerlingid', 'leerlingcode', 'llnr',
    'llnnr', 'llnummer', 'lnr', 'pupil', 'pupilid', 'pupilnr', 'pupilno', 'pupilnumber', 'student', 'studentid',
    'studentnr', 'studentno', 'studentnumber',
  ]),
  ...table({ kind: 'name' }, [
    'name', 'naam', 'volledigenaam', 'fullname', 'leerlingnaam', 'naamleerling', 'pupilname', 'studentname',
    'displayname', 'weergavenaam',
  ]),
  ...table({ kind: 'name-part', part: 'first' }, ['roepnaam', 'callname', 'voornaam', 'voornamen', 'firstname', 'givenname']),
  ...table({ kind: 'name-part', part: 'infix' }, [
    'tussenvoegsel', 'tussenvoegsels', 'voorvoegsel', 'voorvoegsels', 'tussenv', 'infix', 'middlename',
  ]),
  ...table({ kind: 'name-part', part: 'last' }, [
    'achternaam', 'familienaam', 'geslachtsnaam', 'lastname', 'surname', 'familyname',
  ]),
  ...table({ kind: 'class' }, [
    'class', 'classname', 'klas', 'klasnaam', 'groep', 'groepsnaam', 'groepnaam', 'stamgroep', 'basisgroep',
    'jaargroep', 'leerjaar', 'yeargroup', 'grade',
  ]),
  ...table({ kind: 'photo' }, [
    'photo', 'foto', 'portrait', 'portret', 'pasfoto', 'portretfoto', 'fotobestand', 'photofile', 'portraitfile',
    'referentiefoto', 'referencephoto', 'image', 'afbeelding',
  ]),
  ...table({ kind: 'scope-list' }, [
    'scopes', 'scope', 'toestemming', 'toestemmingen', 'consent', 'consents', 'fototoestemming', 'toestemmingfoto',
    'toestemmingfotos', 'toestemmingbeeldmateriaal', 'beeldmateriaal', 'photoconsent', 'mediaconsent',
    'allowedscopes', 'consentscopes',
  ]),
  // Purposes a school app lists, each mapped to the scope domain.md gives it.
  ...table({ kind: 'consent', scope: 'internal' }, [
    'internal', 'intern', 'schoolintern', 'nieuwsbrief', 'newsletter', 'schoolkrant',
  ]),
  ...table({ kind: 'consent', scope: 'group' }, [
    'group', 'groepsapp', 'klassenapp', 'groupapp', 'classapp', 'schoolapp', 'parro',
  ]),
  ...table({ kind: 'consent', scope: 'public' }, [
    'public', 'publiek', 'openbaar', 'extern', 'external', 'website', 'schoolwebsite', 'socialmedia', 'socialemedia',
    'facebook', 'instagram', 'linkedin', 'schoolgids', 'pers', 'press', 'krant',
  ]),
]);

/** Headers that lose to a stronger one of the same field; used alone they are fine. */
const WEAK = new Set(['jaargroep', 'leerjaar', 'yeargroup', 'grade', 'voornaam', 'voornamen', 'firstname', 'givenname']);

/** Words that make a header about photo consent. */
const CONSENT_WORDS = new Set([
  'toestemming', 'toestemmingen', 'consent', 'akkoord', 'foto', 'fotos', 'photo', 'photos', 'beeld', 'beeldmateriaal',
  'publicatie', 'publiceren', 'plaatsen', 'delen', 'mag', 'permission', 'allowed',
]);

/** Words that say where a photo goes. */
const SCOPE_WORDS = new Map<string, Scope>([
  ...(['intern', 'internal', 'schoolintern', 'schoolbreed', 'binnen', 'nieuwsbrief', 'newsletter', 'schoolkrant'] as const).map(
    (word): [string, Scope] => [word, 'internal'],
  ),
  ...(['groep', 'group', 'klas', 'class', 'stamgroep', 'groepsapp', 'klassenapp', 'app', 'schoolapp', 'parro'] as const).map(
    (word): [string, Scope] => [word, 'group'],
  ),
  ...([
    'publiek', 'public', 'openbaar', 'extern', 'external', 'website', 'site', 'internet', 'online', 'socialmedia',
    'social', 'sociale', 'media', 'facebook', 'instagram', 'linkedin', 'schoolgids', 'gids', 'pers', 'press', 'krant',
  ] as const).map((word): [string, Scope] => [word, 'public']),
]);

/** Words that only say whose field it is: "Achternaam kind", "Naam van de leerling", "Kind-ID". */
const FILLER = new Set(['kind', 'kinderen', 'leerling', 'van', 'de', 'het', 'pupil', 'student', 'child', 'of', 'the']);

/** A header with one of these records a refusal ("Geen foto's op website"): reading it as consent would invert it. */
const NEGATIONS = new Set(['geen', 'niet', 'no', 'not', 'zonder', 'without', 'bezwaar', 'weigering', 'objection', 'refused']);

export type HeaderGuess =
  | { readonly kind: 'role'; readonly role: Role; readonly rank: number }
  /** Consent words with scope words of more than one scope ("Foto's in de groep en op de website"). */
  | { readonly kind: 'ambiguous'; readonly scopes: readonly Scope[] }
  /** Reads like a refusal column; the meaning of "x" would be the opposite of consent. */
  | { readonly kind: 'refusal' }
  | { readonly kind: 'unknown' };

/** What a header most likely means. The order of the rules is the one docs/roster.md describes. */
export function guessHeader(header: string): HeaderGuess {
  const words = normalizeHeader(header).split(' ').filter((word) => word !== '');
  const compact = words.join('');
  const negated = words.some((word) => NEGATIONS.has(word));
  const core = words.filter((word) => !FILLER.has(word)).join('');
  const exactKey = EXACT.has(compact) ? compact : core;
  const exact = EXACT.get(exactKey);
  const scopes = [...new Set(words.flatMap((word) => SCOPE_WORDS.get(word) ?? []))];
  const aboutConsent = words.some((word) => CONSENT_WORDS.has(word));
  // Only consent can be inverted by a "no": "Pupil no" is still a pupil number.
  if (negated && (aboutConsent || scopes.length > 0)) return { kind: 'refusal' };
  if (exact != null) return { kind: 'role', role: exact, rank: WEAK.has(exactKey) ? RANK.weak : RANK.strong };
  if (!aboutConsent) return { kind: 'unknown' };
  if (scopes.length > 1) return { kind: 'ambiguous', scopes };
  const [scope] = scopes;
  if (scope != null) return { kind: 'role', role: { kind: 'consent', scope }, rank: RANK.strong };
  return { kind: 'unknown' };
}
