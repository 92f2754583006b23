/**
 * The review page's web server: reachable only from this computer and only with the token of this run.
 * - binds 127.0.0.1, on a free port;
 * - every request needs the token (query `token` for what the browser loads itself, the `X-Review-Token` header for
 *   the page's own requests); without it: 403 and nothing else;
 * - a Host other than `127.0.0.1:<port>` or `localhost:<port>` is refused, so a web page elsewhere cannot reach the
 *   server through DNS rebinding;
 * - a request that changes something must carry the token in the header and a JSON body: a form or image on another
 *   site can send neither, and no CORS header is ever sent, so no other origin may read an answer or send a header;
 * - a strict Content-Security-Policy: the page loads nothing from anywhere else;
 * - it serves the page, the report's thumbnails, the scan's photos, their faces and their published copies by their number in the
 *   report, never a path; a published copy only when the scan wrote it and it is still what it wrote (published.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toError, UserError } from '../errors.js';
import { outputLang } from '../i18n/current.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { pick, type Text } from '../i18n/text.js';
import { parseEditRequest, parseGroupRequest } from './requests.js';
import type { ReviewSession } from './session.js';
import { reviewState } from './state.js';
import { CLIENT_CSS, clientScript, labelPlaceScript, pageHtml } from './page.js';
import { faceCropForBrowser, photoForBrowser, thumbnailFile } from './photos.js';
import { publishedFile } from './published.js';
import { clipPicture, publishedStill } from './clip-picture.js';
import { readFile } from 'node:fs/promises';

export const TOKEN_HEADER = 'x-review-token';

export const SERVER_LIMITS = Object.freeze({
  /** A correction is a few dozen bytes; anything much larger is not one. */
  maxBodyBytes: 16 * 1024,
});

/** What the page's Apply button runs: the same scan again. Resolves with the scan's exit code and its output. */
export type ApplyScan = () => Promise<{ readonly code: number; readonly output: string }>;

export interface ReviewServer {
  /** `http://127.0.0.1:<port>/?token=<token>` */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Resolves when the teacher pressed Done (or `close` was called). */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Photos of children: nothing of this goes into a browser cache on disk.
  'Cache-Control': 'no-store',
});

/**
 * @param options.lang the page's language, and of the errors the server answers: the command's (`--lang`, the
 * system's) unless a test chooses.
 */
export async function startReviewServer(
  session: ReviewSession,
  apply: ApplyScan,
  options: { readonly token?: string; readonly lang?: Lang } = {},
): Promise<ReviewServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const lang = options.lang ?? outputLang();
  const state = (): Promise<unknown> => reviewState(session, lang);
  /** A refusal the page shows after "Not saved:", in the page's language. */
  const refuse = (response: ServerResponse, status: number, error: Text): void => sendJson(response, status, { error: pick(error, lang) });
  const refused = (response: ServerResponse, caught: UserError): void =>
    sendJson(response, 400, { error: caught.hintText === undefined ? pick(caught.text, lang) : `${pick(caught.text, lang)} ${pick(caught.hintText, lang)}` });
  const script = await clientScript();
  const labelPlace = await labelPlaceScript();
  let port = 0;
  let applying = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const host = request.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(response, 403, 'text/plain', msg.review.server.forbidden[lang]);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const method = request.method ?? 'GET';
    const headerToken = request.headers[TOKEN_HEADER];
    const given = typeof headerToken === 'string' ? headerToken : method === 'GET' ? url.searchParams.get('token') : null;
    if (given === null || !sameToken(given, token)) return send(response, 403, 'text/plain', msg.review.server.forbidden[lang]);

    if (method === 'GET') {
      const route = url.pathname;
      if (route === '/') return send(response, 200, 'text/html; charset=utf-8', pageHtml(token, lang));
      if (route === '/app.js') return send(response, 200, 'text/javascript; charset=utf-8', script);
      if (route === '/label-place.js') return send(response, 200, 'text/javascript; charset=utf-8', labelPlace);
      // Named by the page itself (with the token), so the browser does not ask for /favicon.ico without one.
      if (route === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
      if (route === '/app.css') return send(response, 200, 'text/css; charset=utf-8', CLIENT_CSS);
      if (route === '/api/state') return sendState(response, state, lang);
      const crop = /^\/face\/(\d{1,6})\/(\d{1,4})$/u.exec(route);
      if (crop !== null) {
        // The People view's crops: face n (1-based) of photo `index`, as the report placed it.
        const index = Number(crop[1]);
        const photo = session.report().photos[index];
        const face = photo?.faces[Number(crop[2]) - 1];
        const file = session.photoFile(index);
        if (photo === undefined || face === undefined || photo.imageSize === null || file === null) return send(response, 404, 'text/plain', 'Not found');
        const source = photo.kind === 'video' ? await clipPicture(file, photo.faces, photo.imageSize).catch(() => null) : file;
        const bytes = source === null ? null : await faceCropForBrowser(source, face.box, photo.imageSize).catch(() => null);
        return bytes === null ? send(response, 404, 'text/plain', 'Not found') : send(response, 200, 'image/jpeg', bytes);
      }
      const photo = /^\/(photo|thumb|published)\/(\d{1,6})$/u.exec(route);
      if (photo !== null) {
        const index = Number(photo[2]);
        if (photo[1] === 'published') {
          // Upright and without metadata like the photos, though the scan already stripped it: one rule for all.
          const published = await publishedFile(session.reportDir, session.report(), index);
          const entry = session.report().photos[index];
          // A published clip is shown by a frame of it: the first track's best view, as it went out.
          const shown = published === null ? null : entry?.kind === 'video' ? await publishedStill(published, entry.faces[0]?.track?.at ?? 0).catch(() => null) : published;
          const bytes = shown === null ? null : await photoForBrowser(shown).catch(() => null);
          return bytes === null ? send(response, 404, 'text/plain', 'Not found') : send(response, 200, 'image/jpeg', bytes);
        }
        const file = session.photoFile(index);
        if (file === null) return send(response, 404, 'text/plain', 'Not found');
        const clip = session.report().photos[index];
        if (clip?.kind === 'video') {
          // A clip's tracks shown where the report's boxes are (src/review/clip-picture.ts), for the photo and its thumbnail.
          const picture = clip.imageSize === null ? null : await clipPicture(file, clip.faces, clip.imageSize).catch(() => null);
          const bytes = picture === null ? null : await photoForBrowser(picture).catch(() => null);
          return bytes === null ? send(response, 404, 'text/plain', 'Not found') : send(response, 200, 'image/jpeg', bytes);
        }
        if (photo[1] === 'thumb') {
          const thumb = await readFile(thumbnailFile(session.reportDir, index)).catch(() => null);
          return thumb === null ? send(response, 404, 'text/plain', 'Not found') : send(response, 200, 'image/jpeg', thumb);
        }
        const bytes = await photoForBrowser(file).catch(() => null);
        return bytes === null ? send(response, 404, 'text/plain', 'Not found') : send(response, 200, 'image/jpeg', bytes);
      }
      return send(response, 404, 'text/plain', 'Not found');
    }
    if (method !== 'POST') return send(response, 405, 'text/plain', 'Method not allowed');
    // State changes only with the token in the header, never in the address.
    if (typeof headerToken !== 'string') return send(response, 403, 'text/plain', msg.review.server.forbidden[lang]);
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(response, 400, msg.review.server.expectedJson);
    const body = await readBody(request);
    if (body === null) return refuse(response, 400, msg.review.server.badBody);
    switch (url.pathname) {
      case '/api/correct': {
        const parsed = parseEditRequest(body);
        if (!parsed.ok) return refuse(response, 400, parsed.error);
        try {
          await session.edit(parsed.photo, parsed.edit);
        } catch (caught) {
          if (caught instanceof UserError) return refused(response, caught);
          throw caught;
        }
        return sendState(response, state, lang);
      }
      case '/api/correct-group': {
        // The People view: one request names every face of a group, minus the faces taken out.
        const parsed = parseGroupRequest(body);
        if (!parsed.ok) return refuse(response, 400, parsed.error);
        try {
          await session.editGroup(parsed.edit);
        } catch (caught) {
          if (caught instanceof UserError) return refused(response, caught);
          throw caught;
        }
        return sendJson(response, 200, await state());
      }
      case '/api/apply': {
        if (applying) return refuse(response, 409, msg.review.server.applying);
        applying = true;
        try {
          const result = await apply();
          await session.reload();
          return sendJson(response, 200, { code: result.code, output: result.output, state: await state() });
        } finally {
          applying = false;
        }
      }
      case '/api/done':
        sendJson(response, 200, { done: true });
        finish();
        return;
      default:
        return send(response, 404, 'text/plain', 'Not found');
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((caught: unknown) => {
      // A bug: say so on the terminal, tell the page only that it failed.
      process.stderr.write(`privacy-filter review: ${toError(caught).stack ?? String(caught)}\n`);
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const close = async (): Promise<void> => {
    finish();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}/?token=${token}`, port, token, done, close };
}

/**
 * The page's state, or the error that keeps it from being shown (damaged corrections, say) for the page to print and
 * on the terminal: never a page that looks complete without them.
 */
async function sendState(response: ServerResponse, state: () => Promise<unknown>, lang: Lang): Promise<void> {
  try {
    sendJson(response, 200, await state());
  } catch (caught) {
    if (!(caught instanceof UserError)) throw caught;
    process.stderr.write(`privacy-filter review: ${caught.format(lang)}\n`);
    sendJson(response, 500, { error: caught.format(lang).replace(/\n\s*/gu, ' ') });
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** The parsed JSON body, or null when it is too large or not JSON. */
async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > SERVER_LIMITS.maxBodyBytes) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
