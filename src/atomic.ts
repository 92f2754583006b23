/** Writing a file so that a crash, a kill or a full disk never leaves half of it under its real name. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files end in this; a rerun deletes `*.partial` leftovers of a crash in its output, review and report folders. */
export const TEMP_SUFFIX = '.partial';

/** Permissions of a new file: every caller says which it writes. */
export const FILE_MODE = Object.freeze({
  /**
   * Only this user: enrolled templates, the analysis cache, the ledger, the reports and their thumbnails hold biometric
   * data, photos and names of children.
   */
  private: 0o600,
  /** What the school means to share (the output and review photos): as any file the user makes, the umask applies. */
  shared: 0o666,
});

/**
 * Writes `data` to `dest` so that `dest` is either absent, its old self, or complete: a temporary file in the same
 * folder, flushed to disk, then renamed over `dest`. Creates missing parent folders. On failure the temporary file is
 * removed and the error rethrown.
 * @param mode permissions of the file, one of FILE_MODE; the rename carries the temporary file's mode over.
 */
export async function writeFileAtomic(dest: string, data: string | Buffer, mode: number): Promise<void> {
  // The flush before the rename (in writeAtomicallyWith) keeps a power cut from leaving an empty file on some file systems.
  await writeAtomicallyWith(dest, mode, (temp) => writeFile(temp, data));
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

/**
 * As writeFileAtomic, for a file another program writes (FFmpeg): `write` gets the temporary file's path, created
 * empty with `mode`, and must have finished writing it when its promise resolves. On failure, or when `write`
 * rejects, the temporary file is removed and nothing appears under `dest`.
 */
export async function writeAtomicallyWith(dest: string, mode: number, write: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const temp = `${dest}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    // Created here so that the file has the caller's mode; the writer truncates and fills it.
    await (await open(temp, 'wx', mode)).close();
    await write(temp);
    const handle = await open(temp, 'r+');
    try {
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
