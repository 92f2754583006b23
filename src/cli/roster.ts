import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.js';
import { parseColumnMapping, readRoster } from '../roster/read.js';
import { formatRosterSummary, rosterSummaryJson, summarizeRoster } from '../roster/summary.js';
import { outputLang, tr } from '../i18n/current.js';
import { msg } from '../i18n/messages.js';

/**
 * commander argParser for a repeatable `--column field=header`: collects the specs and checks them as they come, so a
 * typo is reported as a usage error before anything runs. Shared with `init`, which takes the same option.
 */
export function collectColumnSpec(value: string, previous: readonly string[] = []): string[] {
  const specs = [...previous, value];
  try {
    parseColumnMapping(specs);
  } catch (caught) {
    if (caught instanceof UserError) {
      throw new InvalidArgumentError(caught.hintText == null ? tr(caught.text) : `${tr(caught.text)}. ${tr(caught.hintText)}`);
    }
    throw caught;
  }
  return specs;
}

export function registerRosterCommands(program: Command): void {
  const say = msg.commands.roster;
  const roster = program.command('roster').description(tr(say.description));
  roster
    .command('check')
    .description(tr(say.checkDescription))
    .argument('<csv>', tr(say.csvArgument))
    .option('--json', tr(say.json))
    .option('--pupils', tr(say.pupils))
    .option('--column <field=header>', tr(say.column), collectColumnSpec)
    .addHelpText('after', tr(say.checkHelp))
    .action(async (csv: string, options: { json?: boolean; pupils?: boolean; column?: string[] }) => {
      const parsed = await readRoster(csv, { columns: parseColumnMapping(options.column ?? []) });
      const summary = summarizeRoster(parsed);
      const lang = outputLang();
      process.stdout.write(
        options.json === true ? `${JSON.stringify(rosterSummaryJson(summary, lang), null, 2)}\n` : formatRosterSummary(summary, { pupils: options.pupils === true, lang }),
      );
    });
}
