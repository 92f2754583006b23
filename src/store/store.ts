/**
 * An open store: the `.privacy-filter/` folder of a working folder, its documents read and written through its vault
 * (encrypted unless made with `init --no-encrypt`), and its analysis cache. Finding and opening it is open.ts;
 * converting an older one is migrate.ts; each document's format is its module in documents/.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FILE_MODE, writeFileAtomic } from '../atomic.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import { AnalysisCache } from './cache.js';
import { CONFIG_DOCUMENT, type StoreConfig } from './documents/config.js';
import { damagedDocument, type DocumentCodec } from './documents/document.js';
import { SCANS_DOCUMENT } from './documents/scans.js';
import { SETTINGS_DOCUMENT, type StoreSettings } from './documents/settings.js';
import { TEMPLATES_DOCUMENT, type TemplateSet } from './documents/templates.js';
import { decodeBytes, documentFileName, encodeBytes, readBytesIfPresent, vaultContext, type Vault } from './vault.js';

/** The working folder's own folder, found by walking up like git finds `.git`. */
export const STORE_DIR = '.privacy-filter';
export const CACHE_DIR = 'cache';

/** The documents with a codec of their own; others (corrections, the ledger) decode what readDocument gives them. */
const CODECS: readonly Pick<DocumentCodec<unknown>, 'name' | 'rebuild'>[] = [CONFIG_DOCUMENT, TEMPLATES_DOCUMENT, SCANS_DOCUMENT, SETTINGS_DOCUMENT];
/** Documents `forget --all` keeps: how the store is set up, nothing about any pupil. */
export const SETUP_DOCUMENTS: ReadonlySet<string> = new Set([CONFIG_DOCUMENT.name, SETTINGS_DOCUMENT.name]);

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
   * The report folders of the scans run with this store (src/store/documents/scans.ts). Paths only.
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

/** The store in `root` once its vault is open. Reads and writes nothing until asked. */
export function storeWithVault(root: string, vault: Vault): Store {
  const dir = path.join(root, STORE_DIR);
  const cacheDir = path.join(dir, CACHE_DIR);
  const fileOf = (base: string): string => path.join(dir, documentFileName(vault, base));

  const readDocument = async (name: string): Promise<unknown> => {
    const base = normaliseName(name);
    const file = fileOf(base);
    const stored = await readBytesIfPresent(file);
    if (stored === null) return undefined;
    const plain = decodeBytes(vault, documentContext(base), stored);
    if (plain === null) throw damagedDocument(file, 'altered', rebuildHint(base));
    try {
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch (caught) {
      throw damagedDocument(file, 'unreadable', rebuildHint(base), caught);
    }
  };
  const writeDocument = async (name: string, value: unknown): Promise<void> => {
    const base = normaliseName(name);
    const text = `${JSON.stringify(value, null, 1)}\n`;
    await writeFileAtomic(fileOf(base), encodeBytes(vault, documentContext(base), Buffer.from(text, 'utf8')), FILE_MODE.private);
  };
  const read = async <T, Absent>(codec: DocumentCodec<T, Absent>): Promise<T | Absent> => {
    const raw = await readDocument(codec.name);
    if (raw === undefined) return codec.absent();
    const value = codec.decode(raw);
    if (value === null) throw damagedDocument(fileOf(codec.name), 'unreadable', codec.rebuild);
    return value;
  };
  const write = <T>(codec: DocumentCodec<T, unknown>, value: T): Promise<void> => writeDocument(codec.name, codec.encode(value, vaultContext().now()));
  const readSettings = (): Promise<StoreSettings> => read(SETTINGS_DOCUMENT);

  return {
    dir,
    root,
    cacheDir,
    encrypted: vault.kind === 'encrypted',
    readConfig: () => read(CONFIG_DOCUMENT),
    writeConfig: (config) => write(CONFIG_DOCUMENT, config),
    readTemplates: () => read(TEMPLATES_DOCUMENT),
    writeTemplates: (set) => write(TEMPLATES_DOCUMENT, set),
    readScans: async () => [...(await read(SCANS_DOCUMENT))],
    writeScans: (reportFolders) => write(SCANS_DOCUMENT, reportFolders),
    readSettings,
    writeSettings: (settings) => write(SETTINGS_DOCUMENT, settings),
    readDocument,
    writeDocument,
    async removeDocument(name) {
      await rm(fileOf(normaliseName(name)), { force: true });
    },
    documentFile: (name) => fileOf(normaliseName(name)),
    async analysisCache(settingsKey, onDamaged) {
      const { retentionDays } = await readSettings();
      // A damaged entry is only analysed again, but said, with its file: it is never silently treated as absent.
      const tell = onDamaged ?? ((file: string) => vaultContext().notify(msg.store.cacheEntryDamaged(file)));
      return new AnalysisCache(cacheDir, settingsKey, { vault, retentionDays, onDamaged: tell });
    },
  };
}

/** What to tell the user who finds the document `base` damaged. */
function rebuildHint(base: string): Text {
  return CODECS.find((codec) => codec.name === base)?.rebuild ?? msg.store.rebuildOther;
}

/** `corrections` and `corrections.json` both name the document `corrections`. */
function normaliseName(name: string): string {
  const base = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
  // Documents are named by the code, never by a user; the check keeps a bug from writing outside the store.
  if (!/^[a-z][a-z0-9-]*$/.test(base)) throw new Error(`bad document name ${JSON.stringify(name)}`);
  return base;
}

/** The document a file in the store's folder holds, by its extension; null for anything else. */
export function documentBase(fileName: string, extension: 'json' | 'enc'): string | null {
  const match = /^([a-z][a-z0-9-]*)\.([a-z]+)$/.exec(fileName);
  return match !== null && match[2] === extension ? (match[1] ?? null) : null;
}

/** What a document's sealed bytes are bound to, so that one document copied over another does not open. */
export function documentContext(base: string): string {
  return `${base}.json`;
}

export async function writeGitignore(storeDir: string): Promise<void> {
  // The folder holds biometric templates of children: keep it out of git and of anything that honours .gitignore.
  await writeFileAtomic(path.join(storeDir, '.gitignore'), '# Biometric data of pupils: never commit or share this folder.\n*\n', FILE_MODE.private);
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
