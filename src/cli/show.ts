/** `show`: what privacy-filter holds about one pupil (a parent's right of access), from src/store/rights.ts. */
import type { Command } from 'commander';
import { outputLang, tr } from '../i18n/current.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { holdsNothing, pupilHoldings, type PupilHoldings, type ReportNaming } from '../store/rights.js';
import type { Store } from '../store/store.js';
import { requireStore, shown, shownDate } from './store-access.js';

const text = msg.storeCommands.show;

export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .description(tr(text.description))
    .argument('<pupil-id>', tr(text.idArgument))
    .option('--json', tr(text.jsonOption))
    .action(async (id: string, options: { json?: boolean }) => {
      process.stdout.write(`${(await runShow(process.cwd(), id, options.json === true)).join('\n')}\n`);
    });
}

/** The lines `show` prints, in `lang`; `--json` is data, with ISO dates and English keys in every language. */
export async function runShow(cwd: string, id: string, json: boolean, lang: Lang = outputLang()): Promise<string[]> {
  const store = await requireStore(cwd, 'show');
  const held = await pupilHoldings(store, id);
  const { retentionDays } = await store.readSettings();
  if (json) {
    const body = { ...held, store: store.dir, encrypted: store.encrypted, holdsNothing: holdsNothing(held), cacheRetentionDays: retentionDays };
    return [JSON.stringify(body, null, 2)];
  }
  return formatShow(held, store, retentionDays, cwd, lang);
}

function formatShow(held: PupilHoldings, store: Store, retentionDays: number, cwd: string, lang: Lang): string[] {
  const where = text.where(shown(store.dir, cwd), store.encrypted)[lang];
  const lines: string[] = [];
  if (holdsNothing(held)) {
    lines.push(text.holdsNothing(where, held.pupilId)[lang]);
  } else {
    lines.push(text.holds(where, held.pupilId)[lang]);
    const t = held.templates;
    lines.push((t.portraits === 0 ? text.enrolledNone : text.enrolled(t.portraits, shownDate(t.enrolledAt, lang)))[lang]);
    const learned = held.corrections.filter((c) => c.learnedFace).length;
    const latest = [...held.corrections].map((c) => c.at).sort().at(-1);
    lines.push((held.corrections.length === 0 ? text.correctionsNone : text.corrections(held.corrections.length, learned, shownDate(latest, lang) ?? '?'))[lang]);
  }
  lines.push(...formatReports(held.reports, cwd, lang));
  lines.push(text.cache(retentionDays)[lang]);
  return lines;
}

function formatReports(reports: readonly ReportNaming[], cwd: string, lang: Lang): string[] {
  if (reports.length === 0) return [text.reportsNone[lang]];
  const lines = [text.reports[lang]];
  for (const r of reports) {
    const first = r.photos.slice(0, 5);
    lines.push(text.report(shown(r.folder, cwd), shownDate(r.date, lang) ?? '?', r.scope, r.photos.length, first.join(', '), r.photos.length - first.length)[lang]);
  }
  return lines;
}
