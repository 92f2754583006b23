import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { portraitProgress } from '../enrol/progress.js';
import { ANONYMISE_STYLES, type AnonymiseStyle } from '../images/anonymise.js';
import { ACTION_POLICIES, SCOPES, STRANGER_POLICIES, type ActionPolicy, type Scope, type StrangerPolicy } from '../policy/types.js';
import { targetText } from '../policy/consent.js';
import { VIDEO_CHOICES, type ScanReport, type ScanSummary, type VideoChoice } from '../report/types.js';
import { TAKEDOWN_FILE } from '../report/write.js';
import { MAX_THRESHOLD, MIN_THRESHOLD, SCAN_DEFAULTS } from '../scan/defaults.js';
import { scanFolder } from '../scan/command.js';
import type { ScanRequest } from '../scan/prepare.js';
import { runExitCode, type ReportedScan } from '../scan/write-report.js';
import { createProgress } from '../ui/progress.js';
import { outputLang, tr } from '../i18n/current.js';
import { formatNumber, type Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';

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
  const say = msg.commands.scan;
  program
    .command('scan')
    .description(tr(say.description))
    .argument('<photos>', tr(say.photosArgument))
    .option('--scope <scopes>', tr(say.scope), scopeList)
    .option('--purpose <name>', tr(say.purpose), collect, [])
    .option('--class <name>', tr(say.class))
    .option('--out <folder>', tr(say.out))
    .option('--report <folder>', tr(say.report))
    .option('--roster <csv>', tr(say.roster))
    .option('--column <field=header>', tr(say.column), collect, [])
    .option('--portraits <folder>', tr(say.portraits))
    .addOption(new Option('--action <action>', tr(say.action)).choices(ACTION_POLICIES).default(SCAN_DEFAULTS.action))
    .addOption(new Option('--unknown <policy>', tr(say.unknown)).choices(STRANGER_POLICIES).default(SCAN_DEFAULTS.unknown))
    .addOption(new Option('--small <policy>', tr(say.small)).choices(STRANGER_POLICIES).default(SCAN_DEFAULTS.small))
    .option('--drop-portraits', tr(say.dropPortraits), SCAN_DEFAULTS.dropMainSubject)
    .addOption(new Option('--style <style>', tr(say.style)).choices(ANONYMISE_STYLES).default(SCAN_DEFAULTS.style))
    .option('--quality <n>', tr(say.quality), integerIn(1, 100), SCAN_DEFAULTS.quality)
    .option('--threshold <distance>', tr(say.threshold(MAX_THRESHOLD, SCAN_DEFAULTS.threshold)), thresholdOption)
    .option('--jobs <n>', tr(say.jobs), integerIn(1, 64), SCAN_DEFAULTS.jobs)
    .addOption(new Option('--videos <what>', tr(msg.video.videosOption)).choices(VIDEO_CHOICES).default(SCAN_DEFAULTS.videos))
    .option('--mute', tr(msg.video.muteOption), SCAN_DEFAULTS.mute)
    .option('--no-cache', tr(say.noCache))
    .option('--quiet', tr(say.quiet))
    .option('--json', tr(say.json))
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
    if (scope === undefined) throw new InvalidArgumentError(tr(msg.cli.scopes(SCOPES.join(', '), part)));
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  if (scopes.length === 0) throw new InvalidArgumentError(tr(msg.cli.scopes(SCOPES.join(', '), value)));
  return scopes;
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(tr(msg.cli.wholeNumber(min, max, value)));
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
    throw new InvalidArgumentError(tr(msg.cli.threshold(MIN_THRESHOLD, MAX_THRESHOLD, value, SCAN_DEFAULTS.threshold)));
  }
  return n;
}

/** The scan's request from the command line, relative paths from `cwd`, reports in `lang`. Pure. */
export function scanRequest(photos: string, options: ScanOptions, cwd: string, lang: Lang): ScanRequest {
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
    lang,
  };
}

export async function runScanCommand(photos: string, options: ScanOptions): Promise<number> {
  const request = scanRequest(photos, options, process.cwd(), outputLang());
  const quiet = options.quiet === true;
  const say = msg.scanSummary;
  const enrolling = portraitProgress(quiet);
  let progress: ReturnType<typeof createProgress> | null = null;
  let done = 0;
  let total = 0;
  let many = false;
  let clip: { source: string; index: number; total: number; progress: ReturnType<typeof createProgress> | null } | null = null;
  const { prepared, reported } = await scanFolder(request, {
    onEnrolProgress: enrolling.onProgress,
    onEnrolDone: enrolling.finish,
    onEnrolReport: (report) => {
      const said = tr(report);
      if (!quiet && options.json !== true && said !== '') process.stderr.write(`${said}\n\n`);
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
        unit: msg.progress.photos,
        quiet,
        everyItems: SCAN_DEFAULTS.progressEveryPhotos,
        everySeconds: SCAN_DEFAULTS.progressEverySeconds,
      });
      if (many && !quiet) process.stderr.write(`${tr(say.forTarget(tr(targetText(target.target))))}\n`);
    },
    onPhase: (source, phase) => progress?.update(done, tr(phase === 'analyse' ? say.findingFaces(source) : say.writing(source))),
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
      const missing = prepared.targets.slice(reported.length).map((target) => tr(targetText(target.target)));
      process.stdout.write(`${tr(say.notStarted(missing.join(', ')))}\n`);
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
  const say = msg.scanSummary;
  const n = (value: number): string => formatNumber(value, outputLang());
  const lines = [
    run.interrupted ? say.interrupted(n(s.photos)) : say.scanned(n(s.photos), tr(targetText(reported.target.target))),
    say.publish(n(s.publish)),
    say.anonymised(n(s.anonymised)),
    say.dropped(n(s.dropped)),
    say.review(n(s.review)),
    say.errors(n(s.error)),
    say.faces(n(s.faces)),
  ];
  if ((s.clips ?? 0) > 0) lines.splice(1, 0, msg.video.summaryClips(s.clips ?? 0));
  if ((s.skipped ?? 0) > 0) lines.push(say.skipped(n(s.skipped ?? 0)));
  const kept = report.options.keptFromLastRun;
  if (kept > 0) lines.push(say.kept(n(kept)));
  const copied = report.options.copiedFromOtherScans;
  if (copied > 0) lines.push(say.copied(n(copied)));
  if (run.notEnrolled > 0) lines.push(say.notEnrolled(n(run.notEnrolled)));
  const changed = changeCounts(report);
  if (changed.withdrawn + changed.replaced + changed.new > 0) lines.push(say.changed(n(changed.withdrawn), n(changed.replaced), n(changed.new)));
  if (changed.withdrawn + changed.replaced > 0) lines.push(say.takeDown(path.join(path.dirname(reportFile), TAKEDOWN_FILE)));
  lines.push(say.output(report.output));
  if (s.review > 0) lines.push(say.reviewFolder(report.reviewDir));
  lines.push(say.report(reportFile));
  return `${lines.map(tr).join('\n')}\n`;
}
