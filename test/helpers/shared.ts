import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
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

/** A pupil played by one of ../shared/faces/identities: who, which of their photos enrol them, public consent or not. */
export interface SharedPupil {
  readonly id: string;
  readonly name: string;
  readonly dir: string;
  readonly photos: readonly string[];
  readonly publicConsent: boolean;
}

/**
 * A school's folder in `cwd` from shared photos: `portraits/<id>/` per pupil, `roster.csv` as a Dutch export
 * (semicolons, CRLF; consent for internal and group use, public as given) and the event folder `feest/` with the
 * group photos, ready for `init` and `scan`.
 */
export async function writeSharedSchool(cwd: string, pupils: readonly SharedPupil[], groupPhotos: readonly string[]): Promise<void> {
  const rows = ['id;naam;groep;toestemming intern;toestemming groep;toestemming publiek'];
  for (const pupil of pupils) {
    await mkdir(path.join(cwd, 'portraits', pupil.id), { recursive: true });
    for (const photo of pupil.photos) await copyFile(shared(`identities/${pupil.dir}/${photo}`), path.join(cwd, 'portraits', pupil.id, photo));
    rows.push(`${pupil.id};${pupil.name};7b;ja;ja;${pupil.publicConsent ? 'ja' : 'nee'}`);
  }
  await writeFile(path.join(cwd, 'roster.csv'), `${rows.join('\r\n')}\r\n`);
  await mkdir(path.join(cwd, 'feest'));
  for (const photo of groupPhotos) await copyFile(shared(`groups/${photo}`), path.join(cwd, 'feest', photo));
}
