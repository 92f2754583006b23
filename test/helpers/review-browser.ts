/**
 * What the review page's browser tests share: Debian's chromium (through playwright-core; no browser is downloaded)
 * with the project's flags, and `privacy-filter review --no-open` started in a working folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './shared.js';

export const CHROMIUM = process.env['PRIVACY_FILTER_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Says on stderr why `file` skips, and how to get chromium. */
export function sayWhySkipped(file: string): void {
  if (!hasChromium) process.stderr.write(`${file} skipped: no ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium\n`);
}

/** The flags the project runs Chromium with: nothing fetched, no profile left behind. */
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface RunningReview {
  readonly url: string;
  readonly exit: Promise<number | null>;
  readonly child: ChildProcess;
}

/** Starts `privacy-filter review --no-open` in `cwd` and resolves with the address it prints first. */
export function startReview(cwd: string): Promise<RunningReview> {
  return startServing(['review', '--no-open'], cwd);
}

/**
 * Starts the CLI with `args` (a command that ends by serving the review page, such as `demo --review --no-open`) and
 * resolves with the page's address, the first line it prints that is one. `env` replaces the tests' environment.
 */
export function startServing(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningReview> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const url = out.split('\n').find((line, i, lines) => i < lines.length - 1 && /^http:\/\/127\.0\.0\.1:\d+\//u.test(line));
      if (url !== undefined) resolve({ url, exit, child });
    });
    child.on('close', (code) => reject(new Error(`${args[0]} ended (${code}) before printing an address: ${err}${out}`)));
  });
}
