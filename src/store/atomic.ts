import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Leftovers of an interrupted write end in this; they are never read as real files. */
export const STORE_TEMP_SUFFIX = '.pf-tmp';

/**
 * Writes through a temp file in the same folder and renames it into place, so a crash or Ctrl-C leaves either the old
 * file or the new one, never half of one. Mode 0600: the store holds biometric data that only this user should read.
 */
export async function writeFileAtomic(dest: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const temp = `${dest}.${randomBytes(6).toString('hex')}${STORE_TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(data);
      // Without the flush a power cut after the rename can still leave an empty file on some file systems.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, dest);
  } catch (caught) {
    await rm(temp, { force: true });
    throw caught;
  }
}

/** True for an ENOENT error: a file that is simply not there yet. */
export function isMissing(caught: unknown): boolean {
  return typeof caught === 'object' && caught !== null && (caught as { code?: unknown }).code === 'ENOENT';
}
