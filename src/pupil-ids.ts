/**
 * What makes two pupil numbers the same pupil. Exports disagree on leading zeros (ParnasSys writes 01001, Excel
 * turns it into 1001, a portrait folder may use either), and no school numbers two pupils 01001 and 1001: so a number
 * is compared by its value, any other id by its text, ignoring case and surrounding spaces. The roster's spelling is
 * what the tool shows.
 */

/** The identity of a pupil number: `" 01001 "` and `"1001"` give the same key, `"A12"` and `"a12"` too. */
export function pupilKey(id: string): string {
  const text = id.trim().toLowerCase();
  return /^\d+$/u.test(text) ? text.replace(/^0+(?=\d)/u, '') : text;
}

export function sameId(a: string, b: string): boolean {
  return pupilKey(a) === pupilKey(b);
}

/** The roster's spelling of any spelling of one of `ids`, or undefined for a pupil not among them. */
export function spellingIn(ids: readonly string[]): (id: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const id of ids) if (!byKey.has(pupilKey(id))) byKey.set(pupilKey(id), id);
  return (id) => byKey.get(pupilKey(id));
}
