/** `forget`: erase what is held about pupils (one by one, those who left the roster, or everything), through src/store/. */
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { outputLang, tr } from '../i18n/current.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { joinTexts } from '../i18n/text.js';
import { readRoster } from '../roster/read.js';
import { eraseAll } from '../store/erase.js';
import { findStoreRoot, openStoreAndSweep } from '../store/open.js';
import { erasePupils, notOnRoster, type Erasure } from '../store/rights.js';
import { STORE_DIR } from '../store/store.js';
import { noStore, shown, shownDate } from './store-access.js';

const text = msg.storeCommands.forget;

export function registerForgetCommand(program: Command): void {
  program
    .command('forget')
    .description(tr(text.description))
    .argument('[pupil-ids...]', tr(text.idsArgument))
    .option('--not-on-roster', tr(text.notOnRosterOption))
    .option('--roster <csv>', tr(text.rosterOption))
    .option('--all', tr(text.allOption))
    .option('--yes', tr(text.yesOption))
    .option('--lost-passphrase', tr(text.lostPassphraseOption))
    .action(async (ids: string[], options: { all?: boolean; notOnRoster?: boolean; roster?: string; yes?: boolean; lostPassphrase?: boolean }) => {
      const confirm: Confirmation =
        options.yes === true ? { kind: 'yes' } : process.stdin.isTTY === true ? { kind: 'ask', ask: askAtTerminal } : { kind: 'none' };
      const what: ForgetWhat =
        options.all === true
          ? { kind: 'all', confirm, lostPassphrase: options.lostPassphrase === true }
          : options.notOnRoster === true
            ? { kind: 'not-on-roster', roster: options.roster ?? null }
            : { kind: 'pupils', ids };
      if (what.kind !== 'pupils' && ids.length > 0) throw new UserError(text.idsAndAll);
      if (options.roster != null && what.kind !== 'not-on-roster') throw new UserError(text.rosterAlone);
      if ((options.yes === true || options.lostPassphrase === true) && what.kind !== 'all') throw new UserError(text.yesAlone);
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

/** What the user types to confirm `forget --all`, in every language (a word to type, like an option). */
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
 * @returns the lines to print, in `lang`.
 * @throws UserError when there is no store, no ids, an id about which nothing is held, or `--all` is not confirmed.
 */
export async function runForget(cwd: string, what: ForgetWhat, lang: Lang = outputLang()): Promise<string[]> {
  if (what.kind === 'all') return forgetAll(cwd, what, lang);
  if (what.kind === 'pupils' && what.ids.length === 0) throw new UserError(text.whichPupils, { hint: text.whichPupilsHint });
  const store = await openStoreAndSweep(cwd);
  if (store === null) throw noStore('forget');
  let ids: readonly string[];
  const lines: string[] = [];
  if (what.kind === 'not-on-roster') {
    const config = await store.readConfig();
    const rosterFile = what.roster != null ? path.resolve(cwd, what.roster) : config != null ? path.resolve(store.root, config.roster) : null;
    if (rosterFile === null) throw new UserError(text.whichRoster, { hint: text.whichRosterHint });
    const roster = await readRoster(rosterFile, { columns: what.roster != null ? {} : (config?.columns ?? {}) });
    ids = notOnRoster(await store.readTemplates(), roster.pupils.map((p) => p.id));
    if (ids.length === 0) return [text.allOnRoster(shown(rosterFile, cwd))[lang]];
    lines.push(text.notOnRoster(ids.length, shown(rosterFile, cwd), ids.join(', '))[lang]);
  } else {
    ids = what.ids;
  }
  const erased = await erasePupils(store, ids);
  lines.push(...erased.flatMap((e) => formatErasure(e, cwd, lang)), text.noLongerRecognised[lang]);
  // The cache cannot be thinned per pupil: it holds the faces of everyone in the scanned photos, unnamed.
  lines.push(text.cacheRemains[lang]);
  return lines;
}

async function forgetAll(cwd: string, what: ForgetWhat & { kind: 'all' }, lang: Lang): Promise<string[]> {
  const root = await findStoreRoot(cwd);
  if (root === null) throw noStore('forget');
  const dir = shown(path.join(root, STORE_DIR), cwd);
  const lost = what.lostPassphrase === true;
  // Opening the store asks for its passphrase and refuses a wrong one, or a store whose vault.json is gone.
  const store = lost ? null : await openStoreAndSweep(root);
  // Counts for the message only: a damaged document is no reason not to erase it.
  const counted = async (read: () => Promise<readonly unknown[]>): Promise<number | null> =>
    read().then((items) => items.length, (caught: unknown) => {
      if (caught instanceof UserError) return null;
      throw caught;
    });
  const pupils = store === null ? null : await counted(async () => (await store.readTemplates()).templates);
  const scans = store === null ? null : await counted(() => store.readScans());
  const erases = joinTexts(
    [
      text.allHeading(dir),
      text.allFaces(pupils),
      text.allCorrections,
      text.allScans(scans),
      text.allCache,
      lost ? text.allKey : text.allKept(store?.encrypted === true),
      text.allNotTouched,
    ],
    '\n',
  );
  switch (what.confirm.kind) {
    case 'yes':
      break;
    case 'none':
      throw new UserError(joinTexts([erases, text.noTerminal], '\n'), { hint: text.noTerminalHint });
    case 'ask': {
      const typed = await what.confirm.ask(`${erases[lang]}\n${text.confirm(ERASE_WORD)[lang]}`);
      if (typed.trim().toLowerCase() !== ERASE_WORD) throw new UserError(text.notConfirmed, { hint: text.notConfirmedHint(ERASE_WORD) });
    }
  }
  await eraseAll(root, { keepSetup: !lost });
  return lost ? [text.erasedEverything(dir)[lang]] : [text.erasedAll(dir)[lang], text.recheckCannot[lang]];
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

function formatErasure(e: Erasure, cwd: string, lang: Lang): string[] {
  const lines: string[] = [];
  if (e.portraits > 0) lines.push(text.erasedFace(e.pupilId, e.portraits)[lang]);
  if (e.corrections > 0) lines.push(text.erasedCorrections(e.pupilId, e.corrections)[lang]);
  if (e.reports.length > 0) {
    lines.push(text.reportsStillName(e.pupilId)[lang]);
    for (const r of e.reports) lines.push(text.report(shown(r.folder, cwd), shownDate(r.date, lang) ?? '?', r.photos.length)[lang]);
  }
  return lines;
}
