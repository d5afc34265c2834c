// import-graph.ts - reads the static and dynamic imports of TypeScript files and checks them against the layers:
// which folder may import which, and no cycles. Used by test/architecture.test.ts (and tested there on fake graphs).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Each file's relative imports, resolved to paths relative to `root`. */
export type ImportGraph = Map<string, string[]>;

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source text imports (static, side-effect and dynamic imports). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** Every .ts file below `dir` (relative to root, forward slashes). */
export function tsFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** The graph of relative imports among `files` (bare package imports are left out). */
export function buildGraph(root: string, files: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const deps = importsOf(readFileSync(path.join(root, file), 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)));
    graph.set(file, deps);
  }
  return graph;
}

/** A layer rule: files whose path starts with `prefix` belong to `layer`; `may` lists the layers they may import. */
export interface LayerRule {
  layer: string;
  prefix: string;
  may: readonly string[];
}

/** The layer of a path (the longest matching prefix), or undefined. */
export function layerOf(file: string, rules: readonly LayerRule[]): LayerRule | undefined {
  return [...rules].sort((a, b) => b.prefix.length - a.prefix.length).find((r) => file === r.prefix || file.startsWith(r.prefix));
}

/** Every import that goes against the rules, as "from -> to (layer a may not import layer b)". */
export function violations(graph: ImportGraph, rules: readonly LayerRule[]): string[] {
  const out: string[] = [];
  for (const [from, deps] of graph) {
    const a = layerOf(from, rules);
    if (!a) continue;
    for (const to of deps) {
      const b = layerOf(to, rules);
      const target = b?.layer ?? `outside (${to})`;
      if (b?.layer === a.layer) continue;
      if (!b || !a.may.includes(b.layer)) out.push(`${from} -> ${to} (${a.layer} may not import ${target})`);
    }
  }
  return out;
}

/** The import cycles of a graph, each as the list of files around it (one per strongly connected group). */
export function cycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}
