import { Command, CommanderError } from 'commander';
import { UserError, toError } from '../errors.js';
import { EXIT } from '../exit.js';
import { fixableSystemError } from '../system-errors.js';
import { packageVersion } from '../version.js';
import { registerRosterCommands } from './roster.js';
import { registerEnrolCommands } from './enrol.js';
import { registerDoctorCommand } from './doctor.js';
import { registerReviewCommand } from './review.js';
import { registerCorrectCommand } from './correct.js';
import { registerDemoCommand } from './demo.js';
import { registerScanCommands } from './scan.js';
import { registerRecheckCommand } from './recheck.js';
import { registerShowCommand } from './show.js';
import { registerForgetCommand } from './forget.js';
import { registerPassphraseCommand, terminalPassphrase } from './passphrase.js';
import { registerConfigCommand } from './config.js';
import { configureVault } from '../store/vault.js';

/** Builds the command tree. Commands only parse options and call the modules below them. */
export function buildProgram(): Command {
  const program = new Command()
    .name('privacy-filter')
    .description(
      'Blur or remove the faces of pupils without photo consent before you share event photos.\n' +
        'Everything runs on this computer: no photo or face ever leaves it.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help to see how to use it)')
    .exitOverride();
  registerRosterCommands(program);
  registerEnrolCommands(program);
  registerDoctorCommand(program);
  registerScanCommands(program);
  registerRecheckCommand(program);
  registerReviewCommand(program);
  registerCorrectCommand(program);
  registerDemoCommand(program);
  registerShowCommand(program);
  registerForgetCommand(program);
  registerPassphraseCommand(program);
  registerConfigCommand(program);
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit itself so that tests can call it. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  // The store asks for its passphrase at the terminal when PRIVACY_FILTER_PASSPHRASE is not set.
  const restore = configureVault({ passphrase: terminalPassphrase() });
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // commander has already printed help or its message.
      return caught.exitCode === 0 ? 0 : EXIT.usage;
    }
    const userError = caught instanceof UserError ? caught : fixableSystemError(caught);
    if (userError !== null) {
      process.stderr.write(`privacy-filter: ${userError.format()}\n`);
      return EXIT.userError;
    }
    const error = toError(caught);
    process.stderr.write(`privacy-filter: internal error (a bug; please report it with the text below)\n${error.stack ?? error.message}\n`);
    return EXIT.bug;
  } finally {
    restore();
  }
}

export { EXIT };
