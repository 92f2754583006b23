/**
 * Prints the folders of src/ and the folders each imports, lowest first, with the imports behind each edge:
 *   node dist/scripts/folders.js          folder → folders it imports
 *   node dist/scripts/folders.js --files  and under each edge the imports that make it
 * The ranks the design allows are in test/architecture/folders.test.ts; this shows what the code does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cyclesOf, folderGraphOf, graphOf, sourceFiles } from './module-graph.js';

/** The repository, from dist/scripts/ or scripts/. */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
}

/** Folders lowest first: each after every folder it imports (a cycle's members in name order, where they meet). */
function layered(folders: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[] {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (folder: string): number => {
    const known = depth.get(folder);
    if (known !== undefined) return known;
    if (visiting.has(folder)) return 0;
    visiting.add(folder);
    const below = [...(folders.get(folder)?.keys() ?? [])].map(depthOf);
    visiting.delete(folder);
    const d = below.length === 0 ? 0 : Math.max(...below) + 1;
    depth.set(folder, d);
    return d;
  };
  return [...folders.keys()].sort((a, b) => depthOf(a) - depthOf(b) || a.localeCompare(b));
}

const root = repoRoot();
const src = path.join(root, 'src');
const graph = graphOf(sourceFiles(src), (file) => readFileSync(file, 'utf8'));
const folders = folderGraphOf(graph, src);
const files = process.argv.includes('--files');
for (const folder of layered(folders)) {
  const edges = folders.get(folder)!;
  const targets = [...edges.keys()].sort();
  process.stdout.write(`${folder} → ${targets.length === 0 ? '(nothing)' : targets.join(', ')}\n`);
  if (!files) continue;
  for (const target of targets) {
    for (const { from, to } of edges.get(target)!) process.stdout.write(`    ${path.relative(src, from)} → ${path.relative(src, to)}\n`);
  }
}
const cycles = cyclesOf(new Map([...folders].map(([folder, edges]) => [folder, [...edges.keys()]])));
process.stdout.write(cycles.length === 0 ? '\nNo folder cycle.\n' : `\nFolder cycles: ${cycles.map((cycle) => cycle.join(' ↔ ')).join('; ')}\n`);
