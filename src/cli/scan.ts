import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../errors.js';
import type { Template } from '../faces/engine-types.js';
import { describerSettingsKey } from '../faces/describer.js';
import { createFaceEngines } from '../faces/engines.js';
import { enrollPupils, type EnrollResult } from '../faces/enroll.js';
import { checkLearned } from '../faces/learned.js';
import { SCOPES, type Scope } from '../policy/types.js';
import { writeReports } from '../report/write.js';
import { parseColumnMapping, readRoster } from '../roster/read.js';
import type { Roster } from '../roster/types.js';
import type { CachedAnalyzer } from '../scan/analyze.js';
import { startScanAnalyzer } from '../scan/engines.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import { checkPreviousRun, otherScansOf, ScanLedger } from '../scan/ledger.js';
import { runScan, type ScanPlan } from '../scan/pipeline.js';
import { checkFolderLayout, planFolders, type ScanFolders } from '../scan/plan.js';
import { buildReport, exitCodeFor } from '../scan/report.js';
import { classesOf, findInputPhotos, matchOptionsFor, namesOf, pupilsOf, resolveClass, resolveFolders } from '../scan/setup.js';
import { removeTempFiles } from '../scan/walk.js';
import { correctionInput, learnedTemplates, readCorrections, withLearned, type PhotoCorrections } from '../store/corrections.js';
import { checkDescriber, createStore, findStore, type Store } from '../store/store.js';
import type { ActionPolicy, StrangerPolicy } from '../policy/types.js';
import type { AnonymiseStyle } from '../images/anonymise.js';
import type { ScanReport, ScanSummary } from '../report/types.js';
import { createProgress } from '../ui/progress.js';
import { packageVersion } from '../version.js';

const ACTIONS: readonly ActionPolicy[] = ['blur', 'drop'];
const STRANGER_POLICIES: readonly StrangerPolicy[] = ['blur', 'drop', 'keep', 'review'];
const STYLES: readonly AnonymiseStyle[] = ['pixelate', 'solid'];

interface InitOptions {
  roster: string;
  portraits?: string;
  column: string[];
}

interface ScanOptions {
  scope: Scope;
  class?: string;
  out?: string;
  report?: string;
  roster?: string;
  portraits?: string;
  action: ActionPolicy;
  unknown: StrangerPolicy;
  small: StrangerPolicy;
  dropPortraits: boolean;
  style: AnonymiseStyle;
  quality: number;
  threshold?: number;
  jobs: number;
  cache: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function registerScanCommands(program: Command): void {
  program
    .command('init')
    .description("Check the consent roster and enrol every pupil's face from the portraits, in a .privacy-filter folder here.")
    .requiredOption('--roster <csv>', 'the consent roster exported from the pupil administration')
    .option('--portraits <folder>', 'reference portraits, one or more per pupil (named after the pupil number or as in the roster)')
    .option('--column <field=header>', 'which roster column holds a field, e.g. --column id=leerlingnummer (repeatable)', collect, [])
    .action(async (options: InitOptions) => {
      await runInit(options);
    });

  program
    .command('scan')
    .description('Copy a folder of photos for a scope, with the faces of pupils without consent anonymised, and write a report.')
    .argument('<photos>', 'the folder of event photos (it is never changed)')
    .addOption(new Option('--scope <scope>', 'where the photos go: internal (school), group (one class) or public (website)').choices(SCOPES).makeOptionMandatory())
    .option('--class <name>', 'the class group the photos go to (required for --scope group), e.g. 5b')
    .option('--out <folder>', 'output folder (default: beside the photos, e.g. sportdag-public)')
    .option('--report <folder>', 'report folder (default: <output>-report)')
    .option('--roster <csv>', 'use this roster instead of the one from init')
    .option('--portraits <folder>', 'enrol from these portraits for this scan only, instead of the faces from init')
    .addOption(new Option('--action <action>', 'a face that may not be shown: blur it, or drop the whole photo').choices(ACTIONS).default(SCAN_DEFAULTS.action))
    .addOption(new Option('--unknown <policy>', 'faces of people not on the roster').choices(STRANGER_POLICIES).default(SCAN_DEFAULTS.unknown))
    .addOption(new Option('--small <policy>', 'faces too small to recognise').choices(STRANGER_POLICIES).default(SCAN_DEFAULTS.small))
    .option('--drop-portraits', 'drop a photo whose main subject would have to be anonymised', SCAN_DEFAULTS.dropMainSubject)
    .addOption(new Option('--style <style>', 'how faces are anonymised').choices(STYLES).default(SCAN_DEFAULTS.style))
    .option('--quality <n>', 'JPEG/WebP quality of the copies, 1-100', integerIn(1, 100), SCAN_DEFAULTS.quality)
    .option('--threshold <distance>', `face distance up to which a pupil counts as recognised (default ${SCAN_DEFAULTS.threshold})`, numberIn(0.1, 1))
    .option('--jobs <n>', 'face-engine workers, one per core unless you say otherwise', integerIn(1, 64), SCAN_DEFAULTS.jobs)
    .option('--no-cache', 'analyse every photo again instead of reusing earlier results')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print the summary as JSON')
    .action(async (photos: string, options: ScanOptions) => {
      process.exitCode = await runScanCommand(photos, options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max} but received "${value}".`);
    return n;
  };
}

function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    // Dutch-friendly: 0,5 is read as 0.5.
    const n = Number(value.replace(',', '.'));
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`Expected a number from ${min} to ${max} but received "${value}".`);
    return n;
  };
}

async function requireFolder(folder: string, what: string): Promise<string> {
  const absolute = path.resolve(folder);
  const info = await stat(absolute).catch(() => null);
  if (info == null || !info.isDirectory()) {
    throw new UserError(`The ${what} folder ${absolute} does not exist.`, { hint: 'Check the spelling of the path.' });
  }
  return absolute;
}

function enrolProgress(quiet: boolean): { onProgress: (done: number, total: number) => void; finish(): void } {
  let bar: ReturnType<typeof createProgress> | null = null;
  return {
    onProgress(done, total) {
      bar ??= createProgress({ total, unit: 'portraits', quiet });
      bar.update(done, 'enrolling');
    },
    finish() {
      bar?.finish();
    },
  };
}

function describeSkips(result: EnrollResult, roster: Roster): string[] {
  const names = namesOf(roster);
  const lines: string[] = [];
  for (const skip of result.skipped) lines.push(`  ${names.get(skip.pupil) ?? skip.pupil}${skip.file != null ? ` (${skip.file})` : ''}: ${skip.reason}`);
  if (result.missing.length > 0) {
    lines.push(`  No portrait for: ${result.missing.map((id) => names.get(id) ?? id).join(', ')}`);
  }
  return lines;
}

export async function runInit(options: InitOptions): Promise<void> {
  const columns = parseColumnMapping(options.column);
  const rosterFile = path.resolve(options.roster);
  const roster = await readRoster(rosterFile, { columns });
  const portraits = options.portraits != null ? await requireFolder(options.portraits, 'portraits') : null;
  const engines = await createFaceEngines();
  const progress = enrolProgress(false);
  let result: EnrollResult;
  try {
    result = await enrollPupils(roster, portraits, engines, progress.onProgress);
  } finally {
    progress.finish();
    await engines.close();
  }
  if (result.templates.length === 0) {
    const why = describeSkips(result, roster);
    throw new UserError(`No face could be enrolled from any portrait.${why.length > 0 ? `\n${why.join('\n')}` : ''}`, {
      place: { file: options.roster },
      hint: 'Give --portraits a folder with one clear, front-facing photo per pupil, named after the pupil number.',
    });
  }
  const store = await createStore(process.cwd());
  const now = new Date().toISOString();
  await store.writeTemplates({
    describer: engines.describer.settingsKey,
    templates: result.templates,
    enrolledAt: Object.fromEntries(result.templates.map((template) => [template.pupilId, now])),
  });
  await store.writeConfig({
    roster: path.relative(store.root, rosterFile),
    portraits: portraits != null ? path.relative(store.root, portraits) : null,
    columns,
  });
  const lines = [
    `Roster ${options.roster}: ${roster.pupils.length} pupils.`,
    ...roster.warnings.map((warning) => `  Note: ${warning}`),
    `Enrolled ${result.templates.length} of ${roster.pupils.length} pupils into ${store.dir}.`,
    ...describeSkips(result, roster),
  ];
  if (result.templates.length < roster.pupils.length) {
    lines.push('Pupils who are not enrolled cannot be recognised: their faces are treated as unknown (blurred by default).');
  }
  const aClass = classesOf(roster)[0] ?? '5b';
  lines.push(`Next: privacy-filter scan <photos folder> --scope public   (or --scope internal, or --scope group --class ${aClass})`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Roster, store and templates for a scan: the config from init, overridden by --roster / --portraits. */
async function loadSetup(options: ScanOptions): Promise<{ store: Store | null; roster: Roster; templates: Template[] | null }> {
  const store = await findStore(process.cwd());
  const config = store != null ? await store.readConfig() : null;
  let rosterFile: string;
  let columns = {};
  if (options.roster != null) {
    rosterFile = path.resolve(options.roster);
  } else if (store != null && config != null) {
    rosterFile = path.resolve(store.root, config.roster);
    columns = config.columns;
  } else {
    throw new UserError('No roster and no enrolled pupils found in this folder or above it.', {
      hint: 'Run privacy-filter init --roster <csv> --portraits <folder> first, in the folder you work in.',
    });
  }
  const roster = await readRoster(rosterFile, { columns });
  if (options.portraits != null) return { store, roster, templates: null };
  const set = store != null ? await store.readTemplates() : null;
  if (store == null || set == null || set.templates.length === 0) {
    throw new UserError('No pupils are enrolled yet, so no face could be recognised.', {
      hint: 'Run privacy-filter init --roster <csv> --portraits <folder> first (or give scan --portraits).',
    });
  }
  return { store, roster, templates: set.templates };
}

export async function runScanCommand(photos: string, options: ScanOptions): Promise<number> {
  const startedAt = new Date();
  const scope = options.scope;
  if (scope === 'group' && options.class == null) {
    throw new UserError('--scope group needs the class the photos go to.', { hint: 'Add --class with the class as the roster writes it, e.g. --class 5b.' });
  }
  // Every refusal comes before any file is written or any model is loaded.
  await findInputPhotos(path.resolve(photos));
  const { store, roster, templates } = await loadSetup(options);
  const className = scope === 'group' && options.class != null ? resolveClass(roster, options.class) : null;
  const folders: ScanFolders = await resolveFolders(planFolders({ input: photos, scope, className, out: options.out, report: options.report }));
  checkFolderLayout(folders);
  const sources = await findInputPhotos(folders.input);
  const identity = { scope, className };
  const previous = await checkPreviousRun(folders, identity);
  const portraits = options.portraits != null ? await requireFolder(options.portraits, 'portraits') : null;

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  let analyzer: CachedAnalyzer | null = null;
  try {
    if (store != null && templates != null) checkDescriber(await store.readTemplates(), describerSettingsKey(), path.join(store.dir, 'templates.json'));
    let enrolled = templates;
    if (enrolled == null) {
      // --portraits on scan: enrol for this scan only, in this thread, before the pool starts.
      const engines = await createFaceEngines();
      const progress = enrolProgress(options.quiet === true);
      try {
        enrolled = (await enrollPupils(roster, portraits, engines, progress.onProgress)).templates;
      } finally {
        progress.finish();
        await engines.close();
      }
    }
    await Promise.all([removeTempFiles(folders.output), removeTempFiles(folders.review), removeTempFiles(folders.report)].map((p) => p.catch(() => 0)));
    analyzer = await startScanAnalyzer({
      files: sources.map((source) => path.join(folders.input, source)),
      cacheDir: options.cache && store != null ? store.cacheDir : null,
      workers: options.jobs,
    });
    // The teacher's corrections apply in every scan of their photos, whatever the scope; faces they named join the
    // pupils' templates (SCAN_DEFAULTS.learnedFaces says why that is on).
    const corrections = store != null ? await readCorrections(store) : new Map<string, PhotoCorrections>();
    const named = SCAN_DEFAULTS.learnedFaces ? learnedTemplates(corrections, describerSettingsKey()) : [];
    const { accepted: learned, rejected: learnedRejected } = checkLearned(enrolled, named, matchOptionsFor(options.threshold));
    const plan: ScanPlan = {
      folders,
      sources,
      templates: withLearned(enrolled, learned),
      corrections: new Map([...corrections].map(([hash, photo]) => [hash, correctionInput(photo)])),
      pupils: pupilsOf(roster),
      policy: {
        scope,
        className,
        action: options.action,
        unknown: options.unknown,
        small: options.small,
        dropMainSubject: options.dropPortraits,
        mainSubjectShare: SCAN_DEFAULTS.mainSubjectShare,
      },
      match: matchOptionsFor(options.threshold),
      style: options.style,
      quality: options.quality,
      // One photo more than workers in flight per worker: while a worker finds faces in the next photo, this thread
      // writes the last one.
      jobs: options.jobs * 2,
    };
    // Without the cache (--no-cache) every photo is analysed and rendered afresh, nothing taken from other scans.
    const others = options.cache && store != null ? await otherScansOf(store, folders) : [];
    const ledger = new ScanLedger(folders, identity, previous, others);
    const progress = createProgress({
      total: sources.length,
      unit: 'photos',
      quiet: options.quiet === true,
      everyItems: SCAN_DEFAULTS.progressEveryPhotos,
      everySeconds: SCAN_DEFAULTS.progressEverySeconds,
    });
    // The first Ctrl-C stops after the photos in progress; once our handler is gone a second one ends the process at once.
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let done = 0;
    const outcome = await runScan(plan, analyzer, ledger, {
      signal: controller.signal,
      onPhase: (source, phase) => progress.update(done, `${phase === 'analyse' ? 'finding faces in' : 'writing'} ${source}`),
      onPhotoDone: (_record, count) => {
        done = count;
        progress.update(count);
      },
    });
    progress.finish();
    const report = buildReport(outcome.photos, {
      version: packageVersion(),
      scope,
      className,
      startedAt,
      finishedAt: new Date(),
      folders,
      backend: analyzer.backend,
      options: {
        action: options.action,
        unknown: options.unknown,
        small: options.small,
        dropPortraits: options.dropPortraits,
        style: options.style,
        quality: options.quality,
        threshold: plan.match.threshold,
        uncertainBelow: plan.match.uncertainBelow,
        margin: plan.match.margin,
        roster: roster.file,
        // With these the report says everything needed to run the same scan again (review's Apply, src/review/rerun.ts).
        rosterOption: options.roster != null ? roster.file : null,
        portraits: portraits,
        cache: options.cache,
        enrolledPupils: enrolled.length,
        learnedFaces: learned.reduce((n, t) => n + t.descriptors.length, 0),
        learnedFacesLeftOut: learnedRejected,
        correctedPhotos: corrections.size,
        jobs: options.jobs,
        fromCache: analyzer.stats.cached,
        keptFromLastRun: outcome.kept,
        copiedFromOtherScans: outcome.copied,
      },
      interrupted: outcome.interrupted,
    });
    const files = await writeReports(report, folders.report, { inputDir: folders.input, names: namesOf(roster) });
    const code = exitCodeFor(report.summary, outcome.interrupted);
    const enrolledIds = new Set(enrolled.map((template) => template.pupilId));
    const notEnrolled = roster.pupils.filter((pupil) => !enrolledIds.has(pupil.id)).length;
    printSummary(report, files.html, { interrupted: outcome.interrupted, exitCode: code, notEnrolled }, options.json === true);
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await analyzer?.close();
  }
}

function printSummary(
  report: ScanReport,
  reportFile: string,
  run: { interrupted: boolean; exitCode: number; notEnrolled: number },
  json: boolean,
): void {
  const s: ScanSummary = report.summary;
  if (json) {
    const body = { summary: s, ...run, output: report.output, review: report.reviewDir, report: reportFile };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  const lines = [
    run.interrupted
      ? `Interrupted after ${s.photos} photos; the report lists only those. Run the same command again to finish.`
      : `Scanned ${s.photos} photos for ${report.scope === 'group' ? `group ${report.className ?? ''}` : report.scope}.`,
    `  published as is: ${s.publish}`,
    `  published with faces anonymised: ${s.anonymised}`,
    `  left out (dropped): ${s.dropped}`,
    `  to review by you: ${s.review}`,
    `  could not be read: ${s.error}`,
    `  faces found: ${s.faces}`,
  ];
  const kept = report.options['keptFromLastRun'];
  if (typeof kept === 'number' && kept > 0) lines.push(`${kept} of these photos were in the output from the last run already, unchanged, and were left as they are.`);
  const copied = report.options['copiedFromOtherScans'];
  if (typeof copied === 'number' && copied > 0) {
    lines.push(`${copied} photos hide the same faces as in a scan for another scope, so that scan's copy was used instead of rendering them again.`);
  }
  if (run.notEnrolled > 0) {
    lines.push(`Note: ${run.notEnrolled} pupils in the roster have no enrolled face; they cannot be recognised, so their faces count as unknown.`);
  }
  lines.push(`Output: ${report.output}`);
  if (s.review > 0) lines.push(`Review: ${report.reviewDir}  (look at these before sharing any of them)`);
  lines.push(`Report: ${reportFile}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
