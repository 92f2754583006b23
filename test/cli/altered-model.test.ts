/**
 * An altered or missing ONNX model of the recogniser is an error that names the file, in doctor as in a scan: before,
 * the describer fell back to tfjs without a word (slower, and a file someone changed went unnoticed). The CLI runs
 * from a copy of the package (package.json, bin, dist, models; node_modules linked) so the repository's models stay
 * as they are.
 */
import { appendFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_API_ONNX } from '../../src/faces/onnx-models.js';
import { repoRoot } from '../helpers/shared.js';

let dir: string;
let pkg: string;

function doctor(): { status: number | null; stdout: string; stderr: string } {
  const work = path.join(dir, 'work');
  return spawnSync(process.execPath, [path.join(pkg, 'bin', 'privacy-filter.js'), 'doctor'], { cwd: work, encoding: 'utf8', timeout: 120_000 });
}

describe('a recogniser model that was altered or is missing', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pf-altered-model-'));
    pkg = path.join(dir, 'package');
    for (const part of ['package.json', 'bin', 'dist', 'models']) await cp(path.join(repoRoot, part), path.join(pkg, part), { recursive: true });
    await symlink(path.join(repoRoot, 'node_modules'), path.join(pkg, 'node_modules'));
    await cp(path.join(repoRoot, 'fixtures', 'demo', 'roster.csv'), path.join(dir, 'work', 'roster.csv'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('doctor fails the recogniser check, naming the altered file, instead of reporting tfjs', async () => {
    const file = path.join(pkg, 'models', FACE_API_ONNX.recognition.file);
    await appendFile(file, Buffer.from([0]));
    const result = doctor();
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`^FAIL +Recogniser[^\\n]*${FACE_API_ONNX.recognition.file.replace('.', '\\.')}[^\\n]*changed or is damaged`, 'm'));
    expect(result.stdout).toMatch(/npm run build/);
    expect(result.stdout + result.stderr).not.toMatch(/tensorflow|tfjs/);
  });

  it('doctor fails the recogniser check, naming the missing file', async () => {
    await rm(path.join(pkg, 'models', FACE_API_ONNX.landmarks.file));
    const result = doctor();
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`^FAIL +Recogniser[^\\n]*${FACE_API_ONNX.landmarks.file.replace('.', '\\.')}[^\\n]*missing`, 'm'));
  });
});
