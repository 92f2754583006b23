/**
 * Errors crossing from a worker thread to the main thread, as plain data: a photo that cannot be read must stay a
 * PhotoReadError on the other side, and a UserError keep its place, its hint and every language, because the
 * language is chosen where the error is printed (src/i18n/current.ts), never in a worker.
 */
import { UserError, toError, type ErrorPlace } from '../errors.js';
import { PhotoReadError } from '../images/load.js';
import type { Text } from '../i18n/text.js';

export type SerializedError =
  | { readonly kind: 'photo'; readonly text: Text; readonly file: string }
  | { readonly kind: 'user'; readonly text: Text | string; readonly hint: Text | string | null; readonly place: ErrorPlace }
  | { readonly kind: 'other'; readonly name: string; readonly message: string; readonly stack: string | null };

/** What a worker sends for an error it caught. */
export function serializeError(caught: unknown): SerializedError {
  if (caught instanceof PhotoReadError) return { kind: 'photo', text: caught.text, file: caught.file };
  if (caught instanceof UserError) return { kind: 'user', text: caught.text, hint: caught.hintText ?? null, place: { ...caught.place } };
  const error = toError(caught);
  return { kind: 'other', name: error.name, message: error.message, stack: error.stack ?? null };
}

/** The error again, on the thread that receives it. */
export function reviveError(error: SerializedError): Error {
  switch (error.kind) {
    case 'photo':
      return new PhotoReadError(error.file, '', { whole: error.text });
    case 'user':
      return new UserError(error.text, { place: error.place, ...(error.hint !== null ? { hint: error.hint } : {}) });
    case 'other': {
      const revived = new Error(error.message);
      revived.name = error.name;
      if (error.stack != null) revived.stack = error.stack;
      return revived;
    }
    default:
      return assertNever(error);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected error kind ${JSON.stringify(value)}`);
}
