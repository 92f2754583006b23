/**
 * vitest globalSetup: compiles src/ into dist/ once before any test runs, because the tests that spawn the CLI and the
 * worker pool's threads run the compiled code. A test must never pass against an old dist/, so a type error anywhere
 * stops the whole run here, loudly, instead of leaving yesterday's JavaScript behind.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './shared.js';

export default function build(): void {
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  // Incremental, with its record inside dist/ (gone with dist/): a run after a small change recompiles only that.
  const args = [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join('dist', '.tsbuildinfo')];
  try {
    execFileSync(process.execPath, args, { cwd: repoRoot, stdio: 'pipe', encoding: 'utf8' });
  } catch (caught) {
    const { stdout, stderr } = caught as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p tsconfig.json failed, so no test runs against a stale dist/:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
