import { describe, expect, it } from 'vitest';
import { withPeopleGroups, type PhotoFaces } from '../../src/people/assign.js';
import type { FaceRecord, PhotoRecord } from '../../src/report/types.js';

function descriptor(x: number): Float32Array {
  const d = new Float32Array(128);
  d[0] = x;
  return d;
}

function faceRecord(status: FaceRecord['status'], at: number, correction: FaceRecord['correction'] = null): FaceRecord {
  return {
    box: { x: at, y: 0, width: 50, height: 50 },
    pupil: status === 'uncertain' ? '7' : null,
    distance: null,
    status,
    action: 'anonymised',
    reason: { finding: { kind: 'unknown' }, outcome: { kind: 'anonymised' } },
    correction,
  };
}

function photo(source: string, faces: FaceRecord[]): PhotoRecord {
  return { source, decision: 'anonymised', output: source, review: null, imageSize: { width: 500, height: 500 }, faces, why: { kind: 'anonymised' }, error: null };
}

describe('withPeopleGroups', () => {
  it('groups the unknown and uncertain faces nobody named, and only those', () => {
    const photos = [
      photo('a.jpg', [faceRecord('unknown', 0), faceRecord('consented', 100), faceRecord('unknown', 200, 'not-a-pupil')]),
      // An uncertain face (near enrolled pupil 7, not near enough) of the same unenrolled child still joins its group.
      photo('b.jpg', [faceRecord('uncertain', 0), faceRecord('too-small', 100)]),
      photo('c.jpg', [faceRecord('unknown', 0), faceRecord('unknown', 100, 'added')]),
    ];
    const faces = new Map<string, PhotoFaces>([
      ['a.jpg', { hash: 'a'.repeat(64), descriptors: [descriptor(0), descriptor(0.01), descriptor(0.02)], scores: [0.95, 0.95, 0.95] }],
      ['b.jpg', { hash: 'b'.repeat(64), descriptors: [descriptor(0.1), null], scores: [0.93, 0.4] }],
      // The drawn box (face 2) has no descriptor: it is in no group.
      ['c.jpg', { hash: 'c'.repeat(64), descriptors: [descriptor(3)], scores: [0.99] }],
    ]);
    const grouped = withPeopleGroups(photos, faces);
    const groups = grouped.map((p) => p.faces.map((f) => f.group ?? null));
    expect(groups[0]![1]).toBeNull();
    expect(groups[0]![2]).toBeNull();
    expect(groups[1]![1]).toBeNull();
    expect(groups[2]![1]).toBeNull();
    expect(groups[0]![0]).toMatch(/^p[0-9a-f]{10}$/u);
    expect(groups[1]![0]).toBe(groups[0]![0]);
    expect(groups[2]![0]).toMatch(/^p[0-9a-f]{10}$/u);
    expect(groups[2]![0]).not.toBe(groups[0]![0]);
  });

  it('keeps a face the detector was unsure of out of every other face\'s group, in a group of its own', () => {
    // Three faces at the same point: the sure ones (0.95, 0.9) are one person; a 0.6 (an arm, an ear, a blurred
    // profile: its descriptor says little about who) and one without a score stay alone.
    const photos = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].map((source) => photo(source, [faceRecord('unknown', 0)]));
    const scores = [0.95, 0.6, 0.9, Number.NaN];
    const faces = new Map<string, PhotoFaces>(
      photos.map((p, i) => [p.source, { hash: String(i).repeat(64), descriptors: [descriptor(0.01 * i)], scores: i === 3 ? [] : [scores[i]!] }]),
    );
    const groups = withPeopleGroups(photos, faces).map((p) => p.faces[0]!.group ?? null);
    expect(groups[0]).toMatch(/^p[0-9a-f]{10}$/u);
    expect(groups[2]).toBe(groups[0]);
    expect(groups[1]).toMatch(/^p[0-9a-f]{10}$/u);
    expect(groups[1]).not.toBe(groups[0]);
    expect(groups[3]).toMatch(/^p[0-9a-f]{10}$/u);
    expect(new Set(groups).size).toBe(3);
  });
});
