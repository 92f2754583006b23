import { defineConfig } from 'vitest/config';
import { applyHermeticEnv } from './test/helpers/env.js';

// Before any test process starts: they inherit it, so their locale and time zone are the tests' from the first line.
applyHermeticEnv();

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once for every test that spawns the CLI or starts the worker pool; fails the run when tsc fails.
    globalSetup: ['test/helpers/build.ts'],
    // Face models are slow to load on the wasm backend; a whole-photo test may take a while on a 2-core CI box.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test file loading its own models would oversubscribe two cores.
    fileParallelism: false,
    // No test may prompt for the store's passphrase: a default one, and a cheap scrypt for in-process stores.
    setupFiles: ['test/helpers/vault.ts'],
  },
});
