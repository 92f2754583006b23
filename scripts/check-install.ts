/**
 * Checks that an installed privacy-filter runs the dependency versions the checkout tests: every runtime dependency
 * (package.json's `dependencies`, and `optionalDependencies` when installed) at the version npm-shrinkwrap.json pins.
 * `.ci/run` runs it on the packed tool after its global install:
 *
 *   node dist/scripts/check-install.js <prefix>/lib/node_modules/privacy-filter
 *
 * package.json pins those exactly because npm ignores the shipped shrinkwrap when a tarball is installed by path
 * (npm/cli#5325; it honours it for a registry install and for `npm ci`), so there only the direct dependencies are
 * held. Their own dependencies that drift from the shrinkwrap are listed, not failed: the ones that shape the
 * output (onnxruntime-common, sharp's libvips, tfjs' parts) are pinned exactly by the packages above.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly optional?: boolean;
}

interface Manifest {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

export interface InstallCheck {
  /** A runtime dependency at another version than the shrinkwrap's, or a required one missing. */
  readonly errors: readonly string[];
  /** A package further down at a version the shrinkwrap does not have. */
  readonly notes: readonly string[];
}

/**
 * Compares an installed tree with the shrinkwrap.
 * @param lock the shrinkwrap's `packages` (paths like `node_modules/a/node_modules/b`)
 * @param installed the same kind of paths of the installed tree, to their versions
 */
export function compareInstall(lock: Readonly<Record<string, LockEntry>>, manifest: Manifest, installed: ReadonlyMap<string, string>): InstallCheck {
  const errors: string[] = [];
  const notes: string[] = [];
  const direct = [
    ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
  ];
  for (const { name, optional } of direct) {
    const key = `node_modules/${name}`;
    const tested = lock[key]?.version;
    const version = installed.get(key);
    if (tested === undefined) errors.push(`${name}: not in npm-shrinkwrap.json (run npm install in the checkout)`);
    else if (version === undefined) {
      if (!optional) errors.push(`${name}: not installed (tested: ${tested})`);
    } else if (version !== tested) errors.push(`${name}: installed ${version}, tested ${tested}`);
  }
  const directKeys = new Set(direct.map(({ name }) => `node_modules/${name}`));
  const lockVersions = new Map<string, Set<string>>();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '' || entry.version === undefined) continue;
    const name = nameOf(key);
    lockVersions.set(name, (lockVersions.get(name) ?? new Set()).add(entry.version));
  }
  for (const [key, version] of installed) {
    if (directKeys.has(key)) continue;
    const name = nameOf(key);
    if (!lockVersions.get(name)?.has(version)) notes.push(`${name}: installed ${version}, tested ${[...(lockVersions.get(name) ?? ['none'])].join(', ')}`);
  }
  return { errors, notes };
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** Every package below `dir`'s node_modules, as shrinkwrap-style paths relative to `dir`, with its version. */
export function installedTree(dir: string, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  const modules = path.join(dir, 'node_modules');
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((inner) => `${entry}/${inner}`) : [entry];
    for (const name of names) {
      const folder = path.join(modules, name);
      const key = `${prefix}node_modules/${name}`;
      const manifest = path.join(folder, 'package.json');
      if (!existsSync(manifest)) continue;
      found.set(key, (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version);
      for (const [inner, version] of installedTree(folder, `${key}/`)) found.set(inner, version);
    }
  }
  return found;
}

function main(): void {
  const folder = process.argv[2];
  if (folder === undefined) {
    process.stderr.write('usage: node dist/scripts/check-install.js <installed privacy-filter folder>\n');
    process.exit(2);
  }
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
  if (!existsSync(path.join(folder, 'npm-shrinkwrap.json'))) {
    process.stderr.write(`${folder}: no npm-shrinkwrap.json in the installed package\n`);
    process.exit(1);
  }
  const lock = (read('npm-shrinkwrap.json') as { packages: Record<string, LockEntry> }).packages;
  const { errors, notes } = compareInstall(lock, read('package.json') as Manifest, installedTree(folder));
  for (const note of notes) process.stdout.write(`note: not the tested version (a dependency's own dependency): ${note}\n`);
  for (const error of errors) process.stderr.write(`error: ${error}\n`);
  if (errors.length > 0) process.exit(1);
  process.stdout.write('The installed runtime dependencies are the tested versions.\n');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
