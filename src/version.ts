import { existsSync, readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in package.json, read once. */
export function packageVersion(): string {
  if (cached === undefined) {
    // Two folders up from dist/src/, one from src/ (where tests run this module).
    const file = [new URL('../../package.json', import.meta.url), new URL('../package.json', import.meta.url)].find(
      (url) => existsSync(url) && (JSON.parse(readFileSync(url, 'utf8')) as { name?: string }).name === 'privacy-filter',
    );
    if (file === undefined) throw new Error('package.json of privacy-filter not found');
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
