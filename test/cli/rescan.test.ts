/** The cache seen from the command line: a rescan for another scope loads no model; a changed photo is analysed again. */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/report/types.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../scan/cli-helpers.js';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-rescan-'));
  await cp(fixture('demo'), cwd, { recursive: true });
  const init = await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd);
  expect(init.code, init.stderr).toBe(0);
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function report(folder: string): Promise<ScanReport> {
  return JSON.parse(await readFile(path.join(cwd, folder, 'report.json'), 'utf8')) as ScanReport;
}

describe('scanning the same photos again', () => {
  it('analyses every photo the first time, and none for another scope', async () => {
    const first = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
    expect(first.code, first.stderr).toBe(0);
    const cold = await report('photos-public-report');
    expect(cold.options['fromCache']).toBe(0);
    expect(cold.backend).toMatch(/onnxruntime|wasm|tensorflow/);

    const second = await runCli(['scan', 'photos', '--scope', 'internal', '--quiet'], cwd);
    expect(second.code, second.stderr).toBe(0);
    const warm = await report('photos-internal-report');
    expect(warm.options['fromCache']).toBe(warm.summary.photos);
    expect(warm.backend).toMatch(/none/);
    // The same faces, found without a model.
    expect(warm.photos.map((p) => p.faces.map((f) => f.box))).toEqual(cold.photos.map((p) => p.faces.map((f) => f.box)));
    // A photo that hides the same faces in both scopes is the public scan's file, copied byte for byte.
    const hidden = (p: ScanReport['photos'][number]) => JSON.stringify(p.faces.filter((f) => f.action === 'anonymised').map((f) => f.box));
    const same = warm.photos.filter((p, i) => p.output !== null && cold.photos[i]!.output !== null && hidden(p) === hidden(cold.photos[i]!));
    expect(same.length).toBeGreaterThan(0);
    expect(warm.options['copiedFromOtherScans']).toBe(same.length);
    for (const p of same) {
      const copy = await readFile(path.join(warm.output, p.output!));
      const original = await readFile(path.join(cold.output, cold.photos.find((c) => c.source === p.source)!.output!));
      expect(copy.equals(original), p.source).toBe(true);
    }
    expect(second.stdout).toMatch(new RegExp(`${same.length} photos hide the same faces as in a scan for another scope`));
  });

  it('analyses a photo again when its bytes changed', async () => {
    const photo = path.join(cwd, 'photos', 'gordijnen.jpg');
    await sharp(photo).flop().jpeg().toFile(`${photo}.tmp`);
    await cp(`${photo}.tmp`, photo);
    await rm(`${photo}.tmp`);
    const again = await runCli(['scan', 'photos', '--scope', 'internal', '--quiet'], cwd);
    expect(again.code, again.stderr).toBe(0);
    const rescan = await report('photos-internal-report');
    expect(rescan.options['fromCache']).toBe(rescan.summary.photos - 1);
    expect(rescan.backend).toMatch(/onnxruntime|wasm|tensorflow/);
  });

  it('writes again, into the folders of an earlier run, only the photo that changed since', async () => {
    // The public scan of the first test ran before gordijnen.jpg changed.
    const again = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
    expect(again.code, again.stderr).toBe(0);
    const rerun = await report('photos-public-report');
    const placed = rerun.photos.filter((p) => p.output !== null || p.review !== null);
    expect(placed.map((p) => p.source)).toContain('gordijnen.jpg');
    expect(rerun.options['keptFromLastRun']).toBe(placed.length - 1);
  });
});
