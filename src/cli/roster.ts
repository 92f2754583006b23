import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.js';
import { parseColumnMapping, readRoster } from '../roster/read.js';
import { formatRosterSummary, summarizeRoster } from '../roster/summary.js';

/**
 * commander argParser for a repeatable `--column field=header`: collects the specs and checks them as they come, so a
 * typo is reported as a usage error before anything runs. Shared with `init`, which takes the same option.
 */
export function collectColumnSpec(value: string, previous: readonly string[] = []): string[] {
  const specs = [...previous, value];
  try {
    parseColumnMapping(specs);
  } catch (caught) {
    if (caught instanceof UserError) throw new InvalidArgumentError(caught.hint == null ? caught.message : `${caught.message}. ${caught.hint}`);
    throw caught;
  }
  return specs;
}

export const COLUMN_OPTION_HELP =
  'which column holds a field, when its header is not recognised; repeatable. ' +
  'Fields: id, name, class, photo, internal, group, public. Example: --column public="Foto\'s op website"';

const CHECK_HELP = `
The roster is the CSV file exported from the pupil administration or Excel: one row per pupil.
Separators ; , and tab are all fine; so are UTF-8 and Excel's Windows "CSV".

Columns it recognises (Dutch or English, case and accents do not matter):
  pupil id   Leerlingnummer, llnr, Leerling nr, Pupil ID, Student ID, id
  name       Naam, Name, or Roepnaam + Tussenvoegsel + Achternaam
  class      Groep, Klas, Stamgroep, Jaargroep, Class
  photo      Foto, Pasfoto, Portrait (optional: a portrait file next to the roster)
  consent    one yes/no column per scope:
               internal  Toestemming intern, Intern, Nieuwsbrief, Internal
               group     Foto's in de groep, Toestemming groep, Groepsapp, Group
               public    Foto's op website, Website, Social media, Schoolgids, Toestemming publiek, Public
             or one column listing the allowed scopes: Toestemming, Consent, Scopes
             with values like "groep, intern", "publiek", or empty for none.

Scopes: internal = the whole school (newsletter), group = the parents of the pupil's own class in the
school app, public = website, social media, press. They are separate: public consent does not imply internal.

Yes/no answers: ja/nee, yes/no, j/n, y/n, 1/0, true/false, waar/onwaar, x or ✓ for yes, toestemming/geen
toestemming, wel/niet. An empty cell means NO consent. When several columns count for one scope (Website and
Social media), a pupil has that consent only when all of them say yes.

Each yes/no consent column is kept as a purpose of its own, named by its header (Website, Social media,
Nieuwsbrief, Foto's in Parro): scan --purpose "Social media" needs exactly that answer, --scope public every
public purpose.

Nothing is written: this only shows how the file was read, so you can check it before a scan.
Examples:
  privacy-filter roster check leerlingen.csv
  privacy-filter roster check leerlingen.csv --pupils
  privacy-filter roster check export.csv --column public="Foto's op website" --column id=Nr`;

export function registerRosterCommands(program: Command): void {
  const roster = program.command('roster').description('work with the consent roster (the CSV of pupils and their photo consent)');
  roster
    .command('check')
    .description('read a consent roster and show what privacy-filter understood from it: columns, classes, consent counts, problems')
    .argument('<csv>', 'the roster file exported from the administration or Excel')
    .option('--json', 'print the summary as JSON on stdout (for scripts), every pupil with their answers included')
    .option('--pupils', 'also list every pupil with their answer per purpose and per scope')
    .option('--column <field=header>', COLUMN_OPTION_HELP, collectColumnSpec)
    .addHelpText('after', CHECK_HELP)
    .action(async (csv: string, options: { json?: boolean; pupils?: boolean; column?: string[] }) => {
      const parsed = await readRoster(csv, { columns: parseColumnMapping(options.column ?? []) });
      const summary = summarizeRoster(parsed);
      process.stdout.write(options.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatRosterSummary(summary, { pupils: options.pupils === true }));
    });
}
