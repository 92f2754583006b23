/** Finding the school's own consent purposes by the name a teacher types: header text, or a short name from the config. */
import { UserError } from '../errors.js';
import { purposeKey } from './headers.js';
import type { Purpose, Roster } from './types.js';

/**
 * The purpose `requested` names: a consent header of the roster (case, spaces, punctuation and accents do not
 * matter: `--purpose "social media"` finds "Social Media"), or a short name the config maps to such a header
 * (`{"insta": "Social media"}`).
 * @throws UserError listing the roster's purposes when none matches, or when a short name points at a header the
 *   roster does not have (an export with renamed columns must not silently change what a scan checks).
 */
export function findPurpose(roster: Roster, requested: string, shortNames: Readonly<Record<string, string>> = {}): Purpose {
  const purposes = roster.purposes ?? [];
  const key = purposeKey(requested);
  const direct = purposes.find((purpose) => purpose.key === key);
  if (direct != null) return direct;
  const short = Object.entries(shortNames).find(([name]) => purposeKey(name) === key);
  const listed = purposes.length > 0 ? purposes.map((purpose) => `"${purpose.name}" (${purpose.scope})`).join(', ') : 'none';
  if (short != null) {
    const target = purposes.find((purpose) => purpose.key === purposeKey(short[1]));
    if (target != null) return target;
    throw new UserError(`--purpose ${requested} stands for the column "${short[1]}" (in the config), but the roster has no such column.`, {
      place: { file: roster.file },
      hint: `The roster's purposes are: ${listed}. Export the roster with that column, or change the short name in the config.`,
    });
  }
  throw new UserError(`The roster has no consent purpose "${requested}".`, {
    place: { file: roster.file },
    hint:
      purposes.length > 0
        ? `Use --purpose with one of: ${listed}. Case and accents do not matter.`
        : 'This roster has no yes/no consent columns to choose from; use --scope instead. privacy-filter roster check shows its columns.',
  });
}

/**
 * `init --purpose-name insta="Social media"` specs as the config keeps them: short name → the purpose's header.
 * @throws UserError for a spec without `=`, an empty name, or a header that is not a purpose of this roster.
 */
export function parsePurposeNames(specs: readonly string[], roster: Roster): Record<string, string> {
  const names: Record<string, string> = {};
  for (const spec of specs) {
    const match = /^\s*([^=]+?)\s*=\s*["']?(.*?)["']?\s*$/su.exec(spec);
    if (match == null || (match[2] ?? '') === '') {
      throw new UserError(`--purpose-name "${spec}" is not short=header`, { hint: 'Write it as --purpose-name insta="Social media", with the header as in the roster.' });
    }
    names[match[1] ?? ''] = findPurpose(roster, match[2] ?? '').name;
  }
  return names;
}
