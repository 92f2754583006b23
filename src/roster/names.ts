/**
 * Which pupil a portrait file is of, from its name: a photographer delivers `Barack van Dijk.jpg`,
 * `van Dijk, Barack.jpg` or `Dijk_Barack_8a.jpg`, not pupil numbers. Pure.
 *
 * Forgiving where names are written differently (case, accents, order, separators, the tussenvoegsel left out or put
 * after the first name, a class token, a copy number), strict where it matters: every word of the first and last
 * name must be there and nothing else, and a file that fits two pupils is nobody's (enrolling the wrong child's face
 * would let one pass as the other).
 */
import { spellingIn } from '../pupil-ids.js';

export interface NamedPupil {
  readonly id: string;
  /** As the roster gives it: roepnaam, tussenvoegsel, achternaam ("Barack van Dijk"). */
  readonly name: string;
  readonly className: string;
}

export type NameMatch =
  /** The file is named after the pupil number. */
  | { readonly kind: 'id'; readonly pupil: string }
  | { readonly kind: 'name'; readonly pupil: string }
  /** Fits several pupils (two children with the same name): skipped, all of them named. */
  | { readonly kind: 'ambiguous'; readonly pupils: readonly string[] }
  | { readonly kind: 'none' };

/**
 * Dutch (and a few Flemish, French, Arabic, German) tussenvoegsels: left out of the alphabetical order and often out
 * of a photographer's file name too. Compared after normalising, so `'t` is `t`.
 */
const INFIXES = new Set(['van', 'de', 'der', 'den', 'het', 't', 'ter', 'ten', 'te', 'in', 'op', 'aan', 'bij', 'uit', 'voor', 'la', 'le', 'du', 'da', 'di', 'del', 'des', 'dos', 'el', 'al', 'von', 'zu']);
/** Words photographers put before a class: "groep 8a", "klas 3". */
const CLASS_WORDS = new Set(['groep', 'klas', 'group', 'class']);

/** Lower case, accents off, apostrophes dropped (`'t`, `D'Souza`), split on anything not a letter or digit. */
export function nameTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`´]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

interface Indexed {
  readonly pupil: NamedPupil;
  /** The pupil number as a name token. */
  readonly id: string;
  /** The name's words without tussenvoegsels, sorted. */
  readonly core: string;
  readonly coreWords: ReadonlySet<string>;
  readonly infixes: ReadonlySet<string>;
  readonly classTokens: ReadonlySet<string>;
}

/** Prepared once per roster: `match` is then called per file. */
export function portraitNameMatcher(pupils: readonly NamedPupil[]): (stem: string) => NameMatch {
  // Ids as the roster spells them, leading zeros forgiven (src/pupil-ids.ts): 1001.jpg is pupil 01001.
  const rosterId = spellingIn(pupils.map((p) => p.id));
  const indexed: Indexed[] = pupils.map((pupil) => {
    const tokens = nameTokens(pupil.name);
    const core = tokens.filter((t) => !INFIXES.has(t));
    return {
      pupil,
      id: nameTokens(pupil.id).join(' '),
      core: [...core].sort().join(' '),
      coreWords: new Set(core),
      infixes: new Set(tokens.filter((t) => INFIXES.has(t))),
      classTokens: new Set(nameTokens(pupil.className)),
    };
  });
  return (stem) => {
    const id = rosterId(stem);
    if (id !== undefined) return { kind: 'id', pupil: id };
    const tokens = nameTokens(stem);
    const fits = indexed.filter((entry) => entry.core !== '' && fitsName(tokens, entry)).map((entry) => entry.pupil.id);
    if (fits.length === 1) return { kind: 'name', pupil: fits[0]! };
    return fits.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', pupils: fits };
  };
}

/**
 * The file's words are the pupil's name: its first and last name words exactly (in any order), tussenvoegsels only
 * the pupil's own (or none), plus at most the pupil's class (with "groep"/"klas"), number and copy numbers ("2", "(3)").
 */
function fitsName(tokens: readonly string[], entry: Indexed): boolean {
  const core: string[] = [];
  for (const token of tokens) {
    // A name's own word is never taken for a class ("Klas" is a first name too).
    if (!entry.coreWords.has(token) && (entry.classTokens.has(token) || CLASS_WORDS.has(token))) continue;
    // "1001 Barack van Dijk": the pupil's own number beside the name.
    if (token === entry.id) continue;
    if (/^\d{1,2}$/u.test(token)) continue;
    if (INFIXES.has(token)) {
      if (!entry.infixes.has(token)) return false;
      continue;
    }
    core.push(token);
  }
  return core.sort().join(' ') === entry.core;
}
