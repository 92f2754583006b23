/**
 * What the review page's browser tests share: scripts/review-browser.ts (Debian's chromium with the project's flags,
 * the CLI serving the page), a note on stderr when a test skips, and `privacy-filter review --no-open` in a folder.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, hasChromium, startServing, type RunningReview } from '../../scripts/review-browser.js';

export { CHROMIUM, hasChromium, openChromium, startServing, type OpenBrowser, type RunningReview } from '../../scripts/review-browser.js';

/** Says on stderr why `file` skips, and how to get chromium. */
export function sayWhySkipped(file: string): void {
  if (!hasChromium) process.stderr.write(`${file} skipped: no ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium\n`);
}

/** Starts `privacy-filter review --no-open` in `cwd` and resolves with the address it prints first. */
export function startReview(cwd: string): Promise<RunningReview> {
  return startServing(['review', '--no-open'], cwd);
}

/** Does `act` on `page` and resolves with the JSON it sent to `route` (such as /api/correct), once the server has stored it (200). */
export async function sentTo(page: Page, route: string, act: () => Promise<void>): Promise<unknown> {
  const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === route), act()]);
  expect(response.status(), await response.text()).toBe(200);
  return JSON.parse(response.request().postData() ?? 'null') as unknown;
}

/** After a file's tests: stops its review server if still running and removes its working folder. */
export async function stopAndRemove(review: ChildProcess | null, cwd: string | undefined): Promise<void> {
  review?.kill('SIGTERM');
  if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
}

/** report.json of `scan photos --scope public` in `cwd`, as the type the test reads it as. */
export async function readPublicReport<T>(cwd: string): Promise<T> {
  return JSON.parse(await readFile(path.join(cwd, 'photos-public-report', 'report.json'), 'utf8')) as T;
}
