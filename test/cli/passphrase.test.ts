import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readHidden, terminalPassphrase } from '../../src/cli/passphrase.js';
import { UserError } from '../../src/errors.js';

/** A terminal that types `keys` (one chunk each) once the prompt listens, and records what is shown and raw mode. */
function fakeTerminal(keys: readonly string[], isTTY = true) {
  const events = new EventEmitter();
  const shown: string[] = [];
  const raw: boolean[] = [];
  let pending = [...keys];
  const input = {
    isTTY,
    setRawMode: (on: boolean) => raw.push(on),
    on: (event: 'data', listener: (chunk: string) => void) => {
      events.on(event, listener);
      // Type the next line's keys, as a person would after the prompt appears.
      const line = pending.findIndex((k) => k.includes('\r'));
      const now = pending.slice(0, line + 1);
      pending = pending.slice(line + 1);
      setImmediate(() => now.forEach((k) => events.emit('data', k)));
    },
    off: (event: 'data', listener: (chunk: string) => void) => events.off(event, listener),
    resume: () => undefined,
    pause: () => undefined,
  };
  return { input, output: { write: (text: string) => shown.push(text) }, shown, raw };
}

describe('readHidden', () => {
  it('reads a line without echoing it, with backspace, and leaves raw mode', async () => {
    const t = fakeTerminal(['geh', 'eimX', '\u007f', ' woord\r']);
    expect(await readHidden(t.input, t.output, 'Passphrase: ')).toBe('geheim woord');
    expect(t.shown.join('')).toBe('Passphrase: \n');
    expect(t.raw).toEqual([true, false]);
  });

  it('stops on Ctrl-C with a UserError', async () => {
    const t = fakeTerminal(['abc\u0003\r']);
    await expect(readHidden(t.input, t.output, '? ')).rejects.toBeInstanceOf(UserError);
    expect(t.raw.at(-1)).toBe(false);
  });
});

describe('terminalPassphrase', () => {
  const env = (): void => {
    delete process.env['PRIVACY_FILTER_PASSPHRASE'];
  };

  it('asks a new passphrase twice and refuses two different ones', async () => {
    const saved = process.env['PRIVACY_FILTER_PASSPHRASE'];
    env();
    try {
      const same = fakeTerminal(['lang genoeg\r', 'lang genoeg\r']);
      expect(await terminalPassphrase(same.input, same.output)({ purpose: 'new', storeDir: '/s' })).toBe('lang genoeg');
      const differ = fakeTerminal(['lang genoeg\r', 'lang genoeX\r']);
      await expect(terminalPassphrase(differ.input, differ.output)({ purpose: 'new', storeDir: '/s' })).rejects.toThrow(/differ/);
      const notTty = fakeTerminal([], false);
      await expect(terminalPassphrase(notTty.input, notTty.output)({ purpose: 'unlock', storeDir: '/s' })).rejects.toThrow(/no terminal/);
    } finally {
      if (saved !== undefined) process.env['PRIVACY_FILTER_PASSPHRASE'] = saved;
    }
  });

  it('asks in Dutch for a Dutch teacher, and refuses two different ones in Dutch', async () => {
    const saved = process.env['PRIVACY_FILTER_PASSPHRASE'];
    env();
    try {
      const same = fakeTerminal(['lang genoeg\r', 'lang genoeg\r']);
      expect(await terminalPassphrase(same.input, same.output, 'nl')({ purpose: 'new', storeDir: '/s' })).toBe('lang genoeg');
      expect(same.shown.join('')).toContain('Kies een wachtwoord voor de ingelezen gezichten in /s\n(minstens 8 tekens;');
      expect(same.shown.join('')).toContain('Typ het nog een keer: ');
      const differ = fakeTerminal(['lang genoeg\r', 'lang genoeX\r']);
      const error = (await terminalPassphrase(differ.input, differ.output, 'nl')({ purpose: 'change', storeDir: '/s' }).catch((e: unknown) => e)) as UserError;
      expect(differ.shown[0]).toBe('Nieuw wachtwoord: ');
      expect(error.format('nl')).toMatch(/^De twee wachtwoorden zijn verschillend\. Er is niets veranderd\.\n {2}Voer de opdracht opnieuw uit/);
    } finally {
      if (saved !== undefined) process.env['PRIVACY_FILTER_PASSPHRASE'] = saved;
    }
  });

  it('takes PRIVACY_FILTER_PASSPHRASE without asking', async () => {
    const t = fakeTerminal([]);
    process.env['PRIVACY_FILTER_PASSPHRASE'] ??= 'x';
    expect(await terminalPassphrase(t.input, t.output)({ purpose: 'unlock', storeDir: '/s' })).toBe(process.env['PRIVACY_FILTER_PASSPHRASE']);
    expect(t.shown).toEqual([]);
  });
});
