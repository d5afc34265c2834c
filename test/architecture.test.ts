// architecture.test.ts - the layers of src/ and their one import direction (docs/architecture.md), no import
// cycles, and scripts/, bench/ and rig/ importing no test code. The checker itself is tested on planted violations.
import { expect } from 'chai';
import { buildGraph, cycles, importsOf, tsFiles, violations, type ImportGraph, type LayerRule } from './helpers/import-graph.ts';
import { ROOT } from './helpers/pwsh.ts';

/**
 * core <- bridge, journal, risk <- trading <- http, easytrader, mcp, events <- app <- main. The journal, the bridge
 * and risk know only core; trading composes them and knows no HTTP; the front doors see trading (and core's facts)
 * only, easytrader's protocol http's guards too.
 */
export const LAYERS: readonly LayerRule[] = [
  { layer: 'core', prefix: 'src/core/', may: [] },
  { layer: 'bridge', prefix: 'src/bridge/', may: ['core'] },
  { layer: 'journal', prefix: 'src/journal/', may: ['core'] },
  { layer: 'risk', prefix: 'src/risk/', may: ['core'] },
  { layer: 'trading', prefix: 'src/trading/', may: ['core', 'bridge', 'journal', 'risk'] },
  { layer: 'http', prefix: 'src/http/', may: ['core', 'trading'] },
  // The other front doors: adapters over trading like http (easytrader's protocol reuses http's guards and parsers).
  { layer: 'easytrader', prefix: 'src/easytrader/', may: ['core', 'trading', 'http'] },
  { layer: 'mcp', prefix: 'src/mcp/', may: ['core', 'trading'] },
  { layer: 'events', prefix: 'src/events/', may: ['core', 'trading'] },
  { layer: 'app', prefix: 'src/app/', may: ['core', 'bridge', 'journal', 'risk', 'trading', 'http', 'easytrader', 'mcp', 'events', 'package'] },
  { layer: 'main', prefix: 'src/main.ts', may: ['app'] },
  { layer: 'package', prefix: 'package.json', may: [] },
  // The worker's data files that both languages read (e.g. the market-order types).
  { layer: 'ps-data', prefix: 'ps/', may: [] },
];

/** core may read the worker's shared data (one source for both languages), nothing else outside src/. */
const CORE_DATA: LayerRule = { layer: 'core', prefix: 'src/core/', may: ['ps-data'] };

describe('architecture: one room per layer, imports one way', () => {
  const rules = LAYERS.map((r) => (r.layer === 'core' ? CORE_DATA : r));

  it('finds static, re-export, side-effect and dynamic imports in a source text', () => {
    const text = "import a from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';\nimport './d.ts';\nconst e = await import('./e.ts');\nimport x from 'express';";
    expect(importsOf(text)).to.have.members(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', 'express']);
  });

  it('flags a planted import against the direction (core importing http, http importing the bridge)', () => {
    const graph: ImportGraph = new Map([
      ['src/core/errors.ts', ['src/http/app.ts']],
      ['src/http/app.ts', ['src/bridge/supervisor.ts', 'src/trading/trading.ts']],
      ['src/trading/trading.ts', ['src/core/errors.ts']],
    ]);
    expect(violations(graph, rules)).to.deep.equal([
      'src/core/errors.ts -> src/http/app.ts (core may not import http)',
      'src/http/app.ts -> src/bridge/supervisor.ts (http may not import bridge)',
    ]);
  });

  it('flags a planted cycle, and not a chain', () => {
    const cyclic: ImportGraph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(cycles(cyclic)).to.deep.equal([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).to.deep.equal([]);
  });

  it('src/: every import follows the layer direction', () => {
    const graph = buildGraph(ROOT, tsFiles(ROOT, 'src'));
    expect(graph.size).to.be.greaterThan(20);
    expect(violations(graph, rules)).to.deep.equal([]);
  });

  it('src/: every file belongs to a layer', () => {
    const files = tsFiles(ROOT, 'src');
    const homeless = files.filter((f) => !rules.some((r) => f === r.prefix || f.startsWith(r.prefix)));
    expect(homeless).to.deep.equal([]);
  });

  it('src/: has no import cycles', () => {
    expect(cycles(buildGraph(ROOT, tsFiles(ROOT, 'src')))).to.deep.equal([]);
  });

  it('scripts/, bench/ and the Wine rig (rig/) import no test code', () => {
    const graph = buildGraph(ROOT, [...tsFiles(ROOT, 'scripts'), ...tsFiles(ROOT, 'bench'), ...tsFiles(ROOT, 'rig')]);
    const intoTests = [...graph].flatMap(([from, deps]) => deps.filter((d) => d.startsWith('test/')).map((d) => `${from} -> ${d}`));
    expect(intoTests).to.deep.equal([]);
  });
});
