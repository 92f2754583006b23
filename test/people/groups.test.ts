import { describe, expect, it } from 'vitest';
import { faceKey, GROUP_DEFAULTS, groupId, groupPeople, type PersonFace } from '../../src/people/groups.js';

/** A face whose descriptor is the point (x, y) in the first two of 128 dimensions: distances are plain geometry. */
function face(photo: string, x: number, y = 0, at = 0): PersonFace {
  const descriptor = new Float32Array(128);
  descriptor[0] = x;
  descriptor[1] = y;
  return { photo: photo.padEnd(64, '0'), box: { x: at * 100, y: 10, width: 80, height: 80 }, descriptor, trusted: true };
}

/** The groups as sets of the faces' labels. */
function labelled(faces: readonly PersonFace[], labels: readonly string[]): string[][] {
  return groupPeople(faces)
    .map((g) => g.members.map((m) => labels[m]!).sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('groupPeople', () => {
  it('puts each person\'s faces across photos into one group, and two people apart', () => {
    const faces = [face('a', 0), face('b', 0.1), face('c', 0.05, 0.1), face('a', 2, 0, 1), face('b', 2.1, 0, 1), face('d', 2, 0.1)];
    expect(labelled(faces, ['p1', 'p2', 'p3', 'q1', 'q2', 'q3'])).toEqual([
      ['p1', 'p2', 'p3'],
      ['q1', 'q2', 'q3'],
    ]);
  });

  it('never makes two faces of one photo one person, however alike (cannot-link)', () => {
    // Twins side by side in photo a, and one of them again in photo b: b joins one twin, never both.
    const faces = [face('a', 0), face('a', 0.05, 0, 1), face('b', 0.02)];
    const groups = groupPeople(faces);
    for (const group of groups) {
      const photos = group.members.map((m) => faces[m]!.photo);
      expect(new Set(photos).size).toBe(photos.length);
    }
    expect(groups.map((g) => g.members.length).sort()).toEqual([1, 2]);
  });

  it('prefers splitting to chaining: no two faces of a group lie further apart than the threshold', () => {
    // Faces 0.3 apart in a row: each is near the next, but the ends are two people (siblings, look-alikes).
    const xs = [0, 0.3, 0.6, 0.9, 1.2];
    const faces = xs.map((x, i) => face(`photo${i}`, x));
    const groups = groupPeople(faces);
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) {
      for (const a of group.members) for (const b of group.members) expect(Math.abs(xs[a]! - xs[b]!)).toBeLessThanOrEqual(GROUP_DEFAULTS.maxDistance);
    }
  });

  it('keeps two siblings apart even when one in-between face is near both', () => {
    const faces = [face('a', 0), face('b', 0.05), face('c', 0.6), face('d', 0.65), face('e', 0.32)];
    const groups = labelled(faces, ['s1', 's1', 't1', 't1', 'mid']);
    expect(groups.some((g) => g.includes('s1') && g.includes('t1'))).toBe(false);
  });

  it('joins within the threshold and not beyond it', () => {
    expect(groupPeople([face('a', 0), face('b', 0.49)])).toHaveLength(1);
    expect(groupPeople([face('a', 0), face('b', 0.51)])).toHaveLength(2);
  });

  it('gives the same groups and ids whatever order the faces come in, ids from the members alone', () => {
    const faces = [face('a', 0), face('b', 0.1), face('c', 2), face('d', 2.1), face('e', 5)];
    const first = groupPeople(faces).map((g) => ({ id: g.id, keys: g.members.map((m) => faceKey(faces[m]!)) }));
    const reversed = [...faces].reverse();
    const second = groupPeople(reversed).map((g) => ({ id: g.id, keys: g.members.map((m) => faceKey(reversed[m]!)) }));
    expect(second).toEqual(first);
    expect(first[0]!.id).toBe(groupId(first[0]!.keys));
    expect(new Set(first.map((g) => g.id)).size).toBe(3);
    // A different set of members is a different id; the ids do not depend on the group's place in the list.
    expect(groupPeople([face('a', 0)])[0]!.id).not.toBe(first[0]!.id);
    expect(groupPeople([faces[4]!])[0]!.id).toBe(first[2]!.id);
  });

  it('lists the largest groups first', () => {
    const faces = [face('x', 9), face('a', 0), face('b', 0.1), face('c', 0.2)];
    expect(groupPeople(faces).map((g) => g.members.length)).toEqual([3, 1]);
  });

  it('never joins an untrusted face to another, however close; it is a group of its own', () => {
    const faces = [face('a', 0), { ...face('b', 0), trusted: false }, face('c', 0.01), { ...face('d', 0.01), trusted: false }];
    const groups = groupPeople(faces).map((g) => g.members);
    expect(groups).toEqual([[0, 2], [1], [3]]);
    // Its id is its own key's, as any single face's: stable across runs, whatever else is scanned.
    expect(groupPeople(faces)[1]!.id).toBe(groupId([faceKey(faces[1]!)]));
  });
});

