/**
 * The one check on paths the tool reads back from its own files (a ledger, scans.json, the cache) before it deletes,
 * overwrites or copies through them: such a file may be damaged or edited, and a path in it must never lead the tool
 * outside the folder it belongs to. Everything else is ignored with a warning, never followed.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { tr } from './i18n/current.js';
import { msg } from './i18n/messages.js';
import type { Text } from './i18n/text.js';

/**
 * Where a path that was not followed is reported; the scan writes these to stderr. `message` is the English, `text`
 * the same in every language when the caller has it (the one printed; a test may keep just the English).
 */
export type Warn = (message: string, text?: Text) => void;

/** Hands a Text to a Warn: the English as the message, the Text for printing. */
export function warnIn(warn: Warn, text: Text): void {
  warn(text.en, text);
}

export const warnOnStderr: Warn = (message, text) => {
  process.stderr.write(`${tr(msg.system.warning(tr(text ?? message)))}\n`);
};

/** True when `inner` is `outer` or lies inside it. Both absolute and already resolved. */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * `relative` below `root`, when it is a plain relative path that stays strictly inside `root` once `..` is resolved;
 * else null. Pure: what a path read from a file may be at all, before anything on disk is looked at.
 */
export function joinInside(root: string, relative: unknown): string | null {
  if (typeof relative !== 'string' || relative === '' || relative.includes('\0') || path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return null;
  const joined = path.resolve(root, relative);
  return joined !== path.resolve(root) && isInside(joined, path.resolve(root)) ? joined : null;
}

/**
 * Resolves symbolic links in the existing part of `p`, so that a link cannot hide where a path really leads. The part
 * that does not exist yet is kept as written.
 */
export async function realPathOf(p: string): Promise<string> {
  const absolute = path.resolve(p);
  try {
    return await realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    if (parent === absolute) return absolute;
    return path.join(await realPathOf(parent), path.basename(absolute));
  }
}

/**
 * `relative` below `root` (as joinInside), and only when it still lies inside `root` after every symbolic link on the
 * way — the file itself included — is followed; else null. Use it right before removing, replacing or reading a file
 * through a path read back from a file.
 */
export async function resolveInside(root: string, relative: unknown): Promise<string | null> {
  const joined = joinInside(root, relative);
  if (joined === null) return null;
  const [realRoot, realTarget] = await Promise.all([realPathOf(root), realPathOf(joined)]);
  return realTarget !== realRoot && isInside(realTarget, realRoot) ? joined : null;
}

/** resolveInside for a path that is already absolute (a file found by listing `root`). */
export async function stillInside(root: string, absolute: string): Promise<boolean> {
  return (await resolveInside(root, path.relative(root, absolute))) !== null;
}
