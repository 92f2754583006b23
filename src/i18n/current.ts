/**
 * The language of this command's output. main() sets it once from `--lang`, the environment and the system;
 * only the edges that print (cli/, ui/, the review server's responses) read it. Code below them returns a Text or
 * takes a Lang, so that workers, reports and tests never depend on this process-wide choice.
 */
import type { Lang } from './lang.js';
import { pick, type Text } from './text.js';

let current: Lang = 'en';

export function setOutputLang(lang: Lang): void {
  current = lang;
}

export function outputLang(): Lang {
  return current;
}

/** The text in this command's language. */
export function tr(text: Text | string): string {
  return pick(text, current);
}
