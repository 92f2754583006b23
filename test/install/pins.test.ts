/**
 * The tested versions are the installed versions, and npm says nothing alarming: the checkout's dependency policy
 * (package.json, npm-shrinkwrap.json, no unknown .npmrc keys) and the check `.ci/run` runs on the installed tool.
 * `.ci/run` itself installs the packed tool and fails on any `npm warn` line.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareInstall } from '../../scripts/check-install.js';
import { repoRoot } from '../helpers/shared.js';

const read = (file: string): unknown => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8'));

interface Manifest {
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  files: string[];
  allowScripts: Record<string, boolean>;
}

describe('the checkout pins what the packed tool installs', () => {
  const manifest = read('package.json') as Manifest;

  it('ships npm-shrinkwrap.json (as npm CLIs do) instead of a package-lock.json that npm pack leaves out', () => {
    expect(existsSync(path.join(repoRoot, 'npm-shrinkwrap.json'))).toBe(true);
    expect(existsSync(path.join(repoRoot, 'package-lock.json'))).toBe(false);
    expect(manifest.files).toContain('npm-shrinkwrap.json');
  });

  it('names every runtime dependency at exactly the version the shrinkwrap tested (npm ignores a tarball\'s shrinkwrap)', () => {
    const lock = (read('npm-shrinkwrap.json') as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> }).packages;
    const runtime = { ...manifest.dependencies, ...manifest.optionalDependencies };
    expect(Object.keys(runtime).length).toBeGreaterThan(5);
    for (const [name, spec] of Object.entries(runtime)) expect(spec, name).toBe(lock[`node_modules/${name}`]?.version);
  });

  it('keeps onnxruntime-node from downloading CUDA without a setting npm warns about', () => {
    const npmrc = existsSync(path.join(repoRoot, '.npmrc')) ? readFileSync(path.join(repoRoot, '.npmrc'), 'utf8') : '';
    expect(npmrc).not.toMatch(/onnxruntime/u);
    // Its install script only downloads the CUDA provider (the CPU one ships in the package): npm skips it silently.
    expect(manifest.allowScripts['onnxruntime-node']).toBe(false);
  });
});

describe('the check of an installed tool (scripts/check-install.ts)', () => {
  const lock = {
    '': { version: '0.1.0' },
    'node_modules/onnxruntime-node': { version: '1.30.0' },
    'node_modules/onnxruntime-common': { version: '1.30.0' },
    'node_modules/tfjs-node': { version: '4.22.0', optional: true },
    'node_modules/adm-zip': { version: '0.5.18', optional: true },
    'node_modules/onnxruntime-node/node_modules/adm-zip': { version: '0.6.1' },
  };
  const manifest = { dependencies: { 'onnxruntime-node': '1.30.0' }, optionalDependencies: { 'tfjs-node': '4.22.0' } };

  it('passes the tested tree, wherever npm placed a nested package', () => {
    const installed = new Map([
      ['node_modules/onnxruntime-node', '1.30.0'],
      ['node_modules/onnxruntime-common', '1.30.0'],
      ['node_modules/adm-zip', '0.6.1'],
    ]);
    expect(compareInstall(lock, manifest, installed)).toEqual({ errors: [], notes: [] });
  });

  it('fails a runtime dependency at another version, or missing, and lists a drifted one below it', () => {
    const installed = new Map([
      ['node_modules/onnxruntime-node', '1.31.1'],
      ['node_modules/onnxruntime-common', '1.31.1'],
      ['node_modules/tfjs-node', '4.22.0'],
    ]);
    expect(compareInstall(lock, manifest, installed)).toEqual({
      errors: ['onnxruntime-node: installed 1.31.1, tested 1.30.0'],
      notes: ['onnxruntime-common: installed 1.31.1, tested 1.30.0'],
    });
    expect(compareInstall(lock, manifest, new Map()).errors).toEqual(['onnxruntime-node: not installed (tested: 1.30.0)']);
  });
});
