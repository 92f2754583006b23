/**
 * Operating-system errors a user can fix (no permission, a read-only or full disk, too many open files, a file in
 * use) are UserErrors with the path and what to do, wherever they happen: the CLI's one error handler maps them here,
 * so a read-only report folder is never "a bug".
 */
import { UserError } from './errors.js';
import { textOf } from './i18n/compose.js';
import { englishCatalogue, msg } from './i18n/messages.js';
import type { Text } from './i18n/text.js';

/** What the operating system said, as Node reports it on a failed call. */
interface SystemError {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
}

function asSystemError(value: unknown): SystemError | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, syscall, path, dest } = value as Record<string, unknown>;
  if (typeof code !== 'string') return null;
  return {
    code,
    ...(typeof syscall === 'string' ? { syscall } : {}),
    ...(typeof path === 'string' ? { path } : {}),
    ...(typeof dest === 'string' ? { dest } : {}),
  };
}

type FixableCode = keyof typeof englishCatalogue.system.what;

function isFixable(code: string): code is FixableCode {
  return Object.hasOwn(englishCatalogue.system.what, code);
}

/** What went wrong and what to do, for an operating-system error a user can fix; null for anything else. */
export function fixableCause(caught: unknown): { readonly what: Text; readonly hint: Text } | null {
  const error = asSystemError(caught);
  if (error === null || !isFixable(error.code)) return null;
  return { what: msg.system.what[error.code], hint: msg.system.hint[error.code] };
}

/** The UserError for an operating-system error a user can fix, or null for anything else (a bug stays a bug). */
export function fixableSystemError(caught: unknown): UserError | null {
  const error = asSystemError(caught);
  const fixable = fixableCause(caught);
  if (error === null || fixable === null) return null;
  const syscall = error.syscall !== undefined && Object.hasOwn(englishCatalogue.system.verb, error.syscall) ? (error.syscall as keyof typeof englishCatalogue.system.verb) : 'other';
  const where = error.path ?? error.dest;
  const message = textOf((lang, say) =>
    where !== undefined ? say.system.couldNot(say.system.verb[syscall], where, fixable.what[lang]) : say.system.couldNotGoOn(fixable.what[lang]),
  );
  return new UserError(message, { hint: fixable.hint, cause: caught });
}
