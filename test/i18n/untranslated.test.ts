/**
 * No English left for a Dutch teacher in the CLI's own parts: every text they hand to UserError, commander's help,
 * stdout/stderr or the progress bar comes from the catalogue. scripts/untranslated.ts finds the literals; the parts
 * other work converts (store, scan, enrol, review, report, video) are not listed here yet.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { untranslated, untranslatedIn } from '../../scripts/untranslated.js';
import { repoRoot } from '../helpers/shared.js';

const CONVERTED = [
  'src/cli/index.ts', 'src/cli/commander-lang.ts', 'src/cli/scan.ts', 'src/cli/recheck.ts', 'src/cli/review.ts', 'src/cli/correct.ts',
  'src/cli/demo.ts', 'src/cli/doctor.ts', 'src/cli/enrol.ts', 'src/cli/roster.ts',
  'src/roster', 'src/images', 'src/faces', 'src/policy', 'src/doctor', 'src/demo', 'src/ui', 'src/history',
  'src/folders.ts', 'src/system-errors.ts', 'src/paths.ts',
];

/**
 * Left in English on purpose, each with why. A portrait's skip reason is data of the enrolment's result, which
 * src/enrol/report.ts words for the teacher; it becomes a Text when the enrolment's messages are converted.
 */
const KNOWN: readonly string[] = [
  'src/faces/portrait.ts:70',
  'src/faces/portrait.ts:76',
  'src/faces/portrait.ts:80',
  'src/faces/portrait.ts:83',
  'src/faces/portrait.ts:88',
];

describe('untranslated text', () => {
  it('is none in the parts converted to the catalogue, apart from the known exceptions', () => {
    const found = untranslated(CONVERTED.map((p) => path.join(repoRoot, p))).map((item) => `${path.relative(repoRoot, item.file)}:${item.line}  ${item.sink}  ${item.text}`);
    expect(found.filter((line) => !KNOWN.some((known) => line.startsWith(`${known} `)))).toEqual([]);
  });

  it('finds English in each place a user reads it, and not in a catalogue look-up or in layout', () => {
    const source = `
      throw new UserError('the roster is empty', { place: { file }, hint: \`Export it again from \${tool}.\` });
      throw new UserError(msg.roster.empty, { hint: say.emptyHint });
      program.command('x').description('do a thing').option('--out <folder>', tr(msg.commands.scan.out));
      process.stdout.write(\`Scanned \${n} photos\\n\`);
      process.stdout.write(\`\${tr(msg.scanSummary.output(dir))}\\n\`);
      process.stderr.write('\\n  ');
      progress.update(1, \`writing \${file}\`);
      warn(\`\${file} was ignored\`);
      return { kind: 'skip', reason: 'no face found' };
      if (mode === 'public') console.log(mode);
    `;
    const found = untranslatedIn('x.ts', source).map((item) => `${item.sink} ${item.text}`);
    expect(found).toEqual([
      'new UserError the roster is empty',
      'new UserError `Export it again from ${tool}.`',
      '.description do a thing',
      '.write `Scanned ${n} photos\\n`',
      '.update `writing ${file}`',
      'warn `${file} was ignored`',
      '.reason no face found',
    ]);
  });
});
