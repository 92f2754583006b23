/**
 * The environment every test runs in, whatever the caller's shell holds: a batch job's PRIVACY_FILTER_PASSPHRASE, a
 * Dutch locale, another time zone or a HOME full of someone's settings must not change a result. vitest.config.ts
 * applies it before the test processes start (so ICU's locale and the time zone are fixed from their first line),
 * test/helpers/vault.ts again in each test file, and every CLI a test spawns inherits it.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The store passphrase of every test, in-process and in every spawned CLI, unless a test says otherwise. */
export const TEST_PASSPHRASE = 'correct horse battery staple';

/** Variables that steer privacy-filter itself and must come from the test, never from the caller. */
const CLEARED = ['PRIVACY_FILTER_NEW_PASSPHRASE', 'PRIVACY_FILTER_DESCRIBER', 'LANGUAGE', 'LC_MESSAGES', 'LC_TIME', 'LC_CTYPE', 'LC_NUMERIC', 'LC_COLLATE'];

/** A HOME of the tests' own (kept between runs: nothing in it is read by a test). */
export const TEST_HOME = path.join(os.tmpdir(), 'privacy-filter-test-home');

export function applyHermeticEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of CLEARED) delete env[name];
  mkdirSync(TEST_HOME, { recursive: true });
  Object.assign(env, {
    PRIVACY_FILTER_PASSPHRASE: TEST_PASSPHRASE,
    HOME: TEST_HOME,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
  });
}
