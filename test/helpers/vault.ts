/**
 * Tests never prompt: every store opened in a test process, and every CLI a test spawns, gets this passphrase unless
 * the test says otherwise (whatever the caller's PRIVACY_FILTER_PASSPHRASE is: see env.ts). In-process stores use a
 * cheap scrypt (stored in their vault.json like any parameters); spawned CLIs use the real ones, as a teacher's would.
 */
import { configureVault } from '../../src/store/vault.js';
import { applyHermeticEnv, TEST_PASSPHRASE } from './env.js';

export { TEST_PASSPHRASE };

/** scrypt at 2^10: a millisecond instead of a second per new store, for tests that make many. */
export const CHEAP_KDF = Object.freeze({ name: 'scrypt', N: 2 ** 10, r: 8, p: 1 } as const);

applyHermeticEnv();
configureVault({ kdf: CHEAP_KDF });
