import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/report/types.js';
import { fixture, tempDirForTests } from '../helpers/fixtures.js';
import { runCli, snapshot } from '../scan/cli-helpers.js';

// `scan --portraits` enrols for that scan only, through the same pipeline as init and enroll (worker pool, refusals,
// skip report), and stores no template.
describe('privacy-filter scan --portraits (spawned, demo)', () => {
  const dir = tempDirForTests('pf-scan-portraits-');

  it('recognises the pupils from the portraits, says who has no portrait, and stores nothing', async () => {
    const cwd = path.join(dir(), 'demo');
    await cp(fixture('demo'), cwd, { recursive: true });
    const result = await runCli(['scan', 'photos', '--scope', 'public', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/without a usable portrait[^\n]*:\n\s+1003 Sem Jansen \(no portrait found\)/);
    const report = JSON.parse(await readFile(path.join(cwd, 'photos-public-report', 'report.json'), 'utf8')) as ScanReport;
    const faces = report.photos.flatMap((p) => p.faces);
    expect(faces.filter((f) => f.pupil === '1002').map((f) => [f.status, f.action])).toEqual([
      ['not-consented', 'anonymised'],
      ['not-consented', 'anonymised'],
    ]);
    expect(faces.some((f) => f.pupil === '1001' && f.status === 'consented' && f.action === 'kept')).toBe(true);
    expect(existsSync(path.join(cwd, '.privacy-filter'))).toBe(false);
  });

  it('refuses portraits that match no pupil: exit 2, nothing written', async () => {
    const cwd = path.join(dir(), 'no-match');
    await cp(fixture('demo'), cwd, { recursive: true });
    await mkdir(path.join(cwd, 'pasfotos'));
    await writeFile(path.join(cwd, 'pasfotos', 'IMG_0001.jpg'), 'x');
    const before = await snapshot(cwd);
    const result = await runCli(['scan', 'photos', '--scope', 'public', '--roster', 'roster.csv', '--portraits', 'pasfotos'], cwd);
    expect(result.stderr).toMatch(/No portrait matches a pupil number/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.code).toBe(2);
    expect(await snapshot(cwd)).toEqual(before);
  });
});
