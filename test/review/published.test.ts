/**
 * The review server's published copies (GET /published/<n>, the page's "preview as published"), on a real scan of
 * the demo: served upright, without metadata and anonymised; refused (404) whenever the file is not what the scan
 * wrote — bytes replaced (the original put in its place), a link out of the output folder (even to an identical
 * copy), a report.json pointing elsewhere, no ledger — and without the token (403).
 */
import { request as httpRequest } from 'node:http';
import { copyFile, cp, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, TOKEN_HEADER, type ReviewServer } from '../../src/review/server.js';
import { openReviewSession, type ReviewSession } from '../../src/review/session.js';
import { LEDGER_FILE } from '../../src/history/ledger.js';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../scan/cli-helpers.js';

interface Report {
  photos: { source: string; output: string | null; faces: { box: { x: number; y: number; width: number; height: number }; action: string }[] }[];
}

let cwd: string;
let outside: string;
let session: ReviewSession;
let server: ReviewServer;
let report: Report;
const reportDir = (): string => path.join(cwd, 'photos-public-report');
const indexOf = (source: string): number => report.photos.findIndex((p) => p.source === source);
const outputOf = (source: string): string => path.join(cwd, 'photos-public', report.photos[indexOf(source)]!.output!);

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'pf-published-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'pf-published-outside-'));
  await cp(fixture('demo'), cwd, { recursive: true });
  expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
  const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
  expect(scan.code, scan.stderr).toBe(0);
  report = JSON.parse(await readFile(path.join(reportDir(), 'report.json'), 'utf8')) as Report;
  session = await openReviewSession('photos-public-report', cwd);
  server = await startReviewServer(session, async () => ({ code: 0, output: '' }));
}, 240_000);

afterAll(async () => {
  await server?.close();
  await rm(cwd, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

function get(route: string, withToken = true): Promise<{ status: number; type: string; body: Buffer }> {
  const headers = { Host: `127.0.0.1:${server.port}`, ...(withToken ? { [TOKEN_HEADER]: server.token } : {}) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: route, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /published/<n>', () => {
  it('serves the published copy upright, without metadata, with the faces anonymised as published', async () => {
    const sideways = indexOf('sportdag-02-sideways.jpg');
    const published = await get(`/published/${sideways}`);
    expect(published.status).toBe(200);
    expect(published.type).toBe('image/jpeg');
    const meta = await sharp(published.body).metadata();
    expect({ width: meta.width, height: meta.height, exif: meta.exif, orientation: meta.orientation }).toEqual({ width: 1126, height: 661, exif: undefined, orientation: undefined });
    // Joe (no public consent) is anonymised in the copy and not in the original: his box differs, the rest barely.
    const original = await get(`/photo/${sideways}`);
    const faces = report.photos[sideways]!.faces;
    const joe = faces.find((f) => f.action === 'anonymised')!.box;
    const diff = async (box: { x: number; y: number; width: number; height: number }): Promise<number> => {
      const region = { left: Math.round(box.x), top: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
      const [a, b] = await Promise.all([original.body, published.body].map((bytes) => sharp(bytes).extract(region).raw().toBuffer()));
      let sum = 0;
      for (let i = 0; i < a!.length; i++) sum += Math.abs(a![i]! - b![i]!);
      return sum / a!.length;
    };
    expect(await diff(joe)).toBeGreaterThan(8);
    expect(await diff({ x: 0, y: 0, width: 100, height: 100 })).toBeLessThan(4);
    expect((await get(`/published/${indexOf('gordijnen.jpg')}`)).status).toBe(200);
  });

  it('refuses without the token, and a photo number the report does not have', async () => {
    expect((await get(`/published/${indexOf('gordijnen.jpg')}`, false)).status).toBe(403);
    expect((await get(`/published/${report.photos.length}`)).status).toBe(404);
    expect((await get('/published/-1')).status).toBe(404);
    expect((await get('/published/..%2Fphotos%2Fgordijnen.jpg')).status).toBe(404);
  });

  it('refuses every copy while the scan has no ledger to vouch for it', async () => {
    const ledger = path.join(reportDir(), LEDGER_FILE);
    await rename(ledger, `${ledger}.away`);
    try {
      expect((await get(`/published/${indexOf('gordijnen.jpg')}`)).status).toBe(404);
    } finally {
      await rename(`${ledger}.away`, ledger);
    }
    expect((await get(`/published/${indexOf('gordijnen.jpg')}`)).status).toBe(200);
  });

  it('refuses a published file whose bytes were replaced since the scan (the original put in its place)', async () => {
    expect((await get(`/published/${indexOf('sportdag-01.jpg')}`)).status).toBe(200);
    await copyFile(path.join(cwd, 'photos', 'sportdag-01.jpg'), outputOf('sportdag-01.jpg'));
    expect((await get(`/published/${indexOf('sportdag-01.jpg')}`)).status).toBe(404);
  });

  it('refuses a link out of the output folder, even to an identical copy', async () => {
    expect((await get(`/published/${indexOf('sportdag-02-sideways.jpg')}`)).status).toBe(200);
    const file = outputOf('sportdag-02-sideways.jpg');
    const copy = path.join(outside, 'copy.jpg');
    await copyFile(file, copy);
    await rm(file);
    await symlink(copy, file);
    expect((await get(`/published/${indexOf('sportdag-02-sideways.jpg')}`)).status).toBe(404);
  });

  it('refuses a report.json that names a file outside the output folder', async () => {
    expect((await get(`/published/${indexOf('gordijnen.jpg')}`)).status).toBe(200);
    const file = path.join(reportDir(), 'report.json');
    const edited = JSON.parse(await readFile(file, 'utf8')) as Report;
    edited.photos[indexOf('gordijnen.jpg')]!.output = '../photos/gordijnen.jpg';
    await writeFile(file, JSON.stringify(edited));
    await session.reload();
    expect((await get(`/published/${indexOf('gordijnen.jpg')}`)).status).toBe(404);
  });
});
