/**
 * `npm run bench`, section review:
 * - how fast the review page opens on a sports day — a report of 500 photos with 5 000 faces
 *   (scripts/review-corpus.ts) — in Debian's chromium through playwright-core, as the teacher's browser would: the
 *   time from asking for the page to the first screen drawn (the list, the first photo with its face labels, its
 *   image loaded), the time the server took to answer /api/state, and how many images the browser asked for up front;
 * - how long Apply takes after one correction on `--apply-photos N` (default 60) photos of 12 MP (the demo's photos
 *   enlarged, copied): the same scan again with the cache, as Apply runs it, once with every thumbnail made again (as
 *   before: delete them first) and once keeping those of unchanged photos.
 * `--review-only` runs only this section; `--review-photos N` changes the size of the first.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { buildReviewCorpus } from './review-corpus.js';
import { CHROMIUM, hasChromium, openChromium, startServing } from './review-browser.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** What FIRST_SCREEN reads of the page (this file is compiled without the DOM types). */
interface PageDocument {
  querySelector(selector: string): { readonly complete?: boolean; readonly naturalWidth?: number } | null;
}

/** In the page: the list is there and the first photo's image has loaded. A function, not a string: the CSP forbids eval. */
function FIRST_SCREEN(): boolean {
  const doc = (globalThis as unknown as { document: PageDocument }).document;
  const img = doc.querySelector('.viewer .photo img');
  return doc.querySelector('.list button') !== null && img !== null && img.complete === true && (img.naturalWidth ?? 0) > 0;
}

export interface ReviewOpenResult {
  readonly photos: number;
  readonly faces: number;
  /** From page.goto to the first screen drawn, median of the runs (seconds). */
  readonly open: number;
  readonly opens: readonly number[];
  /** The server's time for GET /api/state (seconds, first run: nothing cached). */
  readonly state: number;
  /** Images the browser asked for before the teacher scrolled. */
  readonly images: number;
}

export async function benchReview(photos = 500, runs = 3, applyPhotos = 60): Promise<string> {
  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const lines: string[] = [];
  if (hasChromium) {
    const r = await measureReviewOpen(photos, runs);
    lines.push(
      `review page, ${r.photos} photos with ${r.faces} faces (scripts/review-corpus.ts), load ${load()}:`,
      `  open to first screen: ${r.open.toFixed(2)} s (median of ${r.opens.length}: ${r.opens.map((s) => s.toFixed(2)).join(', ')}); /api/state ${r.state.toFixed(2)} s; ${r.images} images requested up front`,
    );
  } else {
    lines.push(`review page: skipped, no ${CHROMIUM} (apt-get install chromium)`);
  }
  const a = await measureApply(applyPhotos);
  lines.push(
    `review Apply after one correction, ${a.photos} photos of 12 MP, cached, load ${load()}:`,
    `  every thumbnail made again (before) ${a.before.toFixed(1)} s → unchanged photos keep theirs ${a.after.toFixed(1)} s (${(a.before / a.after).toFixed(2)}x)`,
  );
  return lines.join('\n');
}

/** A working folder scanned once: `count` photos of 12 MP, the demo's three enlarged and copied over and over. */
export async function measureApply(count: number): Promise<{ photos: number; before: number; after: number }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-bench-apply-'));
  const env = { ...process.env, PRIVACY_FILTER_PASSPHRASE: process.env['PRIVACY_FILTER_PASSPHRASE'] ?? 'bench only, not for real pupils' };
  const cli = (...args: string[]): number => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(repo, 'bin', 'privacy-filter.js'), ...args], { cwd, env, encoding: 'utf8' });
    if (result.status !== 0 && result.status !== 3) throw new Error(`privacy-filter ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
    return (performance.now() - started) / 1000;
  };
  try {
    const demo = path.join(repo, 'fixtures', 'demo');
    await copyFile(path.join(demo, 'roster.csv'), path.join(cwd, 'roster.csv'));
    await mkdir(path.join(cwd, 'portraits'));
    for (const id of ['1001', '1002']) await copyFile(path.join(demo, 'portraits', `${id}.jpg`), path.join(cwd, 'portraits', `${id}.jpg`));
    const photos = path.join(cwd, 'sportdag');
    await mkdir(photos);
    const large = await Promise.all(
      ['sportdag-01.jpg', 'sportdag-02-sideways.jpg', 'gordijnen.jpg'].map((name) =>
        sharp(path.join(demo, 'photos', name)).rotate().resize({ width: 4032 }).jpeg({ quality: 90 }).toBuffer(),
      ),
    );
    for (let i = 0; i < count; i += 1) await writeFile(path.join(photos, `IMG_${String(i + 1).padStart(4, '0')}.jpg`), large[i % large.length]!);
    cli('init', '--roster', 'roster.csv', '--portraits', 'portraits');
    cli('scan', 'sportdag', '--scope', 'public', '--quiet');
    // One correction, as the teacher makes it before pressing Apply.
    cli('correct', 'sportdag/IMG_0001.jpg', '1', 'blur');
    await rm(path.join(cwd, 'sportdag-public-report', 'thumbs'), { recursive: true, force: true });
    const before = cli('scan', 'sportdag', '--scope', 'public', '--quiet');
    cli('correct', 'sportdag/IMG_0002.jpg', '1', 'blur');
    const after = cli('scan', 'sportdag', '--scope', 'public', '--quiet');
    return { photos: count, before, after };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

export async function measureReviewOpen(photos: number, runs: number): Promise<ReviewOpenResult> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-bench-review-'));
  const env = { ...process.env, PRIVACY_FILTER_PASSPHRASE: process.env['PRIVACY_FILTER_PASSPHRASE'] ?? 'bench only, not for real pupils' };
  const before = process.env['PRIVACY_FILTER_PASSPHRASE'];
  process.env['PRIVACY_FILTER_PASSPHRASE'] = env.PRIVACY_FILTER_PASSPHRASE;
  try {
    const corpus = await buildReviewCorpus(cwd, { photos });
    const opens: number[] = [];
    let state = 0;
    let images = 0;
    for (let run = 0; run < runs; run += 1) {
      // A new server each run: its caches start empty, as when the teacher runs privacy-filter review.
      const review = await startServing(['review', '--no-open'], cwd, env);
      const { page, close } = await openChromium({ viewport: { width: 1500, height: 900 }, profile: 'pf-bench-chromium-' });
      try {
        let requested = 0;
        page.on('request', (request) => {
          if (/\/(thumb|photo|face|published)\//u.test(new URL(request.url()).pathname)) requested += 1;
        });
        const stateTimed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/state').then(async (response) => {
          const timing = response.request().timing();
          return (timing.responseStart - timing.requestStart) / 1000;
        });
        stateTimed.catch(() => undefined);
        const start = performance.now();
        await page.goto(review.url);
        await page.waitForFunction(FIRST_SCREEN);
        opens.push((performance.now() - start) / 1000);
        if (run === 0) {
          state = await stateTimed;
          await page.waitForTimeout(1500);
          images = requested;
        }
      } finally {
        await close();
        review.child.kill('SIGTERM');
      }
    }
    const sorted = [...opens].sort((a, b) => a - b);
    return { photos: corpus.photos, faces: corpus.faces, open: sorted[Math.floor((sorted.length - 1) / 2)]!, opens, state, images };
  } finally {
    if (before === undefined) delete process.env['PRIVACY_FILTER_PASSPHRASE'];
    else process.env['PRIVACY_FILTER_PASSPHRASE'] = before;
    await rm(cwd, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  console.log(await benchReview(arg('--review-photos', 500), 3, arg('--apply-photos', 60)));
}
