/**
 * The module graph of src/: the CLI only parses and prints, so nothing below it may import it, and no module may
 * import itself through a cycle (cycles make load order matter and hide which module does which job). Type-only
 * imports count too: a cycle of types is still two modules that cannot be understood apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesOf, graphOf, sourceFiles } from '../../scripts/module-graph.js';
import { repoRoot } from '../helpers/shared.js';

const SRC = path.join(repoRoot, 'src');

const rel = (file: string): string => path.relative(repoRoot, file);

describe('the module graph of src/', () => {
  const graph = graphOf(sourceFiles(SRC), (file) => readFileSync(file, 'utf8'));

  it('reads the imports of every module (the check sees the graph it claims to)', () => {
    expect(graph.size).toBeGreaterThan(40);
    const cli = graph.get(path.join(SRC, 'cli', 'index.ts')) ?? [];
    expect(cli).toContain(path.join(SRC, 'cli', 'scan.ts'));
  });

  it('has no module outside src/cli/ importing from it', () => {
    const cliDir = path.join(SRC, 'cli') + path.sep;
    const offenders = [...graph].flatMap(([file, imports]) =>
      file.startsWith(cliDir) ? [] : imports.filter((target) => target.startsWith(cliDir)).map((target) => `${rel(file)} → ${rel(target)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cyclesOf(graph).map((cycle) => cycle.map(rel))).toEqual([]);
  });

  it('loads onnxruntime-node only through src/faces/ort.ts, which switches its telemetry off first', () => {
    const files = [...sourceFiles(SRC), ...sourceFiles(path.join(repoRoot, 'scripts'))];
    const offenders = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return file !== path.join(SRC, 'faces', 'ort.ts') && /^\s*import\s+(?!type\b)[^;]*['"]onnxruntime-node['"]|import\(\s*['"]onnxruntime-node['"]/mu.test(text);
    });
    expect(offenders.map(rel)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find a cycle and an import of the CLI in a made-up graph', () => {
    const files: Record<string, string> = {
      '/r/src/a.ts': "import { b } from './b.js';\nexport const a = 1;",
      '/r/src/b.ts': "import type { C } from './c.js';",
      '/r/src/c.ts': "export { a } from './a.js';\nconst later = await import('./cli/x.js');",
      '/r/src/cli/x.ts': "import './../a.js';",
    };
    const graph = graphOf(Object.keys(files), (file) => files[file]!);
    expect(cyclesOf(graph)).toEqual([['/r/src/a.ts', '/r/src/b.ts', '/r/src/c.ts', '/r/src/cli/x.ts']]);
    expect(graph.get('/r/src/c.ts')).toContain('/r/src/cli/x.ts');
    expect(cyclesOf(graphOf(['/r/src/a.ts'], () => "import { z } from 'zod';"))).toEqual([]);
  });
});
