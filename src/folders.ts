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
import { textOf } from './i18n/compose.js';
import { englishCatalogue, msg } from './i18n/messages.js';
import { pick, type Text } from './i18n/text.js';

/** True when `folder` (resolved, links followed) is a `.privacy-filter` store or lies inside one. */
export function isInsideStore(folder: string): boolean {
  return path.resolve(folder).split(path.sep).includes(STORE_DIR);
}

/** How the user knows a folder: "output", "report", "demo"… (a key of the catalogue's folder words), or a Text. */
export type FolderWord = keyof typeof englishCatalogue.system.folder | Text;

function folderWord(what: FolderWord): Text {
  return typeof what === 'string' ? msg.system.folder[what] : what;
}

/**
 * @param what how the user knows the folder
 * @param option the option that chooses it, as typed, or a Text when it says more than the option
 * @throws UserError when `folder`, links followed, is inside a store
 */
export async function refuseInsideStore(folder: string, what: FolderWord, option: string | Text): Promise<void> {
  const real = await realPathOf(folder);
  if (!isInsideStore(real)) return;
  const word = folderWord(what);
  const shown = `${folder}${real !== path.resolve(folder) ? ` (${real})` : ''}`;
  throw new UserError(textOf((lang, say) => say.system.insideStore(word[lang], shown, STORE_DIR)), {
    hint: textOf((lang, say) => say.system.insideStoreHint(word[lang], STORE_DIR, pick(option, lang))),
  });
}

/**
 * Creates `folder` as the command would, writes and removes a small file in it, and removes again the folders it
 * created, so that a refusal later on leaves nothing behind.
 * @throws UserError naming the folder when it cannot be created or written
 */
export async function checkWritable(folder: string, what: FolderWord, option: string | Text): Promise<void> {
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
    const word = folderWord(what);
    throw new UserError(
      textOf((lang, say) => (cause !== null ? say.system.notWritableBecause(word[lang], folder, cause.what[lang]) : say.system.notWritable(word[lang], folder))),
      { hint: textOf((lang, say) => say.system.chosenWith(cause?.hint[lang] ?? say.system.checkPath, word[lang], pick(option, lang))), cause: caught },
    );
  } finally {
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
  }
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}
