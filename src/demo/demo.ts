/**
 * `demo`: the whole flow on the shipped demo photos (invented pupils, public-domain photos), in a folder of its own,
 * run as the CLI a teacher would run. src/cli/demo.ts parses its options and may open the review page after it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { refuseInsideStore } from '../folders.js';
import type { Lang } from '../i18n/lang.js';
import { cliEntry } from '../review/rerun.js';
import { PASSPHRASE_ENV } from '../store/vault.js';

/** The shipped demo material, from dist/src/demo/ or src/demo/. */
function demoFixtures(): string {
  const candidates = [new URL('../../../fixtures/demo/', import.meta.url), new URL('../../fixtures/demo/', import.meta.url)];
  const found = candidates.find((url) => existsSync(url));
  if (found === undefined) throw new UserError('The demo photos are not here.', { hint: 'Run the demo from a checkout of privacy-filter (they live in fixtures/demo).' });
  return fileURLToPath(found);
}

const DEMO_MARK = '.privacy-filter-demo';
/** The same as the README's demo: invented pupils, nothing worth a secret. */
const DEMO_PASSPHRASE = 'demo only, not for real pupils';

/** How the demo ended: a step failed with its exit code, or it ran through and made the scan's report folder. */
export type DemoResult = { readonly kind: 'failed'; readonly code: number } | { readonly kind: 'done'; readonly dir: string; readonly report: string };

/**
 * Copies the demo material into a folder of its own and runs roster check, init and a public scan there, each as the
 * CLI a teacher would run, printing each step and then where everything is and what to run next.
 */
/** @param lang the language of the steps' output and of the scan's report (the demo command's own). */
export async function runDemo(cwd: string, folder: string, lang: Lang): Promise<DemoResult> {
  const dir = path.resolve(cwd, folder);
  await refuseInsideStore(dir, 'demo', '--folder');
  const entries = await readdir(dir).catch(() => null);
  if (entries !== null && entries.length > 0 && !entries.includes(DEMO_MARK)) {
    throw new UserError(`${dir} already holds other files; the demo needs a folder of its own.`, { hint: 'Give another --folder, or remove that folder.' });
  }
  await mkdir(dir, { recursive: true });
  const source = demoFixtures();
  for (const item of ['roster.csv', 'portraits', 'photos']) {
    if ((await stat(path.join(dir, item)).catch(() => null)) === null) await cp(path.join(source, item), path.join(dir, item), { recursive: true });
  }
  await writeFile(path.join(dir, DEMO_MARK), 'Made by privacy-filter demo: invented pupils, public-domain photos (fixtures/README.md).\n');
  // The demo's store is encrypted like any other; it gets the README's demo passphrase unless one is set.
  const ownPassphrase = (process.env[PASSPHRASE_ENV] ?? '') !== '';
  if (!ownPassphrase) process.env[PASSPHRASE_ENV] = DEMO_PASSPHRASE;
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say(`The demo runs in ${dir}: an invented roster of six pupils, two portraits, three photos.`);
  const steps: [string, string[]][] = [
    ['Check the roster', ['roster', 'check', 'roster.csv']],
    ['Enrol the pupils from their portraits', ['init', '--roster', 'roster.csv', '--portraits', 'portraits']],
    ['Scan the photos for the school website', ['scan', 'photos', '--scope', 'public', '--out', 'sportdag-public']],
  ];
  for (const [what, args] of steps) {
    say(`\n== ${what}: privacy-filter ${args.join(' ')}`);
    // Each step in the demo's language: `--lang` may have chosen it, which the steps' environment does not say.
    const code = await runChild(['--lang', lang, ...args], dir);
    // A scan with photos to review (3) is a result, not a failure.
    if (code !== 0 && !(args[0] === 'scan' && code === 3)) return { kind: 'failed', code };
  }
  const report = path.join(dir, 'sportdag-public-report');
  say('');
  say('Where everything is:');
  say(`  ${path.join(dir, '.privacy-filter')}   the enrolled faces (descriptors only; never share this folder)`);
  say(`  ${path.join(dir, 'sportdag-public')}   the copy you may publish: "Joe" (no consent) anonymised, "Barack" kept`);
  say(`  ${path.join(report, 'report.html')}   the report to look through`);
  say('Next, look through the scan and correct it in your browser:');
  say(`  ${nextCommand(dir, ownPassphrase)}`);
  if (!ownPassphrase) {
    say(`  (The demo's faces are encrypted under the demo passphrase, "${DEMO_PASSPHRASE}": the command gives it, so nothing asks you for one.`);
    say('  For real pupils, init asks you to choose your own passphrase.)');
  }
  return { kind: 'done', dir, report };
}

/**
 * The review command for the demo folder. The demo chose the passphrase, so the command carries it in the
 * environment, as the README's demo does: a teacher never chose one to type in, and a script has no terminal to type
 * it in. The demo passphrase protects invented pupils only, and is public anyway.
 */
export function nextCommand(dir: string, ownPassphrase: boolean, platform: NodeJS.Platform = process.platform): string {
  const windows = platform === 'win32';
  const cd = `cd ${quoteIfNeeded(dir)}`;
  const review = 'npx privacy-filter review';
  if (ownPassphrase) return windows ? `${cd}; ${review}` : `${cd} && ${review}`;
  // PowerShell, the default shell of Windows terminals; single quotes are literal in both shells.
  return windows ? `${cd}; $env:${PASSPHRASE_ENV}='${DEMO_PASSPHRASE}'; ${review}` : `${cd} && ${PASSPHRASE_ENV}='${DEMO_PASSPHRASE}' ${review}`;
}

function quoteIfNeeded(p: string): string {
  return /\s/u.test(p) ? `"${p}"` : p;
}

function runChild(args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry(), ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
