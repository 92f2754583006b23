/**
 * Whether and how the files of one `.privacy-filter/` are encrypted: its `vault.json` (the only file always in clear:
 * scrypt's parameters, the salt, and the data key sealed under the passphrase's key), unlocking it once per process,
 * and turning a file's plain bytes into what is stored and back. src/store/store.ts sends every document through here.
 *
 * Two keys, as disk encryption does it: a random data key encrypts the files, and the passphrase's key only seals the
 * data key. A wrong passphrase is then told apart from a damaged file (the data key does not open), and changing the
 * passphrase rewrites vault.json alone, in one atomic step.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { pick, type Text } from '../i18n/text.js';
import { FILE_MODE, readTextIfPresent, writeFileAtomic } from '../atomic.js';
import { isRecord } from './codec.js';
import {
  KDF_DEFAULTS,
  checkParams,
  dataKeys,
  deriveKey,
  keyedName,
  randomKey,
  randomSalt,
  seal,
  unseal,
  type DataKeys,
  type KdfParams,
} from './crypto.js';

export const VAULT_FILE = 'vault.json';
/** The environment variable batch jobs and CI give the passphrase in; a terminal is asked otherwise. */
export const PASSPHRASE_ENV = 'PRIVACY_FILTER_PASSPHRASE';
/** The new passphrase for `privacy-filter passphrase` without a terminal. */
export const NEW_PASSPHRASE_ENV = 'PRIVACY_FILTER_NEW_PASSPHRASE';
/** Shorter passphrases fall to guessing despite scrypt. */
export const MIN_PASSPHRASE_LENGTH = 8;
const VAULT_VERSION = 1;
/** What the sealed data key is bound to: it can only open as the data key of a vault. */
const DATA_KEY_CONTEXT = 'vault data key';

/** A store's encryption once unlocked. `plain` is a store made with `init --no-encrypt`. */
export type Vault = { readonly kind: 'plain' } | { readonly kind: 'encrypted'; readonly keys: DataKeys; readonly dataKey: Buffer };

/**
 * Why a passphrase is needed: `unlock` an encrypted store, choose one for a `new` store (or to encrypt an old plain
 * one), or the new one for `change`. `new` and `change` ask twice at a terminal.
 */
export type PassphrasePurpose = 'unlock' | 'new' | 'change';

export interface PassphraseRequest {
  readonly purpose: PassphrasePurpose;
  /** The `.privacy-filter` folder, for the prompt and messages. */
  readonly storeDir: string;
}

/**
 * What the store needs from outside, swapped in one place: the CLI installs its terminal prompt, tests a cheaper
 * scrypt and a clock. Everything else opens stores (src/store/open.ts) without knowing about any of it.
 */
export interface VaultContext {
  /** @throws UserError when there is no passphrase to be had (no variable, no terminal). */
  readonly passphrase: (request: PassphraseRequest) => Promise<string>;
  /** scrypt's parameters for new stores and new passphrases; existing ones keep those in their vault.json. */
  readonly kdf: KdfParams;
  /** Retention and enrolment dates are measured against this. */
  readonly now: () => Date;
  /** What the store did on its own (converted, deleted expired entries): told on stderr, beside progress. */
  readonly notify: (message: Text | string) => void;
}

const DEFAULT_CONTEXT: VaultContext = Object.freeze({
  passphrase: passphraseFromEnvironment,
  kdf: KDF_DEFAULTS,
  now: () => new Date(),
  // The CLI installs one that speaks the user's language (src/cli/index.ts); without it, English.
  notify: (message: Text | string) => {
    process.stderr.write(`privacy-filter: ${pick(message, 'en')}\n`);
  },
});
let context: VaultContext = DEFAULT_CONTEXT;

/** Replaces parts of the context; returns a function that restores the previous one. */
export function configureVault(changes: Partial<VaultContext>): () => void {
  const previous = context;
  context = { ...context, ...changes };
  return () => {
    context = previous;
  };
}

export function vaultContext(): VaultContext {
  return context;
}

/** Without a terminal the environment variable is the only source; the CLI adds a prompt on top (src/cli/passphrase.ts). */
export async function passphraseFromEnvironment(request: PassphraseRequest): Promise<string> {
  const fromEnv = request.purpose === 'change' ? process.env[NEW_PASSPHRASE_ENV] : process.env[PASSPHRASE_ENV];
  if (fromEnv != null && fromEnv !== '') return fromEnv;
  throw missingPassphrase(request);
}

export function missingPassphrase(request: PassphraseRequest): UserError {
  const file = path.join(request.storeDir, VAULT_FILE);
  if (request.purpose === 'change') {
    return new UserError(msg.store.noTerminalForNewPassphrase, { place: { file }, hint: msg.store.noTerminalForNewPassphraseHint(NEW_PASSPHRASE_ENV, PASSPHRASE_ENV) });
  }
  return new UserError(request.purpose === 'new' ? msg.store.noTerminalToChoosePassphrase : msg.store.noTerminalToUnlock, {
    place: { file },
    hint: msg.store.noTerminalHint(PASSPHRASE_ENV),
  });
}

/** @throws UserError when a new passphrase is too short to protect biometric data. */
export function checkNewPassphrase(passphrase: string, storeDir: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new UserError(msg.store.passphraseTooShort(MIN_PASSPHRASE_LENGTH), {
      place: { file: path.join(storeDir, VAULT_FILE) },
      hint: msg.store.passphraseTooShortHint,
    });
  }
}

// ---------- vault.json ----------

type Header =
  | { readonly encryption: 'none' }
  | { readonly encryption: 'aes-256-gcm'; readonly kdf: KdfParams; readonly salt: Buffer; readonly sealedKey: Buffer };

/** The store's vault.json: `absent` for a store from before encryption (to be converted), else its header. */
async function readHeader(storeDir: string): Promise<{ header: Header; text: string } | 'absent'> {
  const file = path.join(storeDir, VAULT_FILE);
  const text = await readTextIfPresent(file);
  if (text === null) return 'absent';
  const header = parseHeader(text);
  if (header === null) {
    throw new UserError(msg.store.vaultDamaged, { place: { file }, hint: msg.store.vaultDamagedHint });
  }
  return { header, text };
}

function parseHeader(text: string): Header | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw) || raw['version'] !== VAULT_VERSION) return null;
  if (raw['encryption'] === 'none') return { encryption: 'none' };
  const { kdf, salt, key } = raw;
  if (raw['encryption'] !== 'aes-256-gcm' || !isRecord(kdf) || typeof salt !== 'string' || typeof key !== 'string') return null;
  const params: KdfParams = { name: 'scrypt', N: Number(kdf['N']), r: Number(kdf['r']), p: Number(kdf['p']) };
  if (kdf['name'] !== 'scrypt') return null;
  try {
    checkParams(params);
  } catch {
    return null;
  }
  return { encryption: 'aes-256-gcm', kdf: params, salt: Buffer.from(salt, 'base64'), sealedKey: Buffer.from(key, 'base64') };
}

function headerText(header: Header): string {
  const body =
    header.encryption === 'none'
      ? { version: VAULT_VERSION, encryption: 'none', note: 'Made with init --no-encrypt: the files here are NOT encrypted.' }
      : {
          version: VAULT_VERSION,
          encryption: header.encryption,
          kdf: header.kdf,
          salt: header.salt.toString('base64'),
          key: header.sealedKey.toString('base64'),
          note: 'The data key, sealed under a key made from your passphrase. Without this file and the passphrase nothing here can be read.',
        };
  return `${JSON.stringify(body, null, 1)}\n`;
}

export async function writeHeader(storeDir: string, header: Header): Promise<void> {
  await writeFileAtomic(path.join(storeDir, VAULT_FILE), headerText(header), FILE_MODE.private);
}

/** What vault.json says, without unlocking anything: for doctor. */
export async function vaultInfo(storeDir: string): Promise<{ kind: 'absent' } | { kind: 'none' } | { kind: 'encrypted'; kdf: KdfParams }> {
  const read = await readHeader(storeDir);
  if (read === 'absent') return { kind: 'absent' };
  return read.header.encryption === 'none' ? { kind: 'none' } : { kind: 'encrypted', kdf: read.header.kdf };
}

// ---------- unlocking, once per process ----------

/** Unlocked vaults by store folder and vault.json text: a command asks for the passphrase and runs scrypt once. */
const unlocked = new Map<string, { text: string; vault: Vault }>();

export type VaultState = { readonly kind: 'open'; readonly vault: Vault } | { readonly kind: 'absent' };

/**
 * The store's vault, unlocked: asks for the passphrase (env or terminal) the first time in this process.
 * `absent` when the store has no vault.json (made by a version before encryption).
 * @throws UserError for a wrong passphrase, a missing one without a terminal, or a damaged vault.json. Writes nothing.
 */
export async function unlockVault(storeDir: string): Promise<VaultState> {
  const read = await readHeader(storeDir);
  if (read === 'absent') return { kind: 'absent' };
  const known = unlocked.get(storeDir);
  if (known !== undefined && known.text === read.text) return { kind: 'open', vault: known.vault };
  const vault = await openHeader(read.header, storeDir);
  unlocked.set(storeDir, { text: read.text, vault });
  return { kind: 'open', vault };
}

async function openHeader(header: Header, storeDir: string): Promise<Vault> {
  if (header.encryption === 'none') return { kind: 'plain' };
  const passphrase = await context.passphrase({ purpose: 'unlock', storeDir });
  const key = await deriveKey(passphrase, header.salt, header.kdf);
  const dataKey = unseal(key, header.sealedKey, DATA_KEY_CONTEXT);
  if (dataKey === null) {
    throw new UserError(msg.store.wrongPassphrase, { place: { file: path.join(storeDir, VAULT_FILE) }, hint: msg.store.wrongPassphraseHint(PASSPHRASE_ENV) });
  }
  return { kind: 'encrypted', dataKey, keys: dataKeys(dataKey) };
}

/** New stores' choices, made before anything is written so that a missing passphrase leaves no half-made store. */
const prepared = new Map<string, { header: Header; vault: Vault }>();

/**
 * Makes (or returns the one already made in this process) the vault of a store about to be created: asks for a new
 * passphrase when `encrypt`. Writes nothing; `commitNewVault` writes vault.json.
 * @throws UserError when there is no passphrase or it is too short.
 */
export async function prepareNewVault(storeDir: string, encrypt: boolean): Promise<{ header: Header; vault: Vault }> {
  const known = prepared.get(storeDir);
  if (known !== undefined && (known.vault.kind === 'encrypted') === encrypt) return known;
  const made = encrypt ? await sealNewKey(randomKey(), storeDir, 'new') : { header: { encryption: 'none' } as const, vault: { kind: 'plain' } as const };
  prepared.set(storeDir, made);
  return made;
}

/** Writes the prepared vault.json and remembers the vault as unlocked. */
export async function commitNewVault(storeDir: string, made: { header: Header; vault: Vault }): Promise<void> {
  await writeHeader(storeDir, made.header);
  prepared.delete(storeDir);
  unlocked.set(storeDir, { text: headerText(made.header), vault: made.vault });
}

async function sealNewKey(dataKey: Buffer, storeDir: string, purpose: 'new' | 'change'): Promise<{ header: Header; vault: Vault }> {
  const passphrase = await context.passphrase({ purpose, storeDir });
  checkNewPassphrase(passphrase, storeDir);
  const salt = randomSalt();
  const kdf = context.kdf;
  const key = await deriveKey(passphrase, salt, kdf);
  const header: Header = { encryption: 'aes-256-gcm', kdf, salt, sealedKey: seal(key, dataKey, DATA_KEY_CONTEXT) };
  return { header, vault: { kind: 'encrypted', dataKey, keys: dataKeys(dataKey) } };
}

/**
 * Seals the data key under a new passphrase (with a new salt) and rewrites vault.json: the files stay as they are,
 * so the change is one atomic rename. The store must be unlocked first (the old passphrase checked).
 */
export async function changePassphrase(storeDir: string, vault: Vault & { kind: 'encrypted' }): Promise<void> {
  const made = await sealNewKey(vault.dataKey, storeDir, 'change');
  await commitNewVault(storeDir, made);
}

/** Forgets unlocked keys (tests that play a second process). */
export function forgetUnlockedVaults(): void {
  unlocked.clear();
  prepared.clear();
}

// ---------- files through the vault ----------

/** What a document called `name` is stored as: `name.json` in clear, `name.enc` encrypted. */
export function documentFileName(vault: Vault, base: string): string {
  return `${base}.${vault.kind === 'plain' ? 'json' : 'enc'}`;
}

/** Plain bytes → stored bytes. `context` is the file's path inside the store, which is authenticated with it. */
export function encodeBytes(vault: Vault, context: string, plain: Buffer): Buffer {
  return vault.kind === 'plain' ? plain : seal(vault.keys.encrypt, plain, context);
}

/** Stored bytes → plain bytes, or null when they were altered, truncated, or sealed for another file or store. */
export function decodeBytes(vault: Vault, context: string, stored: Buffer): Buffer | null {
  return vault.kind === 'plain' ? stored : unseal(vault.keys.encrypt, stored, context);
}

/** A file name for `text` (a photo's hash) that does not reveal it in an encrypted store. */
export function fileNameFor(vault: Vault, text: string): string {
  return vault.kind === 'plain' ? text : keyedName(vault.keys.name, text);
}

export async function readBytesIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (caught) {
    if ((caught as { code?: unknown }).code === 'ENOENT') return null;
    throw caught;
  }
}
