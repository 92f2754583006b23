/**
 * `privacy-filter recheck`: which files earlier scans published must come down for the roster as it is now. Reads
 * only the scans' ledgers and the roster: no photo, no model, and it writes nothing.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { EXIT } from '../exit.js';
import { recheckScans, targetOf, type ScanCheck, type UncheckedWhy } from '../history/recheck.js';
import { targetLabel } from '../policy/consent.js';
import { causesText, peopleOf } from '../report/history.js';
import { readRoster } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import { pupilsOf } from '../roster/lookups.js';
import { openStoreAndSweep } from '../store/open.js';

interface RecheckOptions {
  roster?: string;
  json?: boolean;
}

const HELP = `
For a nightly job after the roster export: it checks every file the scans of this working folder published
(the list of earlier scans in .privacy-filter/) against the roster as it is now, from what each scan recorded. It reads no
photo, loads no model and writes nothing.

Exit codes: 0 nothing must come down, 5 some published files show a pupil who may no longer be shown (they are
listed), 4 nothing to take down among the scans it could check, but some earlier scans could not be checked (their
report folder was moved or deleted, or its record is damaged; they are listed), 2 something to fix first (no roster,
no working folder).

Examples:
  privacy-filter recheck
  privacy-filter recheck --roster leerlingen-nieuw.csv --json`;

export function registerRecheckCommand(program: Command): void {
  program
    .command('recheck')
    .description('check the photos earlier scans published against the roster as it is now: which must come down')
    .option('--roster <csv>', 'check against this roster instead of the one from init')
    .option('--json', 'print {"takedown": [...]} as JSON (for scripts)')
    .addHelpText('after', HELP)
    .action(async (options: RecheckOptions) => {
      process.exitCode = await runRecheck(options);
    });
}

/** One file to take down, as `--json` prints it. */
export interface TakedownJson {
  readonly report: string;
  readonly scope: string;
  readonly purpose: string | null;
  readonly className: string | null;
  readonly source: string;
  readonly output: string;
  readonly pupils: readonly string[];
  readonly reason: string;
  readonly publishedAt: string | null;
}

export async function runRecheck(options: RecheckOptions): Promise<number> {
  const store = await openStoreAndSweep(process.cwd());
  if (store === null) {
    throw new UserError('There is no .privacy-filter folder here or above, so no earlier scans to check.', {
      hint: 'Run recheck in the folder where you ran init and scan.',
    });
  }
  const roster = await loadRoster(options, store);
  const checks = await recheckScans(await store.readScans(), pupilsOf(roster));
  const people = peopleOf(roster);
  const takedown: TakedownJson[] = checks.flatMap((check) =>
    check.kind !== 'checked'
      ? []
      : check.takedown.map((item) => ({
          report: check.report,
          scope: check.ledger.scope,
          purpose: check.ledger.purpose?.name ?? null,
          className: check.ledger.className,
          source: item.source,
          output: item.output,
          pupils: item.pupils,
          reason: causesText(item.causes, people),
          publishedAt: item.publishedAt,
        })),
  );
  const unchecked = checks.flatMap((check) => (check.kind === 'unchecked' ? [{ report: check.report, reason: UNCHECKED_TEXT[check.why] }] : []));
  const unrecorded = checks.flatMap((check) => (check.kind === 'checked' ? check.unrecorded.map((source) => ({ report: check.report, source })) : []));
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ takedown, unchecked, unrecorded, roster: roster.file }, null, 2)}\n`);
  } else {
    process.stdout.write(formatRecheck(checks, takedown, roster));
  }
  return recheckExitCode(takedown.length, unchecked.length);
}

/**
 * A takedown is the most urgent news, so it wins; otherwise a scan that could not be checked must not read as "all
 * clear" to a nightly job: what it published may show a pupil who may no longer be shown.
 */
export function recheckExitCode(takedown: number, unchecked: number): number {
  if (takedown > 0) return EXIT.takedown;
  return unchecked > 0 ? EXIT.notChecked : EXIT.ok;
}

/** The roster to check against: --roster, else the one init recorded (with its --column mapping). */
async function loadRoster(options: RecheckOptions, store: NonNullable<Awaited<ReturnType<typeof openStoreAndSweep>>>): Promise<Roster> {
  if (options.roster != null) return readRoster(path.resolve(options.roster));
  const config = await store.readConfig();
  if (config === null) {
    throw new UserError('No roster given and none recorded by init.', { hint: 'Give the roster with --roster <csv>.' });
  }
  return readRoster(path.resolve(store.root, config.roster), { columns: config.columns });
}

const UNCHECKED_TEXT: Readonly<Record<UncheckedWhy, string>> = {
  'report-folder-gone': 'the report folder is gone (deleted or moved), so what that scan published cannot be checked',
  'ledger-missing': 'the report folder no longer holds the scan\'s record (.privacy-filter-scan.json)',
  'ledger-damaged': 'the scan\'s record (.privacy-filter-scan.json) is damaged',
};

function formatRecheck(checks: readonly ScanCheck[], takedown: readonly TakedownJson[], roster: Roster): string {
  const lines: string[] = [];
  if (checks.length === 0) return 'No earlier scans are recorded in this working folder: nothing to check.\n';
  lines.push(`Checked the files ${checks.length === 1 ? 'one earlier scan' : `${checks.length} earlier scans`} published against ${roster.file}.`);
  for (const check of checks) {
    if (check.kind !== 'checked') continue;
    const items = takedown.filter((item) => item.report === check.report);
    lines.push('', `Scan for ${targetLabel(targetOf(check.ledger))}: ${check.ledger.input} → ${check.ledger.output}`);
    if (items.length === 0) lines.push('  nothing to take down');
    for (const item of items) {
      lines.push(`  TAKE DOWN ${item.output}${item.publishedAt === null ? '' : ` (published ${formatDate(item.publishedAt)})`}`);
      lines.push(`    ${item.reason}`);
    }
    if (check.unrecorded.length > 0) {
      lines.push(`  ${check.unrecorded.length} published ${check.unrecorded.length === 1 ? 'file was' : 'files were'} written by an older version that did not record who is in them: not checked. Run that scan again to check them.`);
    }
  }
  const unchecked = checks.filter((check) => check.kind === 'unchecked');
  if (unchecked.length > 0) {
    lines.push('', 'Could not check:');
    for (const check of unchecked) lines.push(`  ${check.report}: ${UNCHECKED_TEXT[check.why]}`);
    lines.push(
      `  What ${unchecked.length === 1 ? 'that scan' : 'those scans'} published may show a pupil who may no longer be shown. Put the report folder back where the scan wrote it, or run that scan again (same photos, same --out) to write a new record; until then, look through ${unchecked.length === 1 ? 'its' : 'their'} published photos yourself.`,
    );
  }
  lines.push(
    '',
    takedown.length === 0
      ? unchecked.length === 0
        ? 'Nothing must come down.'
        : `Nothing must come down from the scans that could be checked, but ${unchecked.length === 1 ? 'one scan' : `${unchecked.length} scans`} could not be checked (see above).`
      : `${takedown.length} published ${takedown.length === 1 ? 'file shows' : 'files show'} someone who may no longer be shown: take ${takedown.length === 1 ? 'it' : 'them'} down wherever ${takedown.length === 1 ? 'it was' : 'they were'} posted. Run the scan again for new copies.`,
  );
  return `${lines.join('\n')}\n`;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('nl-NL', { dateStyle: 'long', timeStyle: 'short' });
}
