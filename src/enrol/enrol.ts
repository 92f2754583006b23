/**
 * The one enrolment pipeline behind `init`, `enroll` and `scan --portraits`, as steps a test can call:
 * resolve inputs (options, else what the last enrolment saved) → find portraits → describe them on the worker pool →
 * refuse when nothing could be enrolled → store templates and config. Nothing is written before the last step.
 */
import { parsePurposeNames } from '../roster/purposes.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import type { Template } from '../faces/engine-types.js';
import { describeFound, locatePortraits, type EnrollResult, type FoundPortraits, type PortraitDescriber } from './portraits.js';
import { parseColumnMapping, readRoster, type RosterField } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import { oldPortraits, oldTemplates } from '../store/retention.js';
import type { TemplateSet } from '../store/documents/templates.js';
import { openOrCreateStore, openStoreAndSweep, findStoreRoot, unlockOrChoosePassphrase } from '../store/open.js';
import type { Store } from '../store/store.js';
import { vaultContext } from '../store/vault.js';
import { withCommandPool } from '../engine/command-pool.js';
import { describeOnPool, portraitWorkers } from './portrait-pool.js';
import { skipReport } from './report.js';
import { nextTemplateSet, type TemplateMode } from './templates.js';
import type { Enrolment } from './types.js';

export type { Enrolment } from './types.js';

/**
 * - `here`: the store in the working folder, made there if absent (`init` sets up the folder it runs in, even below
 *   another working folder);
 * - `nearest`: the store in the working folder or the nearest one above it, as every later command finds it, else a
 *   new one in the working folder (`enroll`).
 */
export type StoreChoice = 'here' | 'nearest';

export interface EnrolOptions {
  /** The folder the command runs in: relative paths are resolved against it. */
  readonly cwd: string;
  /** The roster CSV. Default: the one the last enrolment in this store saved. */
  readonly roster?: string;
  /** The portraits folder. Default: the one saved; with neither, only the roster's photo column. */
  readonly portraits?: string;
  /** `--column field=header` mappings. Default: the mapping saved with the roster. */
  readonly column?: readonly string[];
  /** `--purpose-name short=header` names for `scan --purpose`; they extend the names saved before. */
  readonly purposeName?: readonly string[];
  /** `init` replaces the enrolled set, `enroll` merges into it (see TemplateMode). */
  readonly templates: TemplateMode;
  readonly store: StoreChoice;
  /** False: a new store is made without encryption (`init --no-encrypt`); an existing one must agree. Default true. */
  readonly encrypt?: boolean;
  /** Days the analysis of a photo is kept, saved in the store's settings (`init --retention`); default: unchanged. */
  readonly retentionDays?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Describes the portraits instead of a worker pool (tests: stub engines through `inThisThread`). Not closed here. */
  readonly describeWith?: PortraitDescriber;
}

export interface EnrolInputs {
  /** The store these inputs were saved in, if any. */
  readonly store: Store | null;
  /** The folder whose `.privacy-filter/` the enrolment is written to (the store's root, else the working folder). */
  readonly root: string;
  readonly roster: Roster;
  readonly portraitsDir: string | null;
  readonly columns: Partial<Record<RosterField, string>>;
  /** Short purpose names, short → header; empty when none were ever given. */
  readonly purposes: Readonly<Record<string, string>>;
}

const EMPTY_SET: TemplateSet = Object.freeze({ describer: '', templates: [], enrolledAt: {} });

/**
 * Enrols every pupil of the roster and stores the templates.
 * @throws UserError for a missing roster or portraits folder, a roster that cannot be read, no portrait that matches
 * a pupil, or no portrait that gives a face; in each case nothing is written.
 */
export async function enrol(options: EnrolOptions): Promise<Enrolment> {
  const inputs = await resolveEnrolInputs(options);
  const { roster, portraitsDir } = inputs;
  const found = await findPortraitsOrRefuse(roster, portraitsDir);
  // The passphrase is asked (and checked) before the slow part, and before anything is written.
  await unlockOrChoosePassphrase(inputs.root, options.encrypt === false ? { encrypt: false } : {});
  const described = await describePortraits(roster, found, options);
  refuseIfNothingEnrolled(described.result, roster, portraitsDir, options.cwd);
  return saveEnrolment(inputs, found, described, options);
}

/**
 * `init --dry-run` / `enroll --dry-run`: which portrait goes to which pupil, read and matched exactly as the enrolment
 * would, with no model loaded and nothing written, so the teacher can check a photographer's names first.
 */
export async function previewEnrolment(options: EnrolOptions): Promise<{ inputs: EnrolInputs; found: FoundPortraits }> {
  const inputs = await resolveEnrolInputs(options);
  return { inputs, found: await locatePortraits(inputs.roster, inputs.portraitsDir) };
}

/** Roster, portraits and columns from the options, else from the config of the store the options choose. */
export async function resolveEnrolInputs(options: EnrolOptions): Promise<EnrolInputs> {
  const cwd = path.resolve(options.cwd);
  // Only the chosen store is opened (and asks for its passphrase): init below another working folder leaves that alone.
  const nearestRoot = await findStoreRoot(cwd);
  const storeRoot = options.store === 'nearest' || nearestRoot === cwd ? nearestRoot : null;
  const store = storeRoot === null ? null : await openStoreAndSweep(storeRoot);
  // With --roster the saved config is not needed, so a damaged one is simply rewritten at the end.
  const config = store == null ? null : await store.readConfig().catch((caught: unknown) => {
    if (caught instanceof UserError && options.roster != null) return null;
    throw caught;
  });
  const rosterFile = options.roster != null ? path.resolve(cwd, options.roster) : config != null && store != null ? path.resolve(store.root, config.roster) : null;
  if (rosterFile === null) {
    throw new UserError(msg.enrol.whichRoster, { hint: msg.enrol.whichRosterHint });
  }
  // A new roster export usually comes with the same portraits folder; a new folder with the same roster is as likely.
  const portraits = options.portraits != null ? path.resolve(cwd, options.portraits) : config?.portraits != null && store != null ? path.resolve(store.root, config.portraits) : null;
  // The saved mapping names the school's export's headers, which a new export keeps; --column overrides it field by
  // field, as for scan.
  const columns: Partial<Record<RosterField, string>> = { ...(config?.columns ?? {}), ...parseColumnMapping(options.column ?? []) };
  const roster = await readRoster(rosterFile, { columns });
  const purposes = { ...(config?.purposes ?? {}), ...parsePurposeNames(options.purposeName ?? [], roster) };
  const portraitsDir = portraits === null ? null : await requirePortraitsFolder(portraits);
  return { store, root: store?.root ?? cwd, roster, portraitsDir, columns, purposes };
}

/** @throws UserError when no portrait file belongs to any pupil: before any model loads. */
export async function findPortraitsOrRefuse(roster: Roster, portraitsDir: string | null): Promise<FoundPortraits> {
  const found = await locatePortraits(roster, portraitsDir);
  if (found.total === 0) {
    throw new UserError(msg.enrol.noPortraitMatches, { place: { file: portraitsDir ?? roster.file }, hint: msg.enrol.noPortraitMatchesHint });
  }
  return found;
}

export interface DescribedPortraits {
  readonly result: EnrollResult;
  /** The describer's settings key, stored with the templates. */
  readonly describerKey: string;
}

/** Describes every portrait found, on a worker pool of its own sized to them unless `describeWith` is given. */
export async function describePortraits(
  roster: Roster,
  found: FoundPortraits,
  options: Pick<EnrolOptions, 'describeWith' | 'onProgress'>,
): Promise<DescribedPortraits> {
  const describe = async (describer: PortraitDescriber): Promise<DescribedPortraits> => ({
    result: await describeFound(roster, found, describer, options.onProgress),
    describerKey: describer.describerKey,
  });
  if (options.describeWith !== undefined) return describe(options.describeWith);
  return withCommandPool({ workers: portraitWorkers(found.total) }, async (pool) => describe(await describeOnPool(pool)));
}

/**
 * @throws UserError listing every portrait and why it failed, when no pupil got a template: storing nothing new would
 * look like success, and `replace` would erase everyone enrolled before.
 */
export function refuseIfNothingEnrolled(result: EnrollResult, roster: Roster, portraitsDir: string | null, cwd: string): void {
  if (result.templates.length > 0) return;
  const why = skipReport({ roster, result, portraitsDir, cwd, kept: new Set() });
  const message = { en: msg.enrol.nothingEnrolled(why.en).en, nl: msg.enrol.nothingEnrolled(why.nl).nl };
  throw new UserError(message, { place: { file: portraitsDir ?? roster.file }, hint: msg.enrol.nothingEnrolledHint });
}

/** Writes templates (replaced or merged, as `options.templates` says) and the config, through the store's own methods. */
export async function saveEnrolment(
  inputs: EnrolInputs,
  found: FoundPortraits,
  { result, describerKey }: DescribedPortraits,
  options: Pick<EnrolOptions, 'templates' | 'encrypt' | 'retentionDays'>,
): Promise<Enrolment> {
  const store = await openOrCreateStore(inputs.root, options.encrypt === false ? { encrypt: false } : {});
  if (options.retentionDays !== undefined) await store.writeSettings({ retentionDays: options.retentionDays });
  const now = vaultContext().now();
  // A damaged file says "run enroll again": this is that run, so it starts afresh instead of stopping.
  const previous = await store.readTemplates().catch((caught: unknown) => {
    if (caught instanceof UserError) return null;
    throw caught;
  });
  const next = nextTemplateSet(previous ?? EMPTY_SET, result.templates, describerKey, now.toISOString(), options.templates);
  await store.writeTemplates(next.set);
  await store.writeConfig({
    roster: path.relative(store.root, inputs.roster.file),
    portraits: inputs.portraitsDir === null ? null : path.relative(store.root, inputs.portraitsDir),
    columns: inputs.columns,
    ...(Object.keys(inputs.purposes).length > 0 ? { purposes: inputs.purposes } : {}),
  });
  const freshIds = new Set(result.templates.map((t) => t.pupilId));
  return {
    roster: inputs.roster,
    result,
    next,
    mode: options.templates,
    store,
    portraitsDir: inputs.portraitsDir,
    replacedDamaged: previous === null,
    oldPortraits: await oldPortraits(found.byPupil, now),
    oldTemplates: oldTemplates(next.set, now).filter((t) => !freshIds.has(t.pupil)),
  };
}

/**
 * `scan --portraits`: enrols for this scan only, stores nothing, with the same refusals and skip report as `enroll`.
 * The portraits are described by `describeWith`, made only once portraits were found (for the scan: on its own
 * worker pool, which loads the models then). Returns the templates and the skip report's lines (empty when every
 * pupil got a face).
 * @throws UserError as `enrol` does.
 */
export async function enrolForScan(
  roster: Roster,
  portraitsDir: string | null,
  options: Pick<EnrolOptions, 'cwd' | 'onProgress'> & { readonly describeWith: () => Promise<PortraitDescriber> },
): Promise<{ templates: Template[]; notes: Text }> {
  const found = await findPortraitsOrRefuse(roster, portraitsDir);
  const describeWith = await options.describeWith();
  const { result } = await describePortraits(roster, found, { describeWith, ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}) });
  refuseIfNothingEnrolled(result, roster, portraitsDir, options.cwd);
  return { templates: result.templates, notes: skipReport({ roster, result, portraitsDir, cwd: options.cwd, kept: new Set() }) };
}

/** @throws UserError when `folder` (absolute) is not a folder. */
export async function requirePortraitsFolder(folder: string): Promise<string> {
  const info = await stat(folder).catch(() => null);
  if (info == null || !info.isDirectory()) throw new UserError(msg.enrol.portraitsFolderMissing(folder), { hint: msg.enrol.checkSpellingHint });
  return folder;
}
