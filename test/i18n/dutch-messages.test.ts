/**
 * Messages made below the CLI carry Dutch as well as English, and the printing edges pick it: operating-system errors,
 * the folder checks, an unreadable photo, doctor's list and the progress bar.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatChecks } from '../../src/cli/doctor.js';
import { refuseInsideStore, checkWritable } from '../../src/folders.js';
import { setOutputLang } from '../../src/i18n/current.js';
import { msg } from '../../src/i18n/messages.js';
import { reviveError, serializeError } from '../../src/engine/thread-errors.js';
import { PhotoReadError } from '../../src/images/load.js';
import { readCorrections } from '../../src/store/corrections.js';
import { otherScansOf } from '../../src/scan/ledger.js';
import { couldNotRemove } from '../../src/scan/pipeline.js';
import type { Text } from '../../src/i18n/text.js';
import { fixableSystemError } from '../../src/system-errors.js';
import { formatDuration, progressText } from '../../src/ui/progress.js';
import { caughtUserError } from '../helpers/user-error.js';

afterEach(() => setOutputLang('en'));

describe('messages in Dutch', () => {
  it('says what the operating system refused, with the path', () => {
    const error = fixableSystemError(Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'mkdir', path: '/media/usb/web' }));
    expect(error?.format('nl')).toBe(
      'Kan niet de map maken: /media/usb/web: geen toestemming.\n  Kies een map waarin je mag schrijven, of vraag de beheerder van deze computer om toegang; geef daarna dezelfde opdracht nog eens.',
    );
    expect(error?.format('en')).toMatch(/^Could not create the folder \/media\/usb\/web: permission denied\./u);
  });

  it('refuses a folder inside the store, and one that cannot be written, naming the option', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-nl-folders-'));
    try {
      const inside = await caughtUserError(refuseInsideStore(path.join(dir, '.privacy-filter', 'web'), 'output', '--out'));
      expect(inside.format('nl')).toMatch(/^De kopiemap .*web ligt in \.privacy-filter, waar de ingelezen gezichten bewaard worden\.\n {2}Kies met --out een kopiemap buiten/u);
      await writeFile(path.join(dir, 'roster.csv'), 'x');
      const blocked = await caughtUserError(checkWritable(path.join(dir, 'roster.csv', 'report'), 'report', '--report'));
      expect(blocked.format('nl')).toMatch(/^In de verslagmap .* kan niet geschreven worden: een deel van dat pad is een bestand, geen map\.\n[^]* De verslagmap kies je met --report\.$/u);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names an unreadable photo in both languages, also when it comes back from a worker', () => {
    const error = new PhotoReadError('/foto/sportdag/IMG_1.jpg', msg.images.empty);
    expect(error.message).toBe('cannot read photo IMG_1.jpg: the file is empty');
    expect(error.text.nl).toBe('kan foto IMG_1.jpg niet lezen: het bestand is leeg');
    const revived = reviveError(structuredClone(serializeError(error)));
    expect(revived).toBeInstanceOf(PhotoReadError);
    expect(revived.message).toBe(error.message);
    expect((revived as PhotoReadError).text).toEqual({ en: error.message, nl: 'kan foto IMG_1.jpg niet lezen: het bestand is leeg' });
  });

  it("prints doctor's list in the output language, lined up", () => {
    setOutputLang('nl');
    const lines = formatChecks([
      { name: msg.doctor.nodeName, status: 'ok', detail: '20.20.2' },
      { name: msg.doctor.heicName, status: 'warn', detail: msg.doctor.heicMissing, fix: msg.doctor.heicFix },
    ]);
    expect(lines).toEqual([
      'ok      Node.js: 20.20.2',
      "let op  HEIC-foto's van iPhones: heic-decode laadde niet",
      "          → Installeer privacy-filter opnieuw (npm ci), of exporteer HEIC-foto's als JPEG.",
      '',
      'privacy-filter kan werken op deze computer.',
    ]);
  });

  it('shows progress with Dutch words and a decimal comma', () => {
    expect(progressText({ done: 3, total: 10, unit: "foto's", elapsedMs: 2000, phase: 'gezichten zoeken in a.jpg' }, 'nl')).toBe(
      "[######..............] 3/10 foto's 30% · 1,5/s · nog 5s · gezichten zoeken in a.jpg",
    );
    expect(progressText({ done: 3, total: 10, unit: 'photos', elapsedMs: 2000, phase: '' })).toBe('[######..............] 3/10 photos 30% · 1.5/s · 5s left');
    expect(formatDuration(3700, 'nl')).toBe('1u01m');
  });

  it('says in Dutch that the corrections file is damaged, and what to do', async () => {
    const store = { readDocument: async () => ({ version: 'broken' }), documentFile: () => '/school/.privacy-filter/corrections.json' };
    const error = await caughtUserError(readCorrections(store));
    expect(error.format('nl')).toMatch(/^\/school\/\.privacy-filter\/corrections\.json: Het bestand met je correcties is beschadigd[^]*\n {2}Zet het terug uit een back-up/u);
    expect(error.format('en')).toMatch(/The file with your corrections is damaged/u);
  });

  it('warns in Dutch about an earlier scan it cannot use', async () => {
    const texts: (Text | undefined)[] = [];
    const store = { readScans: async () => ['relative/report'], writeScans: async () => undefined };
    const folders = { input: '/school/sportdag', output: '/school/web', review: '/school/web-review', report: '/school/web-report' };
    await otherScansOf(store, folders, (_message, text) => void texts.push(text));
    expect(texts.map((text) => text?.nl)).toEqual(['de lijst van eerdere scans noemt "relative/report", wat geen volledig mappad is: genegeerd.']);
    expect(texts[0]?.en).toBe('the list of earlier scans names "relative/report", which is not an absolute folder: ignored.');
  });

  it("writes a report record's error in the report's language", () => {
    const stuck = [{ file: '/school/web/a.jpg', problem: 'EBUSY' }];
    expect(couldNotRemove(stuck, 'nl')).toBe('kon /school/web/a.jpg niet verwijderen (EBUSY); verwijder het zelf voordat je de uitvoer deelt');
    expect(couldNotRemove(stuck, 'en')).toBe('could not remove /school/web/a.jpg (EBUSY); delete it by hand before sharing the output');
  });
});
