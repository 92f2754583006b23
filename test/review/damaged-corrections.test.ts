/**
 * A corrections file that cannot be read is never shown as "no corrections": review (and correct) refuse to start
 * with the file named, and a page already open gets the error instead of a state without them. Before, the page
 * showed every photo with nothing pending.
 */
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReviewServer, TOKEN_HEADER } from '../../src/review/server.js';
import { openReviewSession } from '../../src/review/session.js';
import { UserError } from '../../src/errors.js';
import { repoRoot } from '../helpers/shared.js';
import { fakeScan, type FakeScan } from './fake-scan.js';

let scan: FakeScan;
const correctionsFile = (): string => path.join(scan.cwd, '.privacy-filter', 'corrections.enc');
/** Bytes that do not decrypt: a truncated copy, a disk error, an edit. */
const damage = (): Promise<void> => writeFile(correctionsFile(), 'not what privacy-filter wrote');

beforeEach(async () => {
  scan = await fakeScan();
});
afterEach(async () => {
  await scan.cleanup();
});

function get(port: number, token: string, route: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: route, headers: { Host: `127.0.0.1:${port}`, [TOKEN_HEADER]: token } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('damaged corrections and the review', () => {
  it('the session refuses to open, naming the corrections file', async () => {
    await damage();
    const error = await openReviewSession(scan.reportDir, scan.cwd).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).place.file).toBe(correctionsFile());
  });

  it('a page already open gets the error, not a state with nothing pending', async () => {
    const session = await openReviewSession(scan.reportDir, scan.cwd);
    const server = await startReviewServer(session, async () => ({ code: 0, output: '' }));
    try {
      expect((await get(server.port, server.token, '/api/state')).status).toBe(200);
      await damage();
      const answer = await get(server.port, server.token, '/api/state');
      expect(answer.status).toBe(500);
      expect((JSON.parse(answer.body) as { error: string }).error).toMatch(/corrections\.enc: This file of privacy-filter was altered/);
    } finally {
      await server.close();
    }
  });

  it('privacy-filter review exits 2 with the file instead of serving the page', async () => {
    await damage();
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'privacy-filter.js'), 'review', scan.reportDir, '--no-open'], {
      cwd: scan.cwd,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/corrections\.enc/);
    expect(result.stdout).not.toMatch(/http:\/\/127\.0\.0\.1/);
  });
});
