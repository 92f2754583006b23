import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Template } from '../faces/engine-types.js';
import type { RosterField } from '../roster/read.js';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import { AnalysisCache, RETENTION_DEFAULT_DAYS } from './cache.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from './codec.js';
import {
  VAULT_FILE,
  changePassphrase,
  commitNewVault,
  decodeBytes,
  documentFileName,
  encodeBytes,
  prepareNewVault,
  readBytesIfPresent,
  unlockVault,
  vaultContext,
  type Vault,
} from './vault.js';

/** The working folder's own folder, found by walking up like git finds `.git`. */
export const STORE_DIR = '.privacy-filter';

const CONFIG_DOC = 'config';
const TEMPLATES_DOC = 'templates';
const SCANS_DOC = 'scans';
const SETTINGS_DOC = 'settings';
const CACHE_DIR = 'cache';
const FORMAT_VERSION = 1;
/** Documents `forget --all` keeps: how the store is set up, nothing about any pupil. */
const SETUP_DOCS: ReadonlySet<string> = new Set([CONFIG_DOC, SETTINGS_DOC]);

/** What `enroll` remembers so that `scan` needs no options beyond the photos. */
export interface StoreConfig {
  /** Roster CSV, relative to the store's root folder (so the folder can be moved as a whole). */
  readonly roster: string;
  /** Portraits folder relative to the root, or null when portraits come only from the roster's photo column. */
  readonly portraits: string | null;
  /** `--column` mapping the roster was read with. */
  readonly columns: Partial<Record<RosterField, string>>;
  /** Short names for the roster's purposes, short name → header (`{"insta": "Social media"}`), for `--purpose`. */
  readonly purposes?: Readonly<Record<string, string>>;
}

/** How long the store keeps what it does not need for long. */
export interface StoreSettings {
  /** Days an analysis stays in the cache (`config --retention`, `init --retention`). */
  readonly retentionDays: number;
}

export const STORE_DEFAULTS: StoreSettings = Object.freeze({
  // Long enough for the reruns of one term's events after consent changes; short enough that the faces of strangers
  // in last year's photos are gone.
  retentionDays: RETENTION_DEFAULT_DAYS,
});

/** Enrolled pupils. Descriptors only: never portraits, never their file names. */
export interface TemplateSet {
  /** The describer's `settingsKey` the descriptors were made with; others' descriptors are meaningless. */
  readonly describer: string;
  readonly templates: Template[];
  /** Pupil id → ISO date-time of the enrolment, so old portraits can be spotted. */
  readonly enrolledAt: Record<string, string>;
}

export interface Store {
  /** The `.privacy-filter` folder itself. */
  readonly dir: string;
  /** The working folder that holds it; relative paths in the config are relative to this. */
  readonly root: string;
  readonly cacheDir: string;
  /** False only for a store made with `init --no-encrypt`. */
  readonly encrypted: boolean;
  /** Null when nothing was configured yet. @throws UserError when the file is damaged. */
  readConfig(): Promise<StoreConfig | null>;
  writeConfig(config: StoreConfig): Promise<void>;
  /** An empty set (describer "") when nobody was enrolled yet. @throws UserError when the file is damaged. */
  readTemplates(): Promise<TemplateSet>;
  writeTemplates(set: TemplateSet): Promise<void>;
  /**
   * The report folders of the scans run with this store, so that a scan for another scope can copy a photo another
   * scan already rendered the same way, and `show` can find the reports naming a pupil. Paths only.
   * @throws UserError when the file was altered or cannot be decrypted.
   */
  readScans(): Promise<string[]>;
  writeScans(reportFolders: readonly string[]): Promise<void>;
  /** Retention and other settings; the defaults when none were saved. */
  readSettings(): Promise<StoreSettings>;
  writeSettings(settings: StoreSettings): Promise<void>;
  /**
   * The parsed JSON of the document `name` (`corrections` or `corrections.json` alike: letters, digits and dashes),
   * decrypted; undefined when it does not exist.
   * @throws UserError naming the file when it is damaged, truncated or was altered.
   */
  readDocument(name: string): Promise<unknown>;
  /** Writes the document atomically, readable by this user only, encrypted when the store is. */
  writeDocument(name: string, value: unknown): Promise<void>;
  removeDocument(name: string): Promise<void>;
  /** The file a document is kept in (for messages). */
  documentFile(name: string): string;
  /** The analysis cache for the engines' `settingsKey`, sealed like everything else, with this store's retention. */
  analysisCache(settingsKey: string, onDamaged?: (file: string) => void): Promise<AnalysisCache>;
}

export interface CreateOptions {
  /** False for `init --no-encrypt`: only for a new store (an encrypted one is never decrypted back). Default true. */
  readonly encrypt?: boolean;
}

/**
 * Walks up from `startDir` to the first folder holding `.privacy-filter/` and opens it: asks for the passphrase
 * (once per process), converts a store from before encryption, and deletes cache entries past their retention.
 * Null when there is none up to the root.
 * @throws UserError for a wrong or missing passphrase, before anything is changed.
 */
export async function findStore(startDir: string): Promise<Store | null> {
  const root = await findStoreRoot(startDir);
  return root === null ? null : openExisting(root, {});
}

/** The folder holding `.privacy-filter/`, without opening it (erasing everything needs no passphrase). */
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
 * Opens the store in `dir`, or creates it (with its `.gitignore` and, unless `encrypt` is false, a new passphrase).
 * @throws UserError when there is no passphrase, or `encrypt: false` is asked of an encrypted store; nothing is written then.
 */
export async function createStore(dir: string, options: CreateOptions = {}): Promise<Store> {
  const root = path.resolve(dir);
  const storeDir = path.join(root, STORE_DIR);
  if (await isDirectory(storeDir)) return openExisting(root, options);
  const made = await prepareNewVault(storeDir, options.encrypt !== false);
  await mkdir(path.join(storeDir, CACHE_DIR), { recursive: true, mode: 0o700 });
  await writeGitignore(storeDir);
  await commitNewVault(storeDir, made);
  return openStore(root, made.vault);
}

/**
 * Asks for what `createStore(dir)` will need (the passphrase, checked when the store exists), so that a command can
 * refuse before its slow work rather than after it. Writes nothing.
 */
export async function prepareStore(dir: string, options: CreateOptions = {}): Promise<void> {
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

async function writeGitignore(storeDir: string): Promise<void> {
  // The folder holds biometric templates of children: keep it out of git and of anything that honours .gitignore.
  await writeFileAtomic(path.join(storeDir, '.gitignore'), '# Biometric data of pupils: never commit or share this folder.\n*\n', FILE_MODE.private);
}

function checkEncryptChoice(vault: Vault, storeDir: string, options: CreateOptions): void {
  if (options.encrypt === false && vault.kind === 'encrypted') {
    throw new UserError('This store is encrypted already; --no-encrypt only applies to a new store.', {
      place: { file: path.join(storeDir, VAULT_FILE) },
      hint: 'Leave out --no-encrypt. Nothing was changed.',
    });
  }
}

async function openExisting(root: string, options: CreateOptions): Promise<Store> {
  const storeDir = path.join(root, STORE_DIR);
  const state = await unlockVault(storeDir);
  let store: Store;
  if (state.kind === 'absent') {
    store = await convertPlainStore(root, options.encrypt !== false);
  } else {
    checkEncryptChoice(state.vault, storeDir, options);
    store = openStore(root, state.vault);
    if (state.vault.kind === 'encrypted') await removeConvertedLeftovers(storeDir);
  }
  // Retention: what is past it goes at the first command that opens the store, whatever the command.
  const removed = await (await store.analysisCache('')).sweep();
  if (removed > 0) vaultContext().notify(`Deleted ${removed} analysis${removed === 1 ? '' : 'es'} of photos older than the retention from ${store.cacheDir}.`);
  return store;
}

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
  const shown = sealed.slice(0, 3).join(', ') + (sealed.length > 3 ? `, and ${sealed.length - 3} more` : '');
  throw new UserError(
    `${VAULT_FILE} is missing, but the store holds encrypted files (${shown}): without ${VAULT_FILE} they cannot be opened, not even with the passphrase.`,
    {
      place: { file: path.join(storeDir, VAULT_FILE) },
      hint:
        `Restore ${VAULT_FILE} into ${storeDir} from a backup (or copy the whole .privacy-filter folder again). Nothing was changed or deleted. ` +
        `Only if there is no backup: privacy-filter forget --all --lost-passphrase erases the store, and you enrol again.`,
    },
  );
}

/**
 * A store from before encryption (no vault.json): every document is sealed under a new passphrase's data key, then
 * vault.json is written (the moment the store counts as encrypted), then the plain files are removed. The cache is
 * not converted but emptied: it can be rebuilt, and its old entries carry no date for the retention. A crash before
 * vault.json leaves the plain store, converted again next time; after it, the plain leftovers are removed next time.
 */
async function convertPlainStore(root: string, encrypt: boolean): Promise<Store> {
  const storeDir = path.join(root, STORE_DIR);
  await refuseLostVault(storeDir);
  const made = await prepareNewVault(storeDir, encrypt);
  const store = openStore(root, made.vault);
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
  if (plainDocs.length > 0) {
    vaultContext().notify(
      `Encrypted the store in ${storeDir} (${plainDocs.length} file${plainDocs.length === 1 ? '' : 's'}); the plain files are removed. ` +
        'The analysis cache was emptied: the next scan analyses its photos again.',
    );
  }
  return store;
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
  await convertPlainStore(root, true);
  return 'encrypted';
}

/** After a conversion interrupted between vault.json and removing the plain files: remove those now. */
async function removeConvertedLeftovers(storeDir: string): Promise<void> {
  const names = await readdir(storeDir);
  for (const name of names) {
    const base = name === VAULT_FILE ? null : documentBase(name, 'json');
    if (base === null) continue;
    if (names.includes(`${base}.enc`)) await rm(path.join(storeDir, name), { force: true });
    // A plain file without its sealed twin was not made by privacy-filter: it is never read, and said so.
    else vaultContext().notify(`${path.join(storeDir, name)} is not encrypted and is ignored (the store is encrypted); delete it.`);
  }
}

/** `corrections` and `corrections.json` both name the document `corrections`. */
function normaliseName(name: string): string {
  const base = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
  // Documents are named by the code, never by a user; the check keeps a bug from writing outside the store.
  if (!/^[a-z][a-z0-9-]*$/.test(base)) throw new Error(`bad document name ${JSON.stringify(name)}`);
  return base;
}

/** The document a file in the store's folder holds, by its extension; null for anything else. */
function documentBase(fileName: string, extension: 'json' | 'enc'): string | null {
  const match = /^([a-z][a-z0-9-]*)\.([a-z]+)$/.exec(fileName);
  return match !== null && match[2] === extension ? (match[1] ?? null) : null;
}

function documentContext(base: string): string {
  return `${base}.json`;
}

/** What to tell the user who finds a document damaged: how it is rebuilt, or that it cannot be. */
const REBUILD: Readonly<Record<string, string>> = {
  [CONFIG_DOC]: 'Run privacy-filter enroll --roster <csv> --portraits <folder> (or init) again to rebuild it.',
  [TEMPLATES_DOC]: 'The enrolled faces cannot be rebuilt from it: restore .privacy-filter from a backup, or run privacy-filter enroll again.',
  [SCANS_DOC]: 'Delete it: it only lists the report folders of earlier scans, and the next scan starts a new list.',
  [SETTINGS_DOC]: 'Delete it and set the retention again with privacy-filter config --retention <days>.',
};

function damaged(file: string, base: string, how: 'altered' | 'unreadable', cause?: unknown): UserError {
  const message =
    how === 'altered'
      ? 'This file of privacy-filter was altered or is incomplete: it does not decrypt (a truncated copy, a disk error, or an edit).'
      : 'This file of privacy-filter is damaged (perhaps an interrupted copy or a manual edit).';
  return new UserError(message, { place: { file }, hint: REBUILD[base] ?? 'Restore it from a backup, or delete it.', cause });
}

function openStore(root: string, vault: Vault): Store {
  const dir = path.join(root, STORE_DIR);
  const cacheDir = path.join(dir, CACHE_DIR);
  const fileOf = (base: string): string => path.join(dir, documentFileName(vault, base));

  const readDocument = async (name: string): Promise<unknown> => {
    const base = normaliseName(name);
    const file = fileOf(base);
    const stored = await readBytesIfPresent(file);
    if (stored === null) return undefined;
    const plain = decodeBytes(vault, documentContext(base), stored);
    if (plain === null) throw damaged(file, base, 'altered');
    try {
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch (caught) {
      throw damaged(file, base, 'unreadable', caught);
    }
  };
  const writeDocument = async (name: string, value: unknown): Promise<void> => {
    const base = normaliseName(name);
    const text = `${JSON.stringify(value, null, 1)}\n`;
    await writeFileAtomic(fileOf(base), encodeBytes(vault, documentContext(base), Buffer.from(text, 'utf8')), FILE_MODE.private);
  };
  const readSettings = async (): Promise<StoreSettings> => {
    const raw = await readDocument(SETTINGS_DOC);
    if (raw === undefined) return STORE_DEFAULTS;
    const days = isRecord(raw) ? raw['retentionDays'] : undefined;
    if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION || !isRetention(days)) throw damaged(fileOf(SETTINGS_DOC), SETTINGS_DOC, 'unreadable');
    return { retentionDays: days };
  };

  return {
    dir,
    root,
    cacheDir,
    encrypted: vault.kind === 'encrypted',
    async readConfig() {
      const raw = await readDocument(CONFIG_DOC);
      return raw === undefined ? null : parseConfig(raw, fileOf(CONFIG_DOC));
    },
    async writeConfig(config) {
      await writeDocument(CONFIG_DOC, {
        version: FORMAT_VERSION,
        roster: config.roster,
        portraits: config.portraits,
        columns: config.columns,
        ...(config.purposes !== undefined ? { purposes: config.purposes } : {}),
      });
    },
    async readTemplates() {
      const raw = await readDocument(TEMPLATES_DOC);
      return raw === undefined ? { describer: '', templates: [], enrolledAt: {} } : parseTemplates(raw, fileOf(TEMPLATES_DOC));
    },
    async writeTemplates(set) {
      await writeDocument(TEMPLATES_DOC, serialiseTemplates(set, vaultContext().now()));
    },
    async readScans() {
      const raw = await readDocument(SCANS_DOC);
      if (raw === undefined) return [];
      if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION || !Array.isArray(raw['reports'])) throw damaged(fileOf(SCANS_DOC), SCANS_DOC, 'unreadable');
      return (raw['reports'] as unknown[]).filter((r): r is string => typeof r === 'string');
    },
    async writeScans(reportFolders) {
      await writeDocument(SCANS_DOC, { version: FORMAT_VERSION, reports: reportFolders });
    },
    readSettings,
    async writeSettings(settings) {
      await writeDocument(SETTINGS_DOC, { version: FORMAT_VERSION, retentionDays: settings.retentionDays });
    },
    readDocument,
    writeDocument,
    async removeDocument(name) {
      const base = normaliseName(name);
      await rm(fileOf(base), { force: true });
    },
    documentFile: (name) => fileOf(normaliseName(name)),
    async analysisCache(settingsKey, onDamaged) {
      const { retentionDays } = await readSettings();
      // A damaged entry is only analysed again, but said, with its file: it is never silently treated as absent.
      const tell = onDamaged ?? ((file: string) => vaultContext().notify(`${file} was altered or damaged; the photo is analysed again.`));
      return new AnalysisCache(cacheDir, settingsKey, { vault, retentionDays, onDamaged: tell });
    },
  };
}

export function isRetention(days: unknown): days is number {
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 3660;
}

/**
 * Refuses templates made by another describer (another model or alignment: distances between its descriptors and
 * ours mean nothing, and a wrong "match" could publish a child).
 * @throws UserError when `set` holds descriptors from a describer other than `describerKey`.
 */
export function checkDescriber(set: TemplateSet, describerKey: string, file: string): void {
  if (set.templates.length > 0 && set.describer !== describerKey) {
    throw new UserError('The enrolled faces were made with another version of the face recogniser and cannot be compared.', {
      place: { file },
      hint: 'Run privacy-filter enroll again to re-enrol every pupil with this version.',
    });
  }
}

/**
 * Erases every document about pupils (templates, corrections, the list of scans, anything but the store's set-up) and
 * the cache; without `keepSetup`, the set-up and vault.json too (a lost passphrase: none of it opens any more). Needs
 * no passphrase itself: `forget --all` decides who may call it.
 */
export async function eraseAll(root: string, options: { keepSetup: boolean } = { keepSetup: true }): Promise<void> {
  const storeDir = path.join(root, STORE_DIR);
  for (const name of await readdir(storeDir)) {
    const base = documentBase(name, 'json') ?? documentBase(name, 'enc');
    const kept = options.keepSetup && (name === VAULT_FILE || (base !== null && SETUP_DOCS.has(base)));
    if (base !== null && !kept) await rm(path.join(storeDir, name), { force: true });
  }
  await rm(path.join(storeDir, CACHE_DIR), { recursive: true, force: true });
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

function parseConfig(raw: unknown, file: string): StoreConfig {
  const rebuild = CONFIG_DOC;
  if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) throw damaged(file, rebuild, 'unreadable');
  const { roster, portraits, columns, purposes } = raw;
  if (typeof roster !== 'string' || roster === '') throw damaged(file, rebuild, 'unreadable');
  if (portraits !== null && typeof portraits !== 'string') throw damaged(file, rebuild, 'unreadable');
  if (!isRecord(columns) || !Object.values(columns).every((v) => typeof v === 'string')) throw damaged(file, rebuild, 'unreadable');
  if (purposes !== undefined && (!isRecord(purposes) || !Object.values(purposes).every((v) => typeof v === 'string'))) throw damaged(file, rebuild, 'unreadable');
  return {
    roster,
    portraits,
    columns: columns as Partial<Record<RosterField, string>>,
    ...(purposes !== undefined ? { purposes: purposes as Record<string, string> } : {}),
  };
}

interface TemplatesJson {
  version: number;
  describer: string;
  pupils: { id: string; enrolledAt: string; descriptors: string[] }[];
}

function serialiseTemplates(set: TemplateSet, now: Date): TemplatesJson {
  return {
    version: FORMAT_VERSION,
    describer: set.describer,
    pupils: set.templates.map((t) => ({
      id: t.pupilId,
      enrolledAt: set.enrolledAt[t.pupilId] ?? now.toISOString(),
      descriptors: t.descriptors.map(encodeDescriptor),
    })),
  };
}

function parseTemplates(raw: unknown, file: string): TemplateSet {
  const rebuild = TEMPLATES_DOC;
  if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) throw damaged(file, rebuild, 'unreadable');
  const { describer, pupils } = raw;
  if (typeof describer !== 'string' || !Array.isArray(pupils)) throw damaged(file, rebuild, 'unreadable');
  const templates: Template[] = [];
  // No prototype: a pupil id like "__proto__" must stay an ordinary key.
  const enrolledAt = Object.create(null) as Record<string, string>;
  for (const pupil of pupils as unknown[]) {
    if (!isRecord(pupil)) throw damaged(file, rebuild, 'unreadable');
    const { id, enrolledAt: at, descriptors } = pupil;
    if (typeof id !== 'string' || id === '' || typeof at !== 'string' || !Array.isArray(descriptors)) throw damaged(file, rebuild, 'unreadable');
    if (Object.hasOwn(enrolledAt, id) || descriptors.length === 0) throw damaged(file, rebuild, 'unreadable');
    const decoded = (descriptors as unknown[]).map(decodeDescriptor);
    if (decoded.some((d) => d === null)) throw damaged(file, rebuild, 'unreadable');
    templates.push({ pupilId: id, descriptors: decoded as Float32Array[] });
    enrolledAt[id] = at;
  }
  return { describer, templates, enrolledAt };
}
