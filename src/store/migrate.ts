/**
 * Bringing a store from an older form into this one: a store from before encryption (no vault.json) is encrypted, a
 * conversion interrupted half-way is finished, and a store that only looks old because its vault.json was lost is
 * refused before anything is touched. Also the passphrase change, which encrypts a plain store the same way.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { CACHE_DIR, STORE_DIR, documentBase, documentContext, storeWithVault, writeGitignore, type Store } from './store.js';
import {
  VAULT_FILE,
  changePassphrase,
  commitNewVault,
  documentFileName,
  encodeBytes,
  prepareNewVault,
  unlockVault,
  vaultContext,
} from './vault.js';

/**
 * The sealed files of a store whose vault.json is gone: documents without a plain twin (a conversion interrupted
 * before vault.json leaves plain files beside their sealed copies) and sealed cache entries (never converted).
 */
async function sealedWithoutVault(storeDir: string): Promise<string[]> {
  const names = await readdir(storeDir);
  const sealed = names.filter((name) => {
    const base = documentBase(name, 'enc');
    return base !== null && !names.includes(`${base}.json`);
  });
  const cacheDir = path.join(storeDir, CACHE_DIR);
  for (const shard of await readdir(cacheDir).catch(() => [] as string[])) {
    const entries = await readdir(path.join(cacheDir, shard)).catch(() => [] as string[]);
    if (entries.some((entry) => entry.endsWith('.enc'))) {
      sealed.push(path.join(CACHE_DIR, shard));
      break;
    }
  }
  return sealed;
}

/**
 * A store without vault.json is either one from before encryption (plain files: converted) or an encrypted one whose
 * vault.json was lost (a partial copy or restore, a sync that skipped it). The second can never be opened again, and
 * converting it would delete what it could not read: it is refused before anything is asked or changed.
 * @throws UserError when encrypted files are there but vault.json is not.
 */
export async function refuseLostVault(storeDir: string): Promise<void> {
  const sealed = await sealedWithoutVault(storeDir);
  if (sealed.length === 0) return;
  throw new UserError(msg.store.lostVault(sealed.slice(0, 3).join(', '), Math.max(0, sealed.length - 3)), {
    place: { file: path.join(storeDir, VAULT_FILE) },
    hint: msg.store.lostVaultHint(storeDir),
  });
}

/**
 * A store from before encryption (no vault.json): every document is sealed under a new passphrase's data key, then
 * vault.json is written (the moment the store counts as encrypted), then the plain files are removed. The cache is
 * not converted but emptied: it can be rebuilt, and its old entries carry no date for the retention. A crash before
 * vault.json leaves the plain store, converted again next time; after it, the plain leftovers are removed next time.
 * With `encrypt` false (`init --no-encrypt` on an erased folder) the store only gets a vault.json saying it is plain.
 * @throws UserError when vault.json was lost (refuseLostVault), or there is no new passphrase; nothing is changed then.
 */
export async function encryptPlainStore(root: string, encrypt: boolean): Promise<Store> {
  const storeDir = path.join(root, STORE_DIR);
  await refuseLostVault(storeDir);
  const made = await prepareNewVault(storeDir, encrypt);
  const store = storeWithVault(root, made.vault);
  await writeGitignore(storeDir);
  if (made.vault.kind === 'plain') {
    await commitNewVault(storeDir, made);
    return store;
  }
  const plainDocs = (await readdir(storeDir)).filter((name) => name !== VAULT_FILE && documentBase(name, 'json') !== null);
  // Sealed files not from this conversion (an interrupted earlier one, under a key never committed; each has its
  // plain twin, see refuseLostVault) would not open.
  for (const name of await readdir(storeDir)) if (documentBase(name, 'enc') !== null) await rm(path.join(storeDir, name), { force: true });
  for (const name of plainDocs) {
    const base = documentBase(name, 'json') ?? name;
    const bytes = await readFile(path.join(storeDir, name));
    await writeFileAtomic(path.join(storeDir, documentFileName(made.vault, base)), encodeBytes(made.vault, documentContext(base), bytes), FILE_MODE.private);
  }
  await commitNewVault(storeDir, made);
  for (const name of plainDocs) await rm(path.join(storeDir, name), { force: true });
  await rm(path.join(storeDir, CACHE_DIR), { recursive: true, force: true });
  await mkdir(path.join(storeDir, CACHE_DIR), { recursive: true, mode: 0o700 });
  // An empty folder (erased by forget --all --lost-passphrase) just gets its key: there was nothing to convert.
  if (plainDocs.length > 0) vaultContext().notify(msg.store.encryptedStore(storeDir, plainDocs.length));
  return store;
}

/** After a conversion interrupted between vault.json and removing the plain files: remove those now. */
export async function removeConvertedLeftovers(storeDir: string): Promise<void> {
  const names = await readdir(storeDir);
  for (const name of names) {
    const base = name === VAULT_FILE ? null : documentBase(name, 'json');
    if (base === null) continue;
    if (names.includes(`${base}.enc`)) await rm(path.join(storeDir, name), { force: true });
    // A plain file without its sealed twin was not made by privacy-filter: it is never read, and said so.
    else vaultContext().notify(msg.store.plainFileIgnored(path.join(storeDir, name)));
  }
}

/**
 * `privacy-filter passphrase`: seals the data key under a new passphrase (the old one is checked first), or encrypts
 * a store that is not encrypted yet (made with --no-encrypt, or by an old version).
 * @throws UserError for a wrong or missing passphrase, before anything is changed.
 */
export async function changeStorePassphrase(root: string): Promise<'changed' | 'encrypted'> {
  const storeDir = path.join(root, STORE_DIR);
  const state = await unlockVault(storeDir);
  if (state.kind === 'open' && state.vault.kind === 'encrypted') {
    await changePassphrase(storeDir, state.vault);
    return 'changed';
  }
  await encryptPlainStore(root, true);
  return 'encrypted';
}
