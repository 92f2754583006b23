/**
 * Apply: the same scan as the report's, run again as its own process (same photos, scope, options and folders), so
 * that the corrections stored since take effect. The cache answers, so it takes seconds. A process of its own keeps
 * the scan's signal handlers, exit code and output apart from the review server's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportFile } from './session.js';

/** The `scan` arguments that repeat the scan `report` describes into `reportDir`. Pure. */
export function rerunArgs(report: ReportFile, reportDir: string): string[] {
  const o = report.options;
  // A scan for one of the school's purposes is repeated for that purpose, never widened or narrowed to its scope.
  const args = typeof report.purpose === 'string' ? ['scan', report.input, '--purpose', report.purpose] : ['scan', report.input, '--scope', report.scope];
  if (report.className !== null) args.push('--class', report.className);
  args.push('--out', report.output, '--report', reportDir);
  const text = (key: string): string | null => (typeof o[key] === 'string' ? (o[key] as string) : null);
  const number = (key: string): number | null => (typeof o[key] === 'number' ? (o[key] as number) : null);
  for (const key of ['action', 'unknown', 'small', 'style'] as const) {
    const value = text(key);
    if (value !== null) args.push(`--${key}`, value);
  }
  if (o['dropPortraits'] === true) args.push('--drop-portraits');
  for (const key of ['quality', 'threshold', 'jobs'] as const) {
    const value = number(key);
    if (value !== null) args.push(`--${key}`, String(value));
  }
  const roster = text('rosterOption');
  if (roster !== null) args.push('--roster', roster);
  for (const spec of (text('columnOption') ?? '').split('\n').filter((line) => line !== '')) args.push('--column', spec);
  const portraits = text('portraits');
  if (portraits !== null) args.push('--portraits', portraits);
  if (o['cache'] === false) args.push('--no-cache');
  args.push('--quiet');
  return args;
}

/** The CLI's entry, from dist/src/review/ or (in tests) src/review/. */
export function cliEntry(): string {
  const candidates = [new URL('../../../bin/privacy-filter.js', import.meta.url), new URL('../../bin/privacy-filter.js', import.meta.url)];
  const found = candidates.find((url) => existsSync(url));
  if (found === undefined) throw new Error('bin/privacy-filter.js not found');
  return fileURLToPath(found);
}

/** Runs the scan again in `cwd` (the working folder of the store); resolves with its exit code and what it printed. */
export function runScanAgain(report: ReportFile, reportDir: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry(), ...rerunArgs(report, reportDir)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: output.trim() }));
  });
}
