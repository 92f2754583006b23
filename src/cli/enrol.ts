import type { Command } from 'commander';
import { enrol, previewEnrolment, type EnrolOptions } from '../enrol/enrol.js';
import { portraitProgress } from '../enrol/progress.js';
import { formatEnrolment, formatMatching } from '../enrol/report.js';
import { STORE_DEFAULTS } from '../store/documents/settings.js';
import { parseRetention } from './config.js';

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
  withEnrolFlags(
    program
      .command('init')
      .description(
        "Set up this folder: check the consent roster and enrol every pupil's face from the portraits, in a new .privacy-filter " +
          'folder here (replacing any faces enrolled here before).',
      )
      .requiredOption('--roster <csv>', 'the consent roster exported from the pupil administration')
      .option('--no-encrypt', 'store the enrolled faces NOT encrypted (only on a disk that is encrypted otherwise)')
      .option('--retention <days>', `days the analysis of a photo is kept (default ${STORE_DEFAULTS.retentionDays})`, parseRetention),
  ).action((flags: EnrolFlags) => run(flags, { templates: 'replace', store: 'here' }));

  withEnrolFlags(
    program
      .command('enroll')
      .description(
        'Enrol pupils from portraits (<folder>/<pupil number or name>.jpg or <folder>/<pupil number or name>/*.jpg) into the .privacy-filter ' +
          "folder here or above: their new faces replace their old ones, other enrolled pupils keep theirs. Stores face descriptors, never the portraits.",
      )
      .option('--roster <csv>', 'the consent roster export (default: the one saved by the last init or enroll)'),
  ).action((flags: EnrolFlags) => run(flags, { templates: 'merge', store: 'nearest' }));
}

/** The options init and enroll share. */
function withEnrolFlags(command: Command): Command {
  return command
    .option('--portraits <folder>', 'reference portraits, one or more per pupil, named after the pupil number or name (default: the folder saved before)')
    .option('--column <field=header>', 'which roster column holds a field, e.g. public="Foto\'s op website" (repeatable)', collect, [])
    .option('--purpose-name <short=header>', 'a short name for a consent column, for scan --purpose, e.g. insta="Social media" (repeatable)', collect, [])
    .option('--dry-run', 'only show which portrait goes to which pupil (by number or by name); enrol nothing, write nothing')
    .option('-q, --quiet', 'no progress bar');
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
    process.stdout.write(`${formatMatching({ roster: inputs.roster, found, portraitsDir: inputs.portraitsDir, cwd }).join('\n')}\n`);
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
  process.stdout.write(`${formatEnrolment(enrolment, cwd).join('\n')}\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
