/**
 * Finding a working folder's store and opening it. Opening is more than reading: it asks for the passphrase (once per
 * process), brings an older store up to date (migrate.ts), and deletes the analyses past their retention. The names
 * say which of these a function does: `find…` only looks, `open…AndSweep` opens and sweeps, `openOrCreate…` may create.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { encryptPlainStore, refuseLostVault, removeConvertedLeftovers } from './migrate.js';
import { CACHE_DIR, STORE_DIR, isDirectory, storeWithVault, writeGitignore, type Store } from './store.js';
import { VAULT_FILE, commitNewVault, prepareNewVault, unlockVault, vaultContext, type Vault } from './vault.js';

export interface CreateOptions {
  /** False for `init --no-encrypt`: only for a new store (an encrypted one is never decrypted back). Default true. */
  readonly encrypt?: boolean;
}

/** The folder holding `.privacy-filter/`, walking up from `startDir`; opens nothing (erasing everything needs no passphrase). */
export async function findStoreRoot(startDir: string): Promise<string | null> {
  let dir = path.resolve(startDir);
  for (;;) {
    if (await isDirectory(path.join(dir, STORE_DIR))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Walks up from `startDir` to the first folder holding `.privacy-filter/` and opens it: asks for the passphrase
 * (once per process), encrypts a store from before encryption, and deletes cache entries past their retention.
 * Null when there is none up to the root.
 * @throws UserError for a wrong or missing passphrase or a lost vault.json, before anything is changed.
 */
export async function openStoreAndSweep(startDir: string): Promise<Store | null> {
  const root = await findStoreRoot(startDir);
  return root === null ? null : openExistingAndSweep(root, {});
}

/**
 * Creates the store in `dir` (with its `.gitignore` and, unless `encrypt` is false, a new passphrase), or opens the
 * one there as openStoreAndSweep does.
 * @throws UserError when there is no passphrase, or `encrypt: false` is asked of an encrypted store; nothing is written then.
 */
export async function openOrCreateStore(dir: string, options: CreateOptions = {}): Promise<Store> {
  const root = path.resolve(dir);
  const storeDir = path.join(root, STORE_DIR);
  if (await isDirectory(storeDir)) return openExistingAndSweep(root, options);
  const made = await prepareNewVault(storeDir, options.encrypt !== false);
  await mkdir(path.join(storeDir, CACHE_DIR), { recursive: true, mode: 0o700 });
  await writeGitignore(storeDir);
  await commitNewVault(storeDir, made);
  return storeWithVault(root, made.vault);
}

/**
 * Asks now for what `openOrCreateStore(dir)` will need (the passphrase, checked when the store exists, or a new one),
 * so that a command can refuse before its slow work rather than after it. Writes nothing.
 * @throws UserError as openOrCreateStore would.
 */
export async function unlockOrChoosePassphrase(dir: string, options: CreateOptions = {}): Promise<void> {
  const storeDir = path.join(path.resolve(dir), STORE_DIR);
  if (!(await isDirectory(storeDir))) {
    await prepareNewVault(storeDir, options.encrypt !== false);
    return;
  }
  const state = await unlockVault(storeDir);
  if (state.kind === 'absent') {
    await refuseLostVault(storeDir);
    await prepareNewVault(storeDir, options.encrypt !== false);
  } else checkEncryptChoice(state.vault, storeDir, options);
}

function checkEncryptChoice(vault: Vault, storeDir: string, options: CreateOptions): void {
  if (options.encrypt === false && vault.kind === 'encrypted') {
    throw new UserError(msg.store.encryptedAlready, { place: { file: path.join(storeDir, VAULT_FILE) }, hint: msg.store.encryptedAlreadyHint });
  }
}

async function openExistingAndSweep(root: string, options: CreateOptions): Promise<Store> {
  const storeDir = path.join(root, STORE_DIR);
  const state = await unlockVault(storeDir);
  let store: Store;
  if (state.kind === 'absent') {
    store = await encryptPlainStore(root, options.encrypt !== false);
  } else {
    checkEncryptChoice(state.vault, storeDir, options);
    store = storeWithVault(root, state.vault);
    if (state.vault.kind === 'encrypted') await removeConvertedLeftovers(storeDir);
  }
  // Retention: what is past it goes at the first command that opens the store, whatever the command.
  const removed = await (await store.analysisCache('')).sweep();
  if (removed > 0) vaultContext().notify(msg.store.sweptCache(removed, store.cacheDir));
  return store;
}
