/**
 * Lists the words a user would read that do not come from the message catalogue (src/i18n/): string literals handed
 * to UserError, commander's help (description, option, argument, help text), stdout/stderr, console and the
 * progress bar, in the files given. `test/i18n/untranslated.test.ts` keeps the CLI's parts at zero;
 * `node dist/scripts/untranslated.js src/cli src/roster` prints what is left anywhere.
 *
 * A literal counts when it holds a word (three letters or more) outside a catalogue look-up (`msg.…`, `say.…`,
 * `cat.…`, `tr(…)`, `textOf(…)`): `${a}\n` and '  ' are layout, not language.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Untranslated {
  readonly file: string;
  readonly line: number;
  /** The call it is handed to, e.g. `new UserError` or `.description`. */
  readonly sink: string;
  readonly text: string;
}

/** Calls whose arguments (from the index given) reach the user as text. */
const CALL_SINKS: Readonly<Record<string, number>> = {
  description: 0,
  addHelpText: 1,
  option: 1,
  requiredOption: 1,
  argument: 1,
  helpOption: 1,
  helpCommand: 1,
  showHelpAfterError: 0,
  write: 0,
  log: 0,
  error: 0,
  warn: 0,
  info: 0,
  update: 1,
  // Lines gathered for printing: lines.push('…'), warnings.push(…).
  push: 0,
  unshift: 0,
};
const NEW_SINKS: Readonly<Record<string, number>> = { UserError: 0, InvalidArgumentError: 0, PhotoReadError: 1, VideoReadError: 1, Option: 1 };
/** Roots of a catalogue look-up, and functions whose result is already in the output language. */
const CATALOGUE_ROOTS = new Set(['msg', 'say', 'cat', 'tr', 'textOf', 'catalogueIn', 'pick']);
const WORD = /\p{L}{3,}/u;
/** The program's own name, and a command's after it ("privacy-filter review: …"), are the same in every language. */
const hasWord = (text: string): boolean => WORD.test(text.replaceAll(/privacy-filter(?: [a-z]+\b)?/gu, ''));

/**
 * Literals that look like text to the scan but are not, each with why: `file` (a path under src/, as given) and the
 * literal's text. The catalogue itself (src/i18n/) is the translation and is not scanned.
 */
export const NOT_TEXT: readonly { readonly file: string; readonly text: string; readonly why: string }[] = [
  // A skipped file's `reason` is a code of SkippedFile['reason'] kept as such in report.json; the report and the
  // scan's summary word it in the output language (skipReasonText in src/report/).
  ...['unreadable', 'hidden', 'symbolic-link', 'video', 'not-a-photo'].map((text) => ({ file: 'src/scan/walk.ts', text, why: 'reason code, not text' })),
];

function isNotText(item: Untranslated): boolean {
  const file = item.file.split(path.sep).join('/');
  return NOT_TEXT.some((known) => file.endsWith(known.file) && item.text === known.text);
}

function isCatalogueFile(file: string): boolean {
  return file.split(path.sep).join('/').includes('src/i18n/');
}
/** Properties whose string value is shown: a hint, a check's detail, why a portrait was skipped. */
const TEXT_PROPERTIES = new Set(['hint', 'message', 'fix', 'detail', 'reason']);

export function untranslatedIn(file: string, source: string): Untranslated[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Untranslated[] = [];
  const seen = new Set<number>();
  const report = (node: ts.Node, sink: string, text: string): void => {
    // A hint inside `new UserError(…)` is reached twice: as the call's argument and as a text property.
    if (seen.has(node.getStart(sf))) return;
    seen.add(node.getStart(sf));
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, sink, text });
  };
  /** Literals with words in `node`, not below a catalogue look-up. */
  const scan = (node: ts.Node, sink: string): void => {
    if (isCatalogue(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (hasWord(node.text)) report(node, sink, node.text);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const texts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      if (texts.some(hasWord)) report(node, sink, node.getText(sf));
      for (const span of node.templateSpans) scan(span.expression, sink);
      return;
    }
    // Object keys and the `place` of a UserError (file names) are not text; its `hint` is.
    if (ts.isPropertyAssignment(node)) {
      const key = node.name.getText(sf);
      if (TEXT_PROPERTIES.has(key)) scan(node.initializer, sink);
      return;
    }
    // A comparison or a look-up key is not shown.
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(node.operatorToken.kind)) return;
    if (ts.isElementAccessExpression(node)) return scan(node.expression, sink);
    ts.forEachChild(node, (child) => scan(child, sink));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const index = CALL_SINKS[name];
      if (index !== undefined && node.arguments[index] !== undefined && sinkApplies(name, node, sf)) scan(node.arguments[index]!, `.${name}`);
    }
    // Printers and warnings called by name: the demo's print, a Warn.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['say', 'print', 'warn', 'warnOnStderr'].includes(node.expression.text)) {
      if (node.arguments[0] !== undefined) scan(node.arguments[0], node.expression.text);
    }
    // A text property outside any call: `{ kind: 'skip', reason: 'no face found' }`.
    if (ts.isPropertyAssignment(node) && TEXT_PROPERTIES.has(node.name.getText(sf)) && isStringy(node.initializer)) scan(node.initializer, `.${node.name.getText(sf)}`);
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const index = NEW_SINKS[node.expression.text];
      const args = node.arguments ?? [];
      if (index !== undefined && args[index] !== undefined) scan(args[index]!, `new ${node.expression.text}`);
      // UserError's options: { hint }
      if (node.expression.text === 'UserError' && args[1] !== undefined) scan(args[1], 'new UserError');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** `.write` of process.stdout/stderr or a stream, `.error`/`.log` of console: not a method of the tool's own of that name. */
function sinkApplies(name: string, node: ts.CallExpression, sf: ts.SourceFile): boolean {
  const target = (node.expression as ts.PropertyAccessExpression).expression.getText(sf);
  if (['log', 'error', 'warn', 'info'].includes(name)) return target === 'console';
  if (name === 'write') return /stdout|stderr|stream/u.test(target);
  if (name === 'update') return /progress/u.test(target);
  if (name === 'push' || name === 'unshift') return /lines|warnings|listed|parts/u.test(target);
  return true;
}

function isStringy(node: ts.Node): boolean {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) || ts.isConditionalExpression(node);
}

function isCatalogue(node: ts.Node): boolean {
  let root: ts.Node = node;
  for (;;) {
    if (ts.isCallExpression(root)) root = root.expression;
    else if (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
    else if (ts.isNonNullExpression(root) || ts.isParenthesizedExpression(root)) root = root.expression;
    else break;
  }
  return ts.isIdentifier(root) && CATALOGUE_ROOTS.has(root.text) && root !== node;
}

export function filesUnder(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? filesUnder(readdirSync(p).map((name) => path.join(p, name)))
      : p.endsWith('.ts') ? [p] : [],
  );
}

/** What is left in `paths`, apart from the catalogue and the literals of NOT_TEXT. */
export function untranslated(paths: readonly string[]): Untranslated[] {
  return filesUnder(paths)
    .filter((file) => !isCatalogueFile(file))
    .flatMap((file) => untranslatedIn(file, readFileSync(file, 'utf8')))
    .filter((item) => !isNotText(item));
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const found = untranslated(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src']);
  for (const item of found) process.stdout.write(`${item.file}:${item.line}  ${item.sink}  ${JSON.stringify(item.text)}\n`);
  process.stdout.write(`${found.length} untranslated\n`);
}
