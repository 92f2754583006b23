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
import { cliEntry } from '../review/rerun.js';
import { PASSPHRASE_ENV } from '../store/vault.js';
import { catalogueIn } from '../i18n/compose.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';

/** The shipped demo material, from dist/src/demo/ or src/demo/. */
function demoFixtures(): string {
  const candidates = [new URL('../../../fixtures/demo/', import.meta.url), new URL('../../fixtures/demo/', import.meta.url)];
  const found = candidates.find((url) => existsSync(url));
  if (found === undefined) throw new UserError(msg.demo.noFixtures, { hint: msg.demo.noFixturesHint });
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
  const say = catalogueIn(lang).demo;
  const dir = path.resolve(cwd, folder);
  await refuseInsideStore(dir, 'demo', '--folder');
  const entries = await readdir(dir).catch(() => null);
  if (entries !== null && entries.length > 0 && !entries.includes(DEMO_MARK)) {
    throw new UserError(msg.demo.folderTaken(dir), { hint: msg.demo.folderTakenHint });
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
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  print(say.runsIn(dir));
  const steps: [string, string[]][] = [
    [say.stepRoster, ['roster', 'check', 'roster.csv']],
    [say.stepInit, ['init', '--roster', 'roster.csv', '--portraits', 'portraits']],
    [say.stepScan, ['scan', 'photos', '--scope', 'public', '--out', 'sportdag-public']],
  ];
  for (const [what, args] of steps) {
    print(`\n${say.step(what, `privacy-filter ${args.join(' ')}`)}`);
    // Each step speaks the demo's language, also when that came from --lang rather than the environment.
    const code = await runChild(['--lang', lang, ...args], dir);
    // A scan with photos to review (3) is a result, not a failure.
    if (code !== 0 && !(args[0] === 'scan' && code === 3)) return { kind: 'failed', code };
  }
  const report = path.join(dir, 'sportdag-public-report');
  print('');
  print(say.whereEverythingIs);
  print(say.store(path.join(dir, '.privacy-filter')));
  print(say.output(path.join(dir, 'sportdag-public')));
  print(say.report(path.join(report, 'report.html')));
  print(say.next);
  print(`  ${nextCommand(dir, ownPassphrase)}`);
  if (!ownPassphrase) {
    print(say.passphrase(DEMO_PASSPHRASE));
    print(say.ownPassphrase);
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
