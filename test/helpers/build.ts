/**
 * vitest globalSetup: compiles src/ (and the review page's script) into dist/ once before any test runs, because the
 * tests that spawn the CLI and the worker pool's threads, and the review server's page, run the compiled code. A test
 * must never pass against an old dist/, so a type error anywhere stops the whole run here, loudly, instead of leaving
 * yesterday's JavaScript behind.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './shared.js';

export default function build(): void {
  // The server's code, then the review page's script for the browser (its own tsconfig, as in npm run build).
  compile('tsconfig.json', path.join('dist', '.tsbuildinfo'));
  compile(path.join('src', 'review', 'page'), path.join('dist', 'review-page', '.tsbuildinfo'));
}

function compile(project: string, buildInfo: string): void {
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  // Incremental, with its record inside dist/ (gone with dist/): a run after a small change recompiles only that.
  const args = [tsc, '-p', project, '--incremental', '--tsBuildInfoFile', buildInfo];
  try {
    execFileSync(process.execPath, args, { cwd: repoRoot, stdio: 'pipe', encoding: 'utf8' });
  } catch (caught) {
    const { stdout, stderr } = caught as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p ${project} failed, so no test runs against a stale dist/:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
