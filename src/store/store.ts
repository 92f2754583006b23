import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Template } from '../faces/engine-types.js';
import type { RosterField } from '../roster/read.js';
import { FILE_MODE, readTextIfPresent, writeFileAtomic } from '../atomic.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from './codec.js';

/** The working folder's own folder, found by walking up like git finds `.git`. */
export const STORE_DIR = '.privacy-filter';

const CONFIG_FILE = 'config.json';
const TEMPLATES_FILE = 'templates.json';
const CACHE_DIR = 'cache';
const SCANS_FILE = 'scans.json';
const FORMAT_VERSION = 1;

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
  /** Null when nothing was configured yet. @throws UserError when the file is damaged. */
  readConfig(): Promise<StoreConfig | null>;
  writeConfig(config: StoreConfig): Promise<void>;
  /** An empty set (describer "") when nobody was enrolled yet. @throws UserError when the file is damaged. */
  readTemplates(): Promise<TemplateSet>;
  writeTemplates(set: TemplateSet): Promise<void>;
  /**
   * The report folders of the scans run with this store, so that a scan for another scope can copy a photo another
   * scan already rendered the same way. Paths only; a damaged or missing list is empty (it only saves time).
   */
  readScans(): Promise<string[]>;
  writeScans(reportFolders: readonly string[]): Promise<void>;
}

/** Walks up from `startDir` to the first folder holding `.privacy-filter/`; null when there is none up to the root. */
export async function findStore(startDir: string): Promise<Store | null> {
  let dir = path.resolve(startDir);
  for (;;) {
    if (await isDirectory(path.join(dir, STORE_DIR))) return openStore(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Creates `.privacy-filter/` in `dir` (or opens the one there) with its `.gitignore`. */
export async function createStore(dir: string): Promise<Store> {
  const root = path.resolve(dir);
  const store = openStore(root);
  await mkdir(store.cacheDir, { recursive: true, mode: 0o700 });
  // The folder holds biometric templates of children: keep it out of git and of anything that honours .gitignore.
  await writeFileAtomic(path.join(store.dir, '.gitignore'), '# Biometric data of pupils: never commit or share this folder.\n*\n', FILE_MODE.private);
  return store;
}

function openStore(root: string): Store {
  const dir = path.join(root, STORE_DIR);
  const configFile = path.join(dir, CONFIG_FILE);
  const templatesFile = path.join(dir, TEMPLATES_FILE);
  const scansFile = path.join(dir, SCANS_FILE);
  return {
    dir,
    root,
    cacheDir: path.join(dir, CACHE_DIR),
    async readConfig() {
      const raw = await readJson(configFile, 'privacy-filter enroll (or privacy-filter init)');
      return raw === undefined ? null : parseConfig(raw, configFile);
    },
    async writeConfig(config) {
      const body = { version: FORMAT_VERSION, roster: config.roster, portraits: config.portraits, columns: config.columns, ...(config.purposes !== undefined ? { purposes: config.purposes } : {}) };
      await writeFileAtomic(configFile, `${JSON.stringify(body, null, 2)}\n`, FILE_MODE.private);
    },
    async readTemplates() {
      const raw = await readJson(templatesFile, 'privacy-filter enroll');
      return raw === undefined ? { describer: '', templates: [], enrolledAt: {} } : parseTemplates(raw, templatesFile);
    },
    async writeTemplates(set) {
      await writeFileAtomic(templatesFile, `${JSON.stringify(serialiseTemplates(set), null, 1)}\n`, FILE_MODE.private);
    },
    readScans: () => readScanList(scansFile),
    async writeScans(reportFolders) {
      await writeFileAtomic(scansFile, `${JSON.stringify({ version: FORMAT_VERSION, reports: reportFolders }, null, 1)}\n`, FILE_MODE.private);
    },
  };
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

/** Removes the templates file altogether (forget --all). */
export async function eraseTemplates(store: Store): Promise<void> {
  await rm(path.join(store.dir, TEMPLATES_FILE), { force: true });
}

/** Removes the list of earlier scans (forget --all): nothing biometric, but nothing the next scan needs either. */
export async function eraseScanList(store: Store): Promise<void> {
  await rm(path.join(store.dir, SCANS_FILE), { force: true });
}

async function readScanList(file: string): Promise<string[]> {
  const text = await readTextIfPresent(file).catch(() => null);
  try {
    const raw = text === null ? null : (JSON.parse(text) as unknown);
    if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION || !Array.isArray(raw['reports'])) return [];
    return (raw['reports'] as unknown[]).filter((r): r is string => typeof r === 'string');
  } catch {
    return [];
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Undefined when absent; a UserError naming the command that rebuilds it when it is not JSON. */
async function readJson(file: string, rebuild: string): Promise<unknown> {
  const text = await readTextIfPresent(file);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (caught) {
    throw damaged(file, rebuild, caught);
  }
}

function damaged(file: string, rebuild: string, cause?: unknown): UserError {
  return new UserError('This file of privacy-filter is damaged (perhaps an interrupted copy or a manual edit).', {
    place: { file },
    hint: `Run ${rebuild} again to rebuild it.`,
    cause,
  });
}

function parseConfig(raw: unknown, file: string): StoreConfig {
  const rebuild = 'privacy-filter enroll (or privacy-filter init)';
  if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) throw damaged(file, rebuild);
  const { roster, portraits, columns, purposes } = raw;
  if (typeof roster !== 'string' || roster === '') throw damaged(file, rebuild);
  if (portraits !== null && typeof portraits !== 'string') throw damaged(file, rebuild);
  if (!isRecord(columns) || !Object.values(columns).every((v) => typeof v === 'string')) throw damaged(file, rebuild);
  if (purposes !== undefined && (!isRecord(purposes) || !Object.values(purposes).every((v) => typeof v === 'string'))) throw damaged(file, rebuild);
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

function serialiseTemplates(set: TemplateSet): TemplatesJson {
  return {
    version: FORMAT_VERSION,
    describer: set.describer,
    pupils: set.templates.map((t) => ({
      id: t.pupilId,
      enrolledAt: set.enrolledAt[t.pupilId] ?? new Date().toISOString(),
      descriptors: t.descriptors.map(encodeDescriptor),
    })),
  };
}

function parseTemplates(raw: unknown, file: string): TemplateSet {
  const rebuild = 'privacy-filter enroll';
  if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION) throw damaged(file, rebuild);
  const { describer, pupils } = raw;
  if (typeof describer !== 'string' || !Array.isArray(pupils)) throw damaged(file, rebuild);
  const templates: Template[] = [];
  // No prototype: a pupil id like "__proto__" must stay an ordinary key.
  const enrolledAt = Object.create(null) as Record<string, string>;
  for (const pupil of pupils as unknown[]) {
    if (!isRecord(pupil)) throw damaged(file, rebuild);
    const { id, enrolledAt: at, descriptors } = pupil;
    if (typeof id !== 'string' || id === '' || typeof at !== 'string' || !Array.isArray(descriptors)) throw damaged(file, rebuild);
    if (Object.hasOwn(enrolledAt, id) || descriptors.length === 0) throw damaged(file, rebuild);
    const decoded = (descriptors as unknown[]).map(decodeDescriptor);
    if (decoded.some((d) => d === null)) throw damaged(file, rebuild);
    templates.push({ pupilId: id, descriptors: decoded as Float32Array[] });
    enrolledAt[id] = at;
  }
  return { describer, templates, enrolledAt };
}
