/**
 * What every document of the store has in common: a name, how it is written and read back, and what a damaged one is
 * told as. One module per document beside this one holds its type and its codec; src/store/store.ts reads and writes
 * them through the vault.
 */
import { UserError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';
import type { Text } from '../../i18n/text.js';

/** The version every document of the store is written with; another version is read as damaged. */
export const FORMAT_VERSION = 1;

/**
 * One document: `name.enc` in the store's folder (`name.json` in a store made with `init --no-encrypt`).
 * `T` is what is written; `Absent` what reading gives when it was never written.
 */
export interface DocumentCodec<T, Absent = T> {
  readonly name: string;
  /** What reading gives when it was never written (a new value each time: callers may change it). */
  absent(): Absent;
  /** What to tell the user who finds it damaged: how it is rebuilt, or that it cannot be. */
  readonly rebuild: Text;
  /** The JSON value kept; `now` dates what has no date yet. */
  encode(value: T, now: Date): unknown;
  /** Null when `raw` is not a valid document of this kind (damaged, edited, or from another version). */
  decode(raw: unknown): T | null;
}

/**
 * A document that does not decrypt (`altered`: truncated, edited, or swapped with another file) or is not what it
 * should be (`unreadable`). Never read as empty: a lost template or setting could publish a face.
 */
export function damagedDocument(file: string, how: 'altered' | 'unreadable', rebuild: Text, cause?: unknown): UserError {
  const message = how === 'altered' ? msg.store.documentAltered : msg.store.documentDamaged;
  return new UserError(message, { place: { file }, hint: rebuild, cause });
}
