/** `forget --all`: erasing the store as a whole, without opening it. Per pupil, see rights.ts. */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { CACHE_DIR, SETUP_DOCUMENTS, STORE_DIR, documentBase } from './store.js';
import { VAULT_FILE } from './vault.js';

/**
 * Erases every document about pupils (templates, corrections, the list of scans, anything but the store's set-up) and
 * the cache; without `keepSetup`, the set-up and vault.json too (a lost passphrase: none of it opens any more). Needs
 * no passphrase itself: `forget --all` decides who may call it.
 */
export async function eraseAll(root: string, options: { keepSetup: boolean } = { keepSetup: true }): Promise<void> {
  const storeDir = path.join(root, STORE_DIR);
  for (const name of await readdir(storeDir)) {
    const base = documentBase(name, 'json') ?? documentBase(name, 'enc');
    const kept = options.keepSetup && (name === VAULT_FILE || (base !== null && SETUP_DOCUMENTS.has(base)));
    if (base !== null && !kept) await rm(path.join(storeDir, name), { force: true });
  }
  await rm(path.join(storeDir, CACHE_DIR), { recursive: true, force: true });
}
