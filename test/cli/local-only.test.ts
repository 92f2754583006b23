/**
 * Nothing outside our folders: the whole flow through the real CLI (`init`, `scan`, `review` started and stopped,
 * `recheck`; a scan on each recogniser runtime) with a fresh HOME, TMPDIR and XDG folders writes only into the store, the output and the report folder.
 * A native library that keeps telemetry or a debug log in the home folder or in /tmp fails it.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.js';
import { repoRoot } from '../helpers/shared.js';
import { CLI_PASSPHRASE, runCli } from '../scan/cli-helpers.js';

const FOLDERS = ['home', 'tmp', 'cache', 'config', 'data', 'state', 'runtime', 'work'] as const;
type Folder = (typeof FOLDERS)[number];

let root: string;
const at = (folder: Folder): string => path.join(root, folder);

/** Every file and folder below `dir`, relative, sorted (an absent folder is empty). */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }).catch(() => [])).map(String).sort();
}

/** What a fresh account would give the tool, and nothing of the caller's (no telemetry switch of its own, either). */
function env(): Record<string, string | undefined> {
  return {
    HOME: at('home'),
    USERPROFILE: at('home'),
    TMPDIR: at('tmp'),
    TMP: at('tmp'),
    TEMP: at('tmp'),
    XDG_CACHE_HOME: at('cache'),
    XDG_CONFIG_HOME: at('config'),
    XDG_DATA_HOME: at('data'),
    XDG_STATE_HOME: at('state'),
    XDG_RUNTIME_DIR: at('runtime'),
    ORT_DISABLE_TELEMETRY: undefined,
    MALLOC_ARENA_MAX: undefined,
    PRIVACY_FILTER_PASSPHRASE: CLI_PASSPHRASE,
    PRIVACY_FILTER_DESCRIBER: undefined,
    PRIVACY_FILTER_BACKEND: undefined,
  };
}

/** `review --no-open` until it prints its address, then Ctrl-C, as a teacher would. */
async function reviewAndStop(): Promise<{ code: number | null; stderr: string }> {
  const merged: Record<string, string | undefined> = { ...process.env, ...env() };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), 'review', '--no-open'], {
    cwd: at('work'),
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve();
    });
    child.on('close', (code) => reject(new Error(`review ended before printing its address (${code}): ${stderr}`)));
  });
  const url = new URL(out.split('\n')[0]!);
  const state = await fetch(new URL('/api/state', url), { headers: { 'X-Review-Token': url.searchParams.get('token')! } });
  expect(state.status).toBe(200);
  child.kill('SIGINT');
  return { code: await exit, stderr };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-local-only-'));
  for (const folder of FOLDERS) await mkdir(at(folder));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('nothing outside our folders', () => {
  it('init, scan, review and recheck write only the store, the output and the report', async () => {
    const input = fixture('demo/photos');
    const inputBefore = await tree(input);

    const init = await runCli(['init', '--roster', fixture('demo/roster.csv'), '--portraits', fixture('demo/portraits')], at('work'), env());
    expect(init.code, init.stderr).toBe(0);
    const scan = await runCli(['scan', input, '--scope', 'public', '--out', 'out'], at('work'), env());
    expect(scan.code, scan.stderr).toBe(0);
    // The other native engines: face-api on tfjs (tfjs-node where it is installed, else its wasm backend).
    // Other bytes than the first scan's photos, so that they are analysed again rather than taken from the cache.
    const resaved = path.join(root, 'photos-resaved');
    await mkdir(resaved);
    for (const file of inputBefore) await writeFile(path.join(resaved, file), Buffer.concat([await readFile(path.join(input, file)), Buffer.from('resaved')]));
    const tfjs = await runCli(['scan', resaved, '--scope', 'public', '--out', 'out-tfjs'], at('work'), { ...env(), PRIVACY_FILTER_DESCRIBER: 'tfjs' });
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(at('work'), 'out-tfjs-report', 'report.json'), 'utf8')) as { backend: string };
    expect(report.backend).toMatch(/wasm|tensorflow/u);
    const review = await reviewAndStop();
    expect(review.code, review.stderr).toBe(0);
    const recheck = await runCli(['recheck'], at('work'), env());
    expect(recheck.code, recheck.stderr).toBe(0);

    for (const folder of FOLDERS.filter((f) => f !== 'work')) expect(await tree(at(folder)), `${folder} (${at(folder)})`).toEqual([]);
    const ours = ['.privacy-filter', 'out', 'out-report', 'out-tfjs', 'out-tfjs-report'];
    const work = await tree(at('work'));
    expect(work.filter((file) => !ours.includes(file.split(path.sep)[0]!))).toEqual([]);
    expect(work).toContain(path.join('out-report', 'report.html'));
    expect(await tree(input)).toEqual(inputBefore);
  });
});
