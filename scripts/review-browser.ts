/**
 * What the review page's bench and browser tests share: Debian's chromium (through playwright-core; no browser is
 * downloaded) with the project's flags, and the CLI started so that it serves the review page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env['PRIVACY_FILTER_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The flags the project runs Chromium with: nothing fetched, no profile left behind. */
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** bin/privacy-filter.js of the repository: the nearest folder up with a package.json (this runs from scripts/ or dist/scripts/). */
function cliPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'bin', 'privacy-filter.js');
}

export interface RunningReview {
  readonly url: string;
  readonly exit: Promise<number | null>;
  readonly child: ChildProcess;
}

/**
 * Starts the CLI with `args` (`review --no-open`, or a command that ends by serving the review page, such as
 * `demo --review --no-open`) and resolves with the page's address, the first line it prints that is one. `env`
 * replaces the caller's environment.
 */
export function startServing(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningReview> {
  const child = spawn(process.execPath, [cliPath(), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

export interface OpenBrowser {
  readonly browser: BrowserContext;
  readonly page: Page;
  /** The page's uncaught errors and, unless left out, what it logged as an error to the console. */
  readonly errors: string[];
  /** Closes the browser and removes its throw-away profile. */
  close(): Promise<void>;
}

export interface BrowserOptions {
  readonly viewport: { readonly width: number; readonly height: number };
  /** Also count console errors (default true); off where the page is made to fail a request on purpose. */
  readonly consoleErrors?: boolean;
  /** Prefix of the throw-away profile folder (default pf-chromium-). */
  readonly profile?: string;
}

/** Headless Chromium with a throw-away profile, and its first page, collecting the page's errors. */
export async function openChromium(options: BrowserOptions): Promise<OpenBrowser> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(path.join(os.tmpdir(), options.profile ?? 'pf-chromium-'));
  const close = async (): Promise<void> => {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  };
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { ...options.viewport } });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (options.consoleErrors ?? true) page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    return { browser, page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
