/**
 * Operating-system errors a user can fix (no permission, a read-only or full disk, too many open files, a file in
 * use) are UserErrors with the path and what to do, wherever they happen: the CLI's one error handler maps them here,
 * so a read-only report folder is never "a bug".
 */
import { UserError } from './errors.js';

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

/** Per code: what happened (after "Could not <verb> <path>: ") and what to do. */
const FIXABLE: Readonly<Record<string, { readonly what: string; readonly hint: string }>> = {
  EACCES: {
    what: 'permission denied',
    hint: 'Choose a folder you may write to, or ask whoever manages this computer for access; then run the same command again.',
  },
  EPERM: {
    what: 'the operating system does not allow it (a read-only or locked file or folder)',
    hint: 'Choose a folder you may write to, or unlock that file or folder; then run the same command again.',
  },
  EROFS: {
    what: 'the drive is read-only',
    hint: 'Choose a folder on a drive you can write to; then run the same command again.',
  },
  ENOSPC: {
    what: 'the disk is full',
    hint: 'Free some space on that disk, or choose a folder on another drive; then run the same command again (it goes on where it stopped).',
  },
  EDQUOT: {
    what: 'your disk quota is used up',
    hint: 'Free some space, or choose a folder on another drive; then run the same command again.',
  },
  EMFILE: {
    what: 'too many files are open at once',
    hint: 'Close other programs, or run with fewer workers (--jobs 2); then run the same command again.',
  },
  ENFILE: {
    what: 'the computer has too many files open at once',
    hint: 'Close other programs, or run with fewer workers (--jobs 2); then run the same command again.',
  },
  EBUSY: {
    what: 'it is in use by another program',
    hint: 'Close the program that has it open (a photo viewer, Excel, a sync tool); then run the same command again.',
  },
  ENOTDIR: {
    what: 'a part of that path is a file, not a folder',
    hint: 'Check the path: where a folder is needed, a file of the same name is in the way.',
  },
  ENAMETOOLONG: {
    what: 'the path is too long',
    hint: 'Choose a folder with a shorter path, e.g. closer to the top of the drive.',
  },
};

const VERBS: Readonly<Record<string, string>> = {
  open: 'write or read',
  mkdir: 'create the folder',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove the folder',
  rm: 'remove',
  scandir: 'list the folder',
  write: 'write',
  copyfile: 'copy',
  chmod: 'change',
  utime: 'change',
};

/** What went wrong and what to do, for an operating-system error a user can fix; null for anything else. */
export function fixableCause(caught: unknown): { readonly what: string; readonly hint: string } | null {
  const error = asSystemError(caught);
  return error === null ? null : (FIXABLE[error.code] ?? null);
}

/** The UserError for an operating-system error a user can fix, or null for anything else (a bug stays a bug). */
export function fixableSystemError(caught: unknown): UserError | null {
  const error = asSystemError(caught);
  const fixable = fixableCause(caught);
  if (error === null || fixable === null) return null;
  const verb = (error.syscall !== undefined ? VERBS[error.syscall] : undefined) ?? 'use';
  const where = error.path ?? error.dest;
  const message = where !== undefined ? `Could not ${verb} ${where}: ${fixable.what}.` : `Could not go on: ${fixable.what}.`;
  return new UserError(message, { hint: fixable.hint, cause: caught });
}
