/**
 * No English left for a Dutch teacher in the CLI's own parts: every text they hand to UserError, commander's help,
 * stdout/stderr or the progress bar comes from the catalogue. scripts/untranslated.ts finds the literals, in all of src/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { untranslated, untranslatedIn } from '../../scripts/untranslated.js';
import { repoRoot } from '../helpers/shared.js';

/** Every part is converted now (issue 25); what only looks like text is listed, with why, in the script's NOT_TEXT. */
const CONVERTED = ['src'];

describe('untranslated text', () => {
  it('is none anywhere in src/, apart from what only looks like text (NOT_TEXT)', () => {
    const found = untranslated(CONVERTED.map((p) => path.join(repoRoot, p))).map((item) => `${path.relative(repoRoot, item.file)}:${item.line}  ${item.sink}  ${item.text}`);
    expect(found).toEqual([]);
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
      process.stderr.write(\`privacy-filter review: \${message}\\n\`);
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
