/**
 * The store's list of earlier scans (recheck needs it to take down what they published) keeps a scan whose ledger
 * cannot be read today, and says so; only a scan whose report folder is gone leaves the list, said too. Before, a
 * ledger that could not be read once dropped its scan for good, without a word.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE } from '../../src/history/ledger.js';
import { otherScansOf } from '../../src/scan/ledger.js';
import type { ScanFolders } from '../../src/scan/folders.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-scan-list-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function foldersOf(name: string): ScanFolders {
  return { input: path.join(dir, 'photos'), output: path.join(dir, name), review: path.join(dir, `${name}-review`), report: path.join(dir, `${name}-report`) };
}

async function scanWithLedger(name: string, ledger: string | null): Promise<ScanFolders> {
  const folders = foldersOf(name);
  await mkdir(folders.report, { recursive: true });
  if (ledger !== null) await writeFile(path.join(folders.report, LEDGER_FILE), ledger);
  return folders;
}

describe('otherScansOf and the list of earlier scans', () => {
  it('keeps scans whose ledger is missing or damaged (with a warning naming it), forgets only a report folder that is gone', async () => {
    const good = await scanWithLedger('public', null);
    await writeFile(
      path.join(good.report, LEDGER_FILE),
      JSON.stringify({ tool: 'privacy-filter', input: good.input, output: good.output, review: good.review, scope: 'public', className: null, outputs: {}, reviews: {} }),
    );
    const damaged = await scanWithLedger('internal', '{"tool": "privacy-filter", "inp');
    const missing = await scanWithLedger('group', null);
    const gone = foldersOf('old');
    let list = [good.report, damaged.report, missing.report, gone.report];
    const store = {
      readScans: async () => list,
      writeScans: async (reports: readonly string[]) => {
        list = [...reports];
      },
    };
    const warnings: string[] = [];
    const current = foldersOf('website');
    const others = await otherScansOf(store, current, (m) => warnings.push(m));

    expect(others.map((l) => l.output)).toEqual([good.output]);
    expect(list).toEqual([good.report, damaged.report, missing.report, current.report]);
    const said = warnings.join('\n');
    expect(said).toContain(`${path.join(damaged.report, LEDGER_FILE)} could not be read`);
    expect(said).toContain(`${path.join(missing.report, LEDGER_FILE)} could not be read`);
    expect(said).toMatch(/stays on the list of earlier scans \(recheck needs it\)/);
    expect(said).toContain(`the report folder ${gone.report} of an earlier scan no longer exists`);

    // Readable again next time: it is used again, nothing was lost.
    await writeFile(
      path.join(damaged.report, LEDGER_FILE),
      JSON.stringify({ tool: 'privacy-filter', input: damaged.input, output: damaged.output, review: damaged.review, scope: 'internal', className: null, outputs: {}, reviews: {} }),
    );
    expect((await otherScansOf(store, current, () => undefined)).map((l) => l.output)).toEqual([good.output, damaged.output]);
  });
});
