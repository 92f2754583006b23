import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from './shared.js';

/** The shipped fixtures folder; read-only for tests (see fixtures/README.md). */
export const fixturesDir = path.join(repoRoot, 'fixtures');

/** Absolute path of a file or folder under fixtures/, for reading only. */
export function fixture(relative: string): string {
  return path.join(fixturesDir, relative);
}

/**
 * Copies a fixture file or folder into a fresh temporary folder, so a test may write beside it or change it without
 * touching the repository. Returns the copy's path; `cleanup` removes the whole temporary folder.
 */
export async function copyFixtureToTemp(relative: string): Promise<{ path: string; dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'privacy-filter-fixture-'));
  const dest = path.join(dir, path.basename(relative));
  await cp(fixture(relative), dest, { recursive: true });
  return { path: dest, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh empty temporary folder for a test's own files. */
export async function makeTempDir(prefix = 'privacy-filter-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temporary folder made before the tests of the calling file or describe block and removed after them (even when
 * they fail); the function returned gives its path once made.
 */
export function tempDirForTests(prefix: string): () => string {
  let made: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    made = await makeTempDir(prefix);
  });
  afterAll(async () => {
    await made?.cleanup();
  });
  return () => {
    if (made === undefined) throw new Error(`${prefix} folder used before beforeAll made it`);
    return made.dir;
  };
}
