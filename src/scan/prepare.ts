/**
 * The first step of a scan: every check and lookup, so that every refusal happens before a file is written and, but
 * for `--portraits` (enrolling needs the engines), before any engine starts. What it returns is everything the scan
 * needs, resolved: paths, roster, templates, the teacher's corrections.
 */
import path from 'node:path';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import { describerSettingsKey } from '../faces/describer.js';
import type { Template } from '../faces/engine-types.js';
import type { CommandPool } from '../engine/command-pool.js';
import { enrolForScan, requirePortraitsFolder } from '../enrol/enrol.js';
import { describeOnPool } from '../enrol/portrait-pool.js';
import { purposeTarget, scopeText, targetText, type ConsentTarget } from '../policy/consent.js';
import { mayBeShown } from '../policy/decide.js';
import type { Scope } from '../policy/types.js';
import type { ScanChoices, SkippedFile } from '../report/types.js';
import { pupilKey } from '../pupil-ids.js';
import { findPurpose } from '../roster/purposes.js';
import { parseColumnMapping, readRoster, type RosterField } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import type { StoreConfig } from '../store/documents/config.js';
import { checkDescriber, type TemplateSet } from '../store/documents/templates.js';
import { openStoreAndSweep } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { LedgerData } from '../history/ledger.js';
import { checkPreviousRun, type ScanIdentity } from './ledger.js';
import { checkWritable, refuseInsideStore } from '../folders.js';
import { isInside, warnIn, warnOnStderr } from '../paths.js';
import { textOf } from '../i18n/compose.js';
import { pupilsOf, resolveClass } from '../roster/lookups.js';
import { loadCorrections, teacherSaid, type TeacherSaid } from './corrections.js';
import { checkFolderLayout, planFolders, type ScanFolders } from './folders.js';
import { findInputPhotos, inRosterSpelling, matchOptionsFor, resolveFolders } from './setup.js';

/** What the user asked for: the scan command's options, free of the command line. */
export interface ScanRequest extends ScanChoices {
  /** The photos folder as given (relative to `cwd`). */
  readonly photos: string;
  /** The working folder: where `.privacy-filter/` is looked for, and relative paths start. */
  readonly cwd: string;
  /** Where the photos go; several (`--scope public,internal`) make one analysis serve one output per scope. */
  readonly scope?: Scope | readonly Scope[];
  /**
   * The school's own purposes the photos are for (`--purpose "Social media"`, repeatable): header text, or a short
   * name from the config. Each is a target of its own, beside any scope.
   */
  readonly purposes?: readonly string[];
  readonly className?: string;
  readonly out?: string;
  readonly report?: string;
  readonly roster?: string;
  /** `--column field=header` specs; they override the mapping init saved, field by field. */
  readonly columns?: readonly string[];
  readonly portraits?: string;
  readonly threshold?: number;
}

/** One output of a scan: who it is for, its folders, and what an earlier run into them left. */
export interface PreparedTarget {
  readonly target: ConsentTarget;
  readonly folders: ScanFolders;
  readonly identity: ScanIdentity;
  /** The ledger of an earlier run into the same folders, or null for a fresh start. */
  readonly previous: LedgerData | null;
}

/** A scan that may start: every path resolved, the roster read, the templates and corrections loaded. */
export interface PreparedScan {
  readonly request: ScanRequest;
  readonly startedAt: Date;
  readonly store: Store | null;
  readonly roster: Roster;
  /** The enrolled pupils' templates, as the roster spells their ids (the report counts who is enrolled). */
  readonly templates: readonly Template[];
  /** The teacher's corrections, and the templates with the faces she named: what the photos are matched against. */
  readonly taught: TeacherSaid;
  /** Photos relative to the input folder, sorted. */
  readonly sources: readonly string[];
  /** Clips relative to the input folder, sorted (none with --videos skip: they are in `skipped` then). */
  readonly clips: readonly string[];
  /** Every other file under the input folder, with why it is not processed: the report lists them. */
  readonly skipped: readonly SkippedFile[];
  /**
   * Every target, in the order asked for: the photos are analysed once and written once per target, each into the
   * folders a scan for that target alone would use.
   */
  readonly targets: readonly [PreparedTarget, ...PreparedTarget[]];
}

export interface PrepareHooks {
  /** Progress of enrolling `--portraits` for this scan only. */
  readonly onEnrolProgress?: (done: number, total: number) => void;
  readonly onEnrolDone?: () => void;
  /** The enrolment's skip report (portraits not used, pupils left without a face), when there is anything to say. */
  readonly onEnrolReport?: (report: Text) => void;
}

/**
 * @param pool the command's worker pool: `--portraits` enrols on it (and so starts it); nothing else here does.
 * @throws UserError for anything the user must fix; nothing has been written then.
 */
export async function prepareScan(request: ScanRequest, pool: CommandPool, hooks: PrepareHooks = {}): Promise<PreparedScan> {
  const startedAt = new Date();
  const scopes = request.scope === undefined ? [] : typeof request.scope === 'string' ? [request.scope] : [...new Set(request.scope)];
  const purposeNames = request.purposes ?? [];
  if (scopes.length === 0 && purposeNames.length === 0) {
    throw new UserError(msg.scan.noTarget, { hint: msg.scan.noTargetHint });
  }
  if (scopes.includes('group') && request.className == null) {
    throw new UserError(msg.scan.groupNeedsClass, { hint: msg.scan.addClassHint });
  }
  // Every refusal comes before any file is written or any model is loaded. The folder is walked once: its photos
  // are the same whichever way its path is spelled.
  const { photos: sources, clips, skipped } = await findInputPhotos(path.resolve(request.cwd, request.photos), request.videos);
  const { store, config, roster, templates: enrolledSet } = await loadSetup(request);
  const purposes = purposeNames.map((name) => findPurpose(roster, name, config?.purposes ?? {}));
  const needsClass = scopes.includes('group') || purposes.some((purpose) => purpose.scope === 'group');
  if (needsClass && request.className == null) {
    const named = purposes.find((purpose) => purpose.scope === 'group')?.name ?? 'group';
    throw new UserError(msg.scan.purposeNeedsClass(named), { hint: msg.scan.addClassHint });
  }
  const className = needsClass && request.className != null ? resolveClass(roster, request.className) : null;
  const wanted: ConsentTarget[] = [
    ...scopes.map((scope) => ({ scope, className: scope === 'group' ? className : null, purpose: null })),
    ...purposes.map((purpose) => purposeTarget(purpose, className)),
  ];
  const targets = uniqueTargets(wanted);
  if (targets.length > 1 && (request.out != null || request.report != null)) {
    throw new UserError(msg.scan.oneFolderForTargets, { hint: msg.scan.oneFolderForTargetsHint });
  }
  const prepared: PreparedTarget[] = [];
  for (const target of targets) {
    const folders = await resolveFolders(
      planFolders({
        input: path.resolve(request.cwd, request.photos),
        scope: target.scope,
        className: target.className,
        purpose: target.purpose ?? null,
        out: abs(request, request.out),
        report: abs(request, request.report),
      }),
    );
    checkFolderLayout(folders);
    prepared.push({ target, folders, identity: { scope: target.scope, className: target.className, purpose: target.purpose ?? null }, previous: null });
  }
  checkTargetsApart(prepared);
  // Before any model is loaded or photo analysed: a folder that cannot take the output or the report would otherwise
  // be found out only after the whole analysis.
  for (const { folders } of prepared) await checkFoldersToWrite(folders);
  const withPrevious: PreparedTarget[] = [];
  for (const entry of prepared) withPrevious.push({ ...entry, previous: await checkPreviousRun(entry.folders, entry.identity) });
  const portraits = request.portraits != null ? await requirePortraitsFolder(path.resolve(request.cwd, request.portraits)) : null;
  if (enrolledSet !== null && store !== null) {
    if (request.unknown === 'keep') for (const { target } of withPrevious) refuseUnknownKeep(roster, enrolledSet.templates, target);
    checkDescriber(enrolledSet, describerSettingsKey(), store.documentFile('templates'));
  }
  const corrections = await loadCorrections(store);
  // With --portraits, who is enrolled is known only after enrolling; still nothing has been written then.
  const { templates: enrolled, respelled } = inRosterSpelling(
    roster,
    enrolledSet?.templates ?? (await enrolForThisScan(roster, portraits, pool, hooks, request.cwd)),
  );
  if (respelled.length > 0) {
    warnIn(
      warnOnStderr,
      textOf((_lang, say) => {
        const shown = respelled.slice(0, 5).map((id) => say.scan.respelledAs(id.enrolled, id.roster)).join(', ');
        return say.scan.respelled(respelled.length, `${shown}${respelled.length > 5 ? ', …' : ''}`);
      }),
    );
  }
  if (enrolledSet === null && request.unknown === 'keep') for (const { target } of withPrevious) refuseUnknownKeep(roster, enrolled, target);
  const [first, ...rest] = withPrevious;
  if (first === undefined) throw new Error('a scan without a target');
  return {
    request,
    startedAt,
    store,
    roster,
    templates: enrolled,
    taught: teacherSaid(corrections, enrolled, matchOptionsFor(request.threshold)),
    sources,
    clips,
    skipped,
    targets: [first, ...rest],
  };
}

const WRITTEN: readonly { readonly key: 'output' | 'review' | 'report'; readonly option: string | Text }[] = [
  { key: 'output', option: '--out' },
  { key: 'review', option: msg.scan.reviewOption },
  { key: 'report', option: '--report' },
];

/** Every folder the scan writes into: outside any `.privacy-filter` store, and writable. */
async function checkFoldersToWrite(folders: ScanFolders): Promise<void> {
  for (const { key, option } of WRITTEN) await refuseInsideStore(folders[key], key, option);
  for (const { key, option } of WRITTEN) await checkWritable(folders[key], key, option);
}

/** The same target asked twice (`--scope public,public`, a purpose by two names) is scanned once. */
function uniqueTargets(targets: readonly ConsentTarget[]): ConsentTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.scope}|${target.className ?? ''}|${target.purpose?.key ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Two targets must not share or nest folders (a purpose headed "Public" would be named like --scope public). */
function checkTargetsApart(targets: readonly PreparedTarget[]): void {
  for (const [i, a] of targets.entries()) {
    for (const b of targets.slice(i + 1)) {
      const clash = [a.folders.output, a.folders.review, a.folders.report].some((x) =>
        [b.folders.output, b.folders.review, b.folders.report].some((y) => isInside(x, y) || isInside(y, x)),
      );
      if (clash) {
        const text = textOf((lang, say) => say.scan.targetsShareFolder(targetText(a.target)[lang], targetText(b.target)[lang], a.folders.output));
        throw new UserError(text, { hint: msg.scan.targetsShareFolderHint });
      }
    }
  }
}

function abs(request: ScanRequest, folder: string | undefined): string | undefined {
  return folder === undefined ? undefined : path.resolve(request.cwd, folder);
}

/**
 * `--unknown keep` shows every face nobody recognised. A pupil without consent who has no template is exactly such a
 * face, indistinguishable from a stranger, so keep would publish them: refused while the roster holds any.
 */
export function refuseUnknownKeep(roster: Roster, templates: readonly Template[], target: ConsentTarget): void {
  const enrolled = new Set(templates.map((template) => pupilKey(template.pupilId)));
  const pupils = pupilsOf(roster);
  const exposed = roster.pupils.filter(
    (pupil) => !enrolled.has(pupilKey(pupil.id)) && !mayBeShown(pupils.get(pupil.id)!, target.scope, target.className, target.purpose ?? null),
  );
  if (exposed.length === 0) return;
  const shown = exposed.slice(0, 5).map((pupil) => `${pupil.name} (${pupil.id}, ${pupil.className})`).join(', ');
  // "for group", not "for group 5b": the pupils named may be of other groups.
  const label = target.purpose == null && target.scope === 'group' ? scopeText('group') : targetText(target);
  throw new UserError(textOf((lang, say) => say.scan.unknownKeepExposes(exposed.length, label[lang], shown, Math.max(0, exposed.length - 5))), {
    place: { file: roster.file },
    hint: msg.scan.unknownKeepHint,
  });
}

/**
 * `--portraits`: the enrolment pipeline of init and enroll (refusals, skip report), storing nothing, on the scan's own
 * worker pool, which keeps its models for the photos.
 */
async function enrolForThisScan(roster: Roster, portraits: string | null, pool: CommandPool, hooks: PrepareHooks, cwd: string): Promise<Template[]> {
  let enrolment;
  try {
    enrolment = await enrolForScan(roster, portraits, {
      cwd,
      describeWith: () => describeOnPool(pool),
      ...(hooks.onEnrolProgress !== undefined ? { onProgress: hooks.onEnrolProgress } : {}),
    });
  } finally {
    hooks.onEnrolDone?.();
  }
  hooks.onEnrolReport?.(enrolment.notes);
  return enrolment.templates;
}

/**
 * Roster, store and templates for a scan: the config from init, overridden by --roster / --column / --portraits.
 * The column mapping init saved applies to any roster path (a new export has the same headers); --column overrides it
 * field by field.
 */
async function loadSetup(
  request: ScanRequest,
): Promise<{ store: Store | null; config: StoreConfig | null; roster: Roster; templates: TemplateSet | null }> {
  const store = await openStoreAndSweep(request.cwd);
  const config = store != null ? await store.readConfig() : null;
  let rosterFile: string;
  if (request.roster != null) {
    rosterFile = path.resolve(request.cwd, request.roster);
  } else if (store != null && config != null) {
    rosterFile = path.resolve(store.root, config.roster);
  } else {
    throw new UserError(msg.scan.noRoster, { hint: msg.scan.noRosterHint });
  }
  const columns: Partial<Record<RosterField, string>> = { ...(config?.columns ?? {}), ...parseColumnMapping(request.columns ?? []) };
  const roster = await readRoster(rosterFile, { columns });
  if (request.portraits != null) return { store, config, roster, templates: null };
  const set = store != null ? await store.readTemplates() : null;
  if (store == null || set == null || set.templates.length === 0) {
    throw new UserError(msg.scan.noneEnrolled, { hint: msg.scan.noneEnrolledHint });
  }
  return { store, config, roster, templates: set };
}

