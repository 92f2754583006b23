/**
 * commander in Dutch: its errors are recognised by their English shapes, so every error commander can give must be
 * one of them. The English here comes from commander itself (a command with exitOverride, errors captured), so a new
 * commander that words one differently fails this test instead of leaving that error English.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { commanderError, speakCommander } from '../../src/cli/commander-lang.js';

/** What commander itself writes for `args`, on a command with one of each kind of option and argument. */
function englishError(args: readonly string[]): string {
  let written = '';
  const program = new Command('pf').exitOverride().configureOutput({ writeErr: (text) => (written += text), writeOut: () => undefined });
  program
    .command('scan')
    .argument('<photos>')
    .option('--quality <n>', 'quality', (value) => {
      if (value !== '5') throw new InvalidArgumentError('Expected 5.');
      return 5;
    })
    .addOption(new Option('--action <action>').choices(['blur', 'drop']))
    .addOption(new Option('--quiet').conflicts('json'))
    .option('--json')
    .requiredOption('--roster <csv>')
    .action(() => undefined);
  try {
    program.parse(['node', 'pf', ...args]);
  } catch {
    // exitOverride: commander throws after writing its error
  }
  return written;
}

const CASES: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['an unknown option, with a suggestion', ['scan', 'x', '--roster', 'r', '--qualiti', '5'], /^fout: onbekende optie '--qualiti'\n\(Bedoel je --quality\?\)\n$/u],
  ['an unknown command, with a suggestion', ['scann'], /^fout: onbekende opdracht 'scann'\n\(Bedoel je scan\?\)\n$/u],
  ['a missing argument', ['scan', '--roster', 'r'], /^fout: het argument 'fotomap' ontbreekt\n$/u],
  ['an option without its value', ['scan', 'x', '--roster'], /^fout: bij de optie '--roster <csv>' ontbreekt de waarde\n$/u],
  ['a required option left out', ['scan', 'x'], /^fout: de optie '--roster <csv>' is verplicht\n$/u],
  ['two options that conflict', ['scan', 'x', '--roster', 'r', '--quiet', '--json'], /^fout: de optie '--quiet' kan niet samen met de optie '--json'\n$/u],
  ['too many arguments', ['scan', 'x', 'y', '--roster', 'r'], /^fout: te veel argumenten voor 'scan'\. Verwacht: 1, gekregen: 2\.\n$/u],
  ['a value the option refuses', ['scan', 'x', '--roster', 'r', '--quality', '7'], /^fout: '7' is geen geldige waarde voor de optie '--quality <n>'\. Expected 5\.\n$/u],
  ['a value outside the choices', ['scan', 'x', '--roster', 'r', '--action', 'keep'], /^fout: 'keep' is geen geldige waarde voor de optie '--action <action>'\. Kies uit: blur, drop\.\n$/u],
];

describe('commander in Dutch', () => {
  it.each(CASES)('%s', (_what, args, dutch) => {
    const english = englishError(args);
    expect(english).toMatch(/^error: /u);
    expect(commanderError(english, 'nl')).toMatch(dutch);
  });

  it('leaves English as commander wrote it, and an error it does not know unchanged', () => {
    const english = englishError(['scann']);
    expect(commanderError(english, 'en')).toBe(english);
    expect(commanderError('error: something new\n', 'nl')).toBe('error: something new\n');
  });

  it('gives help its Dutch headings, placeholders and extras, and English help as commander writes it', () => {
    const make = (lang?: 'nl' | 'en'): Command => {
      const command = new Command('pf');
      if (lang !== undefined) speakCommander(command, lang);
      command.addOption(new Option('--action <action>', 'what to do').choices(['blur', 'drop']).default('blur'));
      command.command('review').argument('[report-folder]', 'where');
      return command;
    };
    const dutchProgram = make('nl');
    const dutch = dutchProgram.helpInformation();
    expect(dutch).toContain('Gebruik: pf [opties] [opdracht]');
    expect(dutch).toMatch(/^Opdrachten:\n {2}review \[verslagmap\]/mu);
    expect(dutch).toContain('help [opdracht]');
    expect(dutchProgram.commands[0]!.helpInformation()).toMatch(/^Argumenten:\n {2}verslagmap/mu);
    expect(dutch).toContain('--action <actie>');
    expect(dutch).toContain('(kies uit: "blur", "drop", standaard: "blur")');
    expect(dutch).toContain('toon de hulp bij deze opdracht');
    expect(make('en').helpInformation()).toBe(make().helpInformation());
    expect(make('en').commands[0]!.helpInformation()).toBe(make().commands[0]!.helpInformation());
  });
});
