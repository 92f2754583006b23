import { writeFileAtomic as writeAtomic } from '../atomic.js';

/**
 * The store's files through the one atomic writer, with mode 0600: the store and the report hold biometric data and
 * photos of children that only this user should read.
 */
export function writeFileAtomic(dest: string, data: string | Buffer): Promise<void> {
  return writeAtomic(dest, data, { mode: 0o600 });
}

/** True for an ENOENT error: a file that is simply not there yet. */
export function isMissing(caught: unknown): boolean {
  return typeof caught === 'object' && caught !== null && (caught as { code?: unknown }).code === 'ENOENT';
}
