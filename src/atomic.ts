/** Writing a file so that a crash, a kill or a full disk never leaves half of it under its real name. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files end in this; a rerun deletes `*.partial` leftovers of a crash in its output, review and report folders. */
export const TEMP_SUFFIX = '.partial';

/**
 * Writes `data` to `dest` so that `dest` is either absent, its old self, or complete: a temporary file in the same
 * folder, flushed to disk, then renamed over `dest`. Creates missing parent folders. On failure the temporary file is
 * removed and the error rethrown.
 * @param options.mode file permissions of a new file, e.g. 0o600 for biometric templates only this user may read.
 */
export async function writeFileAtomic(dest: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const temp = `${dest}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
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
  await syncFolder(path.dirname(dest));
}

/** Makes the rename itself survive a power cut. Not possible on Windows (folders cannot be opened), where it is skipped. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // The file is complete and in place either way; only its durability after a crash is less certain.
  } finally {
    await handle?.close();
  }
}
