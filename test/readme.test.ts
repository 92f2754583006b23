/** The README's options table is what a teacher reads: its defaults must be the ones the code uses. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCAN_DEFAULTS } from '../src/scan/defaults.js';
import { repoRoot } from './helpers/shared.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** The default column of the row for `--option` in the README's "Options of `scan`" table. */
function documentedDefault(option: string): string | undefined {
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${option} `) || line.startsWith(`| \`${option}\``));
  return row?.split(/(?<!\\)\|/u)[2]?.trim().replace(/^`|`$/gu, '');
}

describe('README options of scan', () => {
  it.each([
    ['--threshold', String(SCAN_DEFAULTS.threshold)],
    ['--quality', String(SCAN_DEFAULTS.quality)],
    ['--action', SCAN_DEFAULTS.action],
    ['--unknown', SCAN_DEFAULTS.unknown],
    ['--small', SCAN_DEFAULTS.small],
    ['--style', SCAN_DEFAULTS.style],
  ])('documents the default of %s as the code has it (%s)', (option, value) => {
    expect(documentedDefault(option)).toBe(value);
  });
});
