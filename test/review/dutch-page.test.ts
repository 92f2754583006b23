/**
 * Issue 25's "done when": `privacy-filter demo --review` on a Dutch system shows a Dutch page, in Chromium (Debian's,
 * through playwright-core; nothing downloaded). Dutch from LANG=nl_NL.UTF-8 and from --lang nl on a C locale, English
 * with LANG=C: the page's `<html lang>`, its buttons, facts, keyboard help, face labels, reasons and the server's
 * errors, and no English word left on the Dutch page. A scan run in English and reviewed in Dutch gets the same
 * Dutch page, its reasons too. Skips, saying how to get chromium, where it is not installed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, openChromium, sayWhySkipped, startServing, type RunningReview } from '../helpers/review-browser.js';
import { runCli } from '../scan/cli-helpers.js';

sayWhySkipped('test/review/dutch-page.test.ts');

let dir: string;
let running: RunningReview | null = null;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-dutch-page-'));
});

afterAll(async () => {
  running?.child.kill('SIGTERM');
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The tests' environment with the system language `lang` (LC_ALL would override LANG, so it goes). */
function systemLanguage(lang: string): NodeJS.ProcessEnv {
  const { LC_ALL: _all, ...env } = process.env;
  return { ...env, LANG: lang };
}

/** English words a Dutch teacher must not meet on the page (file names and pupils' names taken out first). */
const ENGLISH =
  /\b(the|and|photos?|faces?|published|consent|pupil|review|dropped|anonymised|kept|unknown|apply|done|people|preview|scope|select|draw|undo|loading|not)\b/iu;

interface Seen {
  readonly lang: string;
  readonly title: string;
  readonly bar: string;
  readonly keys: string;
  readonly keyCaps: number;
  readonly panel: string;
  readonly faceLabel: string;
  readonly people: string;
  readonly error: string;
  readonly body: string;
}

/** `demo --review` with `args` in a folder of its own. */
function demoReview(args: readonly string[], env: NodeJS.ProcessEnv, folder: string): Promise<RunningReview> {
  return startServing([...args, 'demo', '--review', '--no-open', '--folder', path.join(dir, folder)], dir, env);
}

/** Opens the review page `serving` starts and reads what it says, then stops it. */
async function look(serving: Promise<RunningReview>): Promise<Seen> {
  running = await serving;
  const { url, child, exit } = running;
  // The page is made to fail a request below: only its uncaught errors count.
  const { page, errors, close } = await openChromium({ viewport: { width: 1500, height: 900 }, consoleErrors: false });
  try {
    await page.goto(url);
    await page.waitForSelector('.viewer .face');
    await page.locator('.viewer .face[data-face="1"]').click();
    await page.waitForSelector('.panel .buttons');
    const token = new URL(url).searchParams.get('token') ?? '';
    // A face the photo does not have: the server refuses it in the page's language.
    const error = await page.evaluate(async (t) => {
      const response = await fetch('api/correct', {
        method: 'POST',
        headers: { 'X-Review-Token': t, 'Content-Type': 'application/json' },
        body: JSON.stringify({ photo: 0, action: 'not-a-pupil', face: 99 }),
      });
      return ((await response.json()) as { error: string }).error;
    }, token);
    const seen = {
      lang: (await page.locator('html').getAttribute('lang')) ?? '',
      title: await page.title(),
      bar: (await page.locator('#bar').textContent()) ?? '',
      keys: (await page.locator('.keys').textContent()) ?? '',
      keyCaps: await page.locator('.keys kbd').count(),
      panel: (await page.locator('.panel').textContent()) ?? '',
      faceLabel: (await page.locator('.viewer .face[data-face="1"] span').textContent()) ?? '',
      error,
      body: '',
      people: '',
    };
    const body = (await page.locator('body').innerText()) ?? '';
    await page.keyboard.press('Escape');
    await page.keyboard.press('p');
    await page.waitForSelector('.people');
    const people = (await page.locator('.people').innerText()) ?? '';
    expect(errors).toEqual([]);
    return { ...seen, body: `${body}\n${people}`, people };
  } finally {
    await close();
    child.kill('SIGTERM');
    await exit;
    running = null;
  }
}

/** The page's words without what is not the tool's: file names, pupils' names and the tool's name. */
function words(text: string): string {
  return text
    .replace(/[\w.-]+\.jpe?g/giu, ' ')
    .replace(/Barack Obama|Joe Biden|Joe|Barack/gu, ' ')
    .replace(/privacy-filter/gu, ' ');
}

function expectDutch(seen: Seen): void {
  expect(seen.lang).toBe('nl');
  expect(seen.title).toMatch(/beoordelen/u);
  expect(seen.bar).toMatch(/Foto's/u);
  expect(seen.bar).toMatch(/Personen \(\d+\)/u);
  expect(seen.bar).toMatch(/Bestemming openbaar — 3 foto's, \d+ gezichten/u);
  expect(seen.bar).toMatch(/Toepassen/u);
  expect(seen.bar).toMatch(/Klaar/u);
  expect(seen.keys).toMatch(/volgende \/ vorige foto/u);
  expect(seen.keyCaps).toBeGreaterThan(5);
  expect(seen.panel).toMatch(/Gezicht 1: /u);
  expect(seen.panel).toMatch(/Geen leerling/u);
  expect(seen.panel).toMatch(/Altijd vervagen/u);
  expect(seen.panel).toMatch(/Geen gezicht/u);
  expect(seen.panel).toMatch(/Deze foto/u);
  // The reasons in Dutch, whatever language the scan ran in.
  expect(seen.panel).toMatch(/toestemming voor openbare publicatie|niet herkend/u);
  expect(seen.faceLabel).toMatch(/toestemming|niet herkend|onzeker/u);
  expect(seen.error).toMatch(/heeft geen gezicht 99: het verslag noemt/u);
  expect(seen.people).toMatch(/niemand meer te benoemen|niet herkend/u);
  const english = words(seen.body).match(ENGLISH);
  expect(english?.[0] ?? null, words(seen.body)).toBeNull();
  expect(seen.body).not.toContain('undefined');
}

describe.skipIf(!hasChromium)('the review page of the demo speaks the system language', () => {
  it('LANG=nl_NL.UTF-8: a Dutch page', async () => {
    expectDutch(await look(demoReview([], systemLanguage('nl_NL.UTF-8'), 'nl-locale')));
  });

  it('--lang nl on a C locale: a Dutch page, the demo\'s scan in Dutch too', async () => {
    expectDutch(await look(demoReview(['--lang', 'nl'], process.env, 'lang-option')));
  });

  it('a scan run under LANG=C (a batch job), reviewed with --lang nl: a Dutch page, its reasons too', async () => {
    const folder = path.join(dir, 'english-scan');
    const scanned = await runCli(['demo', '--folder', folder], dir, { LANG: 'C' });
    expect(scanned.code, scanned.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(folder, 'sportdag-public-report', 'report.json'), 'utf8')) as { options: { lang: string } };
    expect(report.options.lang).toBe('en');
    expectDutch(await look(startServing(['--lang', 'nl', 'review', '--no-open'], folder, systemLanguage('C'))));
  });

  it('LANG=C: an English page', async () => {
    const seen = await look(demoReview([], systemLanguage('C'), 'c-locale'));
    expect(seen.lang).toBe('en');
    expect(seen.bar).toMatch(/Scope public — 3 photos/u);
    expect(seen.bar).toMatch(/Apply/u);
    expect(seen.keys).toMatch(/next \/ previous photo/u);
    expect(seen.panel).toMatch(/Not a pupil/u);
    expect(seen.error).toMatch(/has no face 99/u);
    expect(seen.body).not.toMatch(/Toepassen|gezicht|toestemming|leerling/u);
  });
});
