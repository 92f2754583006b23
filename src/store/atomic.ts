import { readFile } from 'node:fs/promises';
import { writeFileAtomic as writeAtomic } from '../atomic.js';

/**
 * The store's files through the one atomic writer, with mode 0600: the store and the report hold biometric data and
 * photos of children that only this user should read.
 */
export function writeFileAtomic(dest: string, data: string | Buffer): Promise<void> {
  return writeAtomic(dest, data, { mode: 0o600 });
}

/** The file's text, or null when it does not exist (yet); any other read error is thrown. */
export async function readTextIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (caught) {
    if (typeof caught === 'object' && caught !== null && (caught as { code?: unknown }).code === 'ENOENT') return null;
    throw caught;
  }
}
