/**
 * What the commands on the store (show, forget, passphrase, config) share: finding the store, or saying there is
 * none and where to run the command instead, and paths and counts as they print them.
 */
import path from 'node:path';
import { UserError } from '../errors.js';
import { STORE_DIR, findStore, type Store } from '../store/store.js';

export async function requireStore(cwd: string): Promise<Store> {
  const store = await findStore(cwd);
  if (store === null) {
    throw new UserError(`There is no ${STORE_DIR} folder here or above: nothing is enrolled.`, {
      hint: 'Run the command in the folder where you ran privacy-filter init (or enroll).',
    });
  }
  return store;
}

/** The error of `forget` and `passphrase` when there is no store here or above. */
export function noStore(): UserError {
  return new UserError(`There is no ${STORE_DIR} folder here or above: nothing is enrolled.`, {
    hint: 'Run forget in the folder where you ran privacy-filter init (or enroll).',
  });
}

/** Relative to the working folder when inside it, so output lines stay short and paste back into a command. */
export function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
