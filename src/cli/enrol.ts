import type { Command } from 'commander';
import { enrol, previewEnrolment, type EnrolOptions } from '../enrol/enrol.js';
import { portraitProgress } from '../enrol/progress.js';
import { formatEnrolment, formatMatching } from '../enrol/report.js';
import { outputLang } from '../i18n/current.js';
import { STORE_DEFAULTS } from '../store/documents/settings.js';
import { parseRetention } from './config.js';
import { tr } from '../i18n/current.js';
import { msg } from '../i18n/messages.js';

interface EnrolFlags {
  roster?: string;
  portraits?: string;
  column: string[];
  purposeName: string[];
  quiet?: boolean;
  dryRun?: boolean;
  /** init only: false with --no-encrypt. */
  encrypt?: boolean;
  retention?: number;
}

export function registerEnrolCommands(program: Command): void {
  const say = msg.commands.enrol;
  withEnrolFlags(
    program
      .command('init')
      .description(tr(say.initDescription))
      .requiredOption('--roster <csv>', tr(say.initRoster))
      .option('--no-encrypt', tr(say.noEncrypt))
      .option('--retention <days>', tr(say.retention(STORE_DEFAULTS.retentionDays)), parseRetention),
  ).action((flags: EnrolFlags) => run(flags, { templates: 'replace', store: 'here' }));

  withEnrolFlags(
    program
      .command('enroll')
      .description(tr(say.enrollDescription))
      .option('--roster <csv>', tr(say.enrollRoster)),
  ).action((flags: EnrolFlags) => run(flags, { templates: 'merge', store: 'nearest' }));
}

/** The options init and enroll share. */
function withEnrolFlags(command: Command): Command {
  const say = msg.commands.enrol;
  return command
    .option('--portraits <folder>', tr(say.portraits))
    .option('--column <field=header>', tr(say.column), collect, [])
    .option('--purpose-name <short=header>', tr(say.purposeName), collect, [])
    .option('--dry-run', tr(say.dryRun))
    .option('-q, --quiet', tr(say.quiet));
}

async function run(flags: EnrolFlags, mode: Pick<EnrolOptions, 'templates' | 'store'>): Promise<void> {
  const cwd = process.cwd();
  if (flags.dryRun === true) {
    const { inputs, found } = await previewEnrolment({
      cwd,
      ...mode,
      column: flags.column,
      purposeName: flags.purposeName,
      ...(flags.roster != null ? { roster: flags.roster } : {}),
      ...(flags.portraits != null ? { portraits: flags.portraits } : {}),
    });
    process.stdout.write(`${formatMatching({ roster: inputs.roster, found, portraitsDir: inputs.portraitsDir, cwd }, outputLang()).join('\n')}\n`);
    return;
  }
  const progress = portraitProgress(flags.quiet === true);
  let enrolment;
  try {
    enrolment = await enrol({
      cwd,
      ...mode,
      column: flags.column,
      purposeName: flags.purposeName,
      onProgress: progress.onProgress,
      ...(flags.roster != null ? { roster: flags.roster } : {}),
      ...(flags.portraits != null ? { portraits: flags.portraits } : {}),
      ...(flags.encrypt === false ? { encrypt: false } : {}),
      ...(flags.retention !== undefined ? { retentionDays: flags.retention } : {}),
    });
  } finally {
    progress.finish();
  }
  process.stdout.write(`${formatEnrolment(enrolment, cwd, outputLang()).join('\n')}\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
