/**
 * What the newcomer tripped on after Apply, in Chromium, on the demo with both pupils enrolled (Barack may be shown in
 * public, Joe may not):
 * - a correction the consent rules overrode says so, per face, instead of "Waiting for Apply" forever: Joe's face
 *   named as Noor (who has consent) stays anonymised because the recogniser is sure it is Joe; Joe's other face named
 *   as Sem Jansen (no public consent) is applied but stays anonymised;
 * - the list keeps its order: dropping gordijnen.jpg moves it from "published" to "dropped", which the server sorts
 *   first, and the list must not jump.
 * Each correction is checked by the request the page sends. Skips where chromium is not installed.
 */
import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.js';
import { hasChromium, openChromium, readPublicReport, sayWhySkipped, sentTo, startReview, stopAndRemove } from '../helpers/review-browser.js';
import { runCli } from '../scan/cli-helpers.js';

sayWhySkipped('test/review/after-apply.test.ts');

interface Report {
  photos: { source: string; decision: string; faces: { pupil: string | null; status: string; action: string; correction: string | null }[] }[];
}

let cwd: string;
let review: ChildProcess | null = null;
const readReport = (): Promise<Report> => readPublicReport<Report>(cwd);

beforeAll(async () => {
  if (!hasChromium) return;
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-after-apply-'));
  await cp(fixture('demo'), cwd, { recursive: true });
  expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
  const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
  expect(scan.code, scan.stderr).toBe(0);
}, 240_000);

afterAll(() => stopAndRemove(review, cwd));

describe.skipIf(!hasChromium)('the review page after Apply', () => {
  it('says per face what the consent rules made of a correction, and keeps the list in its order', async () => {
    const before = await readReport();
    const joe = (source: string): number => before.photos.find((p) => p.source === source)!.faces.findIndex((f) => f.pupil === '1002') + 1;
    expect(before.photos.find((p) => p.source === 'sportdag-01.jpg')!.faces[joe('sportdag-01.jpg') - 1]).toMatchObject({ status: 'not-consented', action: 'anonymised' });

    const started = await startReview(cwd);
    review = started.child;
    const { page, errors, close } = await openChromium({ viewport: { width: 1400, height: 900 } });
    try {
      const correcting = (act: () => Promise<void>): Promise<unknown> => sentTo(page, '/api/correct', act);
      const panel = (): Promise<string | null> => page.locator('.panel').textContent();
      const open = (source: string) => page.locator('.list button', { hasText: source }).click();
      const order = (): Promise<string[]> => page.locator('.list .source').allTextContents();
      const name = async (face: number, search: string, pupil: string): Promise<void> => {
        await page.locator(`.viewer .face[data-face="${face}"]`).click();
        await page.locator('#search').fill(search);
        expect(await correcting(() => page.locator('#search').press('Enter'))).toMatchObject({ action: 'pupil', face, pupil });
      };

      await page.goto(started.url);
      await page.waitForSelector('.viewer .face');
      const listed = await order();
      expect(listed).toEqual(['sportdag-01.jpg', 'sportdag-02-sideways.jpg', 'gordijnen.jpg']);

      await open('sportdag-01.jpg');
      await name(joe('sportdag-01.jpg'), 'noor', '1005');
      await expect.poll(panel).toMatch(/Waiting for Apply: this is Noor el Amrani/);
      await open('sportdag-02-sideways.jpg');
      await name(joe('sportdag-02-sideways.jpg'), 'jansen', '1003');
      await open('gordijnen.jpg');
      expect(await correcting(() => page.locator('#drop').click())).toMatchObject({ action: 'drop' });

      await page.locator('#apply').click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 120_000 }).toMatch(/Applied/);
      expect((await readReport()).photos.find((p) => p.source === 'gordijnen.jpg')!.decision).toBe('dropped');
      // The list did not jump: gordijnen.jpg is now dropped, which the server lists first, and stays where it was.
      expect(await order()).toEqual(listed);
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/kept 2 of your corrections from showing a face/);
      expect(await page.locator('.list button', { has: page.locator('.held') }).locator('.source').allTextContents()).toEqual(['sportdag-01.jpg', 'sportdag-02-sideways.jpg']);

      // Named as Noor, but the recogniser is sure it is Joe, who has no public consent: not applied, and it says so.
      await open('sportdag-01.jpg');
      await page.locator(`.viewer .face[data-face="${joe('sportdag-01.jpg')}"]`).click();
      await expect.poll(panel).toMatch(/Not applied: the recogniser is sure this is Joe de Vries, a pupil without consent for public/);
      expect(await panel()).not.toMatch(/Waiting for Apply/);
      // Named as Sem Jansen, who has no public consent: applied, and anonymised because of it.
      await open('sportdag-02-sideways.jpg');
      await page.locator(`.viewer .face[data-face="${joe('sportdag-02-sideways.jpg')}"]`).click();
      await expect.poll(panel).toMatch(/After Apply: Sem Jansen has no consent for public, so the consent rules keep this face anonymised/);
      expect(await panel()).not.toMatch(/Waiting for Apply/);

      const after = await readReport();
      expect(after.photos.find((p) => p.source === 'sportdag-01.jpg')!.faces[joe('sportdag-01.jpg') - 1]).toMatchObject({ pupil: '1002', action: 'anonymised', correction: null });
      expect(after.photos.find((p) => p.source === 'sportdag-02-sideways.jpg')!.faces[joe('sportdag-02-sideways.jpg') - 1]).toMatchObject({ pupil: '1003', action: 'anonymised', correction: 'pupil' });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 240_000);
});
