/**
 * `privacy-filter recheck`: which files earlier scans published must come down for the roster as it is now. Reads
 * only the scans' ledgers and the roster: no photo, no model, and it writes nothing.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { EXIT } from '../exit.js';
import { recheckScans, targetOf, type ScanCheck } from '../history/recheck.js';
import { targetText } from '../policy/consent.js';
import { causesText, peopleOf } from '../report/history.js';
import { readRoster } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import { pupilsOf } from '../roster/lookups.js';
import { openStoreAndSweep } from '../store/open.js';
import { outputLang, tr } from '../i18n/current.js';
import { catalogueIn } from '../i18n/compose.js';
import { formatDateTime, type Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';

interface RecheckOptions {
  roster?: string;
  json?: boolean;
}

export function registerRecheckCommand(program: Command): void {
  program
    .command('recheck')
    .description(tr(msg.commands.recheck.description))
    .option('--roster <csv>', tr(msg.commands.recheck.roster))
    .option('--json', tr(msg.commands.recheck.json))
    .addHelpText('after', tr(msg.commands.recheck.help))
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
    throw new UserError(msg.recheck.noStore, { hint: msg.recheck.noStoreHint });
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
          reason: causesText(item.causes, people, outputLang()),
          publishedAt: item.publishedAt,
        })),
  );
  const unchecked = checks.flatMap((check) => (check.kind === 'unchecked' ? [{ report: check.report, reason: tr(msg.recheck.unchecked[check.why]) }] : []));
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
    throw new UserError(msg.recheck.noRoster, { hint: msg.recheck.noRosterHint });
  }
  return readRoster(path.resolve(store.root, config.roster), { columns: config.columns });
}

function formatRecheck(checks: readonly ScanCheck[], takedown: readonly TakedownJson[], roster: Roster): string {
  const lang = outputLang();
  const say = catalogueIn(lang).recheck;
  const lines: string[] = [];
  if (checks.length === 0) return `${say.nothingRecorded}\n`;
  lines.push(say.checked(checks.length, roster.file));
  for (const check of checks) {
    if (check.kind !== 'checked') continue;
    const items = takedown.filter((item) => item.report === check.report);
    lines.push('', say.scanFor(targetText(targetOf(check.ledger))[lang], check.ledger.input, check.ledger.output));
    if (items.length === 0) lines.push(say.nothingToTakeDown);
    for (const item of items) {
      lines.push(`${say.takeDown(item.output)}${item.publishedAt === null ? '' : say.published(publishedDate(item.publishedAt, lang))}`);
      lines.push(`    ${item.reason}`);
    }
    if (check.unrecorded.length > 0) lines.push(say.unrecorded(check.unrecorded.length));
  }
  const unchecked = checks.filter((check) => check.kind === 'unchecked');
  if (unchecked.length > 0) {
    lines.push('', say.couldNotCheck);
    for (const check of unchecked) lines.push(`  ${check.report}: ${say.unchecked[check.why]}`);
    lines.push(say.uncheckedAdvice(unchecked.length));
  }
  lines.push('', takedown.length > 0 ? say.mustComeDown(takedown.length) : unchecked.length > 0 ? say.partlyClear(unchecked.length) : say.allClear);
  return `${lines.join('\n')}\n`;
}

/** The date a file was published, in the language of the sentence around it (it used to be Dutch in English text). */
export function publishedDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatDateTime(date, lang);
}
