import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import type { Detection } from '../../src/faces/types.js';
import type { RgbImage } from '../../src/geometry.js';
import { loadPhoto } from '../../src/images/load.js';
import type { Pupil, Roster } from '../../src/roster/types.js';
import { hasSharedFaces, shared } from '../helpers/shared.js';

// The stub detector below reads the whole image, so skip the real portrait framing (tested by the detector's owner).
vi.mock('../../src/faces/detector.js', () => ({
  detectPortraitFaces: (detector: FaceDetector, image: RgbImage) => detector.detect(image),
}));
const { chooseMainFace } = await import('../../src/faces/portrait.js');
const { enrollPupils, inThisThread, matchPortraitEntries } = await import('../../src/enrol/portraits.js');

function face(x: number, y: number, side: number, score = 0.95): Detection {
  const p = { x: x + side / 2, y: y + side / 2 };
  return { box: { x, y, width: side, height: side }, score, landmarks: [p, p, p, p, p] };
}

describe('chooseMainFace', () => {
  const size = { width: 1000, height: 1000 };
  it.each([
    ['no face', [], 'none'],
    ['one face anywhere', [face(0, 0, 50)], 'found'],
    ['a central face 4× the area of a background face', [face(350, 350, 300), face(850, 50, 150)], 'found'],
    ['two equal faces', [face(100, 400, 200), face(600, 400, 200)], 'ambiguous'],
    ['the largest only 1.5× the next', [face(350, 350, 245), face(850, 50, 200)], 'ambiguous'],
    ['a dominant face at the edge', [face(0, 0, 300), face(600, 600, 150)], 'ambiguous'],
    ['an overwhelming face at the top (full-length photo)', [face(400, 0, 300), face(600, 600, 100)], 'found'],
    ['only a face-like shape (an animal, a blurred face)', [face(350, 350, 300, 0.86)], 'unclear'],
    ['a confident face and a fairly sure second face', [face(100, 400, 200), face(600, 400, 200, 0.75)], 'ambiguous'],
    ['a confident face and a larger weak shape (a pattern)', [face(400, 400, 200), face(0, 0, 300, 0.55)], 'found'],
    ['the same face found twice at two scales', [face(300, 300, 400), face(350, 350, 300, 0.82)], 'found'],
    ['a dominant central face and a small second face', [face(350, 350, 300), face(850, 850, 140, 0.8)], 'found'],
  ] as const)('%s → %s', (_label, faces, kind) => {
    expect(chooseMainFace(faces, size).kind).toBe(kind);
  });

  it('picks the large central face, not the first listed', () => {
    const main = chooseMainFace([face(850, 50, 100), face(350, 350, 300)], size);
    expect(main.kind === 'found' && main.face.box.width).toBe(300);
  });
});

describe('matchPortraitEntries', () => {
  const ext = new Set(['.jpg', '.jpeg', '.png', '.heic']);
  it('matches <id>.<ext> and <id>/ case-insensitively, ignores dotfiles and non-photos, reports the rest', () => {
    const { byPupil, unmatched } = matchPortraitEntries(
      ['1001', 'A12', '1003'].map((id) => ({ id, name: `Kind ${id}`, className: '5b' })),
      [
        { name: '1001.JPG', isDirectory: false },
        { name: 'a12', isDirectory: true },
        { name: 'A12.heic', isDirectory: false },
        { name: '.DS_Store', isDirectory: false },
        { name: '.1003.jpg', isDirectory: false },
        { name: 'klassenlijst.xlsx', isDirectory: false },
        { name: '10O3.jpg', isDirectory: false },
        { name: 'oud', isDirectory: true },
      ],
      ext,
    );
    expect(byPupil.get('1001')).toEqual({ folders: [], files: ['1001.JPG'] });
    expect(byPupil.get('A12')).toEqual({ folders: ['a12'], files: ['A12.heic'] });
    expect(byPupil.has('1003')).toBe(false);
    expect(unmatched).toEqual(['10O3.jpg', 'oud']);
  });
});

// Stub engines: the colour of a portrait says what is in it, so each case is one tiny generated file.
const SCENES = {
  one: [255, 0, 0],
  none: [0, 255, 0],
  two: [0, 0, 255],
  small: [255, 255, 0],
} as const;
type Scene = keyof typeof SCENES;

function sceneOf(image: RgbImage): Scene {
  const [r, g, b] = image.data;
  const found = (Object.keys(SCENES) as Scene[]).find((s) => SCENES[s][0] === r && SCENES[s][1] === g && SCENES[s][2] === b);
  if (found === undefined) throw new Error(`unexpected test image colour ${r},${g},${b}`);
  return found;
}

const detector: FaceDetector = {
  settingsKey: 'stub-detector',
  detect: async (image) => {
    switch (sceneOf(image)) {
      case 'one':
      case 'small':
        return [face(20, 20, 60)];
      case 'none':
        return [];
      case 'two':
        return [face(0, 20, 50), face(50, 20, 50)];
    }
  },
  close: async () => {},
};
const describer: FaceDescriber = {
  settingsKey: 'stub-describer',
  backend: 'stub',
  describe: async (image, faces) => faces.map(() => (sceneOf(image) === 'small' ? null : new Float32Array(128).fill(image.width / 1000))),
  close: async () => {},
};

function pupil(id: string, line: number, photo: string | null = null): Pupil {
  return { id, name: `Kind ${id}`, className: '5b', consent: { internal: true, group: true, public: false }, photo, line };
}

describe('enrollPupils (stub engines)', () => {
  let tmp: string;
  let portraits: string;
  let roster: Roster;
  const progress: [number, number][] = [];
  let result: Awaited<ReturnType<typeof enrollPupils>>;

  async function portrait(rel: string, scene: Scene, side = 100): Promise<void> {
    const [r, g, b] = SCENES[scene];
    const file = path.join(tmp, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await sharp({ create: { width: side, height: side, channels: 3, background: { r, g, b } } }).png().toFile(file);
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pf-enroll-'));
    portraits = path.join(tmp, 'portretten');
    await portrait('portretten/1001.png', 'one');
    await portrait('portretten/1002/zomer.png', 'one', 120);
    await portrait('portretten/1002/groep.png', 'two');
    await portrait('portretten/1002/winter.PNG', 'one', 140);
    await portrait('portretten/a12.png', 'none');
    await portrait('portretten/1004.png', 'small');
    await writeFile(path.join(portraits, '1005.jpg'), 'this is not a jpeg');
    await portrait('portretten/9999.png', 'one');
    await writeFile(path.join(portraits, '.DS_Store'), '');
    await portrait('export/fotos/1007.png', 'one');
    roster = {
      file: path.join(tmp, 'export', 'leerlingen.csv'),
      pupils: [pupil('1001', 2), pupil('1002', 3), pupil('A12', 4), pupil('1004', 5), pupil('1005', 6), pupil('1006', 7), pupil('1007', 8, 'fotos/1007.png')],
      warnings: [],
    };
    result = await enrollPupils(roster, portraits, inThisThread({ detector, describer }), (done, total) => progress.push([done, total]));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('enrols every usable portrait, several per pupil, from files, folders and the photo column', () => {
    expect(result.templates.map((t) => [t.pupilId, t.descriptors.length])).toEqual([
      ['1001', 1],
      ['1002', 2],
      ['1007', 1],
    ]);
  });

  it('skips portraits without a clear single face, too small, or unreadable, saying why', () => {
    const why = result.skipped.map((s) => [s.pupil, path.relative(tmp, s.file ?? ''), s.reason.en.replace(/ photo \S+:.*| \(.*/, '')]);
    expect(why).toEqual([
      ['1002', path.join('portretten', '1002', 'groep.png'), 'several faces and no clear main one'],
      ['A12', 'portretten/a12.png', 'no face found'],
      ['1004', 'portretten/1004.png', 'face too small to recognise'],
      ['1005', 'portretten/1005.jpg', 'cannot read'],
    ]);
  });

  it('lists pupils without any portrait, and portraits that match no pupil', () => {
    expect(result.missing).toEqual(['1006']);
    expect(result.unmatched).toEqual(['9999.png']);
  });

  it('reports progress per portrait up to the total', () => {
    expect(progress[0]).toEqual([0, 8]);
    expect(progress.at(-1)).toEqual([8, 8]);
  });

  it('says when the portraits folder does not exist', async () => {
    await expect(enrollPupils(roster, path.join(tmp, 'nope'), inThisThread({ detector, describer }))).rejects.toThrow(/portraits folder/);
  });
});

// Real engines on real faces: one detector and one describer for the whole block (model loading is the slow part).
describe.skipIf(!hasSharedFaces)('enrollPupils (real engines, ../shared/faces)', () => {
  let tmp: string;
  let engines: { detector: FaceDetector; describer: FaceDescriber };
  let result: Awaited<ReturnType<typeof enrollPupils>>;
  let tightCrop: string;

  beforeAll(async () => {
    const { createDetector } = await vi.importActual<typeof import('../../src/faces/detector.js')>('../../src/faces/detector.js');
    const { createDescriber } = await import('../../src/faces/describer.js');
    engines = { detector: await createDetector(), describer: await createDescriber() };
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pf-enroll-real-'));
    const portraits = path.join(tmp, 'portretten');
    await mkdir(path.join(portraits, 'r1'), { recursive: true });
    // The tight 150 × 150 face crop some administrations export: cut around the face the detector finds in a full photo.
    const rose = await loadPhoto(shared('identities/face_recognition/rose_leslie/01.jpg'));
    const [roseFace] = await engines.detector.detect(rose.rgb);
    if (roseFace === undefined) throw new Error('no face in rose_leslie/01.jpg');
    const { x, y, width, height } = roseFace.box;
    const side = Math.round(Math.max(width, height) * 1.1);
    const left = Math.max(0, Math.round(x + width / 2 - side / 2));
    const top = Math.max(0, Math.round(y + height / 2 - side / 2));
    tightCrop = path.join(portraits, 'r1', 'pasfoto.jpg');
    await sharp(rose.rgb.data, { raw: { width: rose.rgb.width, height: rose.rgb.height, channels: 3 } })
      .extract({ left, top, width: Math.min(side, rose.rgb.width - left), height: Math.min(side, rose.rgb.height - top) })
      .resize(150, 150, { fit: 'fill' })
      .jpeg()
      .toFile(tightCrop);
    const link = async (from: string, to: string) => writeFile(path.join(portraits, to), await readFile(shared(from)));
    await link('identities/face_recognition/rose_leslie/02.jpg', 'r1/school.jpg');
    await link('identities/face_recognition/kit_harington/01.jpeg', 'k1.jpeg');
    await link('crowds/davisking_dogs.jpg', 'dogs.jpg');
    await link('crowds/jasmcaus_group_2.jpg', 'group.jpg');
    const roster: Roster = { file: path.join(tmp, 'roster.csv'), pupils: [pupil('R1', 2), pupil('K1', 3), pupil('DOGS', 4), pupil('GROUP', 5)], warnings: [] };
    result = await enrollPupils(roster, portraits, inThisThread(engines));
  });
  afterAll(async () => {
    await engines?.detector.close();
    await engines?.describer.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('enrols both people, the tight 150 × 150 crop included', () => {
    expect(result.templates.map((t) => [t.pupilId, t.descriptors.length])).toEqual([
      ['R1', 2],
      ['K1', 1],
    ]);
  });

  it('describes the same person in the crop as in her other portrait, and a different one for him', () => {
    const [rose1, rose2] = result.templates[0]?.descriptors ?? [];
    const [kit] = result.templates[1]?.descriptors ?? [];
    if (rose1 == null || rose2 == null || kit == null) throw new Error('missing descriptors');
    expect(distance(rose1, rose2)).toBeLessThan(0.5);
    expect(distance(rose1, kit)).toBeGreaterThan(0.6);
  });

  it('skips the photo of dogs (no face) and the group photo (no main face)', () => {
    expect(result.skipped.map((s) => [s.pupil, path.basename(s.file ?? ''), s.reason.en])).toEqual([
      ['DOGS', 'dogs.jpg', expect.stringMatching(/^no face found/)],
      ['GROUP', 'group.jpg', 'several faces and no clear main one'],
    ]);
  });
});

function distance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(sum);
}
