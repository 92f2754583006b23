/** `privacy-filter review` and `demo` from the command line: the address on the first line, stop on Ctrl-C, refusals. */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.js';
import { fakeScan, type FakeScan } from '../review/fake-scan.js';
import { nextCommand } from '../../src/demo/demo.js';
import { runCli } from '../scan/cli-helpers.js';

let scan: FakeScan;

beforeAll(async () => {
  scan = await fakeScan();
});

afterAll(async () => {
  await scan.cleanup();
});

describe('privacy-filter review', () => {
  it('prints the address first, answers on it with the token, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), 'review', '--no-open'], { cwd: scan.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    let out = '';
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('close', (code) => reject(new Error(`ended with ${code}`)));
    });
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/);
    const url = new URL(firstLine);
    const token = url.searchParams.get('token')!;
    const state = await fetch(new URL('/api/state', url), { headers: { 'X-Review-Token': token } });
    expect(state.status).toBe(200);
    expect(((await state.json()) as { photos: unknown[] }).photos).toHaveLength(3);
    expect((await fetch(new URL('/api/state', url))).status).toBe(403);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out).toMatch(/Review finished/);
  });

  it('says what to do where no scan has run yet', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'pf-review-empty-'));
    try {
      const result = await runCli(['review', '--no-open'], empty);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/No scan has been run in this working folder yet/);
      expect(result.stderr).toMatch(/privacy-filter scan <photos folder>/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

/** The command the demo prints as the next step (the line naming `npx privacy-filter review`), as printed. */
function nextStep(stdout: string): string {
  const line = stdout.split('\n').find((text) => text.includes('npx privacy-filter review'));
  expect(line).toBeDefined();
  return line!.replace(/^\s*(Next:\s*)?/u, '').replace(/\s{3}\(or .*$/u, '');
}

/**
 * Runs `command` in a shell as a teacher would paste it, with this checkout's CLI for `npx privacy-filter` (npx
 * outside the checkout would ask the registry), no passphrase in the environment and no terminal; resolves with the
 * first line it prints, or rejects with what it said when it ends first.
 */
function firstLineOf(command: string, cwd: string): Promise<string> {
  const cli = `${process.execPath} ${path.join(repoRoot, 'bin', 'privacy-filter.js')}`;
  const env = { ...process.env };
  delete env['PRIVACY_FILTER_PASSPHRASE'];
  const child = spawn('sh', ['-c', command.replace('npx privacy-filter review', `${cli} review --no-open`)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        resolve(out.split('\n')[0]!);
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => reject(new Error(`ended with ${code}: ${err}`)));
  });
}

describe('privacy-filter demo', () => {
  it('gives the next step for the shell it runs in, with the demo passphrase only when the demo chose it', () => {
    expect(nextCommand('/s/privacy-filter-demo', false, 'linux')).toBe("cd /s/privacy-filter-demo && PRIVACY_FILTER_PASSPHRASE='demo only, not for real pupils' npx privacy-filter review");
    expect(nextCommand('C:\\Users\\juf\\privacy-filter-demo', false, 'win32')).toBe(
      "cd C:\\Users\\juf\\privacy-filter-demo; $env:PRIVACY_FILTER_PASSPHRASE='demo only, not for real pupils'; npx privacy-filter review",
    );
    expect(nextCommand('/s/demo', true, 'linux')).toBe('cd /s/demo && npx privacy-filter review');
  });

  it('refuses a folder that holds other files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-demo-'));
    try {
      await mkdir(path.join(dir, 'mine'));
      await writeFile(path.join(dir, 'mine', 'notes.txt'), 'keep me');
      const result = await runCli(['demo', '--folder', 'mine'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/already holds other files; the demo needs a folder of its own/);
      expect(await readdir(path.join(dir, 'mine'))).toEqual(['notes.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a folder inside .privacy-filter, and says what an unusable folder needs instead of calling it a bug', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-demo-'));
    try {
      const inside = await runCli(['demo', '--folder', '.privacy-filter/demo'], dir);
      expect(inside.code, inside.stderr).toBe(2);
      expect(inside.stderr).toMatch(/demo folder .*\.privacy-filter\/demo is inside \.privacy-filter/);
      expect(await readdir(dir)).toEqual([]);
      // An operating-system error the user can fix, met outside any check: the CLI's one handler words it (finding 7).
      await writeFile(path.join(dir, 'notes.txt'), 'x');
      const underFile = await runCli(['demo', '--folder', 'notes.txt/demo'], dir);
      expect(underFile.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(underFile.code, underFile.stderr).toBe(2);
      expect(underFile.stderr).toContain(`${path.join(dir, 'notes.txt', 'demo')}: a part of that path is a file, not a folder.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs roster check, enrolment and a scan in its own folder, and says where everything is', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-demo-'));
    try {
      // As a teacher runs it: no passphrase set, so the demo uses its own.
      const result = await runCli(['demo'], dir, { PRIVACY_FILTER_PASSPHRASE: undefined });
      expect(result.code, result.stderr).toBe(0);
      const demo = path.join(dir, 'privacy-filter-demo');
      expect(result.stdout).toContain(`The demo runs in ${demo}`);
      expect(result.stdout).toMatch(/Enrolled 2 of 6 pupils/);
      expect(result.stdout).toMatch(/Scanned 3 photos for public/);
      expect(result.stdout).toContain(path.join(demo, 'sportdag-public-report', 'report.html'));
      expect(result.stdout).toMatch(/privacy-filter review/);
      await stat(path.join(demo, 'sportdag-public-report', 'report.json'));
      expect((await readdir(path.join(demo, 'sportdag-public'))).sort()).toEqual(['gordijnen.jpg', 'sportdag-01.jpg', 'sportdag-02-sideways.jpg']);
      // Issue 21, finding 13: the printed next step works as printed, here without a terminal and without the variable.
      const next = nextStep(result.stdout);
      expect(next).toContain("PRIVACY_FILTER_PASSPHRASE='demo only, not for real pupils'");
      const firstLine = await firstLineOf(next, dir);
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      // Run again: the same folder is its own, so it is used again.
      expect((await runCli(['demo'], dir, { PRIVACY_FILTER_PASSPHRASE: undefined })).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
