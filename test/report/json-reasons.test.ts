/**
 * report.json's reasons as data (each photo's `why`, each face's `reason`) come back from decodeReport as they went in,
 * for every kind of reason, photos and clips alike, beside the worded `reasons` lines; and a clip's reasons read back
 * are worded in another language than the scan's, as the review page does.
 */
import { describe, expect, it } from 'vitest';
import type { FaceReason, PhotoReason } from '../../src/policy/types.js';
import { decodeReport } from '../../src/report/decode.js';
import { reportJson } from '../../src/report/json.js';
import type { PhotoRecord } from '../../src/report/types.js';
import { photoReasons } from '../../src/review/reasons.js';
import { faceRecord, reportOptions, scanReport } from '../../scripts/report-options.js';

const website = { purpose: { name: 'Website', key: 'website', scope: 'public' as const } };

/** Every finding and outcome the consent rules give, with and without a correction. */
const FACE_REASONS: FaceReason[] = [
  { finding: { kind: 'consent', pupil: '1001', consents: ['public', website], group: null }, outcome: { kind: 'kept' } },
  { finding: { kind: 'no-consent', pupil: '1002', missing: ['group'], group: { pupilClass: '8a', targetClass: '8b', inTarget: false } }, outcome: { kind: 'anonymised' } },
  { finding: { kind: 'not-on-roster', pupil: '999' }, outcome: { kind: 'photo-dropped', because: 'action' } },
  { finding: { kind: 'uncertain', nearest: '1003', distance: 0.52 }, outcome: { kind: 'photo-to-review', because: 'unknown' } },
  { finding: { kind: 'unknown' }, outcome: { kind: 'kept-by-option', option: 'unknown' }, correction: { said: 'not-a-pupil', overruled: false } },
  { finding: { kind: 'too-small' }, outcome: { kind: 'photo-dropped', because: 'main-subject' }, correction: { said: 'pupil', overruled: true } },
  { finding: { kind: 'unknown' }, outcome: { kind: 'anonymised' }, correction: { said: 'added', overruled: false } },
];

const PHOTO_REASONS: PhotoReason[] = [
  { kind: 'review', faces: [1, 3] },
  { kind: 'dropped', faces: [2] },
  { kind: 'dropped-by-you' },
  { kind: 'anonymised' },
  { kind: 'publish', faces: 0 },
  { kind: 'unreadable' },
  { kind: 'failed' },
  { kind: 'not-removed', files: ['/school/out/a.jpg', '/school/out/b.jpg'] },
  { kind: 'resembles-corrected', why: 'cannot-place' },
];

function photo(why: PhotoReason, reasons: readonly FaceReason[], extra: Partial<PhotoRecord> = {}): PhotoRecord {
  return { source: `${why.kind}.jpg`, decision: 'review', output: null, review: null, imageSize: { width: 800, height: 600 }, faces: reasons.map((reason) => faceRecord({ reason })), why, error: null, ...extra };
}

const CLIP = photo({ kind: 'review', faces: [1] }, [FACE_REASONS[3]!], {
  source: 'estafette.mp4',
  kind: 'video',
  clip: { duration: 4, frames: 100, fps: 25, sound: 'kept' },
  faces: [faceRecord({ reason: FACE_REASONS[3]!, status: 'uncertain', pupil: '1003', distance: 0.52, track: { frame: 10, at: 0.4, from: 0, to: 2, frames: 50, detections: 40 } })],
});

const PHOTOS = [...PHOTO_REASONS.map((why, i) => photo(why, i === 0 ? FACE_REASONS : [])), CLIP];

describe('report.json reasons as data', () => {
  const json = reportJson(scanReport(PHOTOS, { options: reportOptions({ lang: 'en' }) }));
  const decoded = decodeReport(JSON.parse(json));

  it('come back from decodeReport as they went in, beside the same worded lines', () => {
    expect(decoded.photos.map((p) => p.why)).toEqual(PHOTOS.map((p) => p.why));
    expect(decoded.photos.map((p) => p.faces.map((face) => face.reason))).toEqual(PHOTOS.map((p) => p.faces.map((face) => face.reason)));
    expect(decoded.photos[0]?.reasons[0]).toBe('to review: a person must look at face 1, 3');
    expect(decoded.photos[0]?.reasons).toHaveLength(1 + FACE_REASONS.length);
  });

  it("a clip's tracks too: read back and worded in Dutch, the scan's language being English", () => {
    const clip = decoded.photos.find((p) => p.source === 'estafette.mp4');
    expect(clip?.kind).toBe('video');
    expect(clip?.faces[0]?.track?.frames).toBe(50);
    const shown = photoReasons(clip!, new Map([['1003', 'Sem Jansen']]), 'en', 'nl');
    expect(shown.photo).toEqual(['beoordelen: iemand moet naar gezicht 1 kijken']);
    expect(shown.faces).toEqual([[expect.stringMatching(/^niet zeker wie dit is \(lijkt het meest op Sem Jansen \(leerling 1003\), afstand 0,520\)/u)]]);
  });
});
