/**
 * One process tree: `kill -9` of the process the user started (a batch job's timeout, a teacher's Ctrl-\) ends all
 * work, including the child the launcher starts on Linux, and nothing more is written afterwards.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.js';
import { repoRoot } from '../helpers/shared.js';
import { CLI_PASSPHRASE, runCli } from '../scan/cli-helpers.js';

let root: string;

/** Pids of the live (not zombie) descendants of `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parents.set(Number(entry), Number(ppid));
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const [child, ppid] of parents) if (ppid === parent) (found.push(child), visit(child));
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Files below `dir` (relative, sorted); an absent folder has none. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }).catch(() => [])).map(String).sort();
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pf-process-tree-'));
  await mkdir(path.join(root, 'work'));
  await mkdir(path.join(root, 'photos'));
  // Enough distinct photos (a few bytes appended: another sha256, the same picture) for a scan of many seconds.
  const sources = ['sportdag-01.jpg', 'sportdag-02-sideways.jpg'];
  for (let i = 0; i < 40; i++) {
    const source = sources[i % sources.length]!;
    const bytes = Buffer.concat([await readFile(fixture(`demo/photos/${source}`)), Buffer.from(`copy ${i}`)]);
    await writeFile(path.join(root, 'photos', `${String(i).padStart(2, '0')}-${source}`), bytes);
  }
  await copyFile(fixture('demo/roster.csv'), path.join(root, 'roster.csv'));
  const init = await runCli(['init', '--roster', path.join(root, 'roster.csv'), '--portraits', fixture('demo/portraits')], path.join(root, 'work'));
  expect(init.code, init.stderr).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('kill -9 of the command the user started', () => {
  it('ends every process of the scan within a second or two, and nothing is written afterwards', async () => {
    const env: Record<string, string | undefined> = { ...process.env, PRIVACY_FILTER_PASSPHRASE: CLI_PASSPHRASE };
    delete env['MALLOC_ARENA_MAX']; // as a teacher's shell has it: the launcher starts its child
    const out = path.join(root, 'work', 'out');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), 'scan', path.join(root, 'photos'), '--scope', 'public', '--out', out], {
      cwd: path.join(root, 'work'),
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let tree: number[] = [];
    try {
      // Mid-scan: the first photos are out, most are still to come.
      const deadline = Date.now() + 90_000;
      while ((await files(out)).filter((f) => f.endsWith('.jpg')).length < 2) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the scan did not start writing: ${stderr}`);
        await sleep(50);
      }
      tree = descendants(child.pid!);
      expect(tree.length, 'the launcher\'s child').toBeGreaterThan(0);
      child.kill('SIGKILL');
      await exited;

      await sleep(1500);
      expect(tree.filter(alive), `still running 1.5 s after kill -9 of ${child.pid}`).toEqual([]);
      const after = await files(out);
      await sleep(1500);
      expect(await files(out)).toEqual(after);
      expect(after.filter((f) => f.endsWith('.jpg')).length).toBeLessThan(40);
      // What is there under a final name is whole.
      for (const file of after.filter((f) => f.endsWith('.jpg'))) await sharp(path.join(out, file)).stats();
    } finally {
      for (const pid of [...tree, ...descendants(child.pid!)].filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });
});
