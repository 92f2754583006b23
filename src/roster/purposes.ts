/** Finding the school's own consent purposes by the name a teacher types: header text, or a short name from the config. */
import { UserError } from '../errors.js';
import { purposeKey } from './headers.js';
import type { Purpose, Roster } from './types.js';
import { textOf } from '../i18n/compose.js';
import { msg } from '../i18n/messages.js';
import { scopeText } from '../policy/consent.js';

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
  const listed = textOf((lang, cat) =>
    purposes.length > 0 ? purposes.map((purpose) => cat.roster.purposeListed(purpose.name, scopeText(purpose.scope)[lang])).join(', ') : cat.roster.none,
  );
  if (short != null) {
    const target = purposes.find((purpose) => purpose.key === purposeKey(short[1]));
    if (target != null) return target;
    throw new UserError(msg.roster.shortNameGone(requested, short[1]), {
      place: { file: roster.file },
      hint: textOf((lang, cat) => cat.roster.shortNameGoneHint(listed[lang])),
    });
  }
  throw new UserError(msg.roster.noSuchPurpose(requested), {
    place: { file: roster.file },
    hint: purposes.length > 0 ? textOf((lang, cat) => cat.roster.usePurpose(listed[lang])) : msg.roster.noPurposes,
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
      throw new UserError(msg.roster.purposeNameSpec(spec), { hint: msg.roster.purposeNameSpecHint });
    }
    names[match[1] ?? ''] = findPurpose(roster, match[2] ?? '').name;
  }
  return names;
}
