/**
 * The reports speak the language of the scan that wrote them (report.json's `options.lang`): report.html, report.csv
 * and takedown.csv in Dutch for a Dutch scan, with Dutch dates and numbers, and in English otherwise; report.json's
 * keys and values stay the schema's, only its worded `reasons` follow the language.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/lang.js';
import { splitReasonLines, withNames } from '../../src/report/reasons.js';
import type { PhotoRecord, ScanReport } from '../../src/report/types.js';
import { writeReports } from '../../src/report/write.js';
import { faceRecord, reportOptions, scanReport } from '../../scripts/report-options.js';

const names = new Map([
  ['1234', 'Sem de Vries'],
  ['77', 'Zoë Bakker'],
]);

const face = faceRecord;

const PHOTOS: PhotoRecord[] = [
  {
    source: 'klas.jpg',
    decision: 'anonymised',
    output: 'klas.jpg',
    review: null,
    imageSize: { width: 800, height: 600 },
    faces: [
      face({
        pupil: '1234',
        distance: 0.41234,
        status: 'not-consented',
        reason: { finding: { kind: 'no-consent', pupil: '1234', missing: ['public'], group: null }, outcome: { kind: 'anonymised' } },
      }),
      face({
        pupil: '77',
        distance: 0.3,
        status: 'consented',
        action: 'kept',
        box: { x: 400, y: 300, width: 100, height: 120 },
        reason: { finding: { kind: 'consent', pupil: '77', consents: ['public'], group: null }, outcome: { kind: 'kept' } },
      }),
      face({ group: 'p0123456789', box: { x: 600, y: 100, width: 90, height: 100 } }),
    ],
    why: { kind: 'anonymised' },
    error: null,
  },
  {
    source: 'sport.jpg',
    decision: 'review',
    output: null,
    review: 'sport.jpg',
    imageSize: { width: 800, height: 600 },
    faces: [
      face({
        pupil: '1234',
        distance: 0.55,
        status: 'uncertain',
        reason: { finding: { kind: 'uncertain', nearest: '1234', distance: 0.55 }, outcome: { kind: 'photo-to-review', because: 'unknown' } },
        correction: null,
      }),
    ],
    why: { kind: 'review', faces: [1] },
    error: null,
  },
];

function report(lang: Lang): ScanReport {
  return scanReport(PHOTOS, {
    startedAt: '2026-12-06T15:05:00.000Z',
    finishedAt: '2026-12-06T15:06:00.000Z',
    backend: 'onnx',
    options: reportOptions({ lang }),
    summary: { photos: 1234, publish: 0, anonymised: 1, dropped: 0, review: 1, error: 0, faces: 4, skipped: 1 },
    changes: [{ source: 'oud.jpg', output: 'oud.jpg', change: 'withdrawn', reason: '…', pupils: [], publishedAt: '2026-06-12T09:30:00.000Z' }],
    skipped: [{ file: 'film.mts', reason: 'video' }],
  });
}

/** English words no Dutch report may show (outside file names, paths and the `correct` command it quotes). */
const ENGLISH = /\b(the|and|photos?|faces?|published|consent|pupil|scanned|scope|review|dropped|anonymised|kept|unknown|uncertain|changed|preview|distance|share|output|input)\b/iu;

/** The text a reader sees: tags, code, paths and the quoted command taken out. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/gu, '')
    .replace(/<code>[\s\S]*?<\/code>/gu, ' ')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&[a-z]+;|&#\d+;/gu, ' ')
    .replace(/privacy-filter/gu, ' ')
    .replace(/[\w./-]+\.(jpg|mp4|csv|html)\b/gu, ' ');
}

let dir: string;
const written: Partial<Record<Lang, { html: string; csv: string; json: string; takedown: string }>> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pf-report-lang-'));
  const input = path.join(dir, 'in');
  await mkdir(input);
  for (const photo of PHOTOS) {
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080' } }).jpeg().toFile(path.join(input, photo.source));
  }
  for (const lang of ['en', 'nl'] as const) {
    const reportDir = path.join(dir, `report-${lang}`);
    const files = await writeReports(report(lang), reportDir, { inputDir: input, names });
    written[lang] = {
      html: await readFile(files.html, 'utf8'),
      csv: await readFile(files.csv, 'utf8'),
      json: await readFile(files.json, 'utf8'),
      takedown: await readFile(path.join(reportDir, 'takedown.csv'), 'utf8'),
    };
  }
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a Dutch scan writes Dutch reports', () => {
  it('report.html: language, headings, statuses, reasons, legend, dates and numbers', () => {
    const html = written.nl!.html;
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<h1>privacy-filter verslag</h1>');
    expect(html).toContain('Deel deze verslagmap niet.');
    expect(html).toContain('Beoordelen — hier moet iemand naar kijken');
    expect(html).toContain('Gepubliceerd met gezichten onherkenbaar gemaakt');
    expect(html).toContain('1 · Sem de Vries · geen toestemming · onherkenbaar');
    expect(html).toContain('2 · Zoë Bakker · toestemming · zichtbaar');
    expect(html).toContain('gezicht 1: Sem de Vries (leerling 1234) heeft geen toestemming voor openbare publicatie — onherkenbaar gemaakt');
    expect(html).toContain('lijkt het meest op Sem de Vries (leerling 1234), afstand 0,550');
    expect(html).toContain('afstand 0,412');
    expect(html).toContain('— persoon p0123456789');
    expect(html).toContain('1 gezicht dat niet herkend is, samengevoegd tot 1 persoon');
    expect(html).toContain('6 december 2026 om 15:05');
    expect(html).toContain('gepubliceerd op 12 juni 2026');
    expect(html).toContain('1.234 foto&#39;s, 4 gezichten');
    expect(html).toContain('een video in een vorm die dit programma niet filtert');
    expect(html).toContain('Veranderd sinds de vorige scan');
    const text = visibleText(html);
    expect(text.match(ENGLISH)?.[0] ?? null, text).toBeNull();
  });

  it('report.csv: Dutch headers and words, the same columns', () => {
    const rows = parse(written.nl!.csv, { delimiter: ';', bom: true }) as string[][];
    expect(rows[0]).toEqual(['bron', 'besluit', 'uitvoer', 'beoordelen', 'gezicht', 'leerling', 'naam', 'status', 'actie', 'afstand', 'x', 'y', 'breedte', 'hoogte', 'groep', 'redenen']);
    const sem = rows.find((row) => row[5] === '1234' && row[0] === 'klas.jpg');
    expect(sem?.slice(1, 2)).toEqual(['onherkenbaar gemaakt']);
    expect(sem?.slice(7, 10)).toEqual(['geen toestemming', 'onherkenbaar', '0,412']);
    expect(sem?.[15]).toBe('Sem de Vries (leerling 1234) heeft geen toestemming voor openbare publicatie — onherkenbaar gemaakt');
    expect(rows.find((row) => row[0] === 'film.mts')?.[1]).toBe('overgeslagen');
  });

  it('takedown.csv: Dutch headers and what to do', () => {
    expect(written.nl!.takedown).toContain('bestand;gepubliceerd;wijziging;wat te doen;bron;reden\r\n');
    expect(written.nl!.takedown).toContain('ingetrokken;haal hem weg overal waar hij geplaatst is');
  });

  it('report.json: English keys and values, Dutch reasons, the language recorded', () => {
    const json = JSON.parse(written.nl!.json) as { options: { lang: string }; photos: { decision: string; reasons: string[]; faces: { status: string }[] }[] };
    expect(json.options.lang).toBe('nl');
    expect(json.photos[0]?.decision).toBe('anonymised');
    expect(json.photos[0]?.faces[0]?.status).toBe('not-consented');
    expect(json.photos[0]?.reasons).toEqual([
      'gepubliceerd met gezichten onherkenbaar gemaakt',
      'gezicht 1: leerling 1234 heeft geen toestemming voor openbare publicatie — onherkenbaar gemaakt',
      'gezicht 2: leerling 77 heeft toestemming voor openbare publicatie — zichtbaar gelaten',
      'gezicht 3: niet herkend (geen leerling van wie een portret is ingelezen) — onherkenbaar gemaakt',
    ]);
    // The review page reads them back in the language they were written in.
    const split = splitReasonLines(json.photos[0]!.reasons, 'nl');
    expect(split.photo).toEqual(['gepubliceerd met gezichten onherkenbaar gemaakt']);
    expect(withNames(split.faces.get(1)?.[0] ?? '', names, 'nl')).toBe('Sem de Vries (leerling 1234) heeft geen toestemming voor openbare publicatie — onherkenbaar gemaakt');
  });
});

describe('an English scan writes English reports', () => {
  it('report.html, report.csv and takedown.csv in English, dates too', () => {
    const { html, csv, takedown } = written.en!;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>privacy-filter report</h1>');
    expect(html).toContain('1 · Sem de Vries · no consent · anonymised');
    expect(html).toContain('face 1: Sem de Vries (pupil 1234) has no consent for public — anonymised');
    expect(html).toContain('6 December 2026 at 15:05');
    expect(html).toContain('1,234 photos, 4 faces');
    expect(html).not.toMatch(/verslag|gezicht|toestemming|december 2026/u);
    expect(csv.startsWith('\uFEFFsource;decision;output;review;face;pupil;name;status;action;distance;')).toBe(true);
    expect(csv).toContain(';not-consented;anonymised;0,412;');
    expect(takedown.startsWith('\uFEFFfile;published;change;what to do;source;reason\r\n')).toBe(true);
  });
});
