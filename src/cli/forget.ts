/** `forget`: erase what is held about pupils (one by one, those who left the roster, or everything), through src/store/. */
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Command } from 'commander';
import { readRoster } from '../roster/read.js';
import { erasePupils, notOnRoster, type Erasure } from '../store/rights.js';
import { STORE_DIR, eraseAll, findStore, findStoreRoot } from '../store/store.js';
import { noStore, plural, shown } from './store-access.js';

export function registerForgetCommand(program: Command): void {
  program
    .command('forget')
    .description('Erase what is held about pupils: when they leave the school or their parents ask.')
    .argument('[pupil-ids...]', 'pupil numbers as in the roster')
    .option('--not-on-roster', 'erase every enrolled pupil the roster no longer lists (pupils who left)')
    .option('--roster <csv>', 'with --not-on-roster: this roster export instead of the one from init')
    .option('--all', 'erase every enrolled face, correction, the list of earlier scans and the analysis cache (asks first)')
    .option('--yes', 'with --all: erase without asking (for batch jobs, where there is no terminal to ask in)')
    .option('--lost-passphrase', "with --all: the passphrase is lost, so erase the whole store, its key included, without it; then run init again")
    .action(async (ids: string[], options: { all?: boolean; notOnRoster?: boolean; roster?: string; yes?: boolean; lostPassphrase?: boolean }) => {
      const confirm: Confirmation =
        options.yes === true ? { kind: 'yes' } : process.stdin.isTTY === true ? { kind: 'ask', ask: askAtTerminal } : { kind: 'none' };
      const what: ForgetWhat =
        options.all === true
          ? { kind: 'all', confirm, lostPassphrase: options.lostPassphrase === true }
          : options.notOnRoster === true
            ? { kind: 'not-on-roster', roster: options.roster ?? null }
            : { kind: 'pupils', ids };
      if (what.kind !== 'pupils' && ids.length > 0) throw new UserError('Give pupil numbers, or --all / --not-on-roster, not both.');
      if (options.roster != null && what.kind !== 'not-on-roster') throw new UserError('--roster goes with --not-on-roster.');
      if ((options.yes === true || options.lostPassphrase === true) && what.kind !== 'all') throw new UserError('--yes and --lost-passphrase go with --all.');
      process.stdout.write(`${(await runForget(process.cwd(), what)).join('\n')}\n`);
    });
}

/**
 * How `forget --all` is confirmed: `--yes`, a word typed at the terminal (`ask` shows the question and returns the
 * line typed), or neither when there is no terminal, and then it is refused.
 */
export type Confirmation =
  | { readonly kind: 'yes' }
  | { readonly kind: 'ask'; readonly ask: (question: string) => Promise<string> }
  | { readonly kind: 'none' };

/** What the user types to confirm `forget --all`. */
export const ERASE_WORD = 'erase';

export type ForgetWhat =
  | { readonly kind: 'pupils'; readonly ids: readonly string[] }
  | { readonly kind: 'not-on-roster'; /** A roster export; null for the one from init. */ readonly roster: string | null }
  | {
      readonly kind: 'all';
      readonly confirm: Confirmation;
      /** Erase without the passphrase, the key and set-up included: for a lost passphrase or a lost vault.json. */
      readonly lostPassphrase?: boolean;
    };

/**
 * Erases what `what` names. Pupils are checked first so that a typo erases nothing. `--all` opens the store first (so
 * the passphrase is needed: erasing is proof of nothing, but it must not be anyone's accident on someone else's store)
 * unless `lostPassphrase`, which erases the store as a whole, since nothing in it can be opened any more.
 * @throws UserError when there is no store, no ids, an id about which nothing is held, or `--all` is not confirmed.
 */
export async function runForget(cwd: string, what: ForgetWhat): Promise<string[]> {
  if (what.kind === 'all') return forgetAll(cwd, what);
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
  lines.push('The analysis cache still holds the unnamed faces found in scanned photos and clips until its retention ends; privacy-filter forget --all erases it now.');
  return lines;
}

async function forgetAll(cwd: string, what: ForgetWhat & { kind: 'all' }): Promise<string[]> {
  const root = await findStoreRoot(cwd);
  if (root === null) throw noStore();
  const dir = shown(path.join(root, STORE_DIR), cwd);
  const lost = what.lostPassphrase === true;
  // Opening the store asks for its passphrase and refuses a wrong one, or a store whose vault.json is gone.
  const store = lost ? null : await findStore(root);
  // Counts for the message only: a damaged document is no reason not to erase it.
  const counted = async (read: () => Promise<readonly unknown[]>): Promise<number | null> =>
    read().then((items) => items.length, (caught: unknown) => {
      if (caught instanceof UserError) return null;
      throw caught;
    });
  const pupils = store === null ? null : await counted(async () => (await store.readTemplates()).templates);
  const scans = store === null ? null : await counted(() => store.readScans());
  const count = (n: number | null, word: string): string => (n === null ? `${word}s` : plural(n, word));
  const erases = [
    `forget --all erases, in ${dir}:`,
    `  - the enrolled faces (${pupils === null ? 'every pupil' : plural(pupils, 'pupil')}): a scan then recognises nobody and blurs every face;`,
    '  - every correction made on the review page or with correct, and the faces learned from them;',
    `  - the list of earlier scans (${count(scans, 'report folder')}): recheck can then no longer check the photos those scans published, nor tell which to take down when consent changes;`,
    '  - the analysis cache (the faces found in scanned photos and clips): the next scan analyses them again.',
    lost
      ? '  - and, because the passphrase is lost, the key (vault.json) and the set-up (roster, portraits folder, retention): run privacy-filter init again.'
      : `  Kept: the set-up (roster, portraits folder, retention)${store?.encrypted === true ? ' and the passphrase' : ''}.`,
    '  Not touched: the report folders of earlier scans (they name pupils; delete them yourself if they must go too).',
  ];
  switch (what.confirm.kind) {
    case 'yes':
      break;
    case 'none':
      throw new UserError(`${erases.join('\n')}\nThere is no terminal to confirm it in.`, {
        hint: 'Add --yes to erase all of it (in a batch job), or run the command in a terminal. Nothing was erased.',
      });
    case 'ask': {
      const typed = await what.confirm.ask(`${erases.join('\n')}\nThis cannot be undone. Type ${ERASE_WORD} to erase it all: `);
      if (typed.trim().toLowerCase() !== ERASE_WORD) throw new UserError('Not confirmed: nothing was erased.', { hint: `Type ${ERASE_WORD} to erase, or add --yes.` });
    }
  }
  await eraseAll(root, { keepSetup: !lost });
  return lost
    ? [`Erased everything in ${dir}, its key included. Run privacy-filter init to start again with a new passphrase.`]
    : [
        `Erased every enrolled face, correction, the list of earlier scans and the analysis cache in ${dir}.`,
        'recheck can no longer check the scans run before now; the report folders of those scans are still where they were.',
      ];
}

/** A line typed at the terminal (shown as it is typed: it is a confirmation, not a secret), the question on stderr. */
async function askAtTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
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
