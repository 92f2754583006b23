/**
 * Apply repeats the scan from its report.json: every option of `scan` goes from the command line the teacher typed,
 * through the run options the scan writes into report.json and reads back (decodeReport), into Apply's arguments,
 * through commander again, and must come out the same. An option renamed on one side, or added to `scan` without a
 * way back, would have Apply quietly rerun with the default (blur instead of drop, a looser threshold).
 */
import path from 'node:path';
import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { takeLangOption } from '../../src/cli/index.js';
import { registerScanCommands, scanRequest, type ScanOptions } from '../../src/cli/scan.js';
import type { Lang } from '../../src/i18n/lang.js';
import { decodeReport, ReportMismatch } from '../../src/report/decode.js';
import { reportJson } from '../../src/report/json.js';
import { rerunArgs } from '../../src/review/rerun.js';
import { SCAN_DEFAULTS } from '../../src/scan/defaults.js';
import type { ScanRequest } from '../../src/scan/prepare.js';
import { buildReport } from '../../src/scan/report.js';
import { runOptionsOf } from '../../src/scan/run-options.js';
import { matchOptionsFor } from '../../src/scan/setup.js';
import { reportOptions } from '../../scripts/report-options.js';

const CWD = path.resolve('/school');
/** The roster init saved, which a scan without --roster reads. */
const INIT_ROSTER = path.join(CWD, 'leerlingen.csv');

/**
 * `scan`'s options as the CLI reads them from `args` (after `scan`): `--lang` taken out first as main() does (the
 * system's language, English in the tests, without it), the rest through the real command's definition.
 */
function parseScan(line: readonly string[]): { photos: string; options: ScanOptions; command: Command; lang: Lang } {
  const taken = takeLangOption(['node', 'privacy-filter', ...line]);
  const args = taken.argv.slice(2);
  const lang = taken.lang ?? 'en';
  const program = new Command().exitOverride();
  registerScanCommands(program);
  const command = program.commands.find((c) => c.name() === 'scan');
  if (command === undefined) throw new Error('no scan command');
  let parsed: { photos: string; options: ScanOptions } | null = null;
  command.exitOverride().action((photos: string, options: ScanOptions) => {
    parsed = { photos, options };
  });
  program.parse(['scan', ...args], { from: 'user' });
  if (parsed === null) throw new Error(`scan ${args.join(' ')} did not parse`);
  return { ...(parsed as { photos: string; options: ScanOptions }), command, lang };
}

/** What the scan writes into report.json for its first target, from the request (as src/scan/write-report.ts does). */
function reportFor(request: ScanRequest): { json: string; reportDir: string } {
  const rosterFile = request.roster != null ? path.resolve(request.cwd, request.roster) : INIT_ROSTER;
  const input = path.resolve(request.cwd, request.photos);
  const scopes = request.scope === undefined ? [] : typeof request.scope === 'string' ? [request.scope] : request.scope;
  const purpose = request.purposes?.[0] ?? null;
  const scope = purpose !== null ? 'public' : scopes[0]!;
  const output = request.out != null ? path.resolve(request.cwd, request.out) : `${input}-${scope}`;
  const reportDir = request.report != null ? path.resolve(request.cwd, request.report) : `${output}-report`;
  const report = buildReport([], {
    version: '0.1.0',
    scope,
    className: request.className ?? null,
    purpose,
    startedAt: new Date('2026-12-01T09:00:00Z'),
    finishedAt: new Date('2026-12-01T09:01:00Z'),
    folders: { input, output, review: `${output}-review`, report: reportDir },
    backend: 'onnx',
    options: { ...reportOptions({ enrolledPupils: 6, analysed: 3 }), ...runOptionsOf(request, rosterFile, matchOptionsFor(request.threshold)) },
    interrupted: false,
  });
  return { json: reportJson(report), reportDir };
}

/** What the scan is asked to do, apart from where the photos go: the part report.json records. */
function runOptions(request: ScanRequest): ReturnType<typeof runOptionsOf> {
  return runOptionsOf(request, request.roster != null ? path.resolve(request.cwd, request.roster) : INIT_ROSTER, matchOptionsFor(request.threshold));
}

/** Command lines a teacher might type; together they give every option of `scan` a value other than its default. */
const COMMAND_LINES: readonly (readonly string[])[] = [
  ['photos', '--scope', 'public'],
  [
    'photos', '--scope', 'internal', '--action', 'drop', '--unknown', 'review', '--small', 'keep', '--drop-portraits', '--style', 'solid',
    '--quality', '80', '--threshold', '0,4', '--jobs', String(SCAN_DEFAULTS.jobs + 1), '--no-cache',
    '--videos', 'skip', '--mute',
  ],
  [
    'sportdag', '--lang', 'nl', '--scope', 'group', '--class', '5b', '--roster', 'exports/roster 2026.csv', '--column', 'public=Foto\'s op website',
    '--column', 'id=Nummer', '--portraits', 'portretten', '--unknown', 'drop', '--small', 'review', '--out', 'deel/sportdag', '--report', 'rapport',
  ],
  ['photos', '--purpose', 'Social media', '--class', '8a', '--unknown', 'keep', '--small', 'drop', '--threshold', '0.5'],
  ['photos', '--scope', 'group,public', '--class', '8b'],
];

/** Options that say how the command prints, not what the scan does: Apply always runs it --quiet, never --json. */
const PRESENTATION = new Set(['quiet', 'json']);

describe('Apply repeats the scan its report.json describes', () => {
  const runs = COMMAND_LINES.map((line) => {
    const first = parseScan(line);
    const request = scanRequest(first.photos, first.options, CWD, first.lang);
    const { json, reportDir } = reportFor(request);
    const decoded = decodeReport(JSON.parse(json));
    const args = rerunArgs(decoded, reportDir);
    expect(args[0]).toBe('scan');
    const again = parseScan(args.slice(1));
    return { line, request, json, decoded, reportDir, again, rerun: scanRequest(again.photos, again.options, CWD, again.lang) };
  });

  it.each(runs.map((run) => [run.line.join(' '), run] as const))('scan %s: the same options after Apply', (_line, run) => {
    expect(run.decoded.options).toEqual(JSON.parse(run.json).options);
    expect(runOptions(run.rerun)).toEqual(runOptions(run.request));
    // Where the photos go: the report's own target, folders and photos, never another.
    expect(run.rerun.photos).toBe(run.decoded.input);
    expect(run.rerun.out).toBe(run.decoded.output);
    expect(run.rerun.report).toBe(run.reportDir);
    expect(run.rerun.className ?? null).toBe(run.request.className ?? null);
    if (run.decoded.purpose !== null) {
      expect(run.rerun.purposes).toEqual([run.decoded.purpose]);
      expect(run.rerun.scope).toBeUndefined();
    } else {
      expect(run.rerun.scope).toEqual([run.decoded.scope]);
      expect(run.rerun.purposes).toEqual([]);
    }
    expect(run.again.options.quiet).toBe(true);
  });

  it('reruns in the language the report was written in, and reads a report from before languages as English', () => {
    expect(runs.map((run) => run.decoded.options.lang)).toEqual(['en', 'en', 'nl', 'en', 'en']);
    expect(runs.map((run) => run.rerun.lang)).toEqual(['en', 'en', 'nl', 'en', 'en']);
    const { lang: _lang, ...before } = (JSON.parse(runs[2]!.json) as { options: Record<string, unknown> }).options;
    expect(decodeReport({ ...JSON.parse(runs[2]!.json), options: before }).options.lang).toBe('en');
    expect(() => decodeReport({ ...JSON.parse(runs[2]!.json), options: { ...before, lang: 'fr' } })).toThrow(new ReportMismatch('options.lang', 'one of en, nl'));
  });

  it('carries every option of scan: each comes back from Apply with a value other than its default in some case', () => {
    const command = runs[0]!.again.command;
    const options = (command as unknown as { options: readonly Option[] }).options;
    const missing = options
      .filter((option) => !PRESENTATION.has(option.attributeName()))
      .filter((option) =>
        runs.every((run) => {
          const value: unknown = (run.again.options as unknown as Record<string, unknown>)[option.attributeName()];
          return value === undefined || (Array.isArray(value) && value.length === 0) || value === option.defaultValue;
        }),
      )
      .map((option) => option.long);
    // A new option of scan belongs in ScanRunOptions (src/report/types.ts), RERUN_ARGS (src/review/rerun.ts) and a case above.
    expect(missing).toEqual([]);
  });

  it('refuses a report.json whose options do not fit, naming the field, instead of running with defaults', () => {
    const raw = JSON.parse(runs[1]!.json) as { options: Record<string, unknown> };
    expect(() => decodeReport({ ...raw, options: { ...raw.options, action: 'pixelate' } })).toThrow(new ReportMismatch('options.action', 'one of blur, drop'));
    const { threshold: _threshold, ...withoutThreshold } = raw.options;
    expect(() => decodeReport({ ...raw, options: withoutThreshold })).toThrow(new ReportMismatch('options.threshold', 'a number'));
    expect(() => decodeReport({ ...raw, options: { ...raw.options, dropPortraits: 'yes' } })).toThrow(/options\.dropPortraits: expected true or false/u);
  });
});
