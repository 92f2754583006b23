/** Running the built CLI from tests (test/helpers/build.ts has compiled it before any test): spawn, capture. */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { TEST_PASSPHRASE } from '../helpers/env.js';
import { repoRoot } from '../helpers/shared.js';

const bin = path.join(repoRoot, 'bin', 'privacy-filter.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The store's passphrase every spawned CLI gets unless `env` says otherwise (tests never prompt: stdin is not a terminal). */
export const CLI_PASSPHRASE = TEST_PASSPHRASE;

/**
 * Runs the built CLI in the tests' own environment (test/helpers/env.ts, never the caller's passphrase, locale or
 * time zone). `env` is added to it; a variable set to undefined is removed (e.g. `{ PRIVACY_FILTER_PASSPHRASE:
 * undefined }` to see what happens without a passphrase).
 */
export function runCli(args: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const merged: Record<string, string | undefined> = { ...process.env, PRIVACY_FILTER_PASSPHRASE: CLI_PASSPHRASE, ...env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file and folder below `dir` (relative, sorted), to check that a refused command wrote nothing. */
export async function snapshot(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}
