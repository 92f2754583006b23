/**
 * The review page on a sports day, in Chromium: a report of 200 photos with 10 faces each (scripts/review-corpus.ts,
 * no face engines). Opening it must not fetch every thumbnail, the list draws in chunks as it scrolls, long photo
 * names are not cut off, and the face labels of a crowded photo do not cover one another. How fast it opens is
 * measured by `npm run bench` (section review), never here. Skips where chromium is not installed.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReviewCorpus } from '../../scripts/review-corpus.js';
import { hasChromium, openChromium, sayWhySkipped, startReview, stopAndRemove } from '../helpers/review-browser.js';

sayWhySkipped('test/review/scale.test.ts');

const PHOTOS = 200;
/** The first screen: the photo, the thumbnails the list shows (about 12) and those just below it. */
const MAX_IMAGES_UP_FRONT = 40;

let cwd: string;
let review: ChildProcess | null = null;

beforeAll(async () => {
  if (!hasChromium) return;
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-review-scale-'));
  await buildReviewCorpus(cwd, { photos: PHOTOS, facesPerPhoto: 10 });
}, 120_000);

afterAll(() => stopAndRemove(review, cwd));

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlaps = (a: Rect, b: Rect): boolean =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;

describe.skipIf(!hasChromium)('the review page with 200 photos and 2 000 faces', () => {
  it('asks for few images up front, draws the list as it scrolls, shows whole names and labels that do not overlap', async () => {
    const started = await startReview(cwd);
    review = started.child;
    const { page, errors, close } = await openChromium({ viewport: { width: 1500, height: 900 } });
    try {
      const images: string[] = [];
      page.on('request', (request) => {
        const route = new URL(request.url()).pathname;
        if (/^\/(thumb|photo|face|published)\//u.test(route)) images.push(route);
      });
      await page.goto(started.url);
      await page.waitForSelector('.viewer .face span');
      // Let whatever the page asks for on its own arrive.
      await page.waitForTimeout(1500);
      expect(images.length, images.join(' ')).toBeLessThanOrEqual(MAX_IMAGES_UP_FRONT);
      expect(images).toContain('/photo/0');

      // The list draws a chunk, and more as its end scrolls into reach, up to every photo.
      const items = page.locator('.list button');
      const first = await items.count();
      expect(first).toBeLessThan(PHOTOS);
      for (let i = 0; i < 20 && (await items.count()) < PHOTOS; i += 1) {
        await page.locator('.list').evaluate((nav) => nav.scrollTo(0, nav.scrollHeight));
        await page.waitForTimeout(100);
      }
      expect(await items.count()).toBe(PHOTOS);
      // Thumbnails came as they scrolled by, not all at once at the start.
      expect(images.filter((route) => route.startsWith('/thumb/')).length).toBeGreaterThan(MAX_IMAGES_UP_FRONT);

      // Names of 45 characters that differ only at the end: each shown whole (wrapped), and whole on hover.
      const names = await items.evaluateAll((buttons) =>
        buttons.slice(0, 30).map((button) => {
          const source = button.querySelector('.source') as unknown as { scrollWidth: number; clientWidth: number; textContent: string } | null;
          return { title: button.getAttribute('title'), text: source?.textContent ?? null, cut: source === null || source.scrollWidth > source.clientWidth };
        }),
      );
      for (const name of names) {
        expect(name.text).toMatch(/^sportdag-2026-06-12-atletiekbaan-\d{4}\.jpg$/u);
        expect(name.title).toBe(name.text);
        expect(name.cut, name.text ?? '').toBe(false);
      }

      // Ten faces shoulder to shoulder in two rows: every label inside the photo, none over another.
      const labels = async (): Promise<{ photo: Rect; spans: Rect[] }> => {
        const photo = (await page.locator('.viewer .photo').boundingBox())!;
        const spans = await page.locator('.viewer .face span').evaluateAll((nodes) =>
          nodes.map((node) => {
            const r = (node as unknown as { getBoundingClientRect(): Rect }).getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        );
        return { photo, spans };
      };
      for (const width of [1500, 1150]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(300);
        const { photo, spans } = await labels();
        expect(spans).toHaveLength(10);
        const clashes = spans.flatMap((a, i) => spans.slice(i + 1).flatMap((b, j) => (overlaps(a, b) ? [`${i + 1}/${i + j + 2}`] : [])));
        expect(clashes, `at ${width} px`).toEqual([]);
        for (const span of spans) {
          expect(span.x).toBeGreaterThanOrEqual(photo.x - 0.5);
          expect(span.y).toBeGreaterThanOrEqual(photo.y - 0.5);
          expect(span.x + span.width).toBeLessThanOrEqual(photo.x + photo.width + 0.5);
          expect(span.y + span.height).toBeLessThanOrEqual(photo.y + photo.height + 0.5);
        }
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
