import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvHeader, reportCsv } from '../../src/report/csv.js';
import { esc, reportHtml } from '../../src/report/html.js';
import { reportJson } from '../../src/report/json.js';
import { photoReasonLines, pupilLabel } from '../../src/report/reasons.js';
import type { FaceRecord, PhotoRecord, ScanReport } from '../../src/report/types.js';
import { writeReports } from '../../src/report/write.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';
import { faceRecord, scanReport } from '../../scripts/report-options.js';

const ODD_NAME = 'trip;day "best".png'; // a user's file name with the CSV separator and a quote
const NASTY_PUPIL = '<b>Zoë & "Co"</b>';
const names = new Map([
  ['1234', 'Sem de Vries'],
  ['77', NASTY_PUPIL],
]);

const face = faceRecord;

function photo(over: Partial<PhotoRecord> & Pick<PhotoRecord, 'source' | 'decision'>): PhotoRecord {
  return { output: null, review: null, imageSize: { width: 800, height: 600 }, faces: [], why: { kind: 'publish', faces: 0 }, error: null, ...over };
}

function buildReport(photos: PhotoRecord[]): ScanReport {
  return scanReport(photos, {
    scope: 'group',
    className: '5b',
    startedAt: '2025-06-12T09:30:00.000Z',
    finishedAt: '2025-06-12T09:31:10.000Z',
    input: '/photos/sportdag',
    output: '/photos/sportdag-group-5b',
    reviewDir: '/photos/sportdag-review',
    backend: 'wasm',
  });
}

let dir: string;
let inputDir: string;
let reportDir: string;
let report: ScanReport;
let files: { json: string; csv: string; html: string };
let html: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-report-'));
  inputDir = path.join(dir, 'in');
  reportDir = path.join(dir, 'report');
  await mkdir(path.join(inputDir, 'sub'), { recursive: true });
  // 800×600 stored sideways with EXIF orientation 6: as a person sees it, 600 wide and 800 high.
  await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4080c0' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toFile(path.join(inputDir, 'sideways.jpg'));
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c08040' } }).png().toFile(path.join(inputDir, 'sub', ODD_NAME));
  await writeFile(path.join(inputDir, 'broken.jpg'), 'not a photo at all');
  const photos: PhotoRecord[] = [
    photo({ source: 'nofaces.jpg', decision: 'publish', output: 'nofaces.jpg' }),
    photo({
      source: 'sideways.jpg',
      decision: 'anonymised',
      output: 'sideways.jpg',
      imageSize: { width: 600, height: 800 },
      faces: [
        face({
          pupil: '1234',
          distance: 0.41234,
          status: 'not-consented',
          box: { x: 10, y: 20, width: 200, height: 220 },
          reason: { finding: { kind: 'no-consent', pupil: '1234', missing: ['group'], group: null }, outcome: { kind: 'anonymised' } },
        }),
        face({
          pupil: '77',
          distance: 0.3,
          status: 'consented',
          action: 'kept',
          box: { x: 300, y: 400, width: 150, height: 160 },
          reason: { finding: { kind: 'consent', pupil: '77', consents: ['group'], group: null }, outcome: { kind: 'kept' } },
        }),
      ],
      why: { kind: 'anonymised' },
    }),
    photo({
      source: `sub/${ODD_NAME}`,
      decision: 'review',
      review: `sub/${ODD_NAME}`,
      imageSize: { width: 1200, height: 900 },
      faces: [face({ status: 'unknown', distance: 0.8, group: 'p0123456789', reason: { finding: { kind: 'unknown' }, outcome: { kind: 'photo-to-review', because: 'unknown' } } })],
      why: { kind: 'review', faces: [1] },
    }),
    photo({
      source: 'broken.jpg',
      decision: 'dropped',
      faces: [face({ status: 'too-small', reason: { finding: { kind: 'too-small' }, outcome: { kind: 'photo-dropped', because: 'small' } } })],
      why: { kind: 'dropped', faces: [1] },
    }),
    photo({ source: '=cmd.heic', decision: 'error', imageSize: null, why: { kind: 'unreadable' }, error: 'cannot read photo =cmd.heic: the file is empty' }),
  ];
  if (hasSharedFaces) {
    await copyFile(shared('groups/ageitgey_obama_and_biden.jpg'), path.join(inputDir, 'real.jpg'));
    const meta = await sharp(path.join(inputDir, 'real.jpg')).metadata();
    photos.push(photo({ source: 'real.jpg', decision: 'publish', output: 'real.jpg', imageSize: { width: meta.width, height: meta.height } }));
  }
  report = buildReport(photos);
  // A thumbnail left by an earlier run shows an original no report points at any more.
  await mkdir(path.join(reportDir, 'thumbs'), { recursive: true });
  await writeFile(path.join(reportDir, 'thumbs', '0099.jpg'), 'old');
  files = await writeReports(report, reportDir, { inputDir, names });
  html = await readFile(files.html, 'utf8');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes the three files and leaves no temp files or stale thumbnails behind', async () => {
    expect(files).toEqual({ json: path.join(reportDir, 'report.json'), csv: path.join(reportDir, 'report.csv'), html: path.join(reportDir, 'report.html') });
    expect((await readdir(reportDir)).sort()).toEqual(['report.csv', 'report.html', 'report.json', 'thumbs']);
    const thumbs = (await readdir(path.join(reportDir, 'thumbs'))).sort();
    expect(thumbs).not.toContain('0099.jpg');
    expect(thumbs.every((name) => /^\d{4}\.jpg$/u.test(name))).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('makes every report file readable by its owner only: they name children and show their faces', async () => {
    const thumbs = (await readdir(path.join(reportDir, 'thumbs'))).map((name) => path.join(reportDir, 'thumbs', name));
    for (const file of [files.json, files.csv, files.html, ...thumbs]) expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('never writes into the input folder', async () => {
    const expected = ['broken.jpg', 'sideways.jpg', 'sub', ...(hasSharedFaces ? ['real.jpg'] : [])].sort();
    expect((await readdir(inputDir)).sort()).toEqual(expected);
  });
});

describe('report.json', () => {
  it('holds the report with its reasons worded and as data, pretty-printed', async () => {
    const text = await readFile(files.json, 'utf8');
    const worded = {
      ...report,
      photos: report.photos.map((photo) => ({
        ...photo,
        // A face without a people group says so: `group` is always there, null when none.
        faces: photo.faces.map((face) => ({ ...face, group: face.group ?? null })),
        reasons: photoReasonLines(photo),
      })),
    };
    expect(JSON.parse(text)).toEqual(worded);
    expect(text).toContain('\n  "scope": "group",\n');
    // Pupils stay ids in report.json, as the consent rules wrote them; the names are in report.html and report.csv.
    expect(text).toContain('"face 1: pupil 1234 has no consent for group — anonymised"');
    expect(text).toContain('"to review: a person must look at face 1"');
  });

  it('has the same text whatever order the fields were built in', () => {
    const reversed = reverseKeys(report) as ScanReport;
    expect(reportJson(reversed)).toBe(reportJson(report));
    expect(Object.keys(JSON.parse(reportJson(reversed)) as object)).toEqual([
      'tool', 'scope', 'className', 'startedAt', 'finishedAt', 'input', 'output', 'reviewDir', 'backend', 'interrupted', 'options', 'summary', 'photos',
    ]);
  });
});

describe('report.csv', () => {
  let text: string;
  let rows: string[][];
  beforeAll(async () => {
    text = await readFile(files.csv, 'utf8');
    rows = parse(text, { delimiter: ';', bom: true, relax_column_count: false }) as string[][];
  });

  it('opens in Dutch Excel: BOM, semicolons, CRLF, decimal commas', () => {
    expect(text.startsWith('\uFEFFsource;decision;')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(rows.length + 1); // the last line ends too
    expect(rows[0]).toEqual(csvHeader('en'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
  });

  it('has one row per face and one per photo without faces', () => {
    const body = rows.slice(1);
    const expected = report.photos.reduce((n, p) => n + Math.max(1, p.faces.length), 0);
    expect(body).toHaveLength(expected);
    const col = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
    const sem = body.find((row) => row[col('pupil')] === '1234');
    expect(sem).toBeDefined();
    expect(sem?.[col('name')]).toBe('Sem de Vries');
    expect(sem?.[col('face')]).toBe('1');
    expect(sem?.[col('distance')]).toBe('0,412');
    expect(sem?.slice(col('x'), col('height') + 1)).toEqual(['10', '20', '200', '220']);
    expect(sem?.[col('status')]).toBe('not-consented');
    expect(sem?.[col('reasons')]).toBe('Sem de Vries (pupil 1234) has no consent for group — anonymised');
    const noFaces = body.find((row) => row[col('source')] === 'nofaces.jpg');
    expect(noFaces?.slice(col('face'), col('height') + 1).every((cell) => cell === '')).toBe(true);
    expect(noFaces?.[col('reasons')]).toBe('published: no faces found');
  });

  it('names the people group of a face nobody was matched to, and leaves it empty for the others', () => {
    const col = CSV_COLUMNS.indexOf('group');
    expect(col).toBeGreaterThan(0);
    const body = rows.slice(1);
    expect(body.find((row) => row[0] === `sub/${ODD_NAME}`)?.[col]).toBe('p0123456789');
    expect(body.find((row) => row[CSV_COLUMNS.indexOf('pupil')] === '1234')?.[col]).toBe('');
    expect(body.filter((row) => row[col] !== '')).toHaveLength(1);
  });

  it('quotes a file name with ; and " so that it stays one cell, and keeps formulas from running', () => {
    const odd = rows.find((row) => row[0] === `sub/${ODD_NAME}`);
    expect(odd?.[3]).toBe(`sub/${ODD_NAME}`);
    expect(text).toContain('"sub/trip;day ""best"".png"');
    const error = rows.find((row) => row[1] === 'error');
    expect(error?.[0]).toBe("'=cmd.heic");
    expect(error?.[CSV_COLUMNS.indexOf('reasons')]).toBe('cannot read photo =cmd.heic: the file is empty');
  });

  it('names the nasty pupil unescaped in CSV (Excel shows text, not HTML)', () => {
    expect(reportCsv(report, names)).toContain('"<b>Zoë & ""Co""</b>"');
  });
});

describe('report.html', () => {
  it('escapes every name and file name that came from a user', () => {
    expect(html).not.toContain(NASTY_PUPIL);
    expect(html).toContain(esc(NASTY_PUPIL));
    expect(html).toContain('&lt;b&gt;Zoë &amp; &quot;Co&quot;&lt;/b&gt;');
    expect(html).toContain('trip;day &quot;best&quot;.png');
    expect(html).not.toContain('"best"');
  });

  it('groups photos by decision: review, error, dropped, anonymised, publish', () => {
    const at = (id: string): number => html.indexOf(`<section id="${id}"`);
    const order = ['review', 'error', 'dropped', 'anonymised', 'publish'].map(at);
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // each photo sits in its own decision's section
    const section = (id: string): string => html.slice(at(id), html.indexOf('</section>', at(id)));
    expect(section('review')).toContain('trip;day');
    expect(section('anonymised')).toContain('sideways.jpg');
    expect(section('error')).toContain('cannot read photo =cmd.heic: the file is empty');
    expect(section('error')).not.toContain('<img');
  });

  it('points at thumbnails that exist, oriented and with a long side of 480', async () => {
    const srcs = [...html.matchAll(/<img src="([^"]+)"/gu)].map((m) => m[1] ?? '');
    // nofaces.jpg does not exist and broken.jpg is no image: placeholders, not images
    expect(srcs).toHaveLength(hasSharedFaces ? 3 : 2);
    for (const src of srcs) expect(existsSync(path.join(reportDir, src)), src).toBe(true);
    const sideways = html.slice(html.indexOf('<h3 title="sideways.jpg">'));
    const src = /<img src="([^"]+)"/u.exec(sideways)?.[1] ?? '';
    const meta = await sharp(path.join(reportDir, src)).metadata();
    expect({ width: meta.width, height: meta.height, format: meta.format, exif: meta.exif }).toEqual({ width: 360, height: 480, format: 'jpeg', exif: undefined });
    expect(html.match(/class="placeholder">No preview: /gu)).toHaveLength(2);
  });

  it('boxes each face in percent of the photo, coloured by status, labelled with name, status and action', () => {
    // sideways.jpg is 600×800; face 1 at x 10, y 20, 200×220
    expect(html).toContain('style="left:1.667%;top:2.500%;width:33.333%;height:27.500%;--c:#cf222e"');
    expect(html).toMatch(/<span class="label" style="[^"]*--c:#cf222e" title="1 · Sem de Vries · no consent · anonymised">1 · Sem de Vries · no consent · anonymised<\/span>/u);
    // a portrait photo is shown no higher than a landscape one: 480 high makes it 360 wide
    expect(html).toContain('style="aspect-ratio:600 / 800;width:min(100%, 360px)"');
    // the reason line about a face carries that face's colour
    expect(html).toContain('<li style="--c:#cf222e" class="of-face">face 1: Sem de Vries (pupil 1234)');
    expect(html).toContain(`>2 · ${esc(NASTY_PUPIL)} · consent · kept</span>`);
    expect(html).toContain('Sem de Vries (pupil 1234) has no consent for group');
  });

  it('labels a crowd of 36 faces without one label over another, at the size the card shows the photo', () => {
    const size = { width: 1600, height: 1200 };
    const faces: FaceRecord[] = [];
    for (let r = 0; r < 3; r += 1) for (let c = 0; c < 12; c += 1) faces.push(face({ box: { x: 40 + c * 128, y: 300 + r * 160, width: 110, height: 120 } }));
    const crowdHtml = reportHtml(buildReport([photo({ source: 'class.jpg', decision: 'anonymised', imageSize: size, faces })]), [{ kind: 'ok', href: 'thumbs/0001.jpg' }], names);
    const labels = [...crowdHtml.matchAll(/<span class="label" style="left:([\d.]+)%;top:([\d.]+)%;max-width:([\d.]+)px;/gu)].map((m) => ({
      // The card shows this 4:3 photo 460 px wide (the narrowest it gets): percent back to its pixels.
      x: (Number(m[1]) / 100) * 460,
      y: (Number(m[2]) / 100) * 345,
      width: Number(m[3]),
      height: 16,
    }));
    expect(labels).toHaveLength(36);
    const clashes = labels.flatMap((a, i) =>
      labels.slice(i + 1).filter((b) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5),
    );
    expect(clashes).toEqual([]);
  });

  it('shows whole photo names on the cards: they wrap rather than end in an ellipsis', () => {
    const rule = /\.card h3\{([^}]*)\}/u.exec(html)?.[1] ?? '';
    expect(rule).toContain('overflow-wrap:anywhere');
    expect(rule).not.toMatch(/nowrap|ellipsis/u);
  });

  it('warns that the report folder shows originals and must not be shared, and shows scope, class and counts', () => {
    expect(html).toContain('Do not share this report folder');
    expect(html).toContain('group — class 5b');
    expect(html).toMatch(/<a href="#review" class="decision-review"><span class="n">1<\/span> review<\/a>/u);
    expect(html).not.toMatch(/<(script|link)\b/u);
    expect(html).not.toMatch(/https?:\/\//u);
  });
});

describe('pupilLabel', () => {
  it.each([
    ['1234', 'Sem de Vries (pupil 1234)'],
    ['12345', 'pupil 12345'],
  ])('%j → %j', (id, label) => {
    expect(pupilLabel(id, names)).toBe(label);
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  return value;
}
