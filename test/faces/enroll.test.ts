import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaceDescriber, FaceDetector } from '../../src/faces/engine-types.js';
import type { Detection, RgbImage } from '../../src/faces/types.js';
import type { Pupil, Roster } from '../../src/roster/types.js';

// The stub detector below reads the whole image, so skip the real portrait framing (tested by the detector's owner).
vi.mock('../../src/faces/detector.js', () => ({
  detectPortraitFaces: (detector: FaceDetector, image: RgbImage) => detector.detect(image),
}));
const { chooseMainFace, enrollPupils, matchPortraitEntries } = await import('../../src/faces/enroll.js');

function face(x: number, y: number, side: number): Detection {
  const p = { x: x + side / 2, y: y + side / 2 };
  return { box: { x, y, width: side, height: side }, score: 0.9, landmarks: [p, p, p, p, p] };
}

describe('chooseMainFace', () => {
  const size = { width: 1000, height: 1000 };
  it.each([
    ['no face', [], 'none'],
    ['one face anywhere', [face(0, 0, 50)], 'found'],
    ['a central face 4× the area of a background face', [face(350, 350, 300), face(850, 50, 150)], 'found'],
    ['two equal faces', [face(100, 400, 200), face(600, 400, 200)], 'ambiguous'],
    ['the largest only 1.5× the next', [face(350, 350, 245), face(850, 50, 200)], 'ambiguous'],
    ['a dominant face at the edge', [face(0, 0, 300), face(600, 600, 100)], 'ambiguous'],
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
      ['1001', 'A12', '1003'],
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
    result = await enrollPupils(roster, portraits, { detector, describer }, (done, total) => progress.push([done, total]));
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
    const why = result.skipped.map((s) => [s.pupil, path.relative(tmp, s.file ?? ''), s.reason.replace(/ photo \S+:.*| \(.*/, '')]);
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
    await expect(enrollPupils(roster, path.join(tmp, 'nope'), { detector, describer })).rejects.toThrow(/portraits folder/);
  });
});
