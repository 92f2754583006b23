/**
 * `recheck`: the files earlier scans published, checked against the roster as it is now, from their ledgers alone:
 * no photo is read and no model loaded, so a nightly job after the roster export costs nothing.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { mayShow, type ConsentTarget, type PupilConsent } from '../policy/consent.js';
import { LEDGER_FILE, readLedger, type LedgerData } from './ledger.js';
import { shownIn } from './changes.js';
import type { ChangeCause } from './types.js';

/** One published file that shows someone who may no longer be shown. */
export interface TakedownItem {
  /** Relative to the scan's input folder. */
  readonly source: string;
  /** Absolute path of the file in the scan's output folder (it may have been moved or deleted since). */
  readonly output: string;
  readonly pupils: readonly string[];
  readonly causes: readonly ChangeCause[];
  readonly publishedAt: string | null;
}

export type ScanCheck =
  | {
      readonly kind: 'checked';
      readonly report: string;
      readonly ledger: LedgerData;
      readonly takedown: readonly TakedownItem[];
      /** Published files an older version placed without recording who they show: not checked. */
      readonly unrecorded: readonly string[];
    }
  | { readonly kind: 'unchecked'; readonly report: string; readonly why: UncheckedWhy };

/** Why an earlier scan could not be checked. */
export type UncheckedWhy = 'report-folder-gone' | 'ledger-missing' | 'ledger-damaged';

/** The target a scan was run for, as its ledger recorded it. */
export function targetOf(ledger: Pick<LedgerData, 'scope' | 'className' | 'purpose'>): ConsentTarget {
  return { scope: ledger.scope, className: ledger.className, purpose: ledger.purpose ?? null };
}

/** What of one scan's published files must come down for today's roster. Pure. */
export function takedownOf(ledger: LedgerData, pupils: ReadonlyMap<string, PupilConsent>): { takedown: TakedownItem[]; unrecorded: string[] } {
  const target = targetOf(ledger);
  const takedown: TakedownItem[] = [];
  const unrecorded: string[] = [];
  for (const source of Object.keys(ledger.outputs).sort()) {
    const relative = ledger.outputs[source];
    if (relative === undefined) continue;
    const shows = shownIn(ledger, source);
    if (shows === undefined) {
      unrecorded.push(source);
      continue;
    }
    const causes = shows.pupils.flatMap((pupil): ChangeCause[] => {
      const verdict = mayShow(pupils, pupil, target);
      if (verdict.shown) return [];
      return [verdict.why === 'not-on-roster' ? { kind: 'left-roster', pupil } : { kind: 'consent-withdrawn', pupil, missing: verdict.missing }];
    });
    if (causes.length === 0) continue;
    takedown.push({
      source,
      output: path.join(ledger.output, ...relative.split('/')),
      pupils: causes.map((cause) => ('pupil' in cause ? cause.pupil : '')).filter((id) => id !== ''),
      causes,
      publishedAt: shows.publishedAt,
    });
  }
  return { takedown, unrecorded };
}

/** Every listed scan, in the order given (each once), checked or said why not. */
export async function recheckScans(reports: readonly string[], pupils: ReadonlyMap<string, PupilConsent>): Promise<ScanCheck[]> {
  const checks: ScanCheck[] = [];
  for (const report of [...new Set(reports)]) {
    const ledger = await openLedger(report);
    if (typeof ledger === 'string') {
      checks.push({ kind: 'unchecked', report, why: ledger });
      continue;
    }
    checks.push({ kind: 'checked', report, ledger, ...takedownOf(ledger, pupils) });
  }
  return checks;
}

async function openLedger(report: string): Promise<LedgerData | UncheckedWhy> {
  const folder = await stat(report).catch(() => null);
  if (folder === null || !folder.isDirectory()) return 'report-folder-gone';
  const file = await stat(path.join(report, LEDGER_FILE)).catch(() => null);
  if (file === null) return 'ledger-missing';
  return (await readLedger({ report })) ?? 'ledger-damaged';
}
