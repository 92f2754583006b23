/**
 * The folders a command is about to write into, checked before any work: never inside a `.privacy-filter` store
 * (biometric data must not be mixed with photos and reports, nor copied along with them), and writable, found out by
 * writing, not by reading permission bits, which say nothing about read-only drives, locked folders or root.
 */
import { mkdir, open, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './errors.js';
import { realPathOf } from './paths.js';
import { STORE_DIR } from './store/store.js';
import { fixableCause } from './system-errors.js';

/** True when `folder` (resolved, links followed) is a `.privacy-filter` store or lies inside one. */
export function isInsideStore(folder: string): boolean {
  return path.resolve(folder).split(path.sep).includes(STORE_DIR);
}

/**
 * @param what how the user knows the folder: "output", "report", "demo"…
 * @throws UserError when `folder`, links followed, is inside a store
 */
export async function refuseInsideStore(folder: string, what: string, option: string): Promise<void> {
  const real = await realPathOf(folder);
  if (!isInsideStore(real)) return;
  throw new UserError(`The ${what} folder ${folder}${real !== path.resolve(folder) ? ` (${real})` : ''} is inside ${STORE_DIR}, where the enrolled faces are kept.`, {
    hint: `Choose a ${what} folder outside ${STORE_DIR} with ${option}, e.g. beside the photos: reports and photos must never mix with the faces it holds.`,
  });
}

/**
 * Creates `folder` as the command would, writes and removes a small file in it, and removes again the folders it
 * created, so that a refusal later on leaves nothing behind.
 * @throws UserError naming the folder when it cannot be created or written
 */
export async function checkWritable(folder: string, what: string, option: string): Promise<void> {
  const created: string[] = [];
  try {
    for (let dir = path.resolve(folder); !(await exists(dir)); dir = path.dirname(dir)) {
      created.unshift(dir);
      if (path.dirname(dir) === dir) break;
    }
    await mkdir(folder, { recursive: true });
    const probe = path.join(folder, `.privacy-filter-probe-${process.pid}.partial`);
    const handle = await open(probe, 'wx', 0o600);
    try {
      await handle.writeFile('probe');
    } finally {
      await handle.close();
    }
    await rm(probe, { force: true });
  } catch (caught) {
    const cause = fixableCause(caught);
    throw new UserError(`The ${what} folder ${folder} cannot be written${cause !== null ? `: ${cause.what}` : ''}.`, {
      hint: `${cause?.hint ?? 'Check the path.'} The ${what} folder is chosen with ${option}.`,
      cause: caught,
    });
  } finally {
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
  }
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}
