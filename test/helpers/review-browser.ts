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
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), 'review', '--no-open'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const first = out.split('\n')[0];
      if (out.includes('\n') && first !== undefined) resolve({ url: first, exit, child });
    });
    child.on('close', (code) => reject(new Error(`review ended (${code}) before printing an address: ${err}`)));
  });
}
