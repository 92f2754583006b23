/** The review server's refusals, each on its own: token, Host, paths, bodies, and no CORS. */
import { request as httpRequest } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, TOKEN_HEADER, type ReviewServer } from '../../src/review/server.js';
import { openReviewSession } from '../../src/review/session.js';
import { readCorrections } from '../../src/store/corrections.js';
import { openStoreAndSweep } from '../../src/store/open.js';
import { fakeScan, type FakeScan } from './fake-scan.js';

let scan: FakeScan;
let server: ReviewServer;
let applied = 0;

beforeAll(async () => {
  scan = await fakeScan();
  const session = await openReviewSession(scan.reportDir, scan.cwd);
  server = await startReviewServer(session, async () => {
    applied += 1;
    return { code: 0, output: 'Scanned 2 photos' };
  });
});

afterAll(async () => {
  await server.close();
  await scan.cleanup();
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function call(route: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string; token?: 'query' | 'header' | 'none' } = {}): Promise<Answer> {
  const token = options.token ?? 'header';
  const url = token === 'query' ? `${route}${route.includes('?') ? '&' : '?'}token=${server.token}` : route;
  const headers: Record<string, string> = { Host: options.host ?? `127.0.0.1:${server.port}`, ...(token === 'header' ? { [TOKEN_HEADER]: server.token } : {}), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: url, method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = { 'Content-Type': 'application/json' };
/** The store's corrections document, encrypted like the rest of the store (corrections.enc). */
const correctionsFile = (): string => path.join(scan.cwd, '.privacy-filter', 'corrections.enc');

describe('the review server', () => {
  it('prints an address on 127.0.0.1 with a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the page with the token, under a strict Content-Security-Policy and without CORS headers', async () => {
    const page = await call('/', { token: 'query' });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('shows the original photos, with every face visible');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(Object.keys(page.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // The page's script lives at its own address under the same policy: src/review/page/app.ts compiled, one file
    // that imports nothing (the browser would fetch an import without the token, and be refused).
    const script = await call('/app.js', { token: 'query' });
    expect(script.status).toBe(200);
    expect(script.body.toString()).toContain("api('api/state')");
    expect(script.body.toString()).not.toMatch(/^\s*import\b|\bimport\s*\(/mu);
  });

  it.each([
    ['no token', { token: 'none' as const }],
    ['a wrong token', { token: 'none' as const, headers: { [TOKEN_HEADER]: 'x'.repeat(32) } }],
  ])('answers %s with 403 and nothing else', async (_what, options) => {
    for (const route of ['/', '/api/state', '/photo/0', '/thumb/0', '/nothing-here']) {
      const answer = await call(route, options);
      expect(answer.status, route).toBe(403);
      expect(answer.body.toString()).toBe('Forbidden');
    }
  });

  it('refuses a Host other than 127.0.0.1:<port> or localhost:<port> (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example:80', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1.nip.io:${server.port}`]) {
      const answer = await call('/api/state', { host });
      expect(answer.status, host).toBe(403);
    }
    expect((await call('/api/state', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it("serves that scan's photos and thumbnails by number, and 404 for anything else", async () => {
    const photo = await call('/photo/0', { token: 'query' });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await call('/thumb/1', { token: 'query' })).status).toBe(200);
    for (const route of ['/photo/3', '/thumb/99', '/photo/-1', '/photo/../report.json', '/photos/sportdag-01.jpg', '/report.json', '/.privacy-filter/config.json', '/thumbs/0001.jpg', '/%2e%2e/roster.csv']) {
      expect((await call(route, { token: 'query' })).status, route).toBe(404);
    }
  });

  it('sends the photo upright and without its metadata', async () => {
    const original = await readFile(path.join(scan.photosDir, 'sportdag-02-sideways.jpg'));
    expect(original.includes(Buffer.from('Exif'))).toBe(true);
    const photo = await call('/photo/2', { token: 'query' });
    expect(photo.body.includes(Buffer.from('Exif'))).toBe(false);
    const meta = await sharp(photo.body).metadata();
    expect(meta.width).toBeGreaterThan(meta.height);
    expect(meta.orientation ?? 1).toBe(1);
  });

  it("serves a face's crop for the People view: that face's square, small, without metadata; 404 for a face the report does not have", async () => {
    const crop = await call('/face/0/2', { token: 'query' });
    expect(crop.status).toBe(200);
    expect(crop.headers['content-type']).toBe('image/jpeg');
    expect(crop.body.includes(Buffer.from('Exif'))).toBe(false);
    expect(await sharp(crop.body).metadata()).toMatchObject({ width: 176, height: 176 });
    // It shows face 2's box (700,130 110×140, with a margin), not face 1's: compared with those squares of the photo.
    const photo = await call('/photo/0', { token: 'query' });
    const pixels = (bytes: Buffer, region?: sharp.Region): Promise<Buffer> => {
      const image = sharp(bytes);
      return (region === undefined ? image : image.extract(region)).resize(176, 176).removeAlpha().raw().toBuffer();
    };
    const got = await pixels(crop.body);
    const differs = async (region: sharp.Region): Promise<number> => {
      const want = await pixels(photo.body, region);
      let sum = 0;
      for (let i = 0; i < got.length; i++) sum += Math.abs(got[i]! - want[i]!);
      return sum / got.length;
    };
    const side = Math.round(140 * 1.3);
    expect(await differs({ left: Math.round(755 - side / 2), top: Math.round(200 - side / 2), width: side, height: side })).toBeLessThan(6);
    expect(await differs({ left: Math.round(360 - side / 2), top: Math.round(195 - side / 2), width: side, height: side })).toBeGreaterThan(15);
    for (const route of ['/face/0/3', '/face/0/0', '/face/1/1', '/face/9/1', '/face/-1/1', '/face/0', '/face/0/1/x']) {
      expect((await call(route, { token: 'query' })).status, route).toBe(404);
    }
    expect((await call('/face/0/1', { token: 'none' })).status).toBe(403);
  });

  it('accepts a change only with the token in a header and a JSON body', async () => {
    const body = JSON.stringify({ photo: 0, action: 'blur', face: 1 });
    // A form or an image elsewhere can put the token in the address, never in a header.
    expect((await call('/api/correct', { method: 'POST', token: 'query', headers: json, body })).status).toBe(403);
    expect((await call('/api/correct', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body })).status).toBe(400);
    expect((await call('/api/correct', { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } })).headers['access-control-allow-origin']).toBeUndefined();
    await expect(stat(correctionsFile())).rejects.toThrow();
  });

  it.each([
    ['not JSON', '{photo: 0'],
    ['an unknown action', JSON.stringify({ photo: 0, action: 'publish', face: 1 })],
    ['a photo the report does not have', JSON.stringify({ photo: 7, action: 'blur', face: 1 })],
    ['a face the photo does not have', JSON.stringify({ photo: 0, action: 'blur', face: 3 })],
    ['an unknown pupil', JSON.stringify({ photo: 0, action: 'pupil', face: 2, pupil: '9999' })],
    ['a box outside the photo', JSON.stringify({ photo: 0, action: 'add-box', box: { x: 1100, y: 0, width: 100, height: 100 } })],
    ['an extra field', JSON.stringify({ photo: 0, action: 'drop', path: '../x' })],
    ['a body too large', JSON.stringify({ photo: 0, action: 'drop', pad: 'x'.repeat(20_000) })],
  ])('answers a body with %s with 400 and stores nothing', async (_what, body) => {
    const answer = await call('/api/correct', { method: 'POST', headers: json, body });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString())).toHaveProperty('error');
    await expect(stat(correctionsFile())).rejects.toThrow();
  });

  it('stores a valid correction and shows it as waiting for Apply', async () => {
    const answer = await call('/api/correct', { method: 'POST', headers: json, body: JSON.stringify({ photo: 0, action: 'pupil', face: 2, pupil: '1002' }) });
    expect(answer.status).toBe(200);
    const state = JSON.parse(answer.body.toString()) as { photos: { index: number; pending: { faces: { pupil: string; applied: boolean }[] } }[] };
    expect(state.photos.find((p) => p.index === 0)!.pending.faces).toMatchObject([{ pupil: '1002', applied: false }]);
    const stored = await readCorrections((await openStoreAndSweep(scan.cwd))!);
    expect([...stored.values()].map((p) => p.faces.map((f) => f.correction))).toEqual([[{ kind: 'pupil', pupilId: '1002' }]]);
    // Encrypted on disk: the pupil number is not readable in the file.
    expect((await readFile(correctionsFile())).includes(Buffer.from('1002'))).toBe(false);
  });

  it('names a people group in one request, refusing a group the report does not have', async () => {
    const unknown = await call('/api/correct-group', { method: 'POST', headers: json, body: JSON.stringify({ group: 'p9999999999', action: 'blur' }) });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body.toString()).error).toMatch(/no group of faces called p9999999999/);
    const answer = await call('/api/correct-group', { method: 'POST', headers: json, body: JSON.stringify({ group: 'p0123456789', action: 'blur', except: [] }) });
    expect(answer.status).toBe(200);
    const state = JSON.parse(answer.body.toString()) as { photos: { index: number; faces: { group: string | null }[]; pending: { faces: { correction: string }[] } }[] };
    const photo = state.photos.find((p) => p.index === 0)!;
    expect(photo.faces.map((f) => f.group)).toEqual([null, 'p0123456789']);
    // The group's one face now says blur: the last word counts, as for a single face.
    expect(photo.pending.faces.map((f) => f.correction)).toEqual(['blur']);
  });

  it('runs the scan again on Apply, and stops on Done', async () => {
    const answer = await call('/api/apply', { method: 'POST', headers: json, body: '{}' });
    expect(answer.status).toBe(200);
    expect(applied).toBe(1);
    let finished = false;
    void server.done.then(() => (finished = true));
    expect((await call('/api/done', { method: 'POST', headers: json, body: '{}' })).status).toBe(200);
    await server.done;
    expect(finished).toBe(true);
  });
});
