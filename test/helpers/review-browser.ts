/**
 * What the review page's browser tests share: scripts/review-browser.ts (Debian's chromium with the project's flags,
 * the CLI serving the page), a note on stderr when a test skips, and `privacy-filter review --no-open` in a folder.
 */
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
