/**
 * The review page in a real browser (Debian's chromium through playwright-core; no browser is downloaded): each
 * interaction the teacher has — name a face with the pupil search, not a pupil, always blur, not a face, draw a box,
 * drop a photo, undo — checked by the request it sends, then Apply, and report.json and the output checked; then the
 * preview as published. Skips, saying
 * how to get chromium, where it is not installed. PRIVACY_FILTER_SCREENSHOT=<file.png> also saves the page for the README.
 */
import type { ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.js';
import { hasChromium, openChromium, readPublicReport, sayWhySkipped, sentTo, startReview as startIn, stopAndRemove } from '../helpers/review-browser.js';
import { runCli } from '../scan/cli-helpers.js';

sayWhySkipped('test/review/browser.test.ts');

interface Report {
  photos: { source: string; decision: string; output: string | null; faces: { box: { x: number; y: number; width: number; height: number }; pupil: string | null; action: string; correction: string | null }[] }[];
}

let cwd: string;
let review: ChildProcess | null = null;

beforeAll(async () => {
  if (!hasChromium) return;
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-browser-'));
  await cp(fixture('demo/photos'), path.join(cwd, 'photos'), { recursive: true });
  await cp(fixture('demo/roster.csv'), path.join(cwd, 'roster.csv'));
  // Only Barack enrolled: Joe's face is unknown to the scan, as a consented child without a portrait would be.
  await mkdir(path.join(cwd, 'portraits'));
  await cp(fixture('demo/portraits/1001.jpg'), path.join(cwd, 'portraits', '1001.jpg'));
  expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
  const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
  expect(scan.code, scan.stderr).toBe(0);
});

afterAll(() => stopAndRemove(review, cwd));

async function startReview(): Promise<{ url: string; exit: Promise<number | null> }> {
  const started = await startIn(cwd);
  review = started.child;
  return started;
}

describe.skipIf(!hasChromium)('the review page in Chromium', () => {
  it('names, corrects, draws, drops, undoes and applies, and the output and report.json follow', async () => {
    const before = await readPublicReport<Report>(cwd);
    const indexOf = (source: string): number => before.photos.findIndex((p) => p.source === source);
    const { url, exit } = await startReview();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/);
    const { page, errors, close } = await openChromium({ viewport: { width: 1500, height: 900 } });
    try {
      const correcting = (act: () => Promise<void>): Promise<unknown> => sentTo(page, '/api/correct', act);
      const panel = (): Promise<string | null> => page.locator('.panel').textContent();
      const button = (text: string) => page.locator('.panel button', { hasText: text });
      const face = (n: number) => page.locator(`.viewer .face[data-face="${n}"]`);
      const open = (source: string) => page.locator('.list button', { hasText: source }).click();
      // Every word on the page comes from the server's tables; a status without one would read "undefined".
      const noUndefined = async (): Promise<void> => expect(await page.locator('body').textContent()).not.toContain('undefined');

      await page.goto(url);
      await page.waitForSelector('.viewer .face');
      await expect.poll(() => page.locator('.warning').first().textContent()).toMatch(/every face visible/);
      await noUndefined();

      // Keyboard: → goes to the next photo, ← back.
      const heading = (): Promise<string | null> => page.locator('.viewer h2').textContent();
      const first = await heading();
      await page.keyboard.press('ArrowRight');
      expect(await heading()).not.toBe(first);
      await page.keyboard.press('ArrowLeft');
      expect(await heading()).toBe(first);

      // Name: on sportdag-01.jpg, the face the scan did not know (Joe's) is Noor, who has public consent.
      await open('sportdag-01.jpg');
      const sportdag = indexOf('sportdag-01.jpg');
      const unknownFace = page.locator('.viewer .face', { hasText: 'unknown' }).first();
      const faceNumber = Number(await unknownFace.getAttribute('data-face'));
      const barack = 3 - faceNumber;
      await unknownFace.click();
      await noUndefined();
      // The search tells the two Sems apart by class.
      await page.locator('#search').fill('sem');
      await expect.poll(() => page.locator('#results button').allTextContents()).toEqual(['Sem Jansen — class 8a — 1003', 'Sem Bakker — class 8b — 1004']);
      await page.locator('#search').fill('noor');
      expect(await correcting(() => page.locator('#search').press('Enter'))).toEqual({ action: 'pupil', face: faceNumber, pupil: '1005', photo: sportdag });
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/Saved/);
      await expect.poll(panel).toMatch(/Waiting for Apply: this is Noor el Amrani/);

      // Not a face, then undo it, then always blur: Barack's face (consent) is anonymised all the same.
      await face(barack).click();
      expect(await correcting(() => button('Not a face').click())).toEqual({ action: 'not-a-face', face: barack, photo: sportdag });
      await expect.poll(panel).toMatch(/Waiting for Apply: not a face/);
      expect(await correcting(() => button('Undo').click())).toEqual({ action: 'undo', face: barack, photo: sportdag });
      await expect.poll(panel).not.toMatch(/Waiting for Apply/);
      await expect.poll(() => button('Undo').count()).toBe(0);
      expect(await correcting(() => button('Always blur').click())).toEqual({ action: 'blur', face: barack, photo: sportdag });
      await expect.poll(panel).toMatch(/Waiting for Apply: always blur/);
      await noUndefined();

      // sportdag-02-sideways.jpg: the stranger is not a pupil, Barack's box is not a face, and the photo is dropped.
      await open('sportdag-02-sideways.jpg');
      const sideways = indexOf('sportdag-02-sideways.jpg');
      await face(faceNumber).click();
      expect(await correcting(() => button('Not a pupil').click())).toEqual({ action: 'not-a-pupil', face: faceNumber, photo: sideways });
      await expect.poll(panel).toMatch(/Waiting for Apply: not a pupil/);
      await face(barack).click();
      expect(await correcting(() => button('Not a face').click())).toEqual({ action: 'not-a-face', face: barack, photo: sideways });
      expect(await correcting(() => page.locator('#drop').click())).toEqual({ action: 'drop', photo: sideways });
      await expect.poll(panel).toMatch(/Dropped by you \(after Apply\)/);
      await expect.poll(() => page.locator('#undrop').count()).toBe(1);

      // Draw a box on gordijnen.jpg, where the scan found no face.
      await open('gordijnen.jpg');
      await page.locator('#draw').click();
      const photo = page.locator('.viewer .photo');
      const area = (await photo.boundingBox())!;
      await page.mouse.move(area.x + area.width * 0.3, area.y + area.height * 0.25);
      await page.mouse.down();
      await page.mouse.move(area.x + area.width * 0.5, area.y + area.height * 0.55, { steps: 5 });
      const drawnBody = await correcting(() => page.mouse.up());
      expect(drawnBody).toMatchObject({ action: 'add-box', photo: indexOf('gordijnen.jpg') });
      await expect.poll(() => page.locator('.viewer .face.drawn').count()).toBe(1);
      await noUndefined();

      await page.locator('#apply').click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 120_000 }).toMatch(/Applied/);
      // The page shows the new result: the drawn box is now a face of the report, anonymised.
      await expect.poll(() => page.locator('.viewer .face', { hasText: 'anonymised' }).count()).toBe(1);
      const screenshot = process.env['PRIVACY_FILTER_SCREENSHOT'];
      await page.locator('.list button', { hasText: 'sportdag-01.jpg' }).click();
      await page.locator('.viewer .face').nth(faceNumber - 1).click();
      await noUndefined();
      await open('sportdag-02-sideways.jpg');
      await expect.poll(panel).toMatch(/Dropped by you\./);
      await expect.poll(() => page.locator('.list button', { hasText: 'sportdag-02-sideways.jpg' }).textContent()).toMatch(/dropped/);
      await open('sportdag-01.jpg');
      await page.locator('.viewer .face').nth(faceNumber - 1).click();
      if (screenshot !== undefined) await page.screenshot({ path: path.resolve(screenshot) });

      // Preview as published (v): the output copy the scan wrote, without boxes; a dropped photo says nothing went out.
      await page.keyboard.press('v');
      await expect.poll(() => page.locator('#preview').getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => page.locator('.viewer .face').count()).toBe(0);
      const published = page.locator('.viewer .photo.published img');
      await expect.poll(() => published.getAttribute('src')).toMatch(new RegExp(`^published/${indexOf('sportdag-01.jpg')}\\?token=`));
      await expect.poll(() => published.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1126);
      await open('sportdag-02-sideways.jpg');
      await expect.poll(() => page.locator('.viewer .placeholder').textContent()).toBe('Nothing of this photo is published: dropped.');
      await page.locator('#preview').click();
      await expect.poll(() => page.locator('.viewer .face').count()).toBeGreaterThan(0);

      const report = await readPublicReport<Report>(cwd);
      const named = report.photos.find((p) => p.source === 'sportdag-01.jpg')!;
      expect(named.faces[faceNumber - 1]).toMatchObject({ pupil: '1005', action: 'kept', correction: 'pupil' });
      expect(named.faces[barack - 1]).toMatchObject({ pupil: '1001', action: 'anonymised', correction: 'blur' });
      const dropped = report.photos.find((p) => p.source === 'sportdag-02-sideways.jpg')!;
      expect(dropped).toMatchObject({ decision: 'dropped', output: null });
      expect(dropped.faces.map((f) => f.correction).sort()).toEqual(['not-a-face', 'not-a-pupil']);
      const gordijnen = report.photos.find((p) => p.source === 'gordijnen.jpg')!;
      expect(gordijnen.decision).toBe('anonymised');
      expect(gordijnen.faces).toHaveLength(1);
      const drawn = gordijnen.faces[0]!;
      expect(drawn).toMatchObject({ action: 'anonymised', correction: 'added' });
      // 30–50 % across, 25–55 % down of a 320 × 240 photo.
      expect(drawn.box.x).toBeGreaterThan(85);
      expect(drawn.box.x).toBeLessThan(107);
      expect(drawn.box.width).toBeGreaterThan(55);
      expect(drawn.box.height).toBeGreaterThan(60);
      // In the output the box is anonymised: its middle no longer looks like the original.
      const middle = { left: Math.round(drawn.box.x + drawn.box.width / 4), top: Math.round(drawn.box.y + drawn.box.height / 4), width: Math.round(drawn.box.width / 2), height: Math.round(drawn.box.height / 2) };
      const original = await sharp(path.join(cwd, 'photos', 'gordijnen.jpg')).extract(middle).raw().toBuffer();
      const output = await sharp(path.join(cwd, 'photos-public', 'gordijnen.jpg')).extract(middle).raw().toBuffer();
      let diff = 0;
      for (let i = 0; i < original.length; i++) diff += Math.abs(original[i]! - output[i]!);
      expect(diff / original.length).toBeGreaterThan(4);

      await page.locator('#done').click();
      expect(await exit).toBe(0);
      review = null;
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
