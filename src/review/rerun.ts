/**
 * Apply: the same scan as the report's, run again as its own process (same photos, scope, options and folders), so
 * that the corrections stored since take effect. The cache answers, so it takes seconds. A process of its own keeps
 * the scan's signal handlers, exit code and output apart from the review server's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReportFile } from '../report/decode.js';
import type { ScanRunOptions } from '../report/types.js';

type RerunArgs = { [K in keyof ScanRunOptions]: (value: ScanRunOptions[K]) => readonly string[] };

/**
 * How each of the scan's run options goes back on its command line. A field added to ScanRunOptions fails to
 * compile here until it says how Apply repeats it (test/review/rerun.test.ts round-trips them through commander).
 */
const RERUN_ARGS: RerunArgs = {
  action: (value) => ['--action', value],
  unknown: (value) => ['--unknown', value],
  small: (value) => ['--small', value],
  dropPortraits: (value) => (value ? ['--drop-portraits'] : []),
  style: (value) => ['--style', value],
  quality: (value) => ['--quality', String(value)],
  // The threshold the scan used, default or not: Apply decides as that scan did.
  threshold: (value) => ['--threshold', String(value)],
  // Follow from the threshold and the matcher; no option sets them.
  uncertainBelow: () => [],
  margin: () => [],
  // The file read; rosterOption says whether the user chose it (else Apply takes init's roster, as the scan did).
  roster: () => [],
  rosterOption: (value) => (value === null ? [] : ['--roster', value]),
  columnOption: (value) => (value ?? '').split('\n').filter((spec) => spec !== '').flatMap((spec) => ['--column', spec]),
  portraits: (value) => (value === null ? [] : ['--portraits', value]),
  cache: (value) => (value ? [] : ['--no-cache']),
  jobs: (value) => ['--jobs', String(value)],
  videos: (value) => ['--videos', value],
  mute: (value) => (value ? ['--mute'] : []),
  // main() takes --lang wherever it stands, so the report Apply rewrites is in the language of the one it replaces.
  lang: (value) => ['--lang', value],
};

/** The `scan` arguments that repeat the scan `report` describes into `reportDir`. Pure. */
export function rerunArgs(report: ReportFile, reportDir: string): string[] {
  // A scan for one of the school's purposes is repeated for that purpose, never widened or narrowed to its scope.
  const args = report.purpose !== null ? ['scan', report.input, '--purpose', report.purpose] : ['scan', report.input, '--scope', report.scope];
  if (report.className !== null) args.push('--class', report.className);
  args.push('--out', report.output, '--report', reportDir);
  const options: ScanRunOptions = report.options;
  for (const key of Object.keys(RERUN_ARGS) as (keyof ScanRunOptions)[]) args.push(...argsOf(options, key));
  args.push('--quiet');
  return args;
}

function argsOf<K extends keyof ScanRunOptions>(options: ScanRunOptions, key: K): readonly string[] {
  const toArgs: RerunArgs[K] = RERUN_ARGS[key];
  return toArgs(options[key]);
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
