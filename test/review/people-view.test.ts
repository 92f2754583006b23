/**
 * The review page's People view in a real browser: on the demo with Joe left without a portrait, his two unknown
 * faces are one group. The teacher opens the view (key p), names the whole group "always blur" with one key (b),
 * then thinks better of it: takes the sideways face out (a click, then x twice with the keyboard), names the rest as
 * Joe with the pupil search, applies, and the stored corrections and report.json follow: the face taken out keeps
 * "always blur". Each step is checked by the request the page sends, so a page that sends the wrong group, forgets the
 * face taken out or names the wrong pupil fails here. Skips where chromium is not installed.
 * PRIVACY_FILTER_PEOPLE_SCREENSHOT=<file.png> saves the People view.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorrections } from '../../src/store/corrections.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { demoWithoutJoe, type GroupedReport } from '../helpers/demo-without-joe.js';
import { hasChromium, openChromium, readPublicReport, sayWhySkipped, sentTo, startReview, stopAndRemove } from '../helpers/review-browser.js';

sayWhySkipped('test/review/people-view.test.ts');

type Report = GroupedReport;

let cwd: string;
let review: ChildProcess | null = null;
const readReport = (): Promise<Report> => readPublicReport<Report>(cwd);

beforeAll(async () => {
  if (!hasChromium) return;
  cwd = await demoWithoutJoe('pf-people-view-');
}, 240_000);

afterAll(() => stopAndRemove(review, cwd));

describe.skipIf(!hasChromium)('the People view in Chromium', () => {
  it('names a group with one key, takes a face out, names the rest as a pupil at once, and applies', async () => {
    const before = await readReport();
    const members = before.photos.flatMap((p, photo) => p.faces.flatMap((f, i) => (f.group === null ? [] : [{ photo, face: i + 1, source: p.source, group: f.group }])));
    expect(members.map((m) => m.source).sort()).toEqual(['sportdag-01.jpg', 'sportdag-02-sideways.jpg']);
    const group = members[0]!.group;
    expect(members[1]!.group).toBe(group);
    const kept = members.find((m) => m.source === 'sportdag-01.jpg')!;
    const out = members.find((m) => m.source === 'sportdag-02-sideways.jpg')!;

    const started = await startReview(cwd);
    review = started.child;
    const { page, errors, close } = await openChromium({ viewport: { width: 1300, height: 850 } });
    try {
      const naming = (act: () => Promise<void>): Promise<unknown> => sentTo(page, '/api/correct-group', act);
      const card = page.locator(`.group[data-group="${group}"]`);
      const crop = (m: { photo: number; face: number }) => card.locator(`.crop[data-photo="${m.photo}"][data-face="${m.face}"]`);

      await page.goto(started.url);
      await page.waitForSelector('.viewer');
      await page.keyboard.press('p');
      await expect.poll(() => page.locator('#view-people').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => card.locator('.crop').count()).toBe(2);
      await expect.poll(() => card.locator('h3').textContent()).toBe('Person 1 — 2 faces');
      // The crops are the faces, loaded from the served photos once on screen.
      await expect.poll(() => crop(kept).locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)).toBe(true);

      // b names the focused group always blur, every face of it.
      expect(await naming(() => page.keyboard.press('b'))).toEqual({ action: 'blur', group, except: [] });
      await expect.poll(() => card.locator('p.named').textContent()).toBe('Waiting for Apply: always blur');
      await expect.poll(() => card.locator('.crop.named').count()).toBe(2);

      // Take Joe's sideways face out with a click, put it back and take it out again with x: the focus follows the click.
      await crop(out).click();
      await expect.poll(() => crop(out).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => card.locator('h3').textContent()).toBe('Person 1 — 2 faces, 1 taken out');
      await page.keyboard.press('x');
      await expect.poll(() => crop(out).getAttribute('aria-pressed')).toBe('false');
      await page.keyboard.press('x');
      await expect.poll(() => crop(out).getAttribute('aria-pressed')).toBe('true');
      // o opens the focused face's photo with that face selected; p comes back, the face still taken out.
      await page.keyboard.press('o');
      await expect.poll(() => page.locator('.viewer h2').textContent()).toMatch(/sportdag-02-sideways\.jpg/);
      await expect.poll(() => page.locator(`.viewer .face.selected`).getAttribute('data-face')).toBe(String(out.face));
      await page.keyboard.press('p');
      await expect.poll(() => crop(out).getAttribute('aria-pressed')).toBe('true');
      const screenshot = process.env['PRIVACY_FILTER_PEOPLE_SCREENSHOT'];
      if (screenshot !== undefined) await page.screenshot({ path: path.resolve(screenshot) });

      // Name the rest with the keyboard: / to search, Enter names the first match.
      await page.keyboard.press('/');
      await page.keyboard.type('joe');
      await expect.poll(() => card.locator('#results button').allTextContents()).toEqual(['Joe de Vries — class 8a — 1002']);
      expect(await naming(() => page.keyboard.press('Enter'))).toEqual({ action: 'pupil', pupil: '1002', group, except: [{ photo: out.photo, face: out.face }] });
      // The strip says what waits for the faces still in the group; the face taken out is not counted.
      await expect.poll(() => card.locator('p.named').textContent()).toBe('Waiting for Apply: this is Joe de Vries');
      await expect.poll(() => crop(out).getAttribute('class')).not.toMatch(/\bnamed\b/);

      // Stored as single-face corrections: the face named Joe, the one taken out still always blur.
      const stored = [...(await readCorrections((await openStoreAndSweep(cwd))!)).values()].flatMap((p) => p.faces.map((mark) => mark.correction));
      expect(stored.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([{ kind: 'blur' }, { kind: 'pupil', pupilId: '1002' }]);

      await page.locator('#apply').click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 120_000 }).toMatch(/Applied/);
      const after = await readReport();
      // Joe is named, and still anonymised: he has no consent for public use.
      expect(after.photos[kept.photo]!.faces[kept.face - 1]).toMatchObject({ pupil: '1002', correction: 'pupil', action: 'anonymised', group: null });
      expect(after.photos[out.photo]!.faces[out.face - 1]).toMatchObject({ correction: 'blur', action: 'anonymised', group: null });
      // Both faces are named now: nobody is left in the People view.
      await expect.poll(() => page.locator('.people').textContent()).toMatch(/nobody is left to name/);
      await expect.poll(() => page.locator('#view-people').textContent()).toBe('People (0)');
      expect(await page.locator('body').textContent()).not.toContain('undefined');

      await page.locator('#done').click();
      expect(await started.exit).toBe(0);
      review = null;
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
