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
import { parseLangOption, type Lang } from '../i18n/lang.js';
import { detectSystemLang } from '../i18n/system.js';
import { outputLang, setOutputLang, tr } from '../i18n/current.js';
import { msg } from '../i18n/messages.js';
import { speakCommander } from './commander-lang.js';

/** Builds the command tree. Commands only parse options and call the modules below them. */
export function buildProgram(): Command {
  const program = speakCommander(new Command(), outputLang())
    .name('privacy-filter')
    .description(tr(msg.common.programDescription))
    .version(packageVersion(), '-V, --version', tr(msg.common.versionOption))
    // main() takes --lang out of the arguments before commander sees them (help must already be in that language);
    // it is declared here so that --help lists it.
    .option('--lang <nl|en>', tr(msg.common.langOption))
    .showHelpAfterError(tr(msg.common.helpAfterError))
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
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const chosen = takeLangOption(argv);
  if (chosen.error !== undefined) {
    setOutputLang(detectSystemLang(env));
    process.stderr.write(`privacy-filter: ${tr(msg.common.badLang(chosen.error))}\n`);
    return EXIT.usage;
  }
  setOutputLang(chosen.lang ?? detectSystemLang(env));
  argv = chosen.argv;
  const program = buildProgram();
  // The store asks for its passphrase at the terminal when PRIVACY_FILTER_PASSPHRASE is not set, and says what it did
  // on its own (converted, swept) in the user's language.
  const restore = configureVault({ passphrase: terminalPassphrase(), notify: (text) => process.stderr.write(`privacy-filter: ${tr(text)}\n`) });
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
      process.stderr.write(`privacy-filter: ${userError.format(outputLang())}\n`);
      return EXIT.userError;
    }
    const error = toError(caught);
    process.stderr.write(`privacy-filter: ${tr(msg.common.internalError)}\n${error.stack ?? error.message}\n`);
    return EXIT.bug;
  } finally {
    restore();
  }
}

/**
 * `--lang nl`, `--lang=nl`, anywhere before a lone `--`: removed from the arguments, since it steers the whole
 * command (help included) rather than one subcommand. argv is node's: [node, script, ...args].
 */
export function takeLangOption(argv: readonly string[]): { argv: string[]; lang?: Lang; error?: string } {
  const out: string[] = [];
  let lang: Lang | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (arg === '--lang' && i >= 2) value = argv[++i] ?? '';
    else if (arg.startsWith('--lang=') && i >= 2) value = arg.slice('--lang='.length);
    else {
      out.push(arg);
      continue;
    }
    const parsed = parseLangOption(value);
    if (parsed === undefined) return { argv: out, error: value };
    lang = parsed;
  }
  return lang === undefined ? { argv: out } : { argv: out, lang };
}

export { EXIT };
