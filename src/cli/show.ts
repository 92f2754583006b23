/** `show`: what privacy-filter holds about one pupil (a parent's right of access), from src/store/rights.ts. */
import type { Command } from 'commander';
import { holdsNothing, pupilHoldings, type PupilHoldings, type ReportNaming } from '../store/rights.js';
import type { Store } from '../store/store.js';
import { plural, requireStore, shown } from './store-access.js';

export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .description("Tell what privacy-filter holds about one pupil (a parent's right of access): enrolled faces, corrections, reports naming them.")
    .argument('<pupil-id>', 'the pupil number as in the roster')
    .option('--json', 'print it as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      process.stdout.write(`${(await runShow(process.cwd(), id, options.json === true)).join('\n')}\n`);
    });
}

export async function runShow(cwd: string, id: string, json: boolean): Promise<string[]> {
  const store = await requireStore(cwd);
  const held = await pupilHoldings(store, id);
  const { retentionDays } = await store.readSettings();
  if (json) {
    const body = { ...held, store: store.dir, encrypted: store.encrypted, holdsNothing: holdsNothing(held), cacheRetentionDays: retentionDays };
    return [JSON.stringify(body, null, 2)];
  }
  return formatShow(held, store, retentionDays, cwd);
}

function formatShow(held: PupilHoldings, store: Store, retentionDays: number, cwd: string): string[] {
  const where = `${shown(store.dir, cwd)}${store.encrypted ? ' (encrypted)' : ' (NOT encrypted)'}`;
  const lines: string[] = [];
  if (holdsNothing(held)) {
    lines.push(`${where} holds nothing about pupil ${held.pupilId}: no enrolled face, no learned face, no correction.`);
  } else {
    lines.push(`What ${where} holds about pupil ${held.pupilId}:`);
    const t = held.templates;
    lines.push(
      t.portraits === 0
        ? '  Enrolled faces: none.'
        : `  Enrolled faces: ${plural(t.portraits, 'portrait')} (descriptors only, never the photos), enrolled ${t.enrolledAt?.slice(0, 10) ?? 'at an unknown date'}.`,
    );
    const learned = held.corrections.filter((c) => c.learnedFace).length;
    lines.push(
      held.corrections.length === 0
        ? '  Learned faces and corrections: none.'
        : `  Corrections naming them: ${held.corrections.length} (${plural(learned, 'learned face')}), the latest on ${[...held.corrections].map((c) => c.at).sort().at(-1)?.slice(0, 10) ?? '?'}.`,
    );
  }
  lines.push(...formatReports(held.reports, cwd));
  lines.push(
    `The analysis cache holds the faces found in scanned photos and clips (their tracks) without any name; each is deleted ${retentionDays} days after the analysis.`,
  );
  return lines;
}

function formatReports(reports: readonly ReportNaming[], cwd: string): string[] {
  if (reports.length === 0) return ['Reports of earlier scans that name them: none.'];
  const lines = ['Reports of earlier scans that name them (outside the store: you decide whether to keep them):'];
  for (const r of reports) {
    const photos = r.photos.slice(0, 5).join(', ') + (r.photos.length > 5 ? `, and ${r.photos.length - 5} more` : '');
    lines.push(`  ${shown(r.folder, cwd)} (${r.date.slice(0, 10)}, ${r.scope}): ${plural(r.photos.length, 'photo')}: ${photos}`);
  }
  return lines;
}
