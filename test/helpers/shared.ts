import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `../shared/faces` beside the repository, where the real test photos live; absent on some machines. */
export const sharedFaces = path.resolve(repoRoot, '..', 'shared', 'faces');
export const hasSharedFaces = existsSync(path.join(sharedFaces, 'identities.csv'));

/** Absolute path of a file under ../shared/faces. */
export function shared(relative: string): string {
  return path.join(sharedFaces, relative);
}
