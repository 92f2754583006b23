import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { portraitProgress } from '../enrol/progress.js';
import { ANONYMISE_STYLES, type AnonymiseStyle } from '../images/anonymise.js';
import { ACTION_POLICIES, SCOPES, STRANGER_POLICIES, type ActionPolicy, type Scope, type StrangerPolicy } from '../policy/types.js';
import { targetLabel } from '../policy/consent.js';
import { VIDEO_CHOICES, type ScanReport, type ScanSummary, type VideoChoice } from '../report/types.js';
import { TAKEDOWN_FILE } from '../report/write.js';
import { MAX_THRESHOLD, MIN_THRESHOLD, SCAN_DEFAULTS } from '../scan/defaults.js';
import { scanFolder } from '../scan/command.js';
import type { ScanRequest } from '../scan/prepare.js';
import { runExitCode, type ReportedScan } from '../scan/write-report.js';
import { createProgress } from '../ui/progress.js';
import { msg } from '../i18n/messages.js';
import { tr } from '../i18n/current.js';

/** What commander makes of `scan`'s options. */
export interface ScanOptions {
  scope?: Scope[];
  purpose: string[];
  class?: string;
  out?: string;
  report?: string;
  roster?: string;
  column: string[];
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
  videos: VideoChoice;
  mute: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function registerScanCommands(program: Command): void {
  program
    .command('scan')
    .description('Copy a folder of photos for a scope, with the faces of pupils without consent anonymised, and write a report.')
    .argument('<photos>', 'the folder of event photos (it is never changed)')
    .option('--scope <scopes>', 'where the photos go: internal (school), group (one class) or public (website); several with commas (public,internal), analysed once', scopeList)
    .option('--purpose <name>', 'one of the school\'s own consent purposes, a consent column of the roster (e.g. "Social media"), instead of a whole scope; repeatable', collect, [])
    .option('--class <name>', 'the class group the photos go to (required for --scope group), e.g. 5b')
    .option('--out <folder>', 'output folder (default: beside the photos, e.g. sportdag-public)')
    .option('--report <folder>', 'report folder (default: <output>-report)')
    .option('--roster <csv>', 'use this roster instead of the one from init')
    .option('--column <field=header>', 'which roster column holds a field, e.g. public="Foto\'s op website" (repeatable; overrides what init saved)', collect, [])
    .option('--portraits <folder>', 'enrol from these portraits for this scan only, instead of the faces from init')
    .addOption(new Option('--action <action>', 'a face that may not be shown: blur it, or drop the whole photo').choices(ACTION_POLICIES).default(SCAN_DEFAULTS.action))
    .addOption(new Option('--unknown <policy>', 'faces of people not on the roster').choices(STRANGER_POLICIES).default(SCAN_DEFAULTS.unknown))
    .addOption(new Option('--small <policy>', 'faces too small to recognise').choices(STRANGER_POLICIES).default(SCAN_DEFAULTS.small))
    .option('--drop-portraits', 'drop a photo whose main subject would have to be anonymised', SCAN_DEFAULTS.dropMainSubject)
    .addOption(new Option('--style <style>', 'how faces are anonymised').choices(ANONYMISE_STYLES).default(SCAN_DEFAULTS.style))
    .option('--quality <n>', 'JPEG/WebP quality of the copies, 1-100', integerIn(1, 100), SCAN_DEFAULTS.quality)
    .option('--threshold <distance>', `face distance up to which a pupil counts as recognised, at most ${MAX_THRESHOLD} (default ${SCAN_DEFAULTS.threshold})`, thresholdOption)
    .option('--jobs <n>', 'face-engine workers, one per core unless you say otherwise', integerIn(1, 64), SCAN_DEFAULTS.jobs)
    .addOption(new Option('--videos <what>', tr(msg.video.videosOption)).choices(VIDEO_CHOICES).default(SCAN_DEFAULTS.videos))
    .option('--mute', tr(msg.video.muteOption), SCAN_DEFAULTS.mute)
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

/** `public,internal` → both scopes, each checked, so a typo is a usage error before anything runs. */
function scopeList(value: string, previous: Scope[] = []): Scope[] {
  const scopes = [...previous];
  for (const part of value.split(/[,\s]+/u).filter((word) => word !== '')) {
    const scope = SCOPES.find((known) => known === part.toLowerCase());
    if (scope === undefined) throw new InvalidArgumentError(`Expected ${SCOPES.join(', ')} (several with commas) but received "${part}".`);
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  if (scopes.length === 0) throw new InvalidArgumentError(`Expected ${SCOPES.join(', ')} but received "${value}".`);
  return scopes;
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max} but received "${value}".`);
    return n;
  };
}

/**
 * Beyond face-api's operating point for adults the recogniser accepts strangers as pupils by the percent (docs/accuracy.md:
 * 3.6 % at 0.55), and for children, who look more alike, sooner: a looser threshold could publish a child as
 * someone else.
 */
function thresholdOption(value: string): number {
  const n = Number(value.replace(',', '.'));
  if (!Number.isFinite(n) || n < MIN_THRESHOLD || n > MAX_THRESHOLD) {
    throw new InvalidArgumentError(
      `Expected a distance from ${MIN_THRESHOLD} to ${MAX_THRESHOLD} but received "${value}". Above ${MAX_THRESHOLD} the recogniser takes strangers for pupils by the percent, so a child could be published as someone else with consent; the default is ${SCAN_DEFAULTS.threshold}.`,
    );
  }
  return n;
}

/** The scan's request from the command line, relative paths from `cwd`. Pure. */
export function scanRequest(photos: string, options: ScanOptions, cwd: string): ScanRequest {
  return {
    photos,
    cwd,
    ...(options.scope != null ? { scope: options.scope } : {}),
    purposes: options.purpose,
    ...(options.class != null ? { className: options.class } : {}),
    ...(options.out != null ? { out: options.out } : {}),
    ...(options.report != null ? { report: options.report } : {}),
    ...(options.roster != null ? { roster: options.roster } : {}),
    ...(options.portraits != null ? { portraits: options.portraits } : {}),
    ...(options.threshold != null ? { threshold: options.threshold } : {}),
    columns: options.column,
    action: options.action,
    unknown: options.unknown,
    small: options.small,
    dropPortraits: options.dropPortraits,
    style: options.style,
    quality: options.quality,
    jobs: options.jobs,
    cache: options.cache,
    videos: options.videos,
    mute: options.mute,
  };
}

export async function runScanCommand(photos: string, options: ScanOptions): Promise<number> {
  const request = scanRequest(photos, options, process.cwd());
  const quiet = options.quiet === true;
  const enrolling = portraitProgress(quiet);
  let progress: ReturnType<typeof createProgress> | null = null;
  let done = 0;
  let total = 0;
  let many = false;
  let clip: { source: string; index: number; total: number; progress: ReturnType<typeof createProgress> | null } | null = null;
  const { prepared, reported } = await scanFolder(request, {
    onEnrolProgress: enrolling.onProgress,
    onEnrolDone: enrolling.finish,
    onEnrolReport: (lines) => {
      if (!quiet && options.json !== true && lines.length > 0) process.stderr.write(`${lines.join('\n')}\n\n`);
    },
    onPrepared: (ready) => {
      total = ready.sources.length;
      many = ready.targets.length > 1;
    },
    onTarget: (target) => {
      progress?.finish();
      done = 0;
      progress = createProgress({
        total,
        unit: 'photos',
        quiet,
        everyItems: SCAN_DEFAULTS.progressEveryPhotos,
        everySeconds: SCAN_DEFAULTS.progressEverySeconds,
      });
      if (many && !quiet) process.stderr.write(`For ${targetLabel(target.target)}:\n`);
    },
    onPhase: (source, phase) => progress?.update(done, `${phase === 'analyse' ? 'finding faces in' : 'writing'} ${source}`),
    onPhotoDone: (_record, count) => {
      done = count;
      progress?.update(count);
    },
    onClipStart: (source, index, count) => {
      progress?.finish();
      clip = { source, index: index + 1, total: count, progress: null };
    },
    onClipProgress: (source, step) => {
      if (clip === null || clip.source !== source || step.frames === null) return;
      // Both passes in one bar: finding faces, then writing every frame again.
      clip.progress ??= createProgress({ total: 2 * step.frames, unit: tr(msg.video.progressUnit), quiet, everySeconds: SCAN_DEFAULTS.progressEverySeconds, everyItems: Number.MAX_SAFE_INTEGER });
      clip.progress.update(step.stage === 'analyse' ? step.frame : step.frames + step.frame, tr(msg.video.progressPhase(step.stage, source, clip.index, clip.total)));
    },
    onClipDone: () => {
      clip?.progress?.finish();
      clip = null;
    },
    onExecuted: () => progress?.finish(),
  });
  const exitCode = runExitCode(reported, prepared.targets.length);
  if (options.json === true) {
    const bodies = reported.map(summaryJson);
    process.stdout.write(`${JSON.stringify(many ? { targets: bodies, exitCode } : bodies[0], null, 2)}\n`);
  } else {
    process.stdout.write(reported.map(summaryText).join('\n'));
    if (reported.length < prepared.targets.length) {
      const missing = prepared.targets.slice(reported.length).map((target) => targetLabel(target.target));
      process.stdout.write(`Not started (stopped before): ${missing.join(', ')}. Run the same command again to finish.\n`);
    }
  }
  return exitCode;
}

function summaryJson(reported: ReportedScan): unknown {
  const { report } = reported;
  const run = { interrupted: report.interrupted, exitCode: reported.exitCode, notEnrolled: reported.notEnrolled };
  return { summary: report.summary, ...run, changes: changeCounts(report), output: report.output, review: report.reviewDir, report: reported.files.html };
}

function changeCounts(report: ScanReport): Record<'withdrawn' | 'replaced' | 'new', number> {
  const counts = { withdrawn: 0, replaced: 0, new: 0 };
  for (const change of report.changes ?? []) counts[change.change] += 1;
  return counts;
}

function summaryText(reported: ReportedScan): string {
  const { report } = reported;
  const reportFile = reported.files.html;
  const run = { interrupted: report.interrupted, exitCode: reported.exitCode, notEnrolled: reported.notEnrolled };
  const s: ScanSummary = report.summary;
  const lines = [
    run.interrupted
      ? `Interrupted after ${s.photos} photos; the report lists only those. Run the same command again to finish.`
      : `Scanned ${s.photos} photos for ${targetLabel(reported.target.target)}.`,
    `  published as is: ${s.publish}`,
    `  published with faces anonymised: ${s.anonymised}`,
    `  left out (dropped): ${s.dropped}`,
    `  to review by you: ${s.review}`,
    `  errors (unreadable, changed during the scan, or an old copy that could not be removed; see the report): ${s.error}`,
    `  faces found: ${s.faces}`,
  ];
  if ((s.clips ?? 0) > 0) lines.splice(1, 0, tr(msg.video.summaryClips(s.clips ?? 0)));
  if ((s.skipped ?? 0) > 0) {
    lines.push(`  not processed (videos, links, other files; not checked, not in the output; the report lists them with why): ${s.skipped ?? 0}`);
  }
  const kept = report.options.keptFromLastRun;
  if (kept > 0) lines.push(`${kept} of these photos were in the output from the last run already, unchanged, and were left as they are.`);
  const copied = report.options.copiedFromOtherScans;
  if (copied > 0) {
    lines.push(`${copied} photos hide the same faces as in a scan for another scope, so that scan's copy was used instead of rendering them again.`);
  }
  if (run.notEnrolled > 0) {
    lines.push(`Note: ${run.notEnrolled} pupils in the roster have no enrolled face; they cannot be recognised, so their faces count as unknown.`);
  }
  const changed = changeCounts(report);
  if (changed.withdrawn + changed.replaced + changed.new > 0) {
    lines.push(`Changed since the last scan: ${changed.withdrawn} withdrawn, ${changed.replaced} replaced, ${changed.new} new (see the top of the report).`);
  }
  if (changed.withdrawn + changed.replaced > 0) {
    lines.push(`  Take down or replace the copies you posted earlier: ${path.join(path.dirname(reportFile), TAKEDOWN_FILE)} lists them.`);
  }
  lines.push(`Output: ${report.output}`);
  if (s.review > 0) lines.push(`Review: ${report.reviewDir}  (look at these before sharing any of them)`);
  lines.push(`Report: ${reportFile}`);
  return `${lines.join('\n')}\n`;
}
