import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.js';

const bin = path.join(repoRoot, 'bin', 'privacy-filter.js');
const fixture = (name: string): string => path.join('fixtures', 'rosters', name);

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('privacy-filter roster check', () => {
  it('shows what it read from a good roster and exits 0', () => {
    const { code, stdout, stderr } = run('roster', 'check', fixture('nl-semicolon-bom.csv'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Foto's op website\s+→\s+public consent/);
    expect(stdout).toContain('6 pupils in 2 classes');
    expect(stdout).toMatch(/^ {2}total\s+6\s+3\s+5\s+2$/m);
  });

  it('prints JSON with --json and honours --column', () => {
    const { code, stdout } = run(
      'roster', 'check', fixture('needs-mapping.csv'), '--json',
      '--column', 'class=Unit', '--column', 'internal=Nieuws', '--column', 'group=App', '--column', 'public=Internet',
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { pupils: number; consent: unknown; classes: { className: string }[] };
    expect(summary.pupils).toBe(3);
    expect(summary.consent).toEqual({ internal: 2, group: 3, public: 1 });
    expect(summary.classes.map((entry) => entry.className)).toEqual(['Unit 1-2', 'Unit 3-4']);
  });

  it('lists every pupil with their answers in --json, and in the text with --pupils', () => {
    const json = run('roster', 'check', fixture('several-public.csv'), '--json');
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { pupilList: { id: string; purposes: Record<string, boolean>; scopes: Record<string, boolean> }[] };
    expect(summary.pupilList.map((pupil) => pupil.id)).toEqual(['5001', '5002', '5003', '5004']);
    expect(summary.pupilList[1]).toMatchObject({ purposes: { Website: true, 'Social media': false }, scopes: { public: false } });
    const text = run('roster', 'check', fixture('several-public.csv'), '--pupils');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}5002\s+Sem Jacobs\s+2a\s/m);
    expect(run('roster', 'check', fixture('several-public.csv')).stdout).not.toContain('Sem Jacobs');
  });

  it('lists every problem of a broken roster on stderr and exits 2', () => {
    const { code, stdout, stderr } = run('roster', 'check', fixture('broken-bad-value.csv'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`privacy-filter: ${fixture('broken-bad-value.csv')}: the roster has 2 problems`);
    expect(stderr).toContain(`line 3, column "Foto's in de groep": "misschien" is not a yes or no answer`);
    expect(stderr).toContain(`line 4, column "Foto's op website": "nog navragen" is not a yes or no answer`);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('rejects a bad --column before reading anything', () => {
    const { code, stderr } = run('roster', 'check', fixture('en-comma.csv'), '--column', 'publiek=Website');
    expect(code).toBe(2);
    expect(stderr).toContain('"publiek" is not a roster field');
  });
});
