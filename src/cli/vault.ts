/**
 * The commands about the store's biometric data and the parents' rights: `show` (what is held about a pupil),
 * `forget` (erase a pupil, the pupils who left, or everything), `passphrase` (change it, or encrypt a plain store)
 * and `config` (retention). They parse, call src/store/, and print.
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.js';
import { readRoster } from '../roster/read.js';
import { erasePupils, holdsNothing, notOnRoster, pupilHoldings, type Erasure, type PupilHoldings, type ReportNaming } from '../store/rights.js';
import { STORE_DIR, changeStorePassphrase, eraseAll, findStore, findStoreRoot, isRetention, type Store } from '../store/store.js';

export function registerVaultCommands(program: Command): void {
  program
    .command('show')
    .description("Tell what privacy-filter holds about one pupil (a parent's right of access): enrolled faces, corrections, reports naming them.")
    .argument('<pupil-id>', 'the pupil number as in the roster')
    .option('--json', 'print it as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      process.stdout.write(`${(await runShow(process.cwd(), id, options.json === true)).join('\n')}\n`);
    });

  program
    .command('forget')
    .description('Erase what is held about pupils: when they leave the school or their parents ask.')
    .argument('[pupil-ids...]', 'pupil numbers as in the roster')
    .option('--not-on-roster', 'erase every enrolled pupil the roster no longer lists (pupils who left)')
    .option('--roster <csv>', 'with --not-on-roster: this roster export instead of the one from init')
    .option('--all', 'erase every enrolled face, correction and the analysis cache (needs no passphrase)')
    .action(async (ids: string[], options: { all?: boolean; notOnRoster?: boolean; roster?: string }) => {
      const what: ForgetWhat =
        options.all === true
          ? { kind: 'all' }
          : options.notOnRoster === true
            ? { kind: 'not-on-roster', roster: options.roster ?? null }
            : { kind: 'pupils', ids };
      if (what.kind !== 'pupils' && ids.length > 0) throw new UserError('Give pupil numbers, or --all / --not-on-roster, not both.');
      if (options.roster != null && what.kind !== 'not-on-roster') throw new UserError('--roster goes with --not-on-roster.');
      process.stdout.write(`${(await runForget(process.cwd(), what)).join('\n')}\n`);
    });

  program
    .command('passphrase')
    .description(`Change the passphrase of the store (without enrolling again), or encrypt a store that is not encrypted.`)
    .action(async () => {
      process.stdout.write(`${(await runPassphrase(process.cwd())).join('\n')}\n`);
    });

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

async function requireStore(cwd: string): Promise<Store> {
  const store = await findStore(cwd);
  if (store === null) {
    throw new UserError(`There is no ${STORE_DIR} folder here or above: nothing is enrolled.`, {
      hint: 'Run the command in the folder where you ran privacy-filter init (or enroll).',
    });
  }
  return store;
}

/** Relative to the working folder when inside it, so output lines stay short and paste back into a command. */
function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------- show ----------

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
    `The analysis cache holds the faces found in scanned photos without any name; each is deleted ${retentionDays} days after the analysis.`,
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

// ---------- forget ----------

export type ForgetWhat =
  | { readonly kind: 'pupils'; readonly ids: readonly string[] }
  | { readonly kind: 'not-on-roster'; /** A roster export; null for the one from init. */ readonly roster: string | null }
  | { readonly kind: 'all' };

/**
 * Erases what `what` names. Pupils are checked first so that a typo erases nothing; `--all` needs no passphrase
 * (someone who lost it must still be able to erase).
 * @throws UserError when there is no store, no ids, or an id about which nothing is held.
 */
export async function runForget(cwd: string, what: ForgetWhat): Promise<string[]> {
  if (what.kind === 'all') {
    const root = await findStoreRoot(cwd);
    if (root === null) throw noStore();
    await eraseAll(root);
    return [`Erased every enrolled face, correction and the analysis cache in ${shown(path.join(root, STORE_DIR), cwd)}.`];
  }
  if (what.kind === 'pupils' && what.ids.length === 0) {
    throw new UserError('Which pupils? Give one or more pupil numbers, --not-on-roster, or --all.', { hint: 'For example: privacy-filter forget 1234 1235' });
  }
  const store = await findStore(cwd);
  if (store === null) throw noStore();
  let ids: readonly string[];
  const lines: string[] = [];
  if (what.kind === 'not-on-roster') {
    const config = await store.readConfig();
    const rosterFile = what.roster != null ? path.resolve(cwd, what.roster) : config != null ? path.resolve(store.root, config.roster) : null;
    if (rosterFile === null) throw new UserError('Which roster? None was given and none was saved by init.', { hint: 'Add --roster <export.csv>.' });
    const roster = await readRoster(rosterFile, { columns: what.roster != null ? {} : (config?.columns ?? {}) });
    ids = notOnRoster(await store.readTemplates(), roster.pupils.map((p) => p.id));
    if (ids.length === 0) return [`Every enrolled pupil is on ${shown(rosterFile, cwd)}: nothing was erased.`];
    lines.push(`${plural(ids.length, 'enrolled pupil')} no longer on ${shown(rosterFile, cwd)}: ${ids.join(', ')}.`);
  } else {
    ids = what.ids;
  }
  const erased = await erasePupils(store, ids);
  lines.push(...erased.flatMap((e) => formatErasure(e, cwd)), 'A scan no longer recognises them; privacy-filter show <pupil number> confirms that nothing is held.');
  // The cache cannot be thinned per pupil: it holds the faces of everyone in the scanned photos, unnamed.
  lines.push('The analysis cache still holds the unnamed faces found in scanned photos until its retention ends; privacy-filter forget --all erases it now.');
  return lines;
}

function formatErasure(e: Erasure, cwd: string): string[] {
  const lines: string[] = [];
  if (e.portraits > 0) lines.push(`Erased the enrolled face of pupil ${e.pupilId} (${plural(e.portraits, 'portrait')}).`);
  if (e.corrections > 0) lines.push(`Erased ${plural(e.corrections, 'correction')} naming pupil ${e.pupilId}, with the faces learned from them.`);
  if (e.reports.length > 0) {
    lines.push(`  Reports outside the store still name ${e.pupilId}; delete them if they must go too:`);
    for (const r of e.reports) lines.push(`    ${shown(r.folder, cwd)} (${r.date.slice(0, 10)}, ${plural(r.photos.length, 'photo')})`);
  }
  return lines;
}

function noStore(): UserError {
  return new UserError(`There is no ${STORE_DIR} folder here or above: nothing is enrolled.`, {
    hint: 'Run forget in the folder where you ran privacy-filter init (or enroll).',
  });
}

// ---------- passphrase, config ----------

export async function runPassphrase(cwd: string): Promise<string[]> {
  const root = await findStoreRoot(cwd);
  if (root === null) throw noStore();
  const done = await changeStorePassphrase(root);
  const dir = shown(path.join(root, STORE_DIR), cwd);
  return done === 'changed'
    ? [`Changed the passphrase of ${dir}. The enrolled faces are unchanged; use the new passphrase from now on.`]
    : [`Encrypted ${dir} under the passphrase; the plain files are removed.`];
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
