/**
 * The import graph of src/, read from the source text: by modules (for cycles of files) and by folders (for the
 * layers of the design). `test/architecture/` checks it; `node dist/scripts/folders.js` prints it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a module (static, re-exports and dynamic), resolved to the .ts files they name. */
export function importsOf(file: string, text: string): string[] {
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gmu),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gmu),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/gu),
  ].map((m) => m[1]!);
  return specs.filter((spec) => spec.startsWith('.')).map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/u, '.ts'));
}

export function graphOf(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  return new Map(files.map((file) => [file, importsOf(file, read(file))]));
}

/** Strongly connected components with more than one node, or a node importing itself (Tarjan). */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/**
 * The folder of src/ a module belongs to: its first folder (`scan` for src/scan/prepare.ts, `review` for
 * src/review/page/app.ts), or for a module directly in src/ its own name (`geometry` for src/geometry.ts): those
 * are one-job modules the folders share. Null outside src/.
 */
export function folderOf(file: string, src: string): string | null {
  const rel = path.relative(src, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [first = '', ...rest] = rel.split(path.sep);
  return rest.length === 0 ? first.replace(/\.ts$/u, '') : first;
}

/** One import that crosses folders: `from` (a module) imports `to` (a module). */
export interface CrossImport {
  readonly from: string;
  readonly to: string;
}

/** Folder → the folders it imports, each with the imports that make the edge. Imports within a folder are left out. */
export function folderGraphOf(graph: ReadonlyMap<string, readonly string[]>, src: string): Map<string, Map<string, CrossImport[]>> {
  const folders = new Map<string, Map<string, CrossImport[]>>();
  for (const [from, imports] of graph) {
    const a = folderOf(from, src);
    if (a === null) continue;
    const edges = folders.get(a) ?? new Map<string, CrossImport[]>();
    folders.set(a, edges);
    for (const to of imports) {
      const b = folderOf(to, src);
      if (b === null || b === a) continue;
      edges.set(b, [...(edges.get(b) ?? []), { from, to }]);
    }
  }
  return folders;
}
