/**
 * The folders of src/ as layers: each folder has a rank, and a folder imports only folders of a lower rank. Two
 * folders of the same rank know nothing of each other. This table is the design's picture in code (docs/design.md
 * draws the same); `node dist/scripts/folders.js` prints what the code does today.
 *
 * Violations that are known and not fixed yet are listed, import by import, with why each is still there. The test
 * fails on a new violation, and also when a listed one is gone, so the list only shrinks: take the line out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesOf, folderGraphOf, graphOf, sourceFiles, type CrossImport } from '../../scripts/module-graph.js';
import { repoRoot } from '../helpers/shared.js';

const SRC = path.join(repoRoot, 'src');

/** Lowest first. A module directly in src/ is a folder of its own, named after the file. */
export const FOLDER_RANKS: Readonly<Record<string, number>> = {
  // The tool's words in every language: below everything, since every folder has something to say.
  i18n: 0,
  // One-job modules every folder may use.
  errors: 1,
  geometry: 1,
  paths: 1,
  atomic: 1,
  exit: 1,
  'native-env': 1,
  version: 1,
  'pupil-ids': 1,
  ui: 1,
  'system-errors': 2,
  // Photos as pixels, and the consent rules (pure).
  images: 2,
  policy: 3,
  // The roster (typed by policy's consents) and the face engines (detect, describe, match) know nothing of each other.
  roster: 4,
  faces: 4,
  // What is kept between runs, and the video pipeline on the face engines.
  store: 5,
  video: 5,
  // Folders a command writes into (checked against the store); what earlier scans published; the worker pool and
  // the face engines on it, shared by scan and enrolment.
  folders: 6,
  history: 6,
  engine: 6,
  report: 7,
  people: 8,
  enrol: 9,
  scan: 10,
  review: 11,
  doctor: 11,
  demo: 12,
  cli: 13,
};

/** Imports that break the ranks today, as `from → to` under src/. Each says why it is still there. */
export const KNOWN_VIOLATIONS: readonly string[] = [
  // None today. A line here reads: 'from/file.ts → to/file.ts', with a comment saying why it is still there.
];

const label = (src: string, edge: CrossImport): string => `${path.relative(src, edge.from)} → ${path.relative(src, edge.to)}`.split(path.sep).join('/');

/** Every import from a folder into one of the same or a higher rank; a folder missing from `ranks` is reported by `unranked`. */
export function rankViolations(folders: ReadonlyMap<string, ReadonlyMap<string, readonly CrossImport[]>>, ranks: Readonly<Record<string, number>>, src: string): string[] {
  return [...folders].flatMap(([from, edges]) =>
    [...edges].flatMap(([to, imports]) => {
      const a = ranks[from];
      const b = ranks[to];
      return a !== undefined && b !== undefined && b >= a ? imports.map((edge) => label(src, edge)) : [];
    }),
  ).sort();
}

export function unranked(folders: ReadonlyMap<string, ReadonlyMap<string, unknown>>, ranks: Readonly<Record<string, number>>): string[] {
  const all = new Set([...folders.keys(), ...[...folders.values()].flatMap((edges) => [...edges.keys()])]);
  return [...all].filter((folder) => ranks[folder] === undefined).sort();
}

/** Folder cycles left once the known violations are taken out: none may be. */
export function folderCycles(folders: ReadonlyMap<string, ReadonlyMap<string, readonly CrossImport[]>>, known: readonly string[], src: string): string[][] {
  const allowed = new Set(known);
  const graph = new Map(
    [...folders].map(([folder, edges]) => [folder, [...edges].filter(([, imports]) => imports.some((edge) => !allowed.has(label(src, edge)))).map(([to]) => to)]),
  );
  return cyclesOf(graph);
}

describe('the folders of src/', () => {
  const folders = folderGraphOf(graphOf(sourceFiles(SRC), (file) => readFileSync(file, 'utf8')), SRC);

  it('reads the folder graph it claims to check', () => {
    expect(folders.get('cli')?.has('scan')).toBe(true);
    expect(folders.get('scan')?.has('policy')).toBe(true);
    expect(folders.size).toBeGreaterThan(20);
  });

  it('each have a rank in the table (a new folder is placed in the design before it is used)', () => {
    expect(unranked(folders, FOLDER_RANKS)).toEqual([]);
    expect(Object.keys(FOLDER_RANKS).filter((folder) => !folders.has(folder))).toEqual([]);
  });

  it('import only folders of a lower rank, apart from the known violations, each still there', () => {
    expect(rankViolations(folders, FOLDER_RANKS, SRC)).toEqual([...KNOWN_VIOLATIONS].sort());
  });

  it('have no cycle apart from the known violations', () => {
    expect(folderCycles(folders, KNOWN_VIOLATIONS, SRC)).toEqual([]);
  });
});

describe('the folder checks themselves', () => {
  const src = '/r/src';
  const files: Record<string, string> = {
    '/r/src/geometry.ts': 'export type Box = {};',
    '/r/src/low/a.ts': "import type { Box } from '../geometry.js';\nimport { b } from './b.js';",
    '/r/src/low/b.ts': "export { c } from '../high/c.js';",
    '/r/src/high/c.ts': "import '../low/a.js';\nconst d = await import('../mid/d.js');",
    '/r/src/mid/d.ts': "import { x } from 'zod';",
  };
  const folders = folderGraphOf(graphOf(Object.keys(files), (file) => files[file]!), src);
  const ranks = { geometry: 0, low: 1, mid: 1, high: 2 };

  it('find an upward import and an import between folders of the same rank', () => {
    expect(rankViolations(folders, ranks, src)).toEqual(['low/b.ts → high/c.ts']);
    expect(rankViolations(folders, { ...ranks, high: 1 }, src)).toEqual(['high/c.ts → low/a.ts', 'high/c.ts → mid/d.ts', 'low/b.ts → high/c.ts']);
  });

  it('find a folder without a rank', () => {
    expect(unranked(folders, { geometry: 0, low: 1, high: 2 })).toEqual(['mid']);
  });

  it('find a folder cycle, and none once its upward import is known', () => {
    expect(folderCycles(folders, [], src)).toEqual([['high', 'low']]);
    expect(folderCycles(folders, ['low/b.ts → high/c.ts'], src)).toEqual([]);
  });
});
