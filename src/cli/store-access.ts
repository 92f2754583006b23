/**
 * What the commands on the store (show, forget, passphrase, config) share: finding the store, or saying there is
 * none and where to run the command instead, and paths as they print them.
 */
import path from 'node:path';
import { UserError } from '../errors.js';
import { formatDate, type Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { openStoreAndSweep } from '../store/open.js';
import { STORE_DIR, type Store } from '../store/store.js';

/** The store above `cwd`, opened (and swept, src/store/open.ts). @throws UserError naming `command` when there is none. */
export async function requireStore(cwd: string, command: string): Promise<Store> {
  const store = await openStoreAndSweep(cwd);
  if (store === null) throw noStore(command);
  return store;
}

/** The error of a command on the store when there is no store here or above. */
export function noStore(command: string): UserError {
  return new UserError(msg.storeCommands.noStore(STORE_DIR), { hint: msg.storeCommands.noStoreHint(command) });
}

/** An ISO date-time from the store or a report as a date in `lang`; null when there is none or it is no date. */
export function shownDate(iso: string | null | undefined, lang: Lang): string | null {
  const date = iso == null || iso === '' ? null : new Date(iso);
  return date === null || Number.isNaN(date.getTime()) ? null : formatDate(date, lang);
}

/** Relative to the working folder when inside it, so output lines stay short and paste back into a command. */
export function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
