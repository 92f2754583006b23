/**
 * Tests pass whatever the caller's shell holds: a batch job's PRIVACY_FILTER_PASSPHRASE (as the README recommends),
 * a Dutch locale, another time zone, another HOME. `.ci/run` runs the suite with the passphrase set; this checks that
 * the test processes, and the CLIs they spawn, see the tests' own values instead of the caller's.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { TEST_HOME, TEST_PASSPHRASE } from '../helpers/env.js';

describe("the tests' environment", () => {
  it('is the same whatever the caller set: passphrase, HOME, locale, time zone', () => {
    expect(process.env['PRIVACY_FILTER_PASSPHRASE']).toBe(TEST_PASSPHRASE);
    expect(process.env['PRIVACY_FILTER_NEW_PASSPHRASE']).toBeUndefined();
    expect(os.homedir()).toBe(TEST_HOME);
    expect(process.env['LC_ALL']).toBe('C.UTF-8');
    // The time zone reaches dates (report.html and recheck print local times).
    expect(new Date(Date.UTC(2026, 5, 1, 12)).getHours()).toBe(12);
  });

  it('is what a spawned process inherits, from its first line (ICU reads the locale and time zone at start)', () => {
    const probe = 'console.log(JSON.stringify([process.env.PRIVACY_FILTER_PASSPHRASE, process.env.HOME, Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(0).toString()]))';
    const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    const [passphrase, home, zone, epoch] = JSON.parse(child.stdout) as string[];
    expect(passphrase).toBe(TEST_PASSPHRASE);
    expect(home).toBe(TEST_HOME);
    expect(zone).toBe('UTC');
    expect(epoch).toMatch(/^Thu Jan 01 1970 00:00:00 GMT\+0000/);
  });
});
