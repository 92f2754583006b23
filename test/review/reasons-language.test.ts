/**
 * The review page words the reasons in its own language: a scan run in English (a batch job under LANG=C) reviewed in
 * Dutch shows Dutch reasons with the pupils' names, from report.json's reasons as data. A report.json from before that
 * data, or with data this version cannot read, still shows its worded lines.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewState } from '../../src/review/api.js';
import { openReviewSession } from '../../src/review/session.js';
import { reviewState } from '../../src/review/state.js';
import { fakeScan, type FakeScan } from './fake-scan.js';

let scan: FakeScan;

beforeEach(async () => {
  scan = await fakeScan();
});

afterEach(async () => {
  await scan.cleanup();
});

interface RawReport {
  options: { lang: string };
  photos: { source: string; reasons: string[]; why?: unknown; faces: { reason?: unknown }[] }[];
}

/** Changes the fake scan's report.json as `change` says. */
async function editReport(change: (report: RawReport) => void): Promise<void> {
  const file = path.join(scan.reportDir, 'report.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as RawReport;
  change(report);
  await writeFile(file, JSON.stringify(report, null, 2));
}

async function pageIn(lang: 'en' | 'nl'): Promise<ReviewState> {
  return reviewState(await openReviewSession(scan.reportDir, scan.cwd), lang);
}

function sportdag(state: ReviewState): ReviewState['photos'][number] {
  const photo = state.photos.find((p) => p.source === 'sportdag-01.jpg');
  if (photo === undefined) throw new Error('the fake scan has sportdag-01.jpg');
  return photo;
}

/** What the page shows of sportdag-01.jpg when the scan wrote English lines: today's behaviour, names added. */
const ENGLISH_LINES = {
  photo: ['published with faces anonymised'],
  faces: [
    ['Barack van Dijk (pupil 1001) has consent for public — kept'],
    ['not sure who this is (nearest: Joe de Vries (pupil 1002), distance 0.520), so treated as without consent — anonymised'],
  ],
};

describe('a scan written in English, reviewed', () => {
  it('in Dutch: the reasons in Dutch, with the names from the roster', async () => {
    expect(JSON.parse(await readFile(path.join(scan.reportDir, 'report.json'), 'utf8')).options.lang).toBe('en');
    const photo = sportdag(await pageIn('nl'));
    expect(photo.reasons).toEqual(['gepubliceerd met gezichten onherkenbaar gemaakt']);
    expect(photo.faces.map((face) => face.reasons)).toEqual([
      ['Barack van Dijk (leerling 1001) heeft toestemming voor openbare publicatie — zichtbaar gelaten'],
      ['niet zeker wie dit is (lijkt het meest op Joe de Vries (leerling 1002), afstand 0,520), dus behandeld als zonder toestemming — onherkenbaar gemaakt'],
    ]);
  });

  it('in English: as the scan wrote them, with the names', async () => {
    const photo = sportdag(await pageIn('en'));
    expect({ photo: photo.reasons, faces: photo.faces.map((face) => face.reasons) }).toEqual(ENGLISH_LINES);
  });
});

describe('a report.json without reasons the page can read as data', () => {
  it('from before they were written: the stored lines, with the names', async () => {
    await editReport((report) => {
      for (const photo of report.photos) {
        delete photo.why;
        for (const face of photo.faces) delete face.reason;
      }
    });
    const photo = sportdag(await pageIn('nl'));
    expect({ photo: photo.reasons, faces: photo.faces.map((face) => face.reasons) }).toEqual(ENGLISH_LINES);
  });

  it('damaged, or of a kind this version does not know: the stored lines, and the page still opens', async () => {
    await editReport((report) => {
      const photo = report.photos.find((p) => p.source === 'sportdag-01.jpg');
      photo!.faces[1]!.reason = { finding: { kind: 'a-newer-finding' }, outcome: { kind: 'anonymised' } };
      const other = report.photos.find((p) => p.source === 'gordijnen.jpg');
      other!.why = 'published';
    });
    const state = await pageIn('nl');
    const photo = sportdag(state);
    // All the photo's reasons from its lines, not half in each language.
    expect({ photo: photo.reasons, faces: photo.faces.map((face) => face.reasons) }).toEqual(ENGLISH_LINES);
    expect(state.photos.find((p) => p.source === 'gordijnen.jpg')?.reasons).toEqual(['published: no faces found']);
    // The photo whose data reads is worded in the page's language.
    expect(state.photos.find((p) => p.source === 'sportdag-02-sideways.jpg')?.reasons).toEqual(['gepubliceerd: geen gezichten gevonden']);
  });
});
