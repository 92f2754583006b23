/** Words and phrases every part of the tool uses. */
export const common = {
  programDescription:
    'Blur or remove the faces of pupils without photo consent before you share event photos.\n' +
    'Everything runs on this computer: no photo or face ever leaves it.',
  versionOption: 'print the version',
  langOption: 'language of messages, help and reports: nl or en (default: the system language)',
  helpAfterError: '(run with --help to see how to use it)',
  internalError: 'internal error (a bug; please report it with the text below)',
  badLang: (value: string) => `--lang must be nl or en, not "${value}"`,
  column: (name: string) => `column "${name}"`,
  columnNumber: (n: number) => `column ${n}`,
};
