import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import { createDescriber } from '../../src/faces/describer.js';
import { createDetector } from '../../src/faces/detector.js';
import { MATCH_DEFAULTS, descriptorDistance } from '../../src/faces/match.js';
import type { Descriptor, Detection } from '../../src/faces/types.js';
import { anonymiseFaces, type AnonymiseStyle } from '../../src/images/anonymise.js';
import { loadPhoto, type LoadedPhoto } from '../../src/images/load.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';

/**
 * The anonymisation must defeat the recogniser itself: the same face, described again on the anonymised photo at the
 * very same (known) position, must land far beyond any distance at which a match is accepted or even called uncertain.
 */
describe.skipIf(!hasSharedFaces)('anonymised faces are no longer recognisable', () => {
  let detector: FaceDetector;
  let describer: FaceDescriber;
  let photo: LoadedPhoto;
  let faces: Detection[];
  let originals: (Descriptor | null)[];

  beforeAll(async () => {
    [detector, describer] = await Promise.all([createDetector(), createDescriber()]);
    photo = await loadPhoto(shared('groups/ageitgey_two_people.jpg'));
    faces = await detector.detect(photo.rgb);
    originals = await describer.describe(photo.rgb, faces);
  });
  afterAll(async () => {
    await Promise.all([detector?.close(), describer?.close()]);
  });

  it('finds and describes both people in the original (else the tests below prove nothing)', () => {
    expect(faces.length).toBeGreaterThanOrEqual(2);
    expect(originals.filter((d) => d != null).length).toBeGreaterThanOrEqual(2);
  });

  /** How many faces the original has a descriptor for (at least two, checked above). */
  const described = (): number => originals.filter((d) => d != null).length;

  /** Distances from each original face's descriptor to the descriptor of the same box after anonymising. */
  async function distancesAfter(style: AnonymiseStyle): Promise<{ self: number; others: number[] }[]> {
    const anonymised = anonymiseFaces(photo.rgb, faces.map((f) => f.box), style);
    const after = await describer.describe(anonymised, faces);
    const rows: { self: number; others: number[] }[] = [];
    after.forEach((d, i) => {
      const original = originals[i];
      if (d == null || original == null) return; // too small to describe before or after: nothing to recognise
      const others = originals.filter((o, j): o is Descriptor => o != null && j !== i).map((o) => descriptorDistance(o, d));
      rows.push({ self: descriptorDistance(original, d), others });
    });
    return rows;
  }

  it('pixelate: each face ends up beyond the uncertain band, as far from its owner as a flat fill, and no nearer its owner than anyone else', async () => {
    const pixelated = await distancesAfter('pixelate');
    const solid = await distancesAfter('solid');
    console.log(`distance to the same face after anonymising — pixelate: ${pixelated.map((r) => r.self.toFixed(3)).join(', ')}; solid: ${solid.map((r) => r.self.toFixed(3)).join(', ')}; to the other people after pixelate: ${pixelated.map((r) => r.others.map((o) => o.toFixed(3)).join('/')).join(', ')}`);
    expect(pixelated).toHaveLength(described());
    expect(solid).toHaveLength(described());
    pixelated.forEach((row, i) => {
      // Beyond "uncertain": the matcher calls it unknown, as it would a stranger.
      expect(row.self).toBeGreaterThan(Math.max(0.65, MATCH_DEFAULTS.uncertainBelow));
      // A flat patch carries nothing of the face; pixelation must leak no more than that (0.05 = descriptor noise).
      expect(row.self).toBeGreaterThan((solid[i]?.self ?? Infinity) - 0.05);
      // And it must not point back to its owner more than to another person.
      for (const other of row.others) expect(row.self).toBeGreaterThan(other - 0.05);
    });
  });

  it('solid: each face ends up beyond the uncertain band', async () => {
    const rows = await distancesAfter('solid');
    // Every person described in the original is described again and measured: no row may drop out unseen.
    expect(rows).toHaveLength(described());
    for (const row of rows) expect(row.self).toBeGreaterThan(Math.max(0.65, MATCH_DEFAULTS.uncertainBelow));
  });
});
