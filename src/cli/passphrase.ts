/**
 * `passphrase` (change the store's passphrase, or encrypt a plain store), and asking for the passphrase at a
 * terminal, hidden as it is typed (nothing is echoed, not even stars, so its length is not shown either). Installed as the store's passphrase source by the CLI; without a terminal the
 * environment variable is the only source and its absence is a clear error (src/store/vault.ts).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { outputLang, tr } from '../i18n/current.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { changeStorePassphrase } from '../store/migrate.js';
import { findStoreRoot } from '../store/open.js';
import { STORE_DIR } from '../store/store.js';
import {
  MIN_PASSPHRASE_LENGTH,
  NEW_PASSPHRASE_ENV,
  PASSPHRASE_ENV,
  missingPassphrase,
  type PassphraseRequest,
} from '../store/vault.js';
import { noStore, shown } from './store-access.js';

const text = msg.storeCommands.passphrase;

export function registerPassphraseCommand(program: Command): void {
  program
    .command('passphrase')
    .description(tr(text.description))
    .action(async () => {
      process.stdout.write(`${(await runPassphrase(process.cwd())).join('\n')}\n`);
    });
}

export async function runPassphrase(cwd: string, lang: Lang = outputLang()): Promise<string[]> {
  const root = await findStoreRoot(cwd);
  if (root === null) throw noStore('passphrase');
  const done = await changeStorePassphrase(root);
  const dir = shown(path.join(root, STORE_DIR), cwd);
  return [(done === 'changed' ? text.changed(dir) : text.encrypted(dir))[lang]];
}


/** The part of a terminal stream this needs: process.stdin, or a fake in tests. */
export interface TerminalInput {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TerminalOutput {
  write(text: string): unknown;
}

/** The passphrase source of the CLI: the environment variable, else a hidden prompt (twice for a new passphrase) in `lang`. */
export function terminalPassphrase(
  input: TerminalInput = process.stdin,
  output: TerminalOutput = process.stderr,
  lang: Lang = outputLang(),
): (request: PassphraseRequest) => Promise<string> {
  return async (request) => {
    const fromEnv = request.purpose === 'change' ? process.env[NEW_PASSPHRASE_ENV] : process.env[PASSPHRASE_ENV];
    if (fromEnv != null && fromEnv !== '') return fromEnv;
    if (input.isTTY !== true || input.setRawMode === undefined) throw missingPassphrase(request);
    if (request.purpose === 'unlock') return readHidden(input, output, text.askUnlock(request.storeDir)[lang]);
    const first = await readHidden(input, output, (request.purpose === 'new' ? text.askNew(request.storeDir, MIN_PASSPHRASE_LENGTH) : text.askChange)[lang]);
    const second = await readHidden(input, output, text.askAgain[lang]);
    if (first !== second) throw new UserError(text.differ, { hint: text.differHint });
    return first;
  };
}

/**
 * Reads one line without echoing it. Backspace deletes, Ctrl-C or Ctrl-D stops (nothing is changed then).
 * @throws UserError when stopped.
 */
export function readHidden(input: TerminalInput, output: TerminalOutput, question: string): Promise<string> {
  output.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: { ok: true; value: string } | { ok: false }): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (result.ok) resolve(result.value);
      else reject(new UserError(text.stopped));
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish({ ok: true, value: typed });
        if (char === '\u0003' || (char === '\u0004' && typed === '')) return finish({ ok: false });
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}
