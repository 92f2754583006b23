/**
 * commander in the output language: its headings (Usage:, Options:), the help option and help command, the extras
 * after an option's help (choices, default) and its usage errors. Set on the program before any command is added, so
 * every subcommand inherits it. commander has no message catalogue of its own, so its errors are recognised by their
 * English shapes (src/i18n/en/cli.ts holds them word for word) and rewritten; one it does not know stays English.
 */
import type { Argument, Command, Option } from 'commander';
import type { Lang } from '../i18n/lang.js';
import { dutchCatalogue, englishCatalogue, msg } from '../i18n/messages.js';

/**
 * Call it on the program before adding its commands, which inherit it. commander offers no way to name the help
 * command without also turning it on, so the program gets one: it has subcommands, so it would have one anyway.
 */
export function speakCommander(program: Command, lang: Lang): Command {
  const say = msg.cli;
  const headings: Readonly<Record<string, string>> = {
    'Usage:': say.usage[lang],
    'Arguments:': say.arguments[lang],
    'Options:': say.options[lang],
    'Global Options:': say.globalOptions[lang],
    'Commands:': say.commands[lang],
  };
  const term = placeholders(lang);
  return program
    .helpOption('-h, --help', say.helpOption[lang])
    .helpCommand('help [command]', say.helpCommand[lang])
    .configureHelp({
      styleTitle: (title) => headings[title] ?? title,
      styleUsage: term,
      styleSubcommandTerm: term,
      styleOptionTerm: term,
      styleArgumentTerm: (name) => argumentName(name, lang),
      optionDescription: (option) => withExtras(option.description, optionExtras(option, lang)),
      argumentDescription: (argument) => withExtras(argument.description, argumentExtras(argument, lang)),
    })
    .configureOutput({ outputError: (text, write) => write(lang === 'en' ? text : commanderError(text, lang)) });
}

/**
 * The names in <…> and […] in `lang` (`<folder>` → `<map>`): only what help shows; commander matches options by
 * their flags and hands arguments over by position, so the names mean nothing to it.
 */
function placeholders(lang: Lang): (text: string) => string {
  const english = englishCatalogue.cli.words as Readonly<Record<string, string>>;
  const wanted = (lang === 'en' ? englishCatalogue : dutchCatalogue).cli.words as Readonly<Record<string, string>>;
  const byWord = new Map(Object.keys(english).map((key) => [english[key]!, wanted[key]!]));
  return (text) => text.replace(/([<[])([^<>[\]]+)([>\]])/gu, (whole, open: string, word: string, close: string) => (byWord.has(word) ? `${open}${byWord.get(word)!}${close}` : whole));
}

/** The name of an argument in `lang`, for commander's errors that name it. */
function argumentName(name: string, lang: Lang): string {
  return /^[^<>[\]]+$/u.test(name) ? placeholders(lang)(`<${name}>`).slice(1, -1) : placeholders(lang)(name);
}

function withExtras(description: string, extras: readonly string[]): string {
  if (extras.length === 0) return description;
  const extra = `(${extras.join(', ')})`;
  return description === '' ? extra : `${description} ${extra}`;
}

/** What commander's Help.optionDescription adds, in the same cases, in `lang`. */
function optionExtras(option: Option, lang: Lang): string[] {
  const extras: string[] = [];
  if (option.argChoices) extras.push(msg.cli.choices(option.argChoices.map((choice) => JSON.stringify(choice)).join(', '))[lang]);
  if (option.defaultValue !== undefined) {
    const shown = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    if (shown) extras.push(msg.cli.default(option.defaultValueDescription ?? JSON.stringify(option.defaultValue))[lang]);
  }
  if (option.presetArg !== undefined && option.optional) extras.push(msg.cli.preset(JSON.stringify(option.presetArg))[lang]);
  if (option.envVar !== undefined) extras.push(msg.cli.env(option.envVar)[lang]);
  return extras;
}

function argumentExtras(argument: Argument, lang: Lang): string[] {
  const extras: string[] = [];
  if (argument.argChoices) extras.push(msg.cli.choices(argument.argChoices.map((choice) => JSON.stringify(choice)).join(', '))[lang]);
  if (argument.defaultValue !== undefined) extras.push(msg.cli.default(argument.defaultValueDescription ?? JSON.stringify(argument.defaultValue))[lang]);
  return extras;
}

/** A pattern and the message in the output language from its groups (an unmatched group is ''). */
type Rewrite = readonly [RegExp, (...groups: string[]) => string];

/** commander's error shapes, most specific first; each gives the message in `lang`. */
function rewrites(lang: Lang): readonly Rewrite[] {
  const say = msg.cli;
  const optionOrEnv = (text: string): string => {
    const env = /^environment variable '(.*)'$/su.exec(text);
    if (env) return say.envWord(env[1]!)[lang];
    const option = /^option '(.*)'$/su.exec(text);
    return option ? say.optionWord(option[1]!)[lang] : text;
  };
  return [
    [/^error: unknown option '(.*?)'(\n.*)?$/su, (flag, rest) => say.unknownOption(flag)[lang] + suggestion(rest, lang)],
    [/^error: unknown command '(.*?)'(\n.*)?$/su, (name, rest) => say.unknownCommand(name)[lang] + suggestion(rest, lang)],
    [/^error: missing required argument '(.*)'$/su, (name) => say.missingArgument(argumentName(name, lang))[lang]],
    [/^error: option '(.*)' argument missing$/su, (flags) => say.optionMissingArgument(flags)[lang]],
    [/^error: required option '(.*)' not specified$/su, (flags) => say.missingMandatoryOption(flags)[lang]],
    [/^error: (.*) cannot be used with (.*)$/su, (a, b) => say.conflictingOption(optionOrEnv(a), optionOrEnv(b))[lang]],
    [
      /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/su,
      (command, expected, got) => say.tooManyArguments(command, expected, got)[lang],
    ],
    [/^error: option '(.*)' argument '(.*)' is invalid\.(?: (.*))?$/su, (flags, value, why) => `${say.invalidOptionArgument(flags, value)[lang]}${reason(why, lang)}`],
    [/^error: command-argument value '(.*)' is invalid for argument '(.*)'\.(?: (.*))?$/su, (value, name, why) => `${say.invalidArgument(value, argumentName(name, lang))[lang]}${reason(why, lang)}`],
  ];
}

/** The reason commander appends after "is invalid.": its own choices list, or this tool's message (already in `lang`). */
function reason(why: string, lang: Lang): string {
  if (why === '') return '';
  const choices = /^Allowed choices are (.*)\.$/su.exec(why);
  return ` ${choices ? msg.cli.allowedChoices(choices[1]!)[lang] : why}`;
}

function suggestion(rest: string, lang: Lang): string {
  if (rest === '') return '';
  const many = /^\n\(Did you mean one of (.*)\?\)$/su.exec(rest);
  if (many) return `\n${msg.cli.didYouMeanOneOf(many[1]!)[lang]}`;
  const one = /^\n\(Did you mean (.*)\?\)$/su.exec(rest);
  return one ? `\n${msg.cli.didYouMean(one[1]!)[lang]}` : rest;
}

/** One of commander's error lines (with its newline) in `lang`; unknown shapes pass unchanged. */
export function commanderError(text: string, lang: Lang): string {
  const body = text.replace(/\n$/u, '');
  for (const [pattern, rewrite] of rewrites(lang)) {
    const match = pattern.exec(body);
    if (match) return `${rewrite(...match.slice(1).map((group) => group ?? ''))}${text.endsWith('\n') ? '\n' : ''}`;
  }
  return text;
}
