/**
 * The first step of a scan: every check and lookup, so that every refusal happens before a file is written. What it
 * returns is everything the scan needs, resolved.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { describerSettingsKey } from '../faces/describer.js';
import type { Template } from '../faces/engine-types.js';
import { createFaceEngines } from '../faces/engines.js';
import { enrollPupils } from '../faces/enroll.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import { mayBeShown } from '../policy/decide.js';
import type { ActionPolicy, Scope, StrangerPolicy } from '../policy/types.js';
import { parseColumnMapping, readRoster, type RosterField } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import { checkDescriber, findStore, type Store, type TemplateSet } from '../store/store.js';
import { checkPreviousRun, type LedgerData, type ScanIdentity } from './ledger.js';
import { checkFolderLayout, planFolders, type ScanFolders } from './plan.js';
import { findInputPhotos, pupilsOf, resolveClass, resolveFolders } from './setup.js';

/** What the user asked for: the scan command's options, free of the command line. */
export interface ScanRequest {
  /** The photos folder as given (relative to `cwd`). */
  readonly photos: string;
  /** The working folder: where `.privacy-filter/` is looked for, and relative paths start. */
  readonly cwd: string;
  readonly scope: Scope;
  readonly className?: string;
  readonly out?: string;
  readonly report?: string;
  readonly roster?: string;
  /** `--column field=header` specs; they override the mapping init saved, field by field. */
  readonly columns?: readonly string[];
  readonly portraits?: string;
  readonly action: ActionPolicy;
  readonly unknown: StrangerPolicy;
  readonly small: StrangerPolicy;
  readonly dropPortraits: boolean;
  readonly style: AnonymiseStyle;
  readonly quality: number;
  readonly threshold?: number;
  readonly jobs: number;
  readonly cache: boolean;
}

/** A scan that may start: every path resolved, the roster read, the templates loaded. */
export interface PreparedScan {
  readonly request: ScanRequest;
  readonly startedAt: Date;
  readonly store: Store | null;
  readonly roster: Roster;
  readonly templates: readonly Template[];
  readonly className: string | null;
  readonly folders: ScanFolders;
  readonly identity: ScanIdentity;
  /** Photos relative to the input folder, sorted. */
  readonly sources: readonly string[];
  /** The ledger of an earlier run into the same folders, or null for a fresh start. */
  readonly previous: LedgerData | null;
}

export interface PrepareHooks {
  /** Progress of enrolling `--portraits` for this scan only. */
  readonly onEnrolProgress?: (done: number, total: number) => void;
  readonly onEnrolDone?: () => void;
}

/** @throws UserError for anything the user must fix; nothing has been written then. */
export async function prepareScan(request: ScanRequest, hooks: PrepareHooks = {}): Promise<PreparedScan> {
  const startedAt = new Date();
  const { scope } = request;
  if (scope === 'group' && request.className == null) {
    throw new UserError('--scope group needs the class the photos go to.', { hint: 'Add --class with the class as the roster writes it, e.g. --class 5b.' });
  }
  // Every refusal comes before any file is written or any model is loaded.
  await findInputPhotos(path.resolve(request.cwd, request.photos));
  const { store, roster, templates: enrolledSet } = await loadSetup(request);
  const className = scope === 'group' && request.className != null ? resolveClass(roster, request.className) : null;
  const folders = await resolveFolders(
    planFolders({ input: path.resolve(request.cwd, request.photos), scope, className, out: abs(request, request.out), report: abs(request, request.report) }),
  );
  checkFolderLayout(folders);
  const sources = await findInputPhotos(folders.input);
  const identity = { scope, className };
  const previous = await checkPreviousRun(folders, identity);
  const portraits = request.portraits != null ? await requireFolder(path.resolve(request.cwd, request.portraits), 'portraits') : null;
  if (enrolledSet !== null && store !== null) {
    if (request.unknown === 'keep') refuseUnknownKeep(roster, enrolledSet.templates, scope, className);
    checkDescriber(enrolledSet, describerSettingsKey(), path.join(store.dir, 'templates.json'));
  }
  // With --portraits, who is enrolled is known only after enrolling; still nothing has been written then.
  const enrolled = enrolledSet?.templates ?? (await enrolForThisScan(roster, portraits, hooks));
  if (enrolledSet === null && request.unknown === 'keep') refuseUnknownKeep(roster, enrolled, scope, className);
  return { request, startedAt, store, roster, templates: enrolled, className, folders, identity, sources, previous };
}

function abs(request: ScanRequest, folder: string | undefined): string | undefined {
  return folder === undefined ? undefined : path.resolve(request.cwd, folder);
}

/**
 * `--unknown keep` shows every face nobody recognised. A pupil without consent who has no template is exactly such a
 * face, indistinguishable from a stranger, so keep would publish them: refused while the roster holds any.
 */
export function refuseUnknownKeep(
  roster: Roster,
  templates: readonly Template[],
  scope: Scope,
  className: string | null,
): void {
  const enrolled = new Set(templates.map((template) => template.pupilId));
  const pupils = pupilsOf(roster);
  const exposed = roster.pupils.filter((pupil) => !enrolled.has(pupil.id) && !mayBeShown(pupils.get(pupil.id)!, scope, className));
  if (exposed.length === 0) return;
  const shown = exposed.slice(0, 5).map((pupil) => `${pupil.name} (${pupil.id}, ${pupil.className})`).join(', ');
  const more = exposed.length > 5 ? ` and ${exposed.length - 5} more` : '';
  throw new UserError(
    `--unknown keep would publish ${exposed.length === 1 ? 'a pupil' : `${exposed.length} pupils`} without consent for ${scope}, because ${exposed.length === 1 ? 'this pupil has' : 'they have'} no enrolled face and so look like strangers: ${shown}${more}.`,
    {
      place: { file: roster.file },
      hint: 'Enrol them first (privacy-filter enroll --portraits <folder> with a portrait of each), or choose --unknown blur, drop or review.',
    },
  );
}

async function enrolForThisScan(roster: Roster, portraits: string | null, hooks: PrepareHooks): Promise<Template[]> {
  const engines = await createFaceEngines();
  try {
    return (await enrollPupils(roster, portraits, engines, hooks.onEnrolProgress)).templates;
  } finally {
    hooks.onEnrolDone?.();
    await engines.close();
  }
}

/**
 * Roster, store and templates for a scan: the config from init, overridden by --roster / --column / --portraits.
 * The column mapping init saved applies to any roster path (a new export has the same headers); --column overrides it
 * field by field.
 */
async function loadSetup(request: ScanRequest): Promise<{ store: Store | null; roster: Roster; templates: TemplateSet | null }> {
  const store = await findStore(request.cwd);
  const config = store != null ? await store.readConfig() : null;
  let rosterFile: string;
  if (request.roster != null) {
    rosterFile = path.resolve(request.cwd, request.roster);
  } else if (store != null && config != null) {
    rosterFile = path.resolve(store.root, config.roster);
  } else {
    throw new UserError('No roster and no enrolled pupils found in this folder or above it.', {
      hint: 'Run privacy-filter init --roster <csv> --portraits <folder> first, in the folder you work in.',
    });
  }
  const columns: Partial<Record<RosterField, string>> = { ...(config?.columns ?? {}), ...parseColumnMapping(request.columns ?? []) };
  const roster = await readRoster(rosterFile, { columns });
  if (request.portraits != null) return { store, roster, templates: null };
  const set = store != null ? await store.readTemplates() : null;
  if (store == null || set == null || set.templates.length === 0) {
    throw new UserError('No pupils are enrolled yet, so no face could be recognised.', {
      hint: 'Run privacy-filter init --roster <csv> --portraits <folder> first (or give scan --portraits).',
    });
  }
  return { store, roster, templates: set };
}

export async function requireFolder(absolute: string, what: string): Promise<string> {
  const info = await stat(absolute).catch(() => null);
  if (info == null || !info.isDirectory()) {
    throw new UserError(`The ${what} folder ${absolute} does not exist.`, { hint: 'Check the spelling of the path.' });
  }
  return absolute;
}
