/** `config`: how the store is set up, and how long it keeps the analyses of photos. */
import { InvalidArgumentError, type Command } from 'commander';
import { outputLang, tr } from '../i18n/current.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { RETENTION_RANGE, isRetention } from '../store/documents/settings.js';
import { requireStore } from './store-access.js';

const text = msg.storeCommands.config;

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(tr(text.description))
    .option('--retention <days>', tr(text.retentionOption(RETENTION_RANGE.min, RETENTION_RANGE.max)), parseRetention)
    .action(async (options: { retention?: number }) => {
      process.stdout.write(`${(await runConfig(process.cwd(), options.retention ?? null)).join('\n')}\n`);
    });
}

export function parseRetention(value: string): number {
  const days = Number(value);
  if (!isRetention(days)) throw new InvalidArgumentError(tr(text.badRetention(RETENTION_RANGE.min, RETENTION_RANGE.max, value)));
  return days;
}

export async function runConfig(cwd: string, retention: number | null, lang: Lang = outputLang()): Promise<string[]> {
  const store = await requireStore(cwd, 'config');
  const lines: string[] = [];
  if (retention !== null) {
    await store.writeSettings({ retentionDays: retention });
    const removed = await (await store.analysisCache('')).sweep();
    lines.push(text.retentionSet(retention, removed)[lang]);
  }
  const config = await store.readConfig();
  const { retentionDays } = await store.readSettings();
  const rows: [string, string][] = [
    [text.store[lang], store.dir],
    [text.encrypted[lang], (store.encrypted ? text.encryptedYes : text.encryptedNo)[lang]],
    [text.retention[lang], text.retentionDays(retentionDays)[lang]],
    [text.roster[lang], config?.roster ?? text.rosterNone[lang]],
    [text.portraits[lang], config?.portraits ?? text.portraitsNone[lang]],
  ];
  // The values in one column, whatever the labels' length in this language.
  const width = Math.max(...rows.map(([label]) => label.length)) + 3;
  lines.push(...rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`));
  return lines;
}
