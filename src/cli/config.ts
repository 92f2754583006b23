/** `config`: how the store is set up, and how long it keeps the analyses of photos. */
import { InvalidArgumentError, type Command } from 'commander';
import { isRetention } from '../store/store.js';
import { requireStore } from './store-access.js';

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('Show how the store is set up, or change how long it keeps the analyses of photos.')
    .option('--retention <days>', 'days the analysis of a photo (the faces found in it) is kept, 1-3660', parseRetention)
    .action(async (options: { retention?: number }) => {
      process.stdout.write(`${(await runConfig(process.cwd(), options.retention ?? null)).join('\n')}\n`);
    });
}

export function parseRetention(value: string): number {
  const days = Number(value);
  if (!isRetention(days)) throw new InvalidArgumentError(`Expected a whole number of days from 1 to 3660 but received "${value}".`);
  return days;
}

export async function runConfig(cwd: string, retention: number | null): Promise<string[]> {
  const store = await requireStore(cwd);
  const lines: string[] = [];
  if (retention !== null) {
    await store.writeSettings({ retentionDays: retention });
    const removed = await (await store.analysisCache('')).sweep();
    lines.push(`The analysis of a photo is now kept ${retention} days.${removed > 0 ? ` Deleted ${removed} older ones.` : ''}`);
  }
  const config = await store.readConfig();
  const { retentionDays } = await store.readSettings();
  lines.push(
    `Store:      ${store.dir}`,
    `Encrypted:  ${store.encrypted ? 'yes (AES-256-GCM, key from your passphrase by scrypt)' : 'NO (made with init --no-encrypt; privacy-filter passphrase encrypts it)'}`,
    `Retention:  analyses of photos are kept ${retentionDays} days`,
    `Roster:     ${config?.roster ?? '(none yet)'}`,
    `Portraits:  ${config?.portraits ?? '(none)'}`,
  );
  return lines;
}
